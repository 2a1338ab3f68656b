"""The query-time encoder: the same model exported to ONNX, run by onnxruntime.

Importing sentence-transformers costs 7-9 s and torch 2 s on a small machine; a
`qa ask` from a script would pay that on every call. onnxruntime and `tokenizers`
import in about 0.2 s and encode a short question about three times faster. So a
build exports the model once (``torch.onnx.export``, opset 17, dynamic batch and
sequence axes) into the index folder, and queries run it here without torch.

The encoder reproduces sentence-transformers exactly: the same tokenizer with the
same truncation (``max_seq_length``) and lower-casing, the transformer's last hidden
state, mean pooling over the attention mask (sum / clamp(count, 1e-9)) and L2
normalisation (clamp(norm, 1e-12)). Vectors agree with sentence-transformers to a
cosine above 0.9999 (tests/test_onnx.py); weights stay fp32 so `qa eval` figures do
not move.

Layout, one folder per model, shared by every generation of the index::

    index/<name>/onnx/<model-slug>/
      model.onnx        the transformer, inputs input_ids / attention_mask / token_type_ids
      tokenizer.json    the model's fast tokenizer
      encoder.json      model name, dimension, max_seq_length, pooling, weights fingerprint

The folder is written under a temporary name and renamed into place, so a reader
never sees half an export, and it is rewritten only when the weights change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qa.errors import ModelError

log = logging.getLogger(__name__)

ONNX_FOLDER = "onnx"
OPSET = 17
LAYOUT_VERSION = 1
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_dir(index_dir: Path, model_name: str) -> Path:
    """Where the export of ``model_name`` lives inside ``index_dir``."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model_name).strip("_")[-80:] or "model"
    return Path(index_dir) / ONNX_FOLDER / slug


def read_spec(folder: Path) -> dict[str, Any] | None:
    """The export's description, or None when there is no complete export."""
    try:
        spec = json.loads((folder / "encoder.json").read_text())
    except (OSError, ValueError):
        return None
    if spec.get("layout") != LAYOUT_VERSION or not (folder / "model.onnx").is_file() or not (folder / "tokenizer.json").is_file():
        return None
    return spec


class OnnxEncoder:
    """Encoder protocol (qa.embed.Encoder) on onnxruntime + tokenizers, no torch."""

    def __init__(self, folder: Path, threads: int | None = None):
        spec = read_spec(folder)
        if spec is None:
            raise ModelError(f"no ONNX export in {folder}: rebuild the index with `qa build ... --rebuild`")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.name: str = spec["model"]
        self.dimension: int = int(spec["dimension"])
        self.max_seq_length: int = int(spec["max_seq_length"])
        self._lower = bool(spec.get("do_lower_case", False))
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._tokenizer.no_padding()
        self._counter = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._counter.no_truncation()
        self._counter.no_padding()
        options = ort.SessionOptions()
        # One thread by default: a question is a dozen tokens, and splitting it across
        # threads costs more than it saves (5.9 ms vs 14 ms a question on 2 busy cores).
        # Builds encode batches of 32 passages and ask for every core.
        options.intra_op_num_threads = threads or int(os.environ.get("QA_THREADS", "0")) or 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self._inputs = [i.name for i in self._session.get_inputs()]

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([t.lower() if self._lower else t for t in texts])
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.int64)
        types = np.zeros((len(texts), length), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            mask[row, :n] = encoding.attention_mask
            types[row, :n] = encoding.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        (tokens,) = self._session.run(None, {name: feeds[name] for name in self._inputs})
        return pool(tokens, mask)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # sentence-transformers strips each text before tokenising; do the same.
        texts = [str(t).strip() for t in texts]
        # Longest first, as sentence-transformers does: batches of similar length waste no padding.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        bar = None
        if progress and len(texts) > batch_size:
            from tqdm import tqdm

            bar = tqdm(total=len(texts), desc="embedding", unit="passage")
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._run([texts[i] for i in rows])
            if bar is not None:
                bar.update(len(rows))
        if bar is not None:
            bar.close()
        return out

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text, add_special_tokens=False).ids)


