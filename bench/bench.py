"""Speed and scale: our pipeline beside the naive one, on the same corpus and machine.

    .venv/bin/python bench/bench.py                       # bundled, 10k, 100k passages, 1M vectors
    .venv/bin/python bench/bench.py --sizes bundled --million 0   # a quick run

Prints one table per run (and writes it to bench/results/); see docs/speed.md for what
each row means and how the large corpora are made (bench/corpus.py). The naive
pipeline is bench/naive.py: sentence-transformers + IndexFlatIP over whole paragraphs.

- build: a fresh process indexing the corpus. At 10k/100k the model's time is
  measured on a sample of the same texts and added (embedding 100k passages takes
  an hour on two cores); the rest of the build runs in full.
- peak memory: maximum RSS of the process (GNU time), or of the app's process tree.
- cold ask: a fresh process answering one question (`qa ask` / `naive.py ask`).
- warm query: in one process, every gold question after a warm-up pass; end to end
  for ours (encode, both retrievers, answer extraction), encode + search for naive.
- app ready: from starting `python app.py` until its port answers HTTP.
- 1M: search only, on a million vectors built from real sentence embeddings.

Timings on a shared machine are noisy: medians of --repeats runs; load average printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ itself heads sys.path and `bench` would be this file: put the root there.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from bench import corpus as corpora  # noqa: E402

PY = sys.executable
QA = [PY, "-m", "qa.cli"]
NAIVE = [PY, str(ROOT / "bench" / "naive.py")]
QUESTION = "how much did the government fund the shelter in 2020?"


# ------------------------------------------------------------------ measuring


@dataclass
class Run:
    wall: float
    rss_mb: float
    output: str


def timed(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Wall time and peak RSS of a fresh process, via GNU time."""
    with tempfile.NamedTemporaryFile(suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *cmd], capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})})
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
        rss_kb = float(Path(report.name).read_text().split()[-1])
    return Run(wall, rss_kb / 1024, done.stdout)


def median_run(cmd: list[str], repeats: int, env: dict[str, str] | None = None, before=None) -> Run:
    runs = []
    for _ in range(repeats):
        if before:
            before()
        runs.append(timed(cmd, env))
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.rss_mb for r in runs), runs[-1].output)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_ready(cmd: list[str], port: int, timeout: float = 120) -> tuple[float, float]:
    """Seconds from start until the port answers HTTP, and the process tree's RSS then."""
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < timeout:
            if process.poll() is not None:
                raise RuntimeError(f"{' '.join(cmd)} exited with {process.returncode}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read(1)  # noqa: S310 (local)
                ready = time.perf_counter() - started
                tree = psutil.Process(process.pid)
                rss = sum(p.memory_info().rss for p in [tree, *tree.children(recursive=True)]) / 2**20
                return ready, rss
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{' '.join(cmd)} not ready after {timeout} s")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = np.array(seconds) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def disk_mb(path: Path) -> float:
    path = Path(path)
    files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files) / 2**20


def gold_questions() -> list[str]:
    return [json.loads(line)["question"] for line in (ROOT / "eval" / "gold.jsonl").read_text().splitlines() if line.strip()]


def warm_latency(ask, questions: list[str], rounds: int) -> tuple[float, float]:
    """p50/p95 ms of ``ask`` over ``rounds`` passes, after a warm-up pass."""
    for q in questions:
        ask(q)
    times = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            ask(q)
            times.append(time.perf_counter() - started)
    return percentiles(times)


def warm_ours(index: Path, questions: list[str], rounds: int) -> tuple[float, float]:
    from qa.engine import Engine

    return warm_latency(Engine.load(index).ask, questions, rounds)


def warm_naive(out: Path, questions: list[str], rounds: int, model) -> tuple[float, float]:
    from bench.naive import Naive

    return warm_latency(Naive(out, model).ask, questions, rounds)


# ------------------------------------------------------------------ the table


class Table:
    def __init__(self, title: str):
        self.title = title
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, corpus: str, metric: str, ours: float | None, naive: float | None, unit: str, better: str = "lower") -> None:
        ratio = ""
        if ours and naive:
            ratio = f"{(naive / ours if better == 'lower' else ours / naive):.1f}x"
        self.rows.append((corpus, metric, _fmt(ours, unit), _fmt(naive, unit), ratio))
        print(f"  {corpus:>8} | {metric:<34} | {_fmt(ours, unit):>12} | {_fmt(naive, unit):>12} | {ratio}", flush=True)

    def note(self, corpus: str, text: str) -> None:
        self.rows.append((corpus, text, "", "", ""))
        print(f"  {corpus:>8} | {text}", flush=True)

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", "| corpus | metric | ours | naive | ours better by |", "|---|---|---:|---:|---:|"]
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return "\n".join(lines) + "\n"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "":
        return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"


