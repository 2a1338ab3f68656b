"""Cited answers from long reports: extractive, hybrid-retrieval question answering.

    from qa import Engine
    answer = Engine.load("index/default").ask("how much did the government fund the shelter in 2020?")

Importing this package is cheap; torch and FAISS load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from qa.engine import Engine
    from qa.types import Answer, Citation, Document, Hit, Paragraph, Passage

__all__ = ["Engine", "Answer", "Citation", "Document", "Hit", "Paragraph", "Passage", "__version__"]


def __getattr__(name: str):
    if name == "Engine":
        from qa.engine import Engine

        return Engine
    if name in {"Answer", "Citation", "Document", "Hit", "Paragraph", "Passage"}:
        from qa import types

        return getattr(types, name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
