"""The index folder: what was built, with what, written so a crash cannot break it.

Layout of ``index/<name>/``::

    CURRENT              name of the live generation folder (replaced atomically)
    gen-<stamp>/
      manifest.json      format version, model, dimension, chunking, counts, fingerprints
      documents.json     documents with their paragraphs (the text citations point into)
      passages.jsonl     one passage per line: doc, paragraph, character span
      dense.faiss        FAISS index of the passage vectors (inner product, normalised)
      keyword/           bm25s index (JSON + .npy, loaded with allow_pickle=False)

A build writes a new generation folder and only then points CURRENT at it, so a build
that dies half-way leaves the previous index in use. Nothing here is pickled.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qa.config import FORMAT_VERSION, ChunkSettings
from qa.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from qa.index.chunk import passage_of
from qa.index.dense_index import configure as configure_dense
from qa.types import Document, Paragraph, Passage, Span

log = logging.getLogger(__name__)

CURRENT = "CURRENT"


@dataclass
class Manifest:
    format_version: int
    model: str
    dimension: int
    max_seq_length: int
    chunking: dict[str, int]
    dense_index: dict[str, Any]
    passages: int
    documents: dict[str, str]  # id -> fingerprint
    sources: list[str] = field(default_factory=list)  # the paths the index was built from
    created: str = ""
    qa_version: str = ""
    parser: str = ""  # the phrase parser whose spans the paragraphs carry ("" for none)
    embedding_text: int = 0  # chunk.EMBEDDING_TEXT_VERSION its vectors were made under (0: before it was kept)

    @property
    def chunk_settings(self) -> ChunkSettings:
        return ChunkSettings(**self.chunking)


def rebuild_hint(index_dir: Path, sources: list[str] | None = None) -> str:
    source = " ".join(sources) if sources else "DIR"
    return f"qa build {source} --index {index_dir} --rebuild"


def generation_dir(index_dir: Path) -> Path:
    """The live generation, or the folder itself for an index written without one."""
    pointer = index_dir / CURRENT
    if pointer.is_file():
        return index_dir / pointer.read_text().strip()
    return index_dir


def read_manifest(index_dir: Path) -> Manifest:
    index_dir = Path(index_dir)
    folder = generation_dir(index_dir)
    path = folder / "manifest.json"
    if not path.exists():
        if index_dir.exists() and (index_dir / CURRENT).exists():
            raise IndexCorruptError(f"index {index_dir} is damaged (missing {path.name}): run `{rebuild_hint(index_dir)}`")
        raise IndexMissingError(f"no index at {index_dir}: run `qa build data/ --index {index_dir}`")
    try:
        raw = json.loads(path.read_text())
        version = raw.get("format_version")
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as error:
        raise IndexCorruptError(f"index {index_dir} is damaged (unreadable manifest): run `{rebuild_hint(index_dir)}`") from error
    if version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index {index_dir} has format version {version}, this qa reads {FORMAT_VERSION}: "
            f"run `{rebuild_hint(index_dir, raw.get('sources'))}`"
        )
    try:
        return Manifest(**raw)
    except TypeError as error:
        raise IndexCorruptError(f"index {index_dir} is damaged (bad manifest): run `{rebuild_hint(index_dir)}`") from error


@dataclass
class IndexData:
    """Everything a query needs, in memory."""

    manifest: Manifest
    documents: dict[str, Document]
    passages: list[Passage]
    dense: Any  # faiss.Index
    keyword: Any  # bm25s.BM25 or None when there are no passages
    _windows: dict[tuple[str, int], list[Passage]] | None = field(default=None, repr=False)

    def paragraph(self, doc: str, number: int) -> Paragraph:
        return self.documents[doc].paragraphs[number - 1]

    def windows(self, doc: str, number: int) -> list[Passage]:
        """The passages cut from one paragraph, in order."""
        if self._windows is None:
            grouped: dict[tuple[str, int], list[Passage]] = {}
            for passage in self.passages:
                grouped.setdefault((passage.doc, passage.paragraph), []).append(passage)
            self._windows = grouped
        return self._windows.get((doc, number), [])

    def vectors(self) -> np.ndarray:
        """All passage vectors, in passage order (to reuse them in the next build)."""
        if self.dense.ntotal == 0:
            return np.zeros((0, self.manifest.dimension), dtype=np.float32)
        return self.dense.reconstruct_n(0, self.dense.ntotal)


def _document_to_json(document: Document) -> dict[str, Any]:
    data = asdict(document)
    data["paragraphs"] = [asdict(p) for p in document.paragraphs]
    return data


def _document_from_json(data: dict[str, Any]) -> Document:
    paragraphs = tuple(
        Paragraph(**{
            **p,
            "spans": tuple(Span(*span) for span in p.get("spans", ())),
            "page_breaks": tuple((int(a), int(b)) for a, b in p.get("page_breaks", ())),
            "notes": tuple((int(a), str(b)) for a, b in p.get("notes", ())),
        })
        for p in data.pop("paragraphs")
    )
    return Document(paragraphs=paragraphs, **data)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))


def write_index(index_dir: Path, data: IndexData) -> Path:
    """Write a new generation and switch CURRENT to it; returns the generation folder."""
    import faiss

    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    final_name = f"gen-{stamp}"
    work = index_dir / f".tmp-{final_name}"
    work.mkdir()
    try:
        _write_json(work / "manifest.json", asdict(data.manifest))
        _write_json(work / "documents.json", [_document_to_json(d) for d in data.documents.values()])
        with open(work / "passages.jsonl", "w", encoding="utf-8") as out:
            for p in data.passages:
                out.write(json.dumps({"doc": p.doc, "paragraph": p.paragraph, "start": p.start, "end": p.end}, ensure_ascii=False) + "\n")
        faiss.write_index(data.dense, str(work / "dense.faiss"))
        if data.keyword is not None:
            data.keyword.save(str(work / "keyword"), show_progress=False)
        for file in work.rglob("*"):
            if file.is_file():
                with open(file, "rb") as handle:
                    os.fsync(handle.fileno())
        work.rename(index_dir / final_name)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    previous = (index_dir / CURRENT).read_text().strip() if (index_dir / CURRENT).is_file() else None
    pointer_tmp = index_dir / f".{CURRENT}.tmp-{os.getpid()}"
    pointer_tmp.write_text(final_name + "\n")
    with open(pointer_tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT)
    _remove_old_generations(index_dir, keep={final_name})
    if previous and previous != final_name:
        log.debug("replaced generation %s with %s", previous, final_name)
    return index_dir / final_name


def _remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith(("gen-", ".tmp-gen-")) and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def read_index(index_dir: Path) -> IndexData:
    """Load an index, refusing one that is damaged or of another format."""
    import faiss

    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    folder = generation_dir(index_dir)
    damaged = f"run `{rebuild_hint(index_dir, manifest.sources)}`"
    try:
        documents = {d["id"]: _document_from_json(d) for d in json.loads((folder / "documents.json").read_text())}
        passages = []
        with open(folder / "passages.jsonl", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                paragraph = documents[row["doc"]].paragraphs[row["paragraph"] - 1]
                passages.append(passage_of(row["doc"], paragraph, row["start"], row["end"]))
        dense = faiss.read_index(str(folder / "dense.faiss"))
        configure_dense(dense, manifest.dense_index)
        keyword = None
        if passages:
            import bm25s

            keyword = bm25s.BM25.load(str(folder / "keyword"), allow_pickle=False, show_progress=False)
    except (OSError, ValueError, KeyError, IndexError, TypeError, RuntimeError) as error:
        raise IndexCorruptError(f"index {index_dir} is damaged ({type(error).__name__}): {damaged}") from error
    if dense.d != manifest.dimension:
        raise IndexMismatchError(
            f"index {index_dir} holds {dense.d}-d vectors but its manifest says {manifest.dimension}: {damaged}"
        )
    if dense.ntotal != len(passages) or manifest.passages != len(passages):
        raise IndexCorruptError(
            f"index {index_dir} is damaged ({dense.ntotal} vectors for {len(passages)} passages): {damaged}"
        )
    return IndexData(manifest, documents, passages, dense, keyword)