# ------------------------------------------------------------------ sections


def bundled(table: Table, work: Path, repeats: int, rounds: int, naive_model) -> None:
    report = corpora.REPORT
    ours_ix, naive_ix = work / "bundled-ours", work / "bundled-naive"
    build = median_run([*QA, "build", str(report), "--index", str(ours_ix), "--quiet"], repeats, before=lambda: shutil.rmtree(ours_ix, ignore_errors=True))
    nbuild = median_run([*NAIVE, "build", str(report), str(naive_ix)], repeats)
    from qa.index.store import read_manifest

    passages = read_manifest(ours_ix).passages
    table.add("bundled", f"build, fresh process ({passages} passages)", build.wall, nbuild.wall, "s")
    table.add("bundled", "build peak memory", build.rss_mb, nbuild.rss_mb, "MB")
    table.add("bundled", "index on disk (ours without ONNX model)", disk_mb(ours_ix) - disk_mb(ours_ix / "onnx"), disk_mb(naive_ix), "MB")
    table.add("bundled", "ONNX model kept with the index", disk_mb(ours_ix / "onnx"), None, "MB")
    cold = median_run([*QA, "ask", QUESTION, "--index", str(ours_ix)], repeats)
    ncold = median_run([*NAIVE, "ask", str(naive_ix), QUESTION], repeats)
    table.add("bundled", "qa ask cold wall (target <= 1.5 s)", cold.wall, ncold.wall, "s")
    table.add("bundled", "qa ask cold peak memory (<= 350 MB)", cold.rss_mb, ncold.rss_mb, "MB")
    questions = gold_questions()
    p50, p95 = warm_ours(ours_ix, questions, rounds)
    n50, n95 = warm_naive(naive_ix, questions, rounds, naive_model)
    table.add("bundled", "warm query p50 (target <= 10 ms)", p50, n50, "ms")
    table.add("bundled", "warm query p95", p95, n95, "ms")
    port = free_port()
    runs = [app_ready([PY, "app.py", "--index", str(ours_ix), "--port", str(port)], port) for _ in range(max(1, repeats - 1))]
    ready, rss = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    nready, nrss = app_ready([*NAIVE, "app", str(naive_ix), "--port", str(port)], port)
    table.add("bundled", "app ready (target <= 6 s)", ready, nready, "s")
    table.add("bundled", "app memory when ready", rss, nrss, "MB")


def build_throughput(table: Table, work: Path, pool: list[str], onnx) -> None:
    """A real build (real model) of 400 paragraphs against the bare encoder on the same passages."""
    from qa.index.build import build_index
    from qa.index.store import read_index

    folder = work / "throughput-corpus"
    shutil.rmtree(folder, ignore_errors=True)
    corpora.write_corpus(folder, corpora.paragraphs(400, pool, seed=11), pool)
    index = work / "throughput-index"
    shutil.rmtree(index, ignore_errors=True)
    from qa.index.chunk import embedding_text

    onnx.encode(["warm up"])
    started = time.perf_counter()
    report = build_index([folder], index, encoder=onnx)
    build_seconds = time.perf_counter() - started
    texts = [embedding_text(p) for p in read_index(index).passages]  # what the build embedded
    bare = []
    for _ in range(2):  # the encoder alone, before and after a second build: the better run of each
        started = time.perf_counter()
        onnx.encode(texts)
        bare.append(time.perf_counter() - started)
        if len(bare) == 1:
            shutil.rmtree(index)
            started = time.perf_counter()
            build_index([folder], index, encoder=onnx)
            build_seconds = min(build_seconds, time.perf_counter() - started)
    bare_seconds = min(bare)
    table.add("400 par.", f"build vs bare encoder, {report.passages} passages/s", report.passages / build_seconds, report.passages / bare_seconds, "/s", better="higher")
    table.note("400 par.", f"build throughput = {bare_seconds / build_seconds:.0%} of the bare encoder's (target >= 90%)")


