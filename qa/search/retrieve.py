"""Question in, ranked passages out: dense (FAISS) and keyword (BM25) fused.

Dense retrieval finds paraphrases ("govt money for the shelter"); BM25 finds rare exact
terms (names, numbers, "Article 30"). Reciprocal rank fusion combines their ranks
without having to calibrate their scores against each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qa.config import SearchSettings
from qa.index.dense_index import make_dense_index  # noqa: F401  (moved; kept importable from here)
from qa.index.dense_index import search as dense_search
from qa.index.store import IndexData
from qa.text import query_terms, terms
from qa.types import Hit, Passage


def keyword_tokens(passage: Passage) -> list[str]:
    # Section headings are searchable words too ("PROTECTION", a country name), and so is
    # the row name a later window of a table row would otherwise lack.
    return terms(" ".join(part for part in (passage.section, passage.lead, passage.text) if part))


def make_keyword_index(passages: Sequence[Passage]) -> Any:
    if not passages:
        return None
    import bm25s

    # Token ids from a sorted vocabulary: bm25s numbers tokens in set order, which follows
    # the per-process hash seed, so two builds of the same corpus would differ in their
    # last float bits (and a tie could rank differently). Sorted, the same corpus always
    # gives the same index.
    documents = [keyword_tokens(p) or ["\u2205"] for p in passages]
    vocabulary = {token: i for i, token in enumerate(sorted({t for tokens in documents for t in tokens}))}
    index = bm25s.BM25()
    index.index(([[vocabulary[t] for t in tokens] for tokens in documents], vocabulary), show_progress=False)
    return index


@dataclass(frozen=True)
class Ranked:
    ids: np.ndarray
    scores: np.ndarray


def _top(scores: np.ndarray, n: int, allowed: np.ndarray | None) -> Ranked:
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    n = min(n, len(scores))
    if n == 0:
        return Ranked(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    ids = np.argpartition(-scores, n - 1)[:n]
    ids = ids[np.argsort(-scores[ids], kind="stable")]
    keep = np.isfinite(scores[ids])
    return Ranked(ids[keep], scores[ids][keep])


class Retriever:
    def __init__(self, data: IndexData, settings: SearchSettings | None = None):
        self.data = data
        self.settings = settings or SearchSettings()

    def allowed_mask(self, where: dict[str, str] | None = None, docs: Sequence[str] | None = None) -> np.ndarray | None:
        """Passages a filter keeps, or None for no filter. Matching is case-insensitive."""
        if not where and not docs:
            return None
        wanted_docs = set(docs) if docs else None
        wanted = {k.lower(): str(v).lower() for k, v in (where or {}).items()}

        def keeps(doc_id: str) -> bool:
            if wanted_docs is not None and doc_id not in wanted_docs:
                return False
            meta = {k.lower(): str(v).lower() for k, v in self.data.documents[doc_id].meta.items()}
            return all(meta.get(k) == v for k, v in wanted.items())

        keep_doc = {doc_id: keeps(doc_id) for doc_id in self.data.documents}
        return np.fromiter((keep_doc[p.doc] for p in self.data.passages), dtype=bool, count=len(self.data.passages))

    def dense(self, query_vector: np.ndarray, n: int, allowed: np.ndarray | None) -> Ranked:
        index = self.data.dense
        if index.ntotal == 0:
            return _top(np.zeros(0, dtype=np.float32), 0, None)
        scores, ids = dense_search(index, self.data.manifest.dense_index, query_vector, n, allowed)
        keep = ids >= 0
        return Ranked(ids[keep].astype(np.int64), scores[keep])

    def keyword(self, question: str, n: int, allowed: np.ndarray | None, without: frozenset[str] = frozenset()) -> Ranked:
        index = self.data.keyword
        tokens = [t for t in query_terms(question) if t not in without and t in (index.vocab_dict if index is not None else {})]
        if not tokens:
            return _top(np.zeros(0, dtype=np.float32), 0, None)
        scores = index.get_scores(tokens)
        scores = np.where(scores > 0, scores, -np.inf)  # no shared term: not a keyword hit
        return _top(scores, n, allowed)

    def search(
        self,
        question: str,
        query_vector: np.ndarray,
        top_k: int | None = None,
        where: dict[str, str] | None = None,
        docs: Sequence[str] | None = None,
        per_paragraph: bool = True,
        within: np.ndarray | None = None,
        without: frozenset[str] = frozenset(),
    ) -> list[Hit]:
        """Fused hits, best first; with ``per_paragraph`` only the best window of each paragraph.

        ``within`` (a passage mask) narrows the search further, e.g. to the scope a
        question names (qa/search/scope.py); ``without`` are terms the keyword search
        leaves out (inside a scope or a document, the words that name it tell its
        passages apart no more than "the")."""
        settings = self.settings
        k = top_k or settings.top_k
        allowed = self.allowed_mask(where, docs)
        if within is not None:
            allowed = within if allowed is None else allowed & within
        empty = _top(np.zeros(0, dtype=np.float32), 0, None)
        use = settings.retrievers
        if use not in ("hybrid", "dense", "keyword"):
            raise ValueError(f"retrievers must be hybrid, dense or keyword, not {use!r}")
        if settings.fusion not in ("z", "rrf"):
            raise ValueError(f"fusion must be z or rrf, not {settings.fusion!r}")
        dense = self.dense(query_vector, settings.candidates, allowed) if use in ("hybrid", "dense") else empty
        keyword = self.keyword(question, settings.candidates, allowed, without) if use in ("hybrid", "keyword") else empty
        return fuse(dense, keyword, self.data.passages, k, settings.rrf_k, per_paragraph, self._cosine(query_vector), settings.fusion)

    def similarity(self, query_vector: np.ndarray) -> Callable[[int], float]:
        """A passage's cosine similarity to the question, by its row."""
        return self._cosine(query_vector)

    def _cosine(self, query_vector: np.ndarray) -> Callable[[int], float]:
        def cosine(passage_id: int) -> float:
            return float(self.data.dense.reconstruct(int(passage_id)) @ query_vector.reshape(-1))

        return cosine


