"""The dense index chosen by size: flat while exact search is fast, HNSW above, with
recall measured against exact search on real embeddings."""

from __future__ import annotations

import numpy as np
import pytest

import qa.index.dense_index as dense_index
from qa.engine import Engine
from qa.index.build import build_index
from qa.index.dense_index import FLAT_MAX, choose, make_dense_index, search
from qa.index.store import read_index
from qa.text import sentence_spans
from tests.conftest import CORPUS


def test_choice_by_size():
    assert choose(0)["type"] == "flat"
    assert choose(FLAT_MAX)["type"] == "flat"
    big = choose(FLAT_MAX + 1)
    assert big["type"] == "hnsw" and big["metric"] == "inner_product"
    assert {"M", "ef_construction", "ef_search"} <= set(big)


@pytest.fixture(scope="module")
def corpus_vectors(encoder, report_paragraphs) -> tuple[np.ndarray, np.ndarray]:
    """~6000 vectors around real sentence embeddings, and real questions as queries.

    Each variant mixes a sentence with another and a little noise, as near-duplicate
    sentences of a long run of reports do (the clustered structure HNSW relies on)."""
    sentences = [p[s:e] for p in report_paragraphs for s, e in sentence_spans(p)]
    base = encoder.encode(sentences)
    rng = np.random.default_rng(7)
    first = rng.integers(0, len(base), 6000)
    second = rng.integers(0, len(base), 6000)
    mixed = base[first] + rng.uniform(0.1, 0.6, (6000, 1)).astype(np.float32) * base[second]
    mixed += rng.normal(0, 0.02, mixed.shape).astype(np.float32)
    mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
    queries = encoder.encode(
        [
            "how much did the government fund the shelter",
            "how many victims were identified",
            "were victims penalized for crimes they were forced to commit",
            "child soldiers",
            "forced labor in cotton harvest",
            "identification procedures for migrants",
            "training for officials",
            "foreign victims repatriated",
        ]
    )
    return np.ascontiguousarray(mixed, dtype=np.float32), queries


def test_hnsw_recall_against_exact(corpus_vectors):
    vectors, queries = corpus_vectors
    flat, flat_spec = make_dense_index(vectors, vectors.shape[1], choose(0))
    hnsw, hnsw_spec = make_dense_index(vectors, vectors.shape[1], choose(FLAT_MAX + 1))
    assert (flat_spec["type"], hnsw_spec["type"]) == ("flat", "hnsw")
    assert hnsw.hnsw.efSearch == hnsw_spec["ef_search"]
    queries = np.vstack([queries, vectors[::97]])  # questions and passages as queries
    _, exact = flat.search(queries, 10)
    _, approx = hnsw.search(queries, 10)
    # The reference is exact: brute force agrees with the flat index.
    brute = np.argsort(-(queries @ vectors.T), axis=1, kind="stable")[:, :10]
    assert np.mean([len(set(a) & set(b)) / 10 for a, b in zip(brute, exact)]) >= 0.99
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx)])
    assert recall >= 0.98, recall


def test_filtered_search_on_hnsw_is_exact(corpus_vectors):
    vectors, queries = corpus_vectors
    hnsw, spec = make_dense_index(vectors, vectors.shape[1], choose(FLAT_MAX + 1))
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[np.random.default_rng(1).choice(len(vectors), 300, replace=False)] = True
    scores, ids = search(hnsw, spec, queries[0], 10, allowed)
    kept = np.flatnonzero(allowed)
    expected = kept[np.argsort(-(vectors[kept] @ queries[0]), kind="stable")[:10]]
    assert list(ids) == list(expected)
    assert np.allclose(scores, vectors[ids] @ queries[0], atol=1e-5)
    assert allowed[ids].all()
    none = np.zeros(len(vectors), dtype=bool)
    assert len(search(hnsw, spec, queries[0], 10, none)[1]) == 0


def test_large_index_spec_goes_through_manifest(monkeypatch, encoder, tmp_path):
    """Above the threshold a build writes HNSW with its parameters, and loading applies ef_search."""
    monkeypatch.setattr(dense_index, "FLAT_MAX", 5)
    index = tmp_path / "hnsw"
    build_index([CORPUS], index, encoder=encoder)
    data = read_index(index)
    spec = data.manifest.dense_index
    assert spec["type"] == "hnsw" and spec["ef_search"] == dense_index.HNSW_EF_SEARCH
    assert data.dense.hnsw.efSearch == spec["ef_search"]
    assert data.dense.ntotal == len(data.passages) > 5
    answer = Engine.load(index, encoder=encoder).ask("how much did the government fund the shelter in 2020?")
    assert "253,670" in answer.to_dict()["answer"]
    # Incremental builds reuse vectors out of an HNSW index too.
    assert build_index([CORPUS], index, encoder=encoder).embedded == 0


