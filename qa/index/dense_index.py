"""Which FAISS index holds the passage vectors, chosen by how many there are.

Exact (flat) inner-product search costs time in proportion to the number of
vectors: a few milliseconds for a report or a shelf of them, about 30 ms a question
at 100k passages and about 300 ms at a million on two cores. Above ``FLAT_MAX``
vectors an HNSW graph answers in well under a millisecond with recall@10 above
0.98 against exact search on real (clustered) sentence embeddings, for about 260
bytes per vector on top of the vectors themselves (bench/ measures both).

The choice and its parameters go into the manifest's ``dense_index`` dict, and the
query-time parameter (``ef_search``) is applied again when an index is loaded, so
an index is always searched the way it was built to be.

Filtered searches (``--where``/``--doc``, a named scope) are exact whenever the
filter keeps at most ``FLAT_MAX`` passages: a graph walk that must skip most nodes
loses recall, while scoring a few thousand kept vectors directly is both exact and
fast.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

#: Up to this many vectors, exact search is fast enough (a few ms a question).
FLAT_MAX = int(os.environ.get("QA_FLAT_MAX", "20000"))
#: HNSW graph degree; 32 is FAISS's usual choice for 384-d embeddings.
HNSW_M = 32
#: Candidate list while building: 40 keeps a million-vector build within minutes on 2 cores.
HNSW_EF_CONSTRUCTION = 40
#: Candidate list while searching: recall@10 >= 0.98 on real embeddings (bench/bench.py --scale).
HNSW_EF_SEARCH = 128


def choose(count: int) -> dict[str, Any]:
    """The index spec for ``count`` vectors (what goes into the manifest)."""
    if count <= FLAT_MAX:
        return {"type": "flat", "metric": "inner_product"}
    return {
        "type": "hnsw",
        "metric": "inner_product",
        "M": HNSW_M,
        "ef_construction": HNSW_EF_CONSTRUCTION,
        "ef_search": HNSW_EF_SEARCH,
        "flat_max": FLAT_MAX,
    }


def make_dense_index(vectors: np.ndarray, dimension: int, spec: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
    """A FAISS index of ``vectors`` (normalised, so inner product is cosine) and its spec."""
    import faiss

    spec = dict(spec or choose(len(vectors)))
    if spec["type"] == "flat":
        index = faiss.IndexFlatIP(dimension)
    elif spec["type"] == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, int(spec["M"]), faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = int(spec["ef_construction"])
    else:
        raise ValueError(f"unknown dense index type {spec['type']!r}")
    if len(vectors):
        _threads(os.cpu_count() or 1)
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    configure(index, spec)
    return index, spec


def configure(index: Any, spec: dict[str, Any]) -> None:
    """Apply the query-time parameters recorded in the manifest to a loaded index."""
    if spec.get("type") == "hnsw" and hasattr(index, "hnsw"):
        index.hnsw.efSearch = int(spec.get("ef_search", HNSW_EF_SEARCH))


def _threads(count: int) -> None:
    import faiss

    faiss.omp_set_num_threads(count)


def search(index: Any, spec: dict[str, Any], query: np.ndarray, n: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Top ``n`` (scores, ids) for one query, optionally only among ``allowed`` passages.

    One question is searched on one OpenMP thread: FAISS's threads synchronise per
    call, which on two busy cores turned a 0.5 ms flat search over 10k vectors into
    21 ms. Builds (``make_dense_index``) use every core again."""
    import faiss

    _threads(1)
    query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    n = min(n, index.ntotal)
    if allowed is None:
        scores, ids = index.search(query, n)
        return scores[0], ids[0]
    kept = np.flatnonzero(allowed).astype(np.int64)
    if spec.get("type", "flat") != "flat" and len(kept) <= max(FLAT_MAX, n):
        # Exact over the kept vectors: a filtered graph walk would lose recall.
        if len(kept) == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores = index.reconstruct_batch(kept) @ query[0]
        top = np.argsort(-scores, kind="stable")[:n]
        return scores[top].astype(np.float32), kept[top]
    selector = faiss.IDSelectorBatch(kept)
    if spec.get("type") == "hnsw":
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(int(spec.get("ef_search", HNSW_EF_SEARCH)), 2 * n))
    else:
        params = faiss.SearchParameters(sel=selector)
    scores, ids = index.search(query, n, params=params)
    return scores[0], ids[0]
