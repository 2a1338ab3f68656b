"""Documents into an index, re-embedding only what changed.

Vectors are reused by passage text (within one model), so an unchanged corpus embeds
nothing, an edited file embeds only the passages whose words changed, and a
passage that occurs twice is embedded once. The model is not even loaded when there
is nothing to embed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from qa import __version__
from qa.config import FORMAT_VERSION, ChunkSettings, EmbedSettings
from qa.errors import InputError
from qa.index import chunk, prepare
from qa.index.chunk import chunk_document, embedding_text
from qa.index.embed import Encoder
from qa.index.onnx_encoder import onnx_dir, read_spec
from qa.index.parse import PARSER_NAME
from qa.index.pg.location import database_of
from qa.index.prepare import BuildReport, OnProgress, keep_onnx
from qa.index.store import IndexData, Manifest, read_index, rebuild_hint, write_index
from qa.search.retrieve import make_dense_index, make_keyword_index
from qa.types import Document, Passage

log = logging.getLogger(__name__)

def build_index(
    paths: Sequence[Path],
    index_dir: Path,
    model: str | None = None,
    *,
    add: bool = False,
    rebuild: bool = False,
    chunking: ChunkSettings | None = None,
    meta: dict[str, str] | None = None,
    progress: bool = False,
    ocr: bool = False,
    encoder: Encoder | None = None,
    embed_settings: EmbedSettings | None = None,
    on_progress: OnProgress | None = None,
) -> BuildReport:
    """Index the files under ``paths`` into ``index_dir``.

    Without ``add`` the index mirrors ``paths``: documents no longer there are dropped.
    With ``add`` they join what the index already holds (the app's uploads).
    With ``ocr``, PDF pages without a text layer (scans) are read with Tesseract.
    ``on_progress`` is told each stage with its counts (see ``OnProgress``).
    """
    if database_of(index_dir) is not None:  # a PostgreSQL index (qa/index/pg): the same stages, written per document
        from qa.index.pg.build import build_database

        return build_database(
            paths, index_dir, model, add=add, rebuild=rebuild, chunking=chunking, meta=meta, progress=progress, ocr=ocr, encoder=encoder,
            embed_settings=embed_settings, on_progress=on_progress,
        )
    started = time.perf_counter()
    index_dir = Path(index_dir)
    documents, warnings = prepare.read(paths, meta, add=add, ocr=ocr, progress=progress, on_progress=on_progress)
    settled = prepare.settle(prepare.previous_index(lambda: read_index(index_dir), rebuild), model, encoder, chunking, rebuild=rebuild, name=str(index_dir), paths=paths, home=index_dir)
    previous, ref, lazy, chunking = settled.previous, settled.ref, settled.lazy, settled.chunking
    final_docs, report_lists = prepare.merge(previous.documents if previous else {}, documents, add)
    final_docs = prepare.parse(final_docs, previous, progress, on_progress, prepare.ParseCache(index_dir))
    cache = prepare.VectorCache(index_dir, ref.name)
    passages, vectors, embedded, reused, resumed = _passages_and_vectors(
        previous, final_docs, chunking, lazy, progress, embed_settings or EmbedSettings(), on_progress, cache
    )

    dimension = vectors.shape[1] if len(vectors) else (previous.manifest.dimension if previous else lazy.encoder.dimension)
    dense, dense_spec = make_dense_index(vectors, dimension)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=ref.name,
        dimension=int(dimension),
        max_seq_length=lazy.max_seq_length(),
        chunking={"max_tokens": chunking.max_tokens, "overlap_sentences": chunking.overlap_sentences},
        dense_index=dense_spec,
        passages=len(passages),
        documents={d.id: d.fingerprint for d in final_docs},
        sources=sorted({str(p) for p in paths} | set(previous.manifest.sources if (previous and add) else [])),
        created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        qa_version=__version__,
        parser=PARSER_NAME if any(p.spans for d in final_docs for p in d.paragraphs) else "",
        embedding_text=chunk.EMBEDDING_TEXT_VERSION,
    )
    if on_progress is not None:
        on_progress("writing", 0, 1, "")
    data = IndexData(manifest, {d.id: d for d in final_docs}, passages, dense, make_keyword_index(passages))
    write_index(index_dir, data)
    cache.clear()  # written: a later build reuses the vectors from the index itself
    if encoder is not None or read_spec(onnx_dir(index_dir, ref.name)) is None:
        keep_onnx(lazy.encoder, index_dir, ref.name)
    if on_progress is not None:
        on_progress("writing", 1, 1, "")
    return BuildReport(
        index=index_dir,
        documents=len(final_docs),
        passages=len(passages),
        embedded=embedded,
        reused=reused,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        resumed=resumed,
        **report_lists,
    )


def _passages_and_vectors(
    previous: IndexData | None,
    documents: Iterable[Document],
    chunking: ChunkSettings,
    lazy: prepare.LazyEncoder,
    progress: bool,
    embed_settings: EmbedSettings,
    on_progress: OnProgress | None,
    cache: prepare.VectorCache,
) -> tuple[list[Passage], np.ndarray, int, int, int]:
    reusable: dict[str, int] = {}
    old_vectors = None
    if previous is not None and previous.passages and prepare.same_embedding_text(previous):
        old_vectors = previous.vectors()
        reusable = {embedding_text(p): i for i, p in enumerate(previous.passages)}
    same_chunking = previous is not None and previous.manifest.chunk_settings == chunking

    passages: list[Passage] = []
    for document in documents:
        old = previous.documents.get(document.id) if previous else None
        # the same file read into the same paragraphs: its passages stand (a reader that
        # changed since, e.g. a new PDF layout pass, re-cuts them, or citations would point
        # at paragraphs that no longer hold their words)
        if same_chunking and old is not None and old.fingerprint == document.fingerprint and _same_paragraphs(old, document):
            passages.extend(p for p in previous.passages if p.doc == document.id)
        else:
            passages.extend(chunk_document(document, chunking, lazy.count_tokens))

    keys = [embedding_text(p) for p in passages]
    to_embed = list(dict.fromkeys(k for k in keys if k not in reusable))
    new_vectors: dict[str, np.ndarray] = {}
    resumed = 0
    if to_embed:
        stopped = cache.load()  # what a stopped run of this build already embedded
        new_vectors = {k: stopped[k] for k in to_embed if k in stopped}
        resumed = len(new_vectors)
        to_embed = [k for k in to_embed if k not in new_vectors]
        if resumed:
            log.info("resuming: %d passages were embedded by the build that was stopped", resumed)
    if to_embed:
        log.info("embedding %d passages with %s", len(to_embed), lazy.ref.name)
        encoded = prepare.encode(lazy, to_embed, embed_settings.batch_size, progress, on_progress, cache, embed_settings.precision)
        new_vectors.update(zip(to_embed, encoded, strict=True))
    dimension = (
        next(iter(new_vectors.values())).shape[0] if new_vectors else (old_vectors.shape[1] if old_vectors is not None else 0)
    )
    vectors = np.zeros((len(passages), dimension), dtype=np.float32)
    reused = 0
    for row, key in enumerate(keys):
        if key in new_vectors:
            vectors[row] = new_vectors[key]
        else:
            vectors[row] = old_vectors[reusable[key]]
            reused += 1
    return passages, vectors, len(to_embed), reused, resumed


def _same_paragraphs(old: Document, new: Document) -> bool:
    return [(p.text, p.section, p.page, p.page_breaks, p.notes) for p in old.paragraphs] == [(p.text, p.section, p.page, p.page_breaks, p.notes) for p in new.paragraphs]


def remove_documents(index_dir: Path, doc_ids: Sequence[str]) -> BuildReport:
    """Drop documents from an index without touching the others' vectors."""
    if database_of(index_dir) is not None:  # a PostgreSQL index (qa/index/pg)
        from qa.index.pg.build import remove_from_database

        return remove_from_database(index_dir, doc_ids)
    started = time.perf_counter()
    data = read_index(index_dir)
    unknown = [d for d in doc_ids if d not in data.documents]
    if unknown:
        known = ", ".join(sorted(data.documents)) or "none"
        raise InputError(f"not in index {index_dir}: {', '.join(unknown)} (documents: {known})")
    drop = set(doc_ids)
    keep_rows = [i for i, p in enumerate(data.passages) if p.doc not in drop]
    vectors = data.vectors()[keep_rows] if keep_rows else np.zeros((0, data.manifest.dimension), dtype=np.float32)
    passages = [data.passages[i] for i in keep_rows]
    documents = {k: v for k, v in data.documents.items() if k not in drop}
    dense, dense_spec = make_dense_index(vectors, data.manifest.dimension)
    manifest = Manifest(
        **{
            **data.manifest.__dict__,
            "passages": len(passages),
            "documents": {d.id: d.fingerprint for d in documents.values()},
            "dense_index": dense_spec,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
    )
    write_index(index_dir, IndexData(manifest, documents, passages, dense, make_keyword_index(passages)))
    return BuildReport(index_dir, len(documents), len(passages), 0, len(passages), removed=list(doc_ids), seconds=time.perf_counter() - started)


__all__ = ["BuildReport", "OnProgress", "build_index", "remove_documents", "rebuild_hint"]
