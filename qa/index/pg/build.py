"""Documents into a PostgreSQL index: the folder build's reading, parsing, chunking and
embedding, written per document in one transaction.

``qa.index.build.build_index`` and ``remove_documents`` hand a database location here;
the stages both share (reading, the model, merging, parsing, embedding) come from
``qa.index.prepare``, so neither build imports the other. Only documents that are new or changed (file,
metadata, chunking or parser) are written; the others are not touched. A changed
document reuses the vectors of its old passages with the same text.
"""

# ruff: noqa: S608 - the only SQL built from strings is the schema name, checked (qa.index.pg.split_url) and quoted; values are parameters

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qa import __version__
from qa.config import FORMAT_VERSION, ChunkSettings, EmbedSettings
from qa.errors import IndexCorruptError, InputError
from qa.index import chunk, prepare
from qa.index.chunk import chunk_document, embedding_text
from qa.index.parse import PARSER_NAME
from qa.index.pg.location import database_of, display_url, index_home
from qa.index.pg.store import (
    Database,
    NewDocument,
    PgIndexData,
    create_tables,
    dense_spec,
    drop_tables,
    ensure_extension,
    lock,
    read_database,
    tables_exist,
    write,
)
from qa.index.store import Manifest
from qa.search.retrieve import keyword_tokens

log = logging.getLogger(__name__)


def build_database(
    paths: Sequence[Path],
    location: Any,
    model: str | None = None,
    *,
    add: bool = False,
    rebuild: bool = False,
    chunking: ChunkSettings | None = None,
    meta: dict[str, str] | None = None,
    progress: bool = False,
    ocr: bool = False,
    encoder: Any = None,
    embed_settings: EmbedSettings | None = None,
    on_progress: prepare.OnProgress | None = None,
) -> prepare.BuildReport:
    """``build_index`` for a database: the same options and the same report."""
    started = time.perf_counter()
    url = database_of(location)
    name = display_url(url)
    home = index_home(location)
    documents, warnings = prepare.read(paths, meta, add=add, ocr=ocr, progress=progress, on_progress=on_progress)
    settled = prepare.settle(prepare.previous_index(lambda: read_database(url), rebuild), model, encoder, chunking, rebuild=rebuild, name=name, paths=paths, home=home)
    previous, ref, lazy, chunking = settled.previous, settled.ref, settled.lazy, settled.chunking
    before = previous.documents if previous else {}
    final, lists = prepare.merge(before, documents, add)
    added, changed, removed = lists["added"], lists["changed"], lists["removed"]
    final = prepare.parse(final, previous, progress, on_progress)
    parser = PARSER_NAME if any(p.spans for d in final for p in d.paragraphs) else ""
    same_text = prepare.same_embedding_text(previous)  # else no vector of it is reused
    same_settings = same_text and previous.manifest.chunk_settings == chunking and previous.manifest.parser == parser
    to_write = [d for d in final if not (same_settings and before.get(d.id) == d)]

    passages = {d.id: chunk_document(d, chunking, lazy.count_tokens) for d in to_write}
    reusable = _old_vectors(previous, [d.id for d in to_write if d.id in before]) if same_text else {}
    keys = {d.id: [embedding_text(p) for p in passages[d.id]] for d in to_write}
    to_embed = list(dict.fromkeys(k for d in to_write for k in keys[d.id] if k not in reusable))
    fresh: dict[str, np.ndarray] = {}
    if to_embed:
        log.info("embedding %d passages with %s", len(to_embed), ref.name)
        settings = embed_settings or EmbedSettings()
        encoded = prepare.encode(lazy, to_embed, settings.batch_size, progress, on_progress, precision=settings.precision)
        fresh = dict(zip(to_embed, encoded, strict=True))
    vector_of = {**reusable, **fresh}
    dimension = (
        len(next(iter(fresh.values()))) if fresh else previous.manifest.dimension if previous else lazy.encoder.dimension
    )
    embedded = len(to_embed)
    written = {d.id for d in to_write}
    kept_passages = Counter(p.doc for p in previous.passages if p.doc not in written) if previous else Counter()
    reused = sum(1 for d in to_write for k in keys[d.id] if k not in fresh) + sum(kept_passages[d.id] for d in final if d.id not in written)
    new = [
        NewDocument(
            d,
            passages[d.id],
            [keyword_tokens(p) for p in passages[d.id]],
            np.stack([vector_of[k] for k in keys[d.id]]) if keys[d.id] else np.zeros((0, dimension), dtype=np.float32),
        )
        for d in to_write
    ]
    total_passages = sum(len(passages[d.id]) if d.id in written else kept_passages[d.id] for d in final)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=ref.name,
        dimension=int(dimension),
        max_seq_length=lazy.max_seq_length(),
        chunking={"max_tokens": chunking.max_tokens, "overlap_sentences": chunking.overlap_sentences},
        dense_index=dense_spec(),
        passages=total_passages,
        documents={d.id: d.fingerprint for d in final},
        sources=sorted({str(p) for p in paths} | set(previous.manifest.sources if (previous and add) else [])),
        created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        qa_version=__version__,
        parser=parser,
        embedding_text=chunk.EMBEDDING_TEXT_VERSION,
    )
    if on_progress is not None:
        on_progress("writing", 0, 1, "")
    db = Database.get(url)
    with db.connection() as conn:
        ensure_extension(conn, db)
        with db.transaction(conn):
            lock(conn, db)
            start_over = previous is None
            if start_over:  # new, or replacing one of another model or format (--rebuild)
                drop_tables(conn, db)
                create_tables(conn, db, int(dimension), hnsw=False)
            elif not tables_exist(conn, db):
                raise IndexCorruptError(f"index {name} was dropped during this build: run the build again")
            write(
                conn,
                db,
                manifest,
                fresh=start_over,
                retire=[d.id for d in to_write] + removed,  # by id: also a version another build added meanwhile
                new=new,
                order=[d.id for d in final],
            )
        if start_over:
            conn.execute(f"ANALYZE {db.table('qa_documents')}, {db.table('qa_paragraphs')}, {db.table('qa_passages')}")
    if encoder is not None or _no_export(home, ref.name):
        prepare.keep_onnx(lazy.encoder, home, ref.name)
    if on_progress is not None:
        on_progress("writing", 1, 1, "")
    return prepare.BuildReport(
        index=name,
        documents=len(final),
        passages=total_passages,
        embedded=embedded,
        reused=reused,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        added=added,
        changed=changed,
        removed=removed,
    )


