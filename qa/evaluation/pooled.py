"""Calibration pooled over several `qa eval` runs (``qa eval --pool DIR ...``).

A test half holds 30-60 questions, and over that few answers expected calibration error is
mostly sampling noise (a perfectly calibrated engine shows about 0.15 over 40 answers):
one set's ECE cannot tell a calibrated confidence from a bad one. Pooling the answers of
every set scored, each set's questions as they were answered, gives a few hundred answers,
where the figure means something; each set's own row stays beside it, with the ECE a
calibrated engine would show on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.evaluation import metrics

SYSTEM = "hybrid"
COLUMNS = [
    ("questions", "questions"), ("answered", "answered"), ("answers_right", "answers right"),
    ("ece", "ECE"), ("ece_floor", "ECE if calibrated"), ("aurc", "AURC"), ("acc@50", "acc@50"), ("acc@80", "acc@80"),
    ("short_precision", "short P"), ("declined", "unanswerable declined"), ("wrong_abstention", "wrong abst"),
]


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


def summary(questions: Sequence[dict[str, Any]]) -> dict[str, float | None]:
    """Calibration and abstention of a set of answered questions (as `qa eval` counts them:
    an answer is right when it holds a gold answer; any answer to an unanswerable question is wrong)."""
    answered = [q for q in questions if not q["abstained"]]
    confidences = [min(1.0, max(0.0, float(q["confidence"]))) for q in answered]
    right = [bool(q["answerable"] and q["correct"]) for q in answered]
    shorts = [q for q in answered if q.get("short")]
    answerable = [q for q in questions if q["answerable"]]
    unanswerable = [q for q in questions if not q["answerable"]]
    total = len(questions)
    return {
        "questions": float(total),
        "answered": len(answered) / total if total else None,
        "answers_right": sum(right) / len(right) if right else None,
        "ece": metrics.expected_calibration_error(confidences, right),
        "ece_floor": metrics.ece_floor(confidences),
        "aurc": metrics.risk_coverage(confidences, right, total).aurc,
        "acc@50": metrics.accuracy_at_coverage(confidences, right, 0.5, total),
        "acc@80": metrics.accuracy_at_coverage(confidences, right, 0.8, total),
        "short_precision": sum(bool(q["answerable"] and q["correct"]) for q in shorts) / len(shorts) if shorts else None,
        "declined": sum(q["abstained"] for q in unanswerable) / len(unanswerable) if unanswerable else None,
        "wrong_abstention": sum(q["abstained"] for q in answerable) / len(answerable) if answerable else None,
    }


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


def run_from_args(args: argparse.Namespace) -> int:
    folders: list[Path] = args.pool
    rows, everything = [], []
    for folder in folders:
        questions = load_questions(folder)
        everything += questions
        rows.append((folder.name, summary(questions)))
    rows.append((f"pooled ({len(folders)} runs)", summary(everything)))
    markdown = render(rows)
    print(markdown, end="")
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "pooled.md").write_text(markdown, encoding="utf-8")
        (args.out / "pooled.json").write_text(json.dumps({name: row for name, row in rows}, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out / 'pooled.md'} and pooled.json", file=sys.stderr)
    return 0
