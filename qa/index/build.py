"""Documents into an index, re-embedding only what changed.

Vectors are reused by passage text (within one model), so an unchanged corpus embeds
nothing, an edited file embeds only the passages whose words changed, and a
passage that occurs twice is embedded once. The model is not even loaded when there
is nothing to embed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa import __version__
from qa.config import FORMAT_VERSION, ChunkSettings, EmbedSettings
from qa.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, InputError
from qa.index.chunk import chunk_document, embedding_text
from qa.index.embed import Encoder, ModelRef, TokenCounter, load_encoder, read_max_seq_length, resolve_model
from qa.index.onnx_encoder import OnnxEncoder, copy_export, ensure_export, onnx_dir, read_spec
from qa.index.parse import PARSER_NAME, annotate
from qa.index.pg.location import database_of
from qa.index.store import IndexData, Manifest, read_index, rebuild_hint, write_index
from qa.ingest import READERS, load_documents
from qa.search.retrieve import make_dense_index, make_keyword_index
from qa.types import Document, Passage

log = logging.getLogger(__name__)

#: ``on_progress(stage, done, total, item)``: stage "reading" (files, ``item`` the file
#: name), "parsing" (paragraphs), "embedding" (passages) or "writing" (steps); called
#: when a stage starts and as it advances, for the app's upload bar (the CLI's bars are
#: tqdm's, from ``progress``).
OnProgress = Callable[[str, int, int, str], None]


@dataclass(frozen=True)
class BuildReport:
    index: Path
    documents: int
    passages: int
    embedded: int  # passages sent to the model in this build
    reused: int  # passages whose vectors came from the previous index
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"{self.documents} documents, {self.passages} passages in {self.index}"]
        parts.append(f"embedded {self.embedded}, reused {self.reused}")
        for label, names in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if names:
                parts.append(f"{label} {len(names)}")
        return "; ".join(parts) + f" ({self.seconds:.1f} s)"


def _existing(index_dir: Path, rebuild: bool) -> IndexData | None:
    try:
        return read_index(index_dir)
    except IndexMissingError:
        return None
    except (IndexMismatchError, IndexCorruptError):
        if rebuild:
            return None
        raise


class _LazyEncoder:
    """Loads the model on first use: a build with nothing new never imports torch.

    With ``index_dir`` it prefers the ONNX export kept with the index (exporting it
    first when it is missing), so builds embed at onnxruntime speed and with exactly
    the encoder queries will use.
    """

    def __init__(self, ref: ModelRef, encoder: Encoder | None, index_dir: Path | None = None):
        self.ref = ref
        self._encoder = encoder
        self.index_dir = index_dir
        self._counter: TokenCounter | None = None
        tokenizer = ref.path / "tokenizer.json" if ref.path else None
        if encoder is None and tokenizer is not None and tokenizer.exists():
            self._counter = TokenCounter(tokenizer)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            folder = onnx_dir(self.index_dir, self.ref.name) if self.index_dir is not None else None
            if folder is None or read_spec(folder) is None:
                encoder = load_encoder(self.ref.name if self.ref.path is None else str(self.ref.path))
                if folder is None or keep_onnx(encoder, self.index_dir, self.ref.name) is None:
                    self._encoder = encoder
                    return encoder
            self._encoder = OnnxEncoder(folder, threads=os.cpu_count() or 1)
        return self._encoder

    def count_tokens(self, text: str) -> int:
        return self._counter(text) if self._counter else self.encoder.count_tokens(text)

    def max_seq_length(self) -> int:
        if self._encoder is None and self.ref.path is not None:
            length = read_max_seq_length(self.ref.path)
            if length:
                return length
        return self.encoder.max_seq_length


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
            embed_settings=embed_settings, on_progress=on_progress, report=BuildReport, lazy_encoder=_LazyEncoder, keep_onnx=keep_onnx,
        )
    started = time.perf_counter()
    index_dir = Path(index_dir)
    if on_progress is None:
        documents, warnings = load_documents(paths, meta, ocr=ocr, progress=progress)
    else:  # one path at a time, to count them (ids are per path, so they come out the same)
        documents, warnings = [], []
        for number, path in enumerate(paths):
            on_progress("reading", number, len(paths), Path(path).name)
            found, skipped = load_documents([path], meta, ocr=ocr, progress=progress)
            documents += found
            warnings += skipped
        on_progress("reading", len(paths), len(paths), "")
    for warning in warnings:
        log.warning(warning)
    if not documents and not add:
        raise InputError(f"nothing to index in {' '.join(map(str, paths))}: " + ("; ".join(warnings) or f"no files of a supported type ({', '.join(sorted(READERS))})"))

    previous = _existing(index_dir, rebuild)
    ref = resolve_model(model or (previous.manifest.model if previous else None))
    if previous and previous.manifest.model != ref.name:
        if not rebuild:
            raise IndexMismatchError(
                f"index {index_dir} was built with model {previous.manifest.model}, not {ref.name}: "
                f"run `qa build {' '.join(map(str, paths))} --index {index_dir} --model {model} --rebuild` to replace it"
            )
        previous = None
    if encoder is not None and encoder.name != ref.name:
        ref = ModelRef(encoder.name, ref.path)
    lazy = _LazyEncoder(ref, encoder, index_dir)
    chunking = chunking or (previous.manifest.chunk_settings if previous else ChunkSettings())
    chunking = ChunkSettings(min(chunking.max_tokens, lazy.max_seq_length() - 2), chunking.overlap_sentences)

    final_docs, report_lists = _merge(previous, documents, add)
    # a parse made by another parser version is done again; vectors are still reused
    parsed_before = previous.documents if previous and previous.manifest.parser == PARSER_NAME else None
    if on_progress is not None:  # the paragraphs of new and changed documents (annotate's tqdm bar counts them as parsed)
        before = parsed_before or {}
        fresh = sum(len(d.paragraphs) for d in final_docs if d.id not in before or before[d.id].fingerprint != d.fingerprint)
        on_progress("parsing", 0, fresh, "")
    final_docs = annotate(final_docs, parsed_before, progress)
    passages, vectors, embedded, reused = _passages_and_vectors(
        previous, final_docs, chunking, lazy, progress, embed_settings or EmbedSettings(), on_progress
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
    )
    if on_progress is not None:
        on_progress("writing", 0, 1, "")
    data = IndexData(manifest, {d.id: d for d in final_docs}, passages, dense, make_keyword_index(passages))
    write_index(index_dir, data)
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
        **report_lists,
    )


def keep_onnx(encoder: Encoder, index_dir: Path, name: str) -> Path | None:
    """Keep an ONNX export of ``encoder`` with the index for fast queries (qa/onnx_encoder.py).

    Exported once per model and weights; an index built with an ONNX encoder gets a
    copy of its export. A model that cannot be exported leaves queries on
    sentence-transformers, which is slower but gives the same answers.
    """
    folder = onnx_dir(index_dir, name)
    try:
        if isinstance(encoder, OnnxEncoder):
            if read_spec(folder) is None and encoder.folder.resolve() != folder.resolve():
                copy_export(encoder.folder, folder)
            return folder
        return ensure_export(encoder, index_dir, name)
    except Exception as error:  # the index is usable without the export
        log.warning("could not export %s to ONNX (%s: %s); queries will use sentence-transformers", encoder.name, type(error).__name__, error)
        return None


def _merge(previous: IndexData | None, documents: list[Document], add: bool) -> tuple[list[Document], dict[str, list[str]]]:
    before = previous.documents if previous else {}
    incoming = {d.id: d for d in documents}
    added = [d for d in incoming if d not in before]
    changed = [d for d in incoming if d in before and before[d].fingerprint != incoming[d].fingerprint]
    if add:
        final = [incoming.get(doc_id, doc) for doc_id, doc in before.items()] + [incoming[d] for d in added]
        removed: list[str] = []
    else:
        final = list(incoming.values())
        removed = [d for d in before if d not in incoming]
    return final, {"added": added, "changed": changed, "removed": removed}


def _passages_and_vectors(
    previous: IndexData | None,
    documents: Iterable[Document],
    chunking: ChunkSettings,
    lazy: _LazyEncoder,
    progress: bool,
    embed_settings: EmbedSettings,
    on_progress: OnProgress | None = None,
) -> tuple[list[Passage], np.ndarray, int, int]:
    reusable: dict[str, int] = {}
    old_vectors = None
    if previous is not None and previous.passages:
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
    if to_embed:
        log.info("embedding %d passages with %s", len(to_embed), lazy.ref.name)
        if on_progress is None:
            encoded = lazy.encoder.encode(to_embed, batch_size=embed_settings.batch_size, progress=progress)
        else:  # a few batches at a time, counting (the same vectors: each text is encoded on its own)
            step, parts = embed_settings.batch_size * 2, []
            on_progress("embedding", 0, len(to_embed), "")
            for start in range(0, len(to_embed), step):
                parts.append(lazy.encoder.encode(to_embed[start : start + step], batch_size=embed_settings.batch_size))
                on_progress("embedding", min(start + step, len(to_embed)), len(to_embed), "")
            encoded = np.concatenate(parts)
        new_vectors = dict(zip(to_embed, encoded, strict=True))
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
    return passages, vectors, len(to_embed), reused


def _same_paragraphs(old: Document, new: Document) -> bool:
    return [(p.text, p.section, p.page) for p in old.paragraphs] == [(p.text, p.section, p.page) for p in new.paragraphs]


def remove_documents(index_dir: Path, doc_ids: Sequence[str]) -> BuildReport:
    """Drop documents from an index without touching the others' vectors."""
    if database_of(index_dir) is not None:  # a PostgreSQL index (qa/index/pg)
        from qa.index.pg.build import remove_from_database

        return remove_from_database(index_dir, doc_ids, report=BuildReport)
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