def _no_export(home: Path, model: str) -> bool:
    from qa.index.onnx_encoder import onnx_dir, read_spec

    return read_spec(onnx_dir(home, model)) is None


def _old_vectors(previous: PgIndexData, doc_ids: Sequence[str]) -> dict[str, np.ndarray]:
    """The stored vectors of these documents' passages, by the text they embed."""
    wanted = set(doc_ids)
    rows = [i for i, p in enumerate(previous.passages) if p.doc in wanted]
    if not rows:
        return {}
    db = previous.database
    found = db.run(
        f"SELECT id, embedding FROM {db.table('qa_passages')} WHERE id = ANY(%(ids)s)",
        {"ids": previous.row_ids[rows].tolist()},
        binary=True,
    )
    by_id = {row_id: vector for row_id, vector in found}
    out: dict[str, np.ndarray] = {}
    for i in rows:
        vector = by_id.get(int(previous.row_ids[i]))
        if vector is not None:
            out.setdefault(embedding_text(previous.passages[i]), vector)
    return out


def remove_from_database(location: Any, doc_ids: Sequence[str]) -> prepare.BuildReport:
    """``remove_documents`` for a database: the documents' live versions marked removed
    in one transaction; nothing else is written."""
    started = time.perf_counter()
    url = database_of(location)
    data = read_database(url)
    unknown = [d for d in doc_ids if d not in data.documents]
    if unknown:
        known = ", ".join(sorted(data.documents)) or "none"
        raise InputError(f"not in index {data.location}: {', '.join(unknown)} (documents: {known})")
    drop = set(doc_ids)
    documents = [d for d in data.documents.values() if d.id not in drop]
    passages = sum(1 for p in data.passages if p.doc not in drop)
    manifest = Manifest(
        **{
            **data.manifest.__dict__,
            "passages": passages,
            "documents": {d.id: d.fingerprint for d in documents},
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
    )
    db = data.database
    with db.connection() as conn, db.transaction(conn):
        lock(conn, db)
        write(conn, db, manifest, fresh=False, retire=list(doc_ids), new=[], order=[d.id for d in documents])
    return prepare.BuildReport(
        index=data.location, documents=len(documents), passages=passages, embedded=0, reused=passages, removed=list(doc_ids), seconds=time.perf_counter() - started
    )


__all__ = ["build_database", "remove_from_database"]
