"""What a conversation adds to retrieval: the places the index knows and the previous
answer's document as a preferred scope (issue 10).

The resolver (qa/followup.py) rewrites "who runs it now?" to "Who runs the shelter now?";
over many documents that question names no scope, and a country profile's sentence
about some other shelter could win. The previous answer's document is where the analyst
is reading, so its passages are ranked first, but the best passage from elsewhere keeps
a place in the list: a prior, not a filter. A question that names its own scope ("what
about Kenya?" resolved to "... of Kenya?") is searched as usual: the named scope wins
over the prior.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.conversation.followup import tokens
from qa.index.store import IndexData
from qa.search.retrieve import Retriever
from qa.search.scope import PLACE_KEYS, scoped_search
from qa.types import Answer, Hit


@dataclass(frozen=True)
class Prior:
    """Where the previous answer came from."""

    doc: str
    paragraph: int

    @classmethod
    def of(cls, answer: Answer) -> Prior | None:
        if answer.abstained or not answer.citations:
            return None
        return cls(answer.citations[0].doc, answer.citations[0].paragraph)


_PLACES: dict[int, tuple[weakref.ref, frozenset[str]]] = {}


def places(data: IndexData) -> frozenset[str]:
    """Place names in the index's metadata (e.g. every ``country``), once per loaded index."""
    key = id(data)
    cached = _PLACES.get(key)
    if cached is not None and cached[0]() is data:
        return cached[1]
    found = frozenset(
        str(value).strip()
        for document in data.documents.values()
        for name, value in document.meta.items()
        if name.lower() in PLACE_KEYS and str(value).strip()
    )
    _PLACES[key] = (weakref.ref(data, lambda _ref: _PLACES.pop(key, None)), found)
    return found


def names_place(question: str, known: frozenset[str]) -> bool:
    """Whether the question names a place the index knows: then its scope, not the
    prior, decides ("the government" names only a section heading, which is no reason
    to leave the document the analyst is reading)."""
    words = [w.lower() for w in tokens(question)]
    text = " " + " ".join(w.removesuffix("'s").removesuffix("\u2019s") for w in words) + " "
    return any(f" {' '.join(tokens(place)).lower()} " in text for place in known)


def search(
    retriever: Retriever,
    question: str,
    query_vector: np.ndarray,
    prior: Prior | None,
    top_k: int | None = None,
    where: dict[str, str] | None = None,
    docs: Sequence[str] | None = None,
) -> list[Hit]:
    """scoped_search, with the prior's document ranked first when the question names no known place."""
    hits = scoped_search(retriever, question, query_vector, top_k=top_k, where=where, docs=docs)
    data = retriever.data
    if prior is None or prior.doc not in data.documents or len(data.documents) < 2 or names_place(question, places(data)):
        return hits
    k = top_k or retriever.settings.top_k
    within = np.fromiter((p.doc == prior.doc for p in data.passages), dtype=bool, count=len(data.passages))
    preferred = retriever.search(question, query_vector, top_k=k, where=where, docs=docs, within=within)
    if not preferred:
        return hits
    merged = list(preferred[: max(k - 1, 1)])
    seen = {(h.passage.doc, h.passage.paragraph) for h in merged}
    for hit in [*hits, *preferred]:
        key = (hit.passage.doc, hit.passage.paragraph)
        if len(merged) < k and key not in seen:
            seen.add(key)
            merged.append(hit)
    return merged


__all__ = ["PLACE_KEYS", "Prior", "places", "search"]
