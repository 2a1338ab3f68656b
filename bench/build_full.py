"""A real end-to-end build of a large corpus, timed, then stopped halfway and resumed.

    .venv/bin/python bench/build_full.py                     # 100k passages
    .venv/bin/python bench/build_full.py --passages 20000    # a quicker look

Unlike bench/bench.py (which adds the model's time from a sample), every number here
is one fresh `qa build` process doing all of it: reading the files, parsing, cutting
passages, embedding every passage with the model, the HNSW and BM25 indexes, writing.

1. **Corpus**: report-like text files (bench/corpus.py: real report sentences varied),
   enough paragraphs for about ``--passages`` passages.
2. **Encoders side by side** on the same 1,024 passages of that corpus: the naive
   sentence-transformers ``encode`` (fp32, batches in corpus order), the fp32 ONNX path
   the build used before, and the torch bf16 path (``--precision bf16``).
3. **Full build** with the default settings: wall, peak memory, time per stage (from
   the build's own log lines), passages/s over the whole build.
4. **Stopped and resumed**: a second build into a fresh folder gets SIGINT (Ctrl-C) once
   about half its passages are embedded; the next run must not parse or embed again
   what was done (its summary says "resumed N"; its log has no parse of finished files).

Prints a Markdown table and writes it to bench/results/ with the date.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ itself heads sys.path and `bench` would be bench/bench.py: put the root there.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench import corpus as corpora  # noqa: E402

QA = [str(Path(sys.executable).parent / "qa")]
PASSAGES_PER_PARAGRAPH = 1.8  # bench/corpus.py paragraphs at the default 128-piece window (measured)


def run_build(folder: Path, index: Path, extra: list[str], stop_at: int | None = None) -> dict:
    """One `qa build` process; its wall, peak RSS, summary line and timestamped log.

    With ``stop_at``, SIGINT once the vector cache holds that many passages."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([*QA, "-v", "build", str(folder), "--index", str(index), "--quiet", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
                               # a job started with & in a script inherits SIGINT ignored: restore it
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    log: list[tuple[float, str]] = []

    def read_log() -> None:  # in a thread: the build is silent for minutes while it embeds
        for line in process.stderr:
            log.append((time.perf_counter() - started, line.rstrip()))

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    stopped = False
    while process.poll() is None:
        if stop_at is not None and not stopped and cached(index) >= stop_at:
            process.send_signal(signal.SIGINT)
            stopped = True
        time.sleep(0.5)
    reader.join(timeout=10)
    wall = time.perf_counter() - started
    kept = cached(index)
    import resource

    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "rc": process.returncode, "stdout": process.stdout.read().strip(), "log": log, "peak_mb": peak_mb, "stopped": stopped, "kept": kept}


def cached(index: Path) -> int:
    """Passages in a build's vector cache (chunks of 1,024 whose JSON is in place)."""
    return 1024 * len(list((index / ".build-cache").glob("*/chunk-*.json")))


def stage_times(log: list[tuple[float, str]], wall: float) -> dict[str, float]:
    """Seconds per stage, from when each stage's log line appeared."""
    marks = {"parse": r"parsing \d+ paragraphs", "embed": r"embedding \d+ passages"}
    at = {name: next((t for t, line in log if re.search(pattern, line)), None) for name, pattern in marks.items()}
    out: dict[str, float] = {}
    if at["parse"] is not None:
        out["read files (and start)"] = at["parse"]
        out["parse"] = (at["embed"] or wall) - at["parse"]
    if at["embed"] is not None:
        out["embed, index, write"] = wall - at["embed"]
    return out


