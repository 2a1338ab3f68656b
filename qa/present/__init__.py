"""Presenting: ``Answer``s in, text for people out.

``brief`` renders the terminal view and the Markdown brief (shared by `qa ask` and the
app); ``ui`` renders the app's HTML, escaping every document and question string.
"""