def test_a_passage_of_one_word_is_never_retrieved():
    """A lone label ("DISCLAIMERS:", a state's name cut from its row) cannot answer, and
    would take one of the answer's few slots: fusion leaves it out of both lists."""
    import numpy as np

    from qa.search.retrieve import Ranked, fuse, substantive
    from qa.types import Passage

    texts = ["DISCLAIMERS:", "Total", "The shelter received 20,000 somoni in 2020.", "Capital - name: Dushanbe", "2020"]
    passages = [Passage("d.pdf", i + 1, 0, len(t), t) for i, t in enumerate(texts)]
    assert [substantive(p) for p in passages] == [False, False, True, True, False]
    ranked = Ranked(np.arange(5), np.linspace(1.0, 0.5, 5).astype(np.float32))
    hits = fuse(ranked, ranked, passages, k=5, rrf_k=60, per_paragraph=True, cosine=lambda i: 0.0)
    assert [h.passage.text for h in hits] == [texts[2], texts[3]]
    assert hits[0].score == 1.0  # first in both lists once the labels are gone


def test_a_line_a_document_prints_twice_takes_one_slot_and_each_documents_copy_one():
    """A cover page repeated inside ("NIST Special Publication 800 NIST SP 800-223" on pages
    1 and 2) took two of the answer's three slots; the same words in two documents are two
    documents' evidence (one profile's "Suffrage: 18 years of age" is not another's)."""
    import numpy as np

    from qa.search.retrieve import Ranked, fuse
    from qa.types import Passage

    cover, other = "NIST Special Publication 800 NIST SP 800-223", "Approved by the Editorial Review Board on 2024-02-02."
    passages = [Passage("a.pdf", 1, 0, 44, cover), Passage("a.pdf", 5, 0, 44, " ".join(cover.split()).upper()), Passage("a.pdf", 9, 0, 53, other),
                Passage("b.pdf", 1, 0, 44, cover)]
    ranked = Ranked(np.arange(4), np.linspace(1.0, 0.5, 4).astype(np.float32))
    hits = fuse(ranked, ranked, passages, k=3, rrf_k=60, per_paragraph=True, cosine=lambda i: 0.0)
    assert [(h.passage.doc, h.passage.paragraph) for h in hits] == [("a.pdf", 1), ("a.pdf", 9), ("b.pdf", 1)]


def test_a_passage_far_ahead_in_one_list_is_not_held_back_by_its_rank_in_the_other():
    """The keyword search finds one line far ahead of the rest (BM25 10.7, the next 4.6:
    the only passage naming the "Assistant Director"), which the dense search ranks 24th
    among passages all close in cosine. Fused by standardised score it comes first; by
    reciprocal rank alone (``fusion="rrf"``) it stays behind passages middling in both.
    Scores fall as ranks do."""
    import numpy as np

    from qa.search.retrieve import Ranked, fuse
    from qa.types import Passage

    passages = [Passage("d.pdf", i + 1, 0, 40, f"passage number {i} of the report, some words") for i in range(30)]
    dense_order = [n for n in range(30) if n != 7]
    dense_order.insert(23, 7)  # 24th
    dense = Ranked(np.array(dense_order), np.linspace(0.33, 0.20, 30).astype(np.float32))
    keyword_order = [7] + [n for n in range(30) if n != 7][:19]
    keyword = Ranked(np.array(keyword_order), np.array([10.7] + list(np.linspace(4.6, 1.5, 19)), dtype=np.float32))
    by_score = fuse(dense, keyword, passages, k=3, rrf_k=60, per_paragraph=True, cosine=lambda i: 0.0, method="z")
    by_rank = fuse(dense, keyword, passages, k=3, rrf_k=60, per_paragraph=True, cosine=lambda i: 0.0, method="rrf")
    assert by_score[0].passage_id == 7
    assert 7 not in [h.passage_id for h in by_rank]
    for hits in (by_score, by_rank):
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True) and all(0 <= h.score <= 1 for h in hits)
