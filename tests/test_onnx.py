"""The ONNX query path: same vectors as sentence-transformers, no torch at query time,
and a fallback to sentence-transformers when an index carries no export."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from qa.engine import Engine
from qa.index.chunk import embedding_text
from qa.index.embed import SentenceTransformerEncoder, TokenCounter, bundled_model_path, load_encoder
from qa.index.onnx_encoder import OnnxEncoder, ensure_export, onnx_dir, read_spec
from qa.index.store import read_index
from qa.text import sentence_spans
from tests.conftest import ROOT

HEAVY = ("torch", "sentence_transformers", "transformers")
QUESTIONS = [
    "how much did the government fund the shelter in 2020?",
    "Who identified victims?",
    "what happened to child soldiers in Afghanistan",
    "x",
]


@pytest.fixture(scope="module")
def onnx_encoder(bundled_index, encoder) -> OnnxEncoder:
    """The export the bundled index's build left next to it."""
    folder = onnx_dir(bundled_index, encoder.name)
    assert read_spec(folder) is not None, "build_index did not keep an ONNX export with the index"
    return OnnxEncoder(folder)


def _gold_questions() -> list[str]:
    return [json.loads(line)["question"] for line in (ROOT / "eval" / "gold.jsonl").read_text().splitlines() if line.strip()]


def test_onnx_vectors_match_sentence_transformers(bundled_index, encoder, onnx_encoder, report_paragraphs):
    passages = [embedding_text(p) for p in read_index(bundled_index).passages]
    sentences = [p[s:e] for p in report_paragraphs for s, e in sentence_spans(p)]
    texts = passages + report_paragraphs + sentences + QUESTIONS
    reference = encoder.encode(texts)
    ours = onnx_encoder.encode(texts, batch_size=8)  # batches mix lengths: padding must not leak into the mean
    assert ours.shape == reference.shape and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() >= 0.9999, f"lowest cosine {cosine.min():.6f} for {texts[int(cosine.argmin())][:60]!r}"
    # One text alone (no padding) gives the same vector as inside a batch.
    alone = onnx_encoder.encode([texts[0]])[0]
    assert float(alone @ ours[0]) >= 0.99999


def test_onnx_over_long_text_is_truncated_like_sentence_transformers(encoder, onnx_encoder, report_paragraphs):
    long_text = " ".join(report_paragraphs)  # far over the 256-piece window
    assert onnx_encoder.count_tokens(long_text) > onnx_encoder.max_seq_length
    cosine = float(onnx_encoder.encode([long_text])[0] @ encoder.encode([long_text])[0])
    assert cosine >= 0.9999


def test_onnx_counts_tokens_like_the_tokenizer(onnx_encoder, report_paragraphs):
    counter = TokenCounter(bundled_model_path() / "tokenizer.json")
    for paragraph in report_paragraphs:
        assert onnx_encoder.count_tokens(paragraph) == counter(paragraph)
    assert onnx_encoder.encode([]).shape == (0, onnx_encoder.dimension)


def test_answers_identical_with_onnx_and_sentence_transformers(bundled_index, encoder, onnx_encoder):
    """The fast path must not move `qa eval`: same hits, same answers on the gold questions."""
    questions = _gold_questions()
    reference = Engine.load(bundled_index, encoder=encoder).ask_many(questions)
    fast = Engine.load(bundled_index, encoder=onnx_encoder).ask_many(questions)
    for ref, ours in zip(reference, fast, strict=True):
        ref_dict, our_dict = ref.to_dict(), ours.to_dict()
        assert [(c["doc"], c["paragraph"]) for c in our_dict["citations"]] == [(c["doc"], c["paragraph"]) for c in ref_dict["citations"]], ref.question
        assert our_dict["answer"] == ref_dict["answer"], ref.question
        assert our_dict["confidence"] == pytest.approx(ref_dict["confidence"], abs=1e-3), ref.question


def test_engine_prefers_export_and_falls_back_without_it(bundled_index, tmp_path):
    assert isinstance(load_encoder(None, index_dir=bundled_index), OnnxEncoder)
    bare = tmp_path / "bare"
    shutil.copytree(bundled_index, bare)
    shutil.rmtree(bare / "onnx")
    engine = Engine.load(bare)
    answer = engine.ask(QUESTIONS[0])
    assert isinstance(engine.encoder, SentenceTransformerEncoder)
    assert answer.citations and "253,670" in answer.to_dict()["answer"]
    # A damaged export is not fatal either: queries fall back to sentence-transformers.
    broken = tmp_path / "broken"
    shutil.copytree(bundled_index, broken)
    (next((broken / "onnx").iterdir()) / "model.onnx").write_bytes(b"not a model")
    assert isinstance(load_encoder(None, index_dir=broken), SentenceTransformerEncoder)


def test_export_is_kept_and_not_redone(encoder, tmp_path):
    folder = ensure_export(encoder, tmp_path / "ix")
    assert folder is not None
    stamp = (folder / "model.onnx").stat().st_mtime_ns
    again = ensure_export(encoder, tmp_path / "ix")
    assert again == folder and (folder / "model.onnx").stat().st_mtime_ns == stamp
    spec = read_spec(folder)
    assert spec["opset"] == 17 and spec["pooling"] == "mean" and spec["dimension"] == encoder.dimension
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")], "temporary export folders left behind"


def _modules_after(args: list[str]) -> tuple[list[str], str]:
    code = (
        "import sys\nfrom qa.cli import main\n"
        f"try:\n    code = main({args!r})\nexcept SystemExit as e:\n    code = e.code\n"
        f"print('MODULES', sorted(m for m in {HEAVY!r} if m in sys.modules), code)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=180)
    line = [x for x in done.stdout.splitlines() if x.startswith("MODULES")][-1]
    return json.loads(line.split(" ", 1)[1].rsplit(" ", 1)[0].replace("'", '"')), done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["info", "--index", "{index}"],
        ["ask", "how much did the government fund the shelter in 2020?", "--index", "{index}"],
        ["ask", "", "--index", "{index}"],
        ["ask", "anything", "--index", "{missing}"],
        ["build", str(ROOT / "data"), "--index", "{index}", "--quiet"],  # nothing changed: nothing loaded
    ],
    ids=["help", "info", "ask", "empty-question", "missing-index", "unchanged-build"],
)
def test_cli_paths_import_no_torch(args, bundled_index, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    filled = [a.format(index=index, missing=tmp_path / "nowhere") for a in args]
    modules, output = _modules_after(filled)
    assert modules == [], f"{' '.join(args)} imported {modules}:\n{output}"
    if args[0] == "ask" and args[1].startswith("how"):
        assert "253,670" in output


def test_bf16_passage_vectors_stay_within_1e4_cosine_of_fp32(encoder, report_paragraphs):
    """`qa build --precision bf16` (the default where the CPU multiplies bf16 natively)."""
    from qa.index.embed import build_precision, native_bf16, resolve_model

    sentences = [p[s:e] for p in report_paragraphs for s, e in sentence_spans(p)]
    texts = report_paragraphs + sentences[:40] + QUESTIONS
    bf16 = SentenceTransformerEncoder(resolve_model(None), precision="bf16")
    cosine = (bf16.encode(texts) * encoder.encode(texts)).sum(axis=1)
    assert cosine.min() >= 0.9999, f"lowest cosine {cosine.min():.6f}"
    assert build_precision("auto") == ("bf16" if native_bf16() else "fp32")
    assert build_precision("fp32") == "fp32"
    with pytest.raises(ValueError, match="auto, fp32 or bf16"):
        build_precision("int4")
