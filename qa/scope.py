"""A question that names a scope looks there first.

"How much did the government fund the shelter in Tajikistan?" over fifty country
narratives: every PROTECTION section has a shelter-funding sentence, and the word
"Tajikistan" is one term among many to the retrievers, so another country's sentence
can win. When a question names a value that the index knows as metadata (a document's
``country=Tajikistan``) or as a heading (the section "Tajikistan: PROTECTION"), the
passages in that scope are searched first.

It is not a hard filter: a question naming nothing the index knows, or a scope with no
hit (e.g. excluded by --where), is answered from everything, as before. Numbers are never scopes: the year
in "fund the shelter in 2020" is the year of the funding, not of the report.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .retrieve import Retriever
from .store import IndexData
from .text import terms
from .types import Hit

_NOT_A_SCOPE = frozenset({"true", "false", "yes", "no", "none", "null"})


def _phrase(value: str) -> tuple[str, ...] | None:
    """The terms a question must contain, in order, to name ``value``."""
    value = value.strip()
    if len(value) < 3 or not re.search(r"[^\W\d_]", value) or value.lower() in _NOT_A_SCOPE:
        return None
    phrase = tuple(terms(value))
    return phrase or None


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class ScopeIndex:
    """Per facet (a metadata key, or "section"), the passages each named value covers."""

    facets: dict[str, dict[tuple[str, ...], np.ndarray]]

    @classmethod
    def build(cls, data: IndexData) -> ScopeIndex:
        count = len(data.passages)
        doc_rows: dict[str, list[int]] = {}
        for row, passage in enumerate(data.passages):
            doc_rows.setdefault(passage.doc, []).append(row)
        facets: dict[str, dict[tuple[str, ...], np.ndarray]] = {}

        def mark(facet: str, phrase: tuple[str, ...] | None, rows: Sequence[int]) -> None:
            if phrase is None or not rows:
                return
            mask = facets.setdefault(facet, {}).setdefault(phrase, np.zeros(count, dtype=bool))
            mask[list(rows)] = True

        for doc_id, document in data.documents.items():
            for key, value in document.meta.items():
                mark(f"meta:{key.lower()}", _phrase(str(value)), doc_rows.get(doc_id, []))
        by_section: dict[str, list[int]] = {}
        for row, passage in enumerate(data.passages):
            if passage.section:
                by_section.setdefault(passage.section, []).append(row)
        for section, rows in by_section.items():
            for part in section.split(":"):
                mark("section", _phrase(part), rows)
        return cls(facets)

    def layers(self, question: str) -> list[np.ndarray]:
        """Passage masks of the scope the question names, narrowest first; [] for none.

        Facets combine with AND, smallest first (a country and a section: that
        country's section, then the whole country); a facet that would leave nothing
        is skipped, so a country named in metadata still counts when its document has
        no headings. Values of one facet combine with OR.
        """
        words = terms(question)
        named = []
        for phrases in self.facets.values():
            hits = [mask for phrase, mask in phrases.items() if _contains(words, phrase)]
            if hits:
                named.append(np.logical_or.reduce(hits))
        layers: list[np.ndarray] = []
        for mask in sorted(named, key=lambda m: int(m.sum())):
            narrowed = mask if not layers else layers[-1] & mask
            if narrowed.any() and not narrowed.all():
                layers.append(narrowed)
        return layers[::-1]


_CACHE: dict[int, tuple[weakref.ref, ScopeIndex]] = {}


def scope_index(data: IndexData) -> ScopeIndex:
    """Built once per loaded index (a reload brings a new IndexData, hence a new scope)."""
    key = id(data)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is data:
        return cached[1]
    index = ScopeIndex.build(data)
    _CACHE[key] = (weakref.ref(data, lambda _ref: _CACHE.pop(key, None)), index)
    return index


def scoped_search(
    retriever: Retriever,
    question: str,
    query_vector: np.ndarray,
    top_k: int | None = None,
    where: dict[str, str] | None = None,
    docs: Sequence[str] | None = None,
) -> list[Hit]:
    """Retriever.search, with the passages of the scope the question names ranked first.

    Places are filled from the narrowest scope outwards (that country's PROTECTION
    section, then the rest of that country). Passages outside every named scope come
    in only when the scopes hold no hit at all: otherwise a question about Freedonia,
    whose report says no government funded a shelter, would be answered with the
    figure another country spent."""
    k = top_k or retriever.settings.top_k
    hits: list[Hit] = []
    seen: set[tuple[str, int]] = set()
    for within in scope_index(retriever.data).layers(question):
        for hit in retriever.search(question, query_vector, top_k=k + len(hits), where=where, docs=docs, within=within):
            key = (hit.passage.doc, hit.passage.paragraph)
            if key not in seen and len(hits) < k:
                seen.add(key)
                hits.append(hit)
        if len(hits) >= k:
            break
    return hits or retriever.search(question, query_vector, top_k=k, where=where, docs=docs)
