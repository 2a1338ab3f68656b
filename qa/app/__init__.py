"""The Gradio app's parts: an ``Engine`` (and its ``Uploads``) in, a ``gr.Blocks`` out.

``layout`` builds the page and names the components the handlers need; ``chat``,
``index_panel`` and ``uploads`` hold the handlers of one part of the page each, with the
wiring that connects them; ``api`` is the named endpoint ``/ask``. ``app.py`` (the
server's command line) puts them together in ``build_app``.

Only ``app.py`` imports this package, so `qa` on the command line never loads Gradio;
``layout`` and ``uploads`` load it only when called, so ``app.py`` can import their
constants and ``Uploads`` at start-up while Gradio's import overlaps the model's warm-up.
"""
