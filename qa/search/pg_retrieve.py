"""The retriever of a PostgreSQL index: the folder's ``Retriever`` with its two
searches done in SQL (qa/index/pg/store.py), fused the same way (qa/search/retrieve.py).

Filters (``--where``, ``--doc``, a named scope, a follow-up's document) stay passage
masks over the snapshot, as for the folder; the store turns them into SQL.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qa.config import SearchSettings
from qa.index.pg.store import PgIndexData
from qa.search.retrieve import Ranked, Retriever
from qa.search.termstats import TermStats
from qa.text import query_terms


class PgRetriever(Retriever):
    data: PgIndexData

    def dense(self, query_vector: np.ndarray, n: int, allowed: np.ndarray | None) -> Ranked:
        return Ranked(*self.data.dense_search(query_vector, n, allowed))

    def keyword(self, question: str, n: int, allowed: np.ndarray | None, without: frozenset[str] = frozenset()) -> Ranked:
        return Ranked(*self.data.keyword_search([t for t in query_terms(question) if t not in without], n, allowed))

    def _cosine(self, query_vector: np.ndarray) -> Callable[[int], float]:
        def cosine(passage_id: int) -> float:
            return self.data.cosine(passage_id, query_vector)

        return cosine


def term_stats(data: PgIndexData) -> TermStats:
    """Document frequencies of the snapshot's terms (read with it), as the folder's
    ``TermStats.from_keyword_index`` reads them off bm25s."""
    return TermStats(data.document_frequency, len(data.passages))


def searchers(data, settings: SearchSettings | None = None) -> tuple[Retriever, TermStats]:
    """The retriever and term statistics for an index, a folder's or a database's."""
    if isinstance(data, PgIndexData):
        return PgRetriever(data, settings), term_stats(data)
    return Retriever(data, settings), TermStats.from_keyword_index(data.keyword)


__all__ = ["PgRetriever", "searchers", "term_stats"]