def substantive(passage: Passage) -> bool:
    """Whether a passage can hold an answer: it has two different words or more.

    A lone label ("DISCLAIMERS:", "Total", a state's name cut from its table row) ranks
    high on either list (a short text's cosine is erratic, and BM25 favours short
    texts), and in the answer's few slots it would stand in for a passage that says
    something. Real documents have a few in every hundred passages (PDF forms and tables
    most); a question is never answered by one."""
    return len(passage.text) >= 40 or len(set(terms(passage.text))) >= 2


def same_text(passage: Passage) -> tuple[str, str]:
    """A passage's document and words: a document that prints the same lines twice (a
    cover page repeated inside, one footnote under two tables) gives one hit, not two
    of the answer's few slots."""
    return passage.doc, " ".join(passage.text.split()).lower()


def _substantive_only(ranked: Ranked, passages: Sequence[Passage]) -> Ranked:
    keep = np.fromiter((substantive(passages[i]) for i in ranked.ids.tolist()), dtype=bool, count=len(ranked.ids))
    return ranked if keep.all() else Ranked(ranked.ids[keep], ranked.scores[keep])


def _standardised(scores: dict[int, float]) -> dict[int, float]:
    """Each score as standard deviations from the list's mean (0 for a list of one)."""
    if len(scores) < 2:
        return {pid: 0.0 for pid in scores}
    values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
    mean, spread = float(values.mean()), float(values.std()) or 1.0
    return {pid: (value - mean) / spread for pid, value in scores.items()}


def fuse(
    dense: Ranked,
    keyword: Ranked,
    passages: Sequence[Passage],
    k: int,
    rrf_k: int,
    per_paragraph: bool,
    cosine: Callable[[int], float],
    method: str = "z",
) -> list[Hit]:
    """The two rankings fused: by their standardised scores (``method`` "z") or by
    reciprocal rank ("rrf"). A hit's score is the fused value scaled to 0..1, 1.0 for a
    passage first in both lists, so scores fall as ranks do; its ``agreement`` is the
    reciprocal-rank fusion either way. Passages of one word are left out first (see
    ``substantive``)."""
    dense, keyword = (_substantive_only(ranked, passages) for ranked in (dense, keyword))
    fused: dict[int, float] = {}
    for ranked in (dense, keyword):
        for rank, pid in enumerate(ranked.ids.tolist()):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (rrf_k + rank + 1)
    best_possible = sum(1 for r in (dense, keyword) if len(r.ids)) / (rrf_k + 1) or 1.0
    dense_scores = dict(zip(dense.ids.tolist(), dense.scores.tolist(), strict=True))
    keyword_scores = dict(zip(keyword.ids.tolist(), keyword.scores.tolist(), strict=True))
    if method == "z":
        # Ranked by how far each passage stands out in each list (its score's distance
        # from the list's mean, in standard deviations), summed: a passage the keyword
        # search puts far ahead of everything else ("Assistant Director" found in one
        # line: BM25 10.7, the next 4.6) is not held back by a middling dense rank, as it
        # is by ranks alone. A passage missing from a list counts as that list's lowest.
        zd, zk = _standardised(dense_scores), _standardised(keyword_scores)
        low_d, low_k = min(zd.values(), default=0.0), min(zk.values(), default=0.0)
        mix = {pid: zd.get(pid, low_d) + zk.get(pid, low_k) for pid in fused}
        order = sorted(fused, key=lambda pid: (-mix[pid], -dense_scores.get(pid, -1.0), pid))
        top = max(zd.values(), default=0.0) + max(zk.values(), default=0.0)
        scale = {pid: max(0.0, min(1.0, mix[pid] / top)) if top > 0 else 1.0 for pid in fused}
    else:
        order = sorted(fused, key=lambda pid: (-fused[pid], -dense_scores.get(pid, -1.0), pid))
        scale = {pid: fused[pid] / best_possible for pid in fused}
    hits: list[Hit] = []
    seen: set[tuple[str, int]] = set()
    seen_text: set[tuple[str, str]] = set()
    for pid in order:
        passage = passages[pid]
        key, words = (passage.doc, passage.paragraph), same_text(passage)
        if per_paragraph and (key in seen or words in seen_text):
            continue
        seen.add(key)
        seen_text.add(words)
        dense_score = dense_scores.get(pid)
        hits.append(
            Hit(
                passage_id=pid,
                passage=passage,
                score=scale[pid],
                agreement=fused[pid] / best_possible,
                dense_score=dense_score if dense_score is not None else cosine(pid),
                keyword_score=keyword_scores.get(pid),
            )
        )
        if len(hits) == k:
            break
    return hits
