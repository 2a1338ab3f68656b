"""The named endpoint ``/ask``, for scripts (gradio_client): the ``qa ask --json`` object.

Its parameters, their order and defaults, and its docstring are the endpoint's public
contract: Gradio builds the API page and the client's signature from them. So
``ask_endpoint`` returns a plain function over the engine whose signature is exactly the
endpoint's, and a change to it is a change to the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import gradio as gr

from qa.errors import QAError

if TYPE_CHECKING:
    from qa.engine import Engine


def ask_endpoint(engine: Engine) -> Callable[..., dict]:
    """The function served as ``/ask``, over ``engine``."""

    def api_ask(question: str, history: list[str] | None = None, top_k: int | None = None, docs: list[str] | None = None) -> dict:
        """Answer one question; `history` (earlier questions, oldest first) resolves a
        follow-up such as "and in 2019?". Returns the `qa ask --json` object."""
        try:
            return engine.ask(question, top_k=top_k, docs=docs or None, history=history or None).to_dict()
        except QAError as error:
            raise gr.Error(str(error)) from error

    return api_ask


def wire(engine: Engine) -> None:
    """Serve ``/ask`` (call inside the open Blocks); the only endpoint not private."""
    gr.api(ask_endpoint(engine), api_name="ask")
