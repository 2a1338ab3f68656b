"""Calibration pooled over several `qa eval` runs (``qa eval --pool DIR ...``).

A test half holds 30-60 questions, and over that few answers expected calibration error is
mostly sampling noise (a perfectly calibrated engine shows about 0.15 over 40 answers):
one set's ECE cannot tell a calibrated confidence from a bad one. Pooling the answers of
every set scored, each set's questions as they were answered, gives a few hundred answers,
where the figure means something; each set's own row stays beside it, with the ECE a
calibrated engine would show on it. The figures are `qa eval`'s own (its summary is handed
in: this module is called from ``evaluate``, which it cannot import back).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from qa.errors import InputError

SYSTEM = "hybrid"
#: (key of `qa eval`'s summary, column label)
COLUMNS = [
    ("questions", "questions"), ("answered", "answered"), ("answer_precision", "answers right"),
    ("ece", "ECE"), ("ece_floor", "ECE if calibrated"), ("aurc", "AURC"), ("acc@50", "acc@50"), ("acc@80", "acc@80"),
    ("short_precision", "short P"), ("abstain_recall", "unanswerable declined"), ("wrong_abstention", "wrong abst"),
]

#: `qa eval`'s own summary of per-question records (evaluate.summarize over its Outcomes),
#: handed in by the caller: the figures are the ones each run's results.md shows.
Summarize = Callable[[Sequence[dict[str, Any]]], dict[str, float | None]]


def load_questions(folder: Path) -> list[dict[str, Any]]:
    """The per-question records of a `qa eval` run (its results.json), engine system only."""
    path = folder / "results.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InputError(f"no {path}: run `qa eval --gold FILE --out {folder}` first") from error
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not JSON ({error.msg}): rerun `qa eval --out {folder}`") from error
    questions = payload.get("questions", {}).get(SYSTEM) if isinstance(payload, dict) else None
    if not isinstance(questions, list) or not questions:
        raise InputError(f"{path} holds no {SYSTEM} answers: rerun `qa eval --systems {SYSTEM} --out {folder}`")
    return questions


def _cell(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return str(int(value)) if key == "questions" else f"{value:.3f}"


def render(rows: Sequence[tuple[str, dict[str, float | None]]]) -> str:
    lines = [
        "# Calibration pooled over evaluation runs",
        "",
        "Each run's answers as `qa eval` scored them (engine only), then all of them together. ECE if calibrated:",
        "the ECE a perfectly calibrated engine would show with the same confidences (mean of 400 seeded draws, each",
        "answer right with its confidence); a set's ECE near it is what calibration looks like on that few answers.",
        "",
        "| set | " + " | ".join(label for _, label in COLUMNS) + " |",
        "| --- | " + " | ".join("---:" for _ in COLUMNS) + " |",
    ]
    lines += [f"| {name} | " + " | ".join(_cell(k, row[k]) for k, _ in COLUMNS) + " |" for name, row in rows]
    return "\n".join(lines) + "\n"


def run_from_args(args: argparse.Namespace, summarize: Summarize) -> int:
    folders: list[Path] = args.pool
    rows, everything = [], []
    for folder in folders:
        questions = load_questions(folder)
        everything += questions
        rows.append((folder.name, summarize(questions)))
    rows.append((f"pooled ({len(folders)} runs)", summarize(everything)))
    rows = [(name, {key: row[key] for key, _ in COLUMNS}) for name, row in rows]
    markdown = render(rows)
    print(markdown, end="")
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "pooled.md").write_text(markdown, encoding="utf-8")
        (args.out / "pooled.json").write_text(json.dumps(dict(rows), indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out / 'pooled.md'} and pooled.json", file=sys.stderr)
    return 0