def pool(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over real tokens then L2 normalisation, as sentence-transformers' Pooling + Normalize."""
    weights = mask[..., None].astype(np.float32)
    summed = (tokens * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    mean = summed / counts
    norms = np.clip(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12, None)
    return np.ascontiguousarray(mean / norms, dtype=np.float32)


# --- export (build time; imports torch) ---------------------------------------------


def _st_model(encoder: Any) -> Any:
    """The SentenceTransformer inside a qa SentenceTransformerEncoder, or None."""
    return getattr(encoder, "_model", None)


def exportable(encoder: Any) -> str | None:
    """Why ``encoder`` cannot be exported, or None when it can (Transformer + mean pooling + Normalize)."""
    model = _st_model(encoder)
    if model is None:
        return "not a sentence-transformers model"
    modules = list(model)
    kinds = [type(m).__name__ for m in modules]
    if not kinds or kinds[0] != "Transformer" or "Pooling" not in kinds:
        return f"modules {kinds} are not Transformer + Pooling"
    pooling = modules[kinds.index("Pooling")]
    mode = getattr(pooling, "pooling_mode", None) or getattr(pooling, "get_pooling_mode_str", lambda: "")()
    if mode != "mean":
        return f"pooling mode {mode!r} is not mean"
    extra = [k for k in kinds if k not in ("Transformer", "Pooling", "Normalize")]
    if extra:
        return f"modules {extra} are not exported"
    return None


def fingerprint(encoder: Any) -> str:
    """A hash of the weights, so an export is redone only when they change."""
    state = _st_model(encoder)[0].auto_model.state_dict()
    digest = hashlib.sha256()
    for key in sorted(state):
        digest.update(key.encode())
        digest.update(state[key].detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()[:32]


_EXPORTS: dict[str, Path] = {}  # fingerprint -> an export made earlier in this process


def ensure_export(encoder: Any, index_dir: Path, name: str | None = None) -> Path | None:
    """Export ``encoder`` next to the index unless an identical export is there.

    Returns the export folder, or None when the model cannot be exported (then
    queries fall back to sentence-transformers). An export already made in this
    process is copied rather than traced again.
    """
    name = name or encoder.name  # the manifest's name for the model, which queries look up
    reason = exportable(encoder)
    folder = onnx_dir(index_dir, name)
    if reason is not None:
        log.info("not exporting %s to ONNX: %s; queries will use sentence-transformers", encoder.name, reason)
        return None
    print_ = fingerprint(encoder)
    spec = read_spec(folder)
    if spec is not None and spec.get("fingerprint") == print_ and spec.get("model") == name:
        return folder
    source = _EXPORTS.get(print_)
    if source is not None and (read_spec(source) or {}).get("model") == name:
        copy_export(source, folder)
    else:
        _install(folder, lambda work: _export(encoder, name, work, print_))
    _EXPORTS[print_] = folder
    return folder


def copy_export(source: Path, folder: Path) -> None:
    """Copy a complete export (e.g. into another index) atomically.

    Files are hard-linked where the file system allows: an export is never changed
    in place (a new one replaces the folder), so indexes can share its 87 MB."""

    def copy(work: Path) -> None:
        for name in ("model.onnx", "tokenizer.json", "encoder.json"):
            try:
                os.link(source / name, work / name)
            except OSError:
                shutil.copyfile(source / name, work / name)

    _install(folder, copy)


def _install(folder: Path, fill: Any) -> None:
    """Fill a temporary folder, then rename it into place: readers see all or nothing."""
    work = folder.parent / f".tmp-{folder.name}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    work.mkdir(parents=True)
    try:
        fill(work)
        for file in work.iterdir():
            with open(file, "rb") as handle:
                os.fsync(handle.fileno())
        old = folder.parent / f".old-{folder.name}-{os.getpid()}"
        if folder.exists():
            folder.rename(old)
        work.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _export(encoder: Any, name: str, work: Path, print_: str) -> None:
    import torch

    model = _st_model(encoder)
    transformer = model[0]
    auto_model = transformer.auto_model
    tokenizer = transformer.tokenizer
    if not getattr(tokenizer, "is_fast", False):
        raise ModelError(f"model {encoder.name} has no fast tokenizer (tokenizer.json): cannot export it to ONNX")
    tokenizer.backend_tokenizer.save(str(work / "tokenizer.json"))

    class LastHidden(torch.nn.Module):
        def __init__(self, inner: Any):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    sample = tokenizer(["a short example", "a second, slightly longer example sentence"], padding=True, return_tensors="pt")
    args = tuple(sample.get(name, torch.zeros_like(sample["input_ids"])) for name in INPUTS)
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUTS}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    was_training = auto_model.training
    auto_model.eval()
    with torch.no_grad(), warnings.catch_warnings():
        # Tracing warns about shape checks it freezes; the dynamic axes are verified
        # instead by tests/test_onnx.py (mixed-length batches match sentence-transformers).
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHidden(auto_model),
            args=args,
            f=str(work / "model.onnx"),
            input_names=list(INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    auto_model.train(was_training)
    spec = {
        "layout": LAYOUT_VERSION,
        "model": name,
        "dimension": int(encoder.dimension),
        "max_seq_length": int(encoder.max_seq_length),
        "do_lower_case": bool(getattr(transformer, "do_lower_case", False)),
        "pooling": "mean",
        "normalize": True,
        "opset": OPSET,
        "fingerprint": print_,
        "torch": torch.__version__,
    }
    (work / "encoder.json").write_text(json.dumps(spec, indent=1))
