"""What a follow-up costs beside a first question (issue 10), warm, in one process.

    .venv/bin/python bench/followup.py                      # bundled report (indexed in a temp folder)
    .venv/bin/python bench/followup.py --index DIR          # an index you built, e.g. with factbook profiles

Rows (median and p90 over --repeats runs of every question pair, after a warm-up):

- first question: ``engine.ask(q1)``, no history (what `qa ask` does);
- follow-up, chat: ``engine.ask(q2, history=[q1])`` right after q1 was asked, as in
  `qa chat` and the app: the previous answer's citation is remembered, so the extra
  work is the resolution rules and the prior's search;
- follow-up, cold: the same with the engine's memory of recent answers cleared, as for
  a script calling /ask with a history it never asked here: the previous question is
  answered again to find its citation (about one more question);
- resolution rules only: ``resolve_chain`` on the strings.

Writes the table to bench/results/followup-<index>-<stamp>.md as well.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: (first question, follow-up) pairs on the bundled report.
PAIRS = [
    ("How much did the government fund the shelter in 2020?", "and in 2019?"),
    ("How much did the government fund the shelter in 2020?", "who runs it now?"),
    ("How many trafficking victims did authorities identify in 2020?", "How many did they refer to protection services?"),
    ("What is the maximum detention period for individuals engaged in commercial sex?", "When was it introduced?"),
    ("How many victims did the shelter assist in 2020?", "what about 2019?"),
]


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def row(name: str, samples: list[float]) -> str:
    samples = sorted(samples)
    p90 = samples[min(len(samples) - 1, int(0.9 * len(samples)))]
    return f"| {name} | {statistics.median(samples):.2f} | {p90:.2f} | {len(samples)} |"


def measure(engine, repeats: int) -> list[str]:
    from qa.conversation.context import places
    from qa.conversation.followup import resolve_chain

    known = places(engine.data)
    for first, follow in PAIRS:  # warm-up: model, caches, stems
        engine.ask(first)
        engine.ask(follow, history=[first])
    first_ms, chat_ms, cold_ms, rules_ms = [], [], [], []
    for _ in range(repeats):
        for first, follow in PAIRS:
            first_ms.append(timed(lambda first=first: engine.ask(first)))
            chat_ms.append(timed(lambda first=first, follow=follow: engine.ask(follow, history=[first])))
            engine._recent.clear()
            cold_ms.append(timed(lambda first=first, follow=follow: engine.ask(follow, history=[first])))
            rules_ms.append(timed(lambda first=first, follow=follow: resolve_chain([first, follow], known)))
    return [
        "| request | median ms | p90 ms | runs |",
        "|---|---|---|---|",
        row("first question (no history)", first_ms),
        row("follow-up, chat (previous answer remembered)", chat_ms),
        row("follow-up, cold (previous question answered again)", cold_ms),
        row("resolution rules only", rules_ms),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an index folder (default: the bundled report, indexed in a temp folder)")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    from qa.engine import Engine

    with tempfile.TemporaryDirectory(prefix="qa-followup-bench-") as tmp:
        index = args.index
        if index is None:
            from qa.index.build import build_index

            index = Path(tmp) / "index"
            build_index([ROOT / "data"], index)
        engine = Engine.load(index)
        lines = measure(engine, args.repeats)
        passages = engine.data.manifest.passages
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    header = f"Follow-up cost, warm, {passages} passages ({index if args.index else 'bundled report'}), load average {load:.1f}, {os.cpu_count()} cores"
    text = "\n".join([header, "", *lines]) + "\n"
    print(text, end="")
    if not args.no_write:
        name = "bundled" if args.index is None else Path(args.index).resolve().name
        out = ROOT / "bench" / "results" / f"followup-{name}-{time.strftime('%Y%m%dT%H%M', time.gmtime())}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