def scale(table: Table, work: Path, passages_wanted: int, pool: list[str], pool_vectors: np.ndarray, onnx, naive_model, repeats: int, rounds: int, rates: dict) -> None:
    from qa.index.build import build_index  # noqa: F401  (imported here so a broken install fails early)
    from qa.index.store import read_manifest

    label = f"{passages_wanted // 1000}k"
    folder = work / f"corpus-{label}"
    paragraph_count = int(passages_wanted / rates["passages_per_paragraph"])
    ids = corpora.paragraphs(paragraph_count, pool, seed=passages_wanted)
    shutil.rmtree(folder, ignore_errors=True)
    texts = corpora.write_corpus(folder, ids, pool)
    vectors = np.ascontiguousarray([pool_vectors[i].mean(axis=0) for i in ids], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    np.save(work / f"naive-{label}.npy", vectors)

    ours_ix, naive_ix = work / f"{label}-ours", work / f"{label}-naive"
    shutil.rmtree(ours_ix, ignore_errors=True)
    build = timed([PY, str(Path(__file__)), "_pool_build", str(folder), str(ours_ix), str(work / "pool.json"), str(work / "pool.npy")])
    nbuild = timed([*NAIVE, "build", str(folder), str(naive_ix), "--vectors", str(work / f"naive-{label}.npy")])
    manifest = read_manifest(ours_ix)
    n = manifest.passages
    embed_ours = n / rates["ours_passages_per_s"]
    embed_naive = len(texts) / rates["naive_paragraphs_per_s"]
    table.note(label, f"{len(texts):,} paragraphs -> {n:,} passages; dense index {manifest.dense_index['type']}")
    table.add(label, "build: pipeline without the model", build.wall, nbuild.wall, "s")
    table.add(label, "build: + model time (from the sample)", build.wall + embed_ours, nbuild.wall + embed_naive, "s")
    table.add(label, "build peak memory (without the model)", build.rss_mb, nbuild.rss_mb, "MB")
    table.add(label, "index on disk (ours without ONNX model)", disk_mb(ours_ix) - disk_mb(ours_ix / "onnx"), disk_mb(naive_ix), "MB")
    cold = median_run([*QA, "ask", QUESTION, "--index", str(ours_ix)], repeats)
    ncold = median_run([*NAIVE, "ask", str(naive_ix), QUESTION], repeats)
    table.add(label, "qa ask cold wall", cold.wall, ncold.wall, "s")
    table.add(label, "qa ask cold peak memory", cold.rss_mb, ncold.rss_mb, "MB")
    questions = gold_questions()
    p50, p95 = warm_ours(ours_ix, questions, rounds)
    n50, n95 = warm_naive(naive_ix, questions, rounds, naive_model)
    table.add(label, "warm query p50" + (" (target <= 20 ms)" if label == "100k" else ""), p50, n50, "ms")
    table.add(label, "warm query p95", p95, n95, "ms")


def million(table: Table, work: Path, count: int, pool_vectors: np.ndarray, queries: np.ndarray, rates: dict) -> None:
    import faiss
    import psutil

    from qa.index.dense_index import choose, make_dense_index

    label = f"{count / 1e6:g}M" if count >= 1_000_000 else f"{count // 1000}k"
    me = psutil.Process()
    vectors = corpora.mixed_vectors(pool_vectors, count)
    held_out = corpora.mixed_vectors(pool_vectors, 150, seed=99)
    queries = np.ascontiguousarray(np.vstack([queries, held_out]), dtype=np.float32)
    before = me.memory_info().rss
    flat, _ = make_dense_index(vectors, vectors.shape[1], choose(0))
    flat_mb = (me.memory_info().rss - before) / 2**20
    faiss.omp_set_num_threads(os.cpu_count() or 1)  # batch ground truth: all cores
    _, truth = flat.search(queries, 10)
    faiss.omp_set_num_threads(1)  # one query at a time: one thread is fastest for both (qa/dense_index.py)
    single = []
    for q in queries[:20]:
        started = time.perf_counter()
        flat.search(q[None, :], 10)
        single.append(time.perf_counter() - started)
    flat_p50, _ = percentiles(single)
    spec = choose(count)
    before = me.memory_info().rss
    started = time.perf_counter()
    index, spec = make_dense_index(vectors, vectors.shape[1], spec)
    build_seconds = time.perf_counter() - started
    index_mb = (me.memory_info().rss - before) / 2**20
    faiss.omp_set_num_threads(1)
    times = []
    found = []
    for q in queries:
        started = time.perf_counter()
        _, ids = index.search(q[None, :], 10)
        times.append(time.perf_counter() - started)
        found.append(ids[0])
    p50, p95 = percentiles(times)
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found, strict=True)]))
    path = work / "million.faiss"
    faiss.write_index(index, str(path))
    size = path.stat().st_size / 2**20
    path.unlink()
    kind = spec["type"]
    table.note(label, f"{count:,} vectors (mixes of real sentence embeddings), {len(queries)} queries; ours = {kind} {json.dumps({k: v for k, v in spec.items() if k not in ('type', 'metric')})}")
    table.add(label, f"search p50, one query ({kind} vs flat)", p50, flat_p50, "ms")
    table.add(label, f"search p95, one query ({kind})", p95, None, "ms")
    table.add(label, "recall@10 vs exact (target >= 0.98)", recall, 1.0, "", better="higher")
    table.add(label, f"index build ({kind} vs flat)", build_seconds, None, "s")
    table.add(label, "index memory", index_mb, flat_mb, "MB")
    table.add(label, "index on disk", size, count * vectors.shape[1] * 4 / 2**20, "MB")
    table.add(label, "embedding 1M passages, estimated from the sample", count / rates["ours_passages_per_s"] / 3600, count / rates["naive_paragraphs_per_s"] / 3600, "h")
    del vectors, flat, index