def encoder_rates(texts: list[str], work: Path) -> list[tuple[str, float]]:
    from qa.index.embed import SentenceTransformerEncoder, resolve_model
    from qa.index.onnx_encoder import OnnxEncoder, ensure_export

    ref = resolve_model(None)
    fp32 = SentenceTransformerEncoder(ref)
    rates = []
    started = time.perf_counter()
    fp32._model.encode(texts, batch_size=32, normalize_embeddings=True)  # the naive way: corpus order
    rates.append(("naive sentence-transformers encode (fp32, corpus order)", len(texts) / (time.perf_counter() - started)))
    longest_first = sorted(texts, key=len, reverse=True)
    folder = ensure_export(fp32, work / "export", ref.name)
    onnx = OnnxEncoder(folder, threads=os.cpu_count() or 1)
    started = time.perf_counter()
    onnx.encode(longest_first, batch_size=32)
    rates.append(("ONNX fp32, longest first (the build before)", len(texts) / (time.perf_counter() - started)))
    bf16 = SentenceTransformerEncoder(ref, precision="bf16")
    started = time.perf_counter()
    bf16.encode(longest_first, batch_size=32)
    rates.append(("torch bf16, longest first (--precision bf16)", len(texts) / (time.perf_counter() - started)))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=100_000, help="passages wanted (default 100,000)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "qa-bench-full", help="scratch folder")
    parser.add_argument("--skip-resume", action="store_true", help="only the full build")
    parser.add_argument("--resume-only", action="store_true", help="only the stopped and resumed builds")
    args = parser.parse_args()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)

    pool = corpora.sentence_pool(2000)
    ids = corpora.paragraphs(int(args.passages / PASSAGES_PER_PARAGRAPH), pool, seed=args.passages)
    folder = work / "corpus"
    shutil.rmtree(folder, ignore_errors=True)
    texts = corpora.write_corpus(folder, ids, pool)
    files = len(list(folder.glob("*.txt")))

    from qa.config import ChunkSettings
    from qa.index.chunk import windows
    from qa.index.embed import TokenCounter, bundled_model_path

    count = TokenCounter(bundled_model_path() / "tokenizer.json")
    sample = [text[s:e] for text in texts[:700] for s, e in windows(text, ChunkSettings().max_tokens, ChunkSettings().overlap_sentences, count)][:1024]
    rates = encoder_rates(sample, work)

    settings = ChunkSettings()
    distinct = len({text[s:e] for text in texts for s, e in windows(text, settings.max_tokens, settings.overlap_sentences, count)})
    full = None
    if not args.resume_only:
        index = work / "index"
        shutil.rmtree(index, ignore_errors=True)
        full = run_build(folder, index, [])

    resumed = first = None
    if not args.skip_resume:
        index2 = work / "index-resumed"
        shutil.rmtree(index2, ignore_errors=True)
        first = run_build(folder, index2, [], stop_at=distinct // 2)
        resumed = run_build(folder, index2, [])

    lines = [
        f"### Full build, {time.strftime('%Y-%m-%d %H:%M')} - {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "",
        f"Corpus: {len(texts):,} paragraphs in {files} report-like files (bench/corpus.py) -> {distinct:,} distinct passages.",
        "",
        "| what | value |",
        "|---|---:|",
    ]
    for name, rate in rates:
        lines.append(f"| encoder on 1,024 of its passages: {name} | {rate:,.1f} passages/s |")
    lines.append(f"| bf16 vs naive encode | {rates[2][1] / rates[0][1]:.1f}x |")
    lines.append(f"| naive encode of the {distinct:,} distinct passages (from its rate) | {distinct / rates[0][1] / 60:,.1f} min |")
    if full is not None:
        summary = full["stdout"].splitlines()[-1] if full["stdout"] else f"(exit {full['rc']})"
        lines.append(f"| **full `qa build`, everything included** | **{full['wall'] / 60:,.1f} min** |")
        for stage, seconds in stage_times(full["log"], full["wall"]).items():
            lines.append(f"| - {stage} | {seconds:,.0f} s |")
        lines.append(f"| full build vs naive encode alone | {distinct / rates[0][1] / full['wall']:.1f}x faster |")
        lines.append(f"| peak memory of the build processes | {full['peak_mb']:,.0f} MB |")
        lines.append(f"| summary | {summary} |")
    if first is not None and resumed is not None:
        parsed_again = [line for _, line in resumed["log"] if "parsing" in line]
        lines.append(f"| stopped build: SIGINT after | {first['wall'] / 60:,.1f} min (exit {first['rc']}) |")
        lines.append(f"| resumed build | {resumed['wall'] / 60:,.1f} min |")
        lines.append(f"| resumed build summary | {(resumed['stdout'].splitlines() or ['?'])[-1]} |")
        lines.append(f"| resumed build's parse | {parsed_again[0].split(': ', 1)[-1] if parsed_again else 'none (all documents parsed before the stop)'} |")
        lines.append(f"| stopped: vector chunks kept at the stop | {first['kept']} passages |")
        if full is not None:
            lines.append(f"| stopped + resumed vs one build | {(first['wall'] + resumed['wall']) / full['wall']:.2f}x |")
    text = "\n".join(lines) + "\n"
    print(text)
    kind = "resume" if args.resume_only else "full"
    out = ROOT / "bench" / "results" / f"build-{kind}-{args.passages // 1000}k-{time.strftime('%Y%m%dT%H%M')}.md"
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
