"""The stages every index store runs before it writes: read the files, settle the model
and the chunking against what the index already holds, merge, parse, embed.

The folder build (``build.py``) and the PostgreSQL build (``pg/build.py``) differ only in
where passages and vectors go; both take these stages from here, so a reader, parser or
progress change reaches both, and neither imports the other.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from qa.config import ChunkSettings
from qa.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, InputError
from qa.index import chunk
from qa.index.embed import (
    Encoder,
    ModelRef,
    SentenceTransformerEncoder,
    TokenCounter,
    build_precision,
    load_encoder,
    read_max_seq_length,
    resolve_model,
)
from qa.index.onnx_encoder import OnnxEncoder, copy_export, ensure_export, onnx_dir, read_spec
from qa.index.parse import PARSER_NAME, annotate, load_parser
from qa.index.store import IndexData
from qa.ingest import READERS, load_documents
from qa.types import Document, Span

log = logging.getLogger(__name__)

#: ``on_progress(stage, done, total, item)``: stage "reading" (files, ``item`` the file
#: name), "pages" (the pages of a PDF being read, ``item`` its name), "parsing"
#: (paragraphs), "embedding" (passages) or "writing" (steps); called
#: when a stage starts and as it advances, for the app's upload bar (the CLI's bars are
#: tqdm's, from ``progress``).
OnProgress = Callable[[str, int, int, str], None]


@dataclass(frozen=True)
class BuildReport:
    index: Path | str
    documents: int
    passages: int
    embedded: int  # passages sent to the model in this build
    reused: int  # passages whose vectors came from the previous index
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    resumed: int = 0  # passages embedded by an earlier run of this build that was stopped

    def summary(self) -> str:
        parts = [f"{self.documents} documents, {self.passages} passages in {self.index}"]
        parts.append(f"embedded {self.embedded}, reused {self.reused}" + (f", resumed {self.resumed}" if self.resumed else ""))
        for label, names in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            if names:
                parts.append(f"{label} {len(names)}")
        return "; ".join(parts) + f" ({self.seconds:.1f} s)"


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


class LazyEncoder:
    """Loads the model on first use: a build with nothing new never imports torch.

    With ``index_dir`` it prefers the ONNX export kept with the index (exporting it
    first when it is missing), so builds embed at onnxruntime speed and with exactly
    the encoder queries will use.
    """

    def __init__(self, ref: ModelRef, encoder: Encoder | None, index_dir: Path | None = None):
        self.ref = ref
        self._encoder = encoder
        self._given = encoder is not None
        self._bf16: Encoder | None = None
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

    def for_passages(self, precision: str) -> Encoder:
        """The encoder passages go through: ``encoder``, or with ``precision`` settling to
        bf16 the torch model in bfloat16 (2-3x faster on a CPU with AMX or AVX512-BF16;
        onnxruntime has no bf16 kernels for CPUs). Questions keep the fp32 ONNX export,
        which is written first when missing."""
        if self._given or build_precision(precision) == "fp32":
            return self.encoder
        if self._bf16 is None:
            try:
                bf16 = SentenceTransformerEncoder(self.ref, precision="bf16")
            except Exception as error:  # e.g. torch not installed: the fp32 encoder still works
                log.warning("cannot embed in bf16 (%s); using fp32", error)
                return self.encoder
            if self._encoder is None and self.index_dir is not None:
                keep_onnx(bf16, self.index_dir, self.ref.name)  # the questions' encoder, exported once
            log.info("passages are embedded in bf16 (questions in fp32)")
            self._bf16 = bf16
        return self._bf16

    def count_tokens(self, text: str) -> int:
        return self._counter(text) if self._counter else self.encoder.count_tokens(text)

    def max_seq_length(self) -> int:
        if self._encoder is None and self.ref.path is not None:
            length = read_max_seq_length(self.ref.path)
            if length:
                return length
        return self.encoder.max_seq_length


def previous_index(read_it: Callable[[], IndexData], rebuild: bool) -> IndexData | None:
    """The index a build starts from: None when there is none, or when ``rebuild`` replaces
    one built with another model or format (or a damaged one), which is refused otherwise."""
    try:
        return read_it()
    except IndexMissingError:
        return None
    except (IndexMismatchError, IndexCorruptError):
        if rebuild:
            return None
        raise


def same_embedding_text(previous: IndexData | None) -> bool:
    """Whether the vectors of ``previous`` embed its passages as ``chunk.embedding_text``
    makes them now: only then are they reused (the manifest keeps the recipe's version)."""
    return previous is not None and previous.manifest.embedding_text == chunk.EMBEDDING_TEXT_VERSION


def read(
    paths: Sequence[Path], meta: dict[str, str] | None, *, add: bool, ocr: bool, progress: bool, on_progress: OnProgress | None
) -> tuple[list[Document], list[str]]:
    """The documents under ``paths`` and a warning per file skipped; InputError when a build
    (not an add) would index nothing."""
    if on_progress is None:
        documents, warnings = load_documents(paths, meta, ocr=ocr, progress=progress)
    else:  # one path at a time, to count them (ids are per path, so they come out the same)
        documents, warnings = [], []
        def pages(name: str, done: int, total: int) -> None:
            on_progress("pages", done, total, name)

        for number, path in enumerate(paths):
            on_progress("reading", number, len(paths), Path(path).name)
            found, skipped = load_documents([path], meta, ocr=ocr, progress=progress, on_page=pages)
            documents += found
            warnings += skipped
        on_progress("reading", len(paths), len(paths), "")
    for warning in warnings:
        log.warning(warning)
    if not documents and not add:
        raise InputError(f"nothing to index in {' '.join(map(str, paths))}: " + ("; ".join(warnings) or f"no files of a supported type ({', '.join(sorted(READERS))})"))
    return documents, warnings


@dataclass
class Settled:
    """The model and chunking a build uses; ``previous`` is None when it starts over."""

    previous: IndexData | None
    ref: ModelRef
    lazy: LazyEncoder
    chunking: ChunkSettings


def settle(
    previous: IndexData | None, model: str | None, encoder: Encoder | None, chunking: ChunkSettings | None, *,
    rebuild: bool, name: str, paths: Sequence[Path], home: Path,
) -> Settled:
    """The model (the index's own unless another is asked for, refused without --rebuild),
    and windows that fit it."""
    ref = resolve_model(model or (previous.manifest.model if previous else None))
    if previous and previous.manifest.model != ref.name:
        if not rebuild:
            raise IndexMismatchError(
                f"index {name} was built with model {previous.manifest.model}, not {ref.name}: "
                f"run `qa build {' '.join(map(str, paths))} --index {name} --model {model} --rebuild` to replace it"
            )
        previous = None
    if encoder is not None and encoder.name != ref.name:
        ref = ModelRef(encoder.name, ref.path)
    lazy = LazyEncoder(ref, encoder, home)
    chunking = chunking or (previous.manifest.chunk_settings if previous else ChunkSettings())
    chunking = ChunkSettings(min(chunking.max_tokens, lazy.max_seq_length() - 2), chunking.overlap_sentences)
    return Settled(previous, ref, lazy, chunking)


def merge(before: Mapping[str, Document], documents: list[Document], add: bool) -> tuple[list[Document], dict[str, list[str]]]:
    """The documents the index will hold, and which were added, changed and removed."""
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


def parse(
    final: list[Document], previous: IndexData | None, progress: bool, on_progress: OnProgress | None, cache: ParseCache | None = None
) -> list[Document]:
    """Typed phrases on every paragraph; unchanged documents keep their parse, unless it
    was made by another parser version. With a ``cache``, documents a stopped build
    already parsed are taken from it, and each one parsed now is kept in it."""
    parsed_before = dict(previous.documents) if previous and previous.manifest.parser == PARSER_NAME else {}
    if cache is not None:
        for document in final:
            kept = cache.load(document)
            if kept is not None:
                parsed_before[document.id] = kept
    if on_progress is not None:  # the paragraphs of new and changed documents (annotate's tqdm bar counts them as parsed)
        fresh = sum(len(d.paragraphs) for d in final if d.id not in parsed_before or parsed_before[d.id].fingerprint != d.fingerprint)
        on_progress("parsing", 0, fresh, "")
    return annotate(final, parsed_before, progress, on_document=cache.save if cache is not None else None)


class ParseCache:
    """Documents a build parsed before it was stopped, one JSON file each (written to a
    temporary name, then renamed), kept beside ``VectorCache`` until the index is written.
    Named by the document's fingerprint and checked against its paragraphs on load: a
    file read differently since (another reader version) is parsed again."""

    def __init__(self, index_dir: Path):
        self.folder = Path(index_dir) / ".build-cache" / "parse" / "".join(c if c.isalnum() else "-" for c in PARSER_NAME)

    def _file(self, document: Document) -> Path:
        return self.folder / f"{document.fingerprint[:32]}-{hashlib.sha256(document.id.encode()).hexdigest()[:12]}.json"

    def load(self, document: Document) -> Document | None:
        try:
            spans = json.loads(self._file(document).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        texts = [p.text for p in document.paragraphs]
        if not isinstance(spans, dict) or spans.get("texts") != texts or len(spans.get("spans", ())) != len(texts):
            return None
        paragraphs = tuple(
            replace(p, spans=tuple(Span(*s) for s in found)) for p, found in zip(document.paragraphs, spans["spans"], strict=True)
        )
        return replace(document, paragraphs=paragraphs)

    def save(self, document: Document) -> None:
        if load_parser() is None:  # spans left empty for want of the parser are not a parse to keep
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(document)
        data = {"texts": [p.text for p in document.paragraphs], "spans": [[list(s) for s in p.spans] for p in document.paragraphs]}
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)


class VectorCache:
    """Vectors a build embedded before it was stopped (Ctrl-C, a killed process), kept in
    the index folder until the build is written, so the next run embeds only the rest.

    Each chunk is a ``.npy`` of vectors and a ``.json`` of the texts they embed, the JSON
    renamed into place last: a chunk the kill cut short has no JSON and is ignored. Plain
    arrays and JSON, no pickle; the folder is per model and per recipe of the embedded
    text, so another model, or a text made another way, starts afresh.
    """

    CHUNK = 1024  # passages per chunk: at most this much work is lost to a kill

    def __init__(self, index_dir: Path, model: str):
        self.root = Path(index_dir) / ".build-cache"
        self.folder = self.root / ("".join(c if c.isalnum() else "-" for c in model) + f"-text{chunk.EMBEDDING_TEXT_VERSION}")

    def load(self) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for keys_file in sorted(self.folder.glob("chunk-*.json")):
            try:
                keys = json.loads(keys_file.read_text(encoding="utf-8"))
                vectors = np.load(keys_file.with_suffix(".npy"), allow_pickle=False)
            except (OSError, ValueError):
                continue
            if isinstance(keys, list) and len(keys) == len(vectors):
                found.update(zip(keys, vectors, strict=True))
        return found

    def save(self, keys: list[str], vectors: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"chunk-{time.time_ns()}-{os.getpid()}"
        with open(self.folder / f"{name}.npy.tmp", "wb") as file:
            np.save(file, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
        os.replace(self.folder / f"{name}.npy.tmp", self.folder / f"{name}.npy")
        (self.folder / f"{name}.json.tmp").write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
        os.replace(self.folder / f"{name}.json.tmp", self.folder / f"{name}.json")

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def encode(
    lazy: LazyEncoder, texts: list[str], batch_size: int, progress: bool, on_progress: OnProgress | None,
    cache: VectorCache | None = None, precision: str = "fp32",
) -> np.ndarray:
    """Vectors of ``texts``. With ``on_progress`` or a ``cache``: longest first (batches
    of like length waste no padding), a chunk at a time, each chunk counted and kept in the
    cache (the same vectors: each text is encoded on its own)."""
    encoder = lazy.for_passages(precision)
    if on_progress is None and cache is None:
        return encoder.encode(texts, batch_size=batch_size, progress=progress)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    step = batch_size * 2 if on_progress is not None else VectorCache.CHUNK  # the bar moves often; the cache fills in chunks
    out: np.ndarray | None = None
    kept: list[int] = []  # rows encoded but not yet in the cache
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(texts), desc="embedding", unit="passage")  # passages/s and time left
    if on_progress is not None:
        on_progress("embedding", 0, len(texts), "")
    for start in range(0, len(texts), step):
        rows = order[start : start + step]
        vectors = encoder.encode([texts[i] for i in rows], batch_size=batch_size)
        if out is None:
            out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
        out[rows] = vectors
        kept += rows
        if cache is not None and (len(kept) >= VectorCache.CHUNK or start + step >= len(texts)):
            cache.save([texts[i] for i in kept], out[kept])
            kept = []
        if bar is not None:
            bar.update(len(rows))
        if on_progress is not None:
            on_progress("embedding", min(start + step, len(texts)), len(texts), "")
    if bar is not None:
        bar.close()
    return out if out is not None else np.zeros((0, lazy.encoder.dimension), dtype=np.float32)