def int8(table: Table, work: Path, export: Path, fp32) -> None:
    """Dynamic int8 (per-channel weights) against the shipped fp32 export: not shipped,
    because it moves vectors (and so `qa eval` figures) while fp32 matches exactly."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from qa.index.onnx_encoder import OnnxEncoder

    folder = work / "int8"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(export, folder)
    quantize_dynamic(str(export / "model.onnx"), str(folder / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    from qa.text import sentence_spans

    paragraphs = [p for p in corpora.REPORT.read_text(encoding="utf-8").splitlines() if p.strip()]
    questions = gold_questions()
    texts = paragraphs + [p[s:e] for p in paragraphs for s, e in sentence_spans(p)] + questions
    q8 = OnnxEncoder(folder, threads=os.cpu_count())
    cosine = (fp32.encode(texts) * q8.encode(texts)).sum(axis=1)
    rows = {}
    for name, encoder in (("fp32", OnnxEncoder(export)), ("int8", OnnxEncoder(folder))):
        rows[name] = warm_latency(lambda q, e=encoder: e.encode([q]), questions, 1)[0]
    batch = {}
    for name, encoder in (("fp32", fp32), ("int8", q8)):
        started = time.perf_counter()
        encoder.encode(texts * 3)
        batch[name] = len(texts) * 3 / (time.perf_counter() - started)
    table.note("int8", f"int8 vs fp32 cosine: min {cosine.min():.4f}, mean {cosine.mean():.4f}; model {disk_mb(folder / 'model.onnx'):.0f} MB vs {disk_mb(export / 'model.onnx'):.0f} MB")
    table.add("int8", "encode one question p50 (int8 vs fp32)", rows["int8"], rows["fp32"], "ms")
    table.add("int8", "encode report texts (int8 vs fp32)", batch["int8"], batch["fp32"], "/s", better="higher")


# ------------------------------------------------------------------ setup


def pool_and_vectors(work: Path, size: int, onnx) -> tuple[list[str], np.ndarray]:
    pool = corpora.sentence_pool(size)
    names, arrays = work / "pool.json", work / "pool.npy"
    if names.exists() and arrays.exists() and json.loads(names.read_text()) == pool:
        return pool, np.load(arrays)
    started = time.perf_counter()
    vectors = onnx.encode(pool, batch_size=64)
    print(f"  embedded a pool of {len(pool)} sentence variants in {time.perf_counter() - started:.0f} s", flush=True)
    names.write_text(json.dumps(pool))
    np.save(arrays, vectors)
    return pool, vectors


def sample_rates(pool: list[str], onnx, naive_model, sample: int = 256) -> dict:
    """Model throughput on passages/paragraphs like the large corpora's (embedding is timed, not skipped)."""
    from qa.config import ChunkSettings
    from qa.index.chunk import chunk_document
    from qa.types import Document, Paragraph

    ids = corpora.paragraphs(sample, pool, seed=5)
    paragraphs = [" ".join(pool[i] for i in p) for p in ids]
    document = Document(id="sample", title="sample", paragraphs=tuple(Paragraph(number=i + 1, text=t) for i, t in enumerate(paragraphs)), fingerprint="x")
    passages = [p.text for p in chunk_document(document, ChunkSettings(), onnx.count_tokens)]
    onnx.encode(passages[:8])
    started = time.perf_counter()
    onnx.encode(passages)
    ours = len(passages) / (time.perf_counter() - started)
    naive_model.encode(paragraphs[:8])
    started = time.perf_counter()
    naive_model.encode(paragraphs, batch_size=32, normalize_embeddings=True)
    naive = len(paragraphs) / (time.perf_counter() - started)
    return {"ours_passages_per_s": ours, "naive_paragraphs_per_s": naive, "passages_per_paragraph": len(passages) / len(paragraphs)}


def _pool_build(folder: str, index: str, pool_file: str, vectors_file: str) -> None:
    """Child process: a full build of a large corpus with PoolEncoder standing in for the model."""
    from qa.config import DEFAULT_MODEL
    from qa.index.build import build_index
    from qa.index.embed import TokenCounter, bundled_model_path, read_max_seq_length
    from qa.index.onnx_encoder import copy_export, onnx_dir

    model = bundled_model_path()
    encoder = corpora.PoolEncoder(
        DEFAULT_MODEL, json.loads(Path(pool_file).read_text()), np.load(vectors_file), TokenCounter(model / "tokenizer.json"), read_max_seq_length(model) or 256
    )
    build_index([Path(folder)], Path(index), encoder=encoder)
    bundled_export = Path(os.environ["QA_BENCH_ONNX"])
    copy_export(bundled_export, onnx_dir(Path(index), DEFAULT_MODEL))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_pool_build":
        _pool_build(*sys.argv[2:6])
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="bundled,10k,100k", help="comma-separated: bundled, 10k, 100k (passages)")
    p.add_argument("--million", type=int, default=1_000_000, help="vectors for the search-only run (0: skip)")
    p.add_argument("--repeats", type=int, default=3, help="fresh-process runs per cold measurement (median)")
    p.add_argument("--rounds", type=int, default=3, help="passes over the gold questions for warm latency")
    p.add_argument("--pool", type=int, default=2000, help="real sentence variants embedded for the large corpora")
    p.add_argument("--int8", action="store_true", help="also measure a dynamic int8 export against fp32 (not shipped)")
    p.add_argument("--skip", default="", help="comma-separated sections to skip: throughput")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "qa-bench", help="scratch folder (kept for reruns)")
    args = p.parse_args()
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    wrong = [s for s in sizes if s != "bundled" and not s.rstrip("k").replace(".", "", 1).isdigit()]
    if wrong:
        p.error(f"--sizes takes bundled and passage counts like 10k, not {', '.join(wrong)}")
    args.work.mkdir(parents=True, exist_ok=True)

    load = os.getloadavg()
    title = f"qa bench {time.strftime('%Y-%m-%d %H:%M')} - {os.cpu_count()} cores, load {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}"
    print(title, flush=True)
    table = Table(title)
    from bench.naive import load_model
    from qa.index.embed import load_encoder
    from qa.index.onnx_encoder import ensure_export

    naive_model = load_model()  # sentence-transformers, for the naive warm latency and its embedding rate
    st = load_encoder()
    export = ensure_export(st, args.work / "export")
    os.environ["QA_BENCH_ONNX"] = str(export)
    from qa.index.onnx_encoder import OnnxEncoder

    onnx = OnnxEncoder(export, threads=os.cpu_count())  # as a build uses it
    if "bundled" in sizes:
        bundled(table, args.work, args.repeats, args.rounds, naive_model)
    large = [s for s in sizes if s != "bundled"]
    throughput = "throughput" not in args.skip
    if throughput or large or args.million:
        pool, pool_vectors = pool_and_vectors(args.work, args.pool, onnx)
        rates = sample_rates(pool, onnx, naive_model)
        table.note("sample", f"model alone: ours (ONNX) {rates['ours_passages_per_s']:.1f} passages/s, naive (torch) {rates['naive_paragraphs_per_s']:.1f} paragraphs/s")
    if throughput:
        build_throughput(table, args.work, pool, onnx)
    for size in large:
        wanted = int(float(size.lower().rstrip("k")) * 1000)
        scale(table, args.work, wanted, pool, np.asarray(pool_vectors), onnx, naive_model, max(1, args.repeats - 1), max(1, args.rounds - 1), rates)
    if args.int8:
        int8(table, args.work, export, onnx)
    if args.million:
        queries = onnx.encode(gold_questions())
        million(table, args.work, args.million, pool_vectors, queries, rates)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"bench-{time.strftime('%Y%m%dT%H%M')}.md").write_text(table.markdown())  # commit the runs worth keeping
    print()
    print(table.markdown())


if __name__ == "__main__":
    main()
