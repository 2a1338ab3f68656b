"""Thumbs up/down from the app, kept beside the index, and turned into gold candidates.

A rating is appended as one JSON line to ``INDEX/feedback.jsonl``: the file is the
record, nothing is sent anywhere. Appending (never rewriting) keeps every earlier line
intact however many requests write at once; a note added after the thumb is a second
line with the same ``id``, and readers keep the last line of each id.

``qa eval --feedback [FILE]`` turns the thumbs-down into *candidates* for
``eval/gold.jsonl``: the resolved (self-contained) question, the engine's cited
document and paragraph as a starting point, empty ``answers`` and ``evidence`` and
``"needs_review": true``. They are deliberately not valid gold (an answerable item
without answers is refused by ``qa eval``), so nothing unreviewed slips into the score.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from qa.types import Answer

FILE_NAME = "feedback.jsonl"
CANDIDATES_NAME = "gold-candidates.jsonl"
RATINGS = ("up", "down")
MAX_NOTE_CHARS = 2000

# One lock per process: two app requests never interleave their bytes in the file.
_lock = threading.Lock()


def feedback_path(index_dir: str | Path) -> Path:
    """Where an index's feedback lives: beside its generations, so rebuilds keep it."""
    return Path(index_dir) / FILE_NAME


def make_record(answer: Answer, rating: str, note: str = "", index: str | Path = "", record_id: str | None = None) -> dict[str, Any]:
    """One feedback line for ``answer``: what was asked, what was understood and answered,
    and where it came from, so the line can be judged without the app or the index."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return {
        "id": record_id or f"fb-{uuid.uuid4().hex[:12]}",
        "time": now,
        "rating": rating,
        "note": " ".join(str(note or "").split())[:MAX_NOTE_CHARS],
        "question": answer.question,
        "resolved_question": answer.resolved_question,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "confidence": round(answer.confidence, 4),
        "citations": [
            {
                "doc": c.doc,
                "paragraph": c.paragraph,
                "highlight": c.text[c.highlight[0] : c.highlight[1]] if c.highlight else None,
            }
            for c in answer.citations
        ],
        "index": str(index),
    }


def append(path: str | Path, record: dict[str, Any]) -> None:
    """Add ``record`` as one line, flushed to disk before returning."""
    path = Path(path)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)  # one write of one line: O_APPEND keeps other processes' lines whole
            handle.flush()


def read(path: str | Path) -> list[dict[str, Any]]:
    """The feedback in ``path``, last line per id, in first-seen order; a damaged line
    (e.g. a crash mid-write) is skipped rather than losing the rest."""
    latest: dict[str, dict[str, Any]] = {}
    path = Path(path)
    if not path.is_file():
        return []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and row.get("rating") in RATINGS:
            latest[str(row.get("id") or len(latest))] = row
    return list(latest.values())


def _key(question: str) -> str:
    return " ".join(question.lower().split()).rstrip("?. ")


def gold_candidates(records: Iterable[dict[str, Any]], known_questions: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Thumbs-down as gold-format lines to review; questions already in the gold set
    (or disliked twice) become one candidate."""
    seen = {_key(q) for q in known_questions}
    out = []
    for row in records:
        if row.get("rating") != "down":
            continue
        question = row.get("resolved_question") or row.get("question") or ""
        if not question or _key(question) in seen:
            continue
        seen.add(_key(question))
        first = (row.get("citations") or [{}])[0]
        candidate = {
            "id": f"cand-{row.get('id', len(out) + 1)}",
            "question": question,
            "answers": [],
            "doc": first.get("doc"),
            "paragraph": first.get("paragraph"),
            "evidence": "",
            "answerable": True,
            "needs_review": True,
            "note": row.get("note", ""),
            "engine_answer": row.get("answer"),
        }
        if row.get("question") and row.get("question") != question:
            candidate["asked"] = row["question"]
        out.append(candidate)
    return out


def _questions(lines: Iterable[str]) -> list[str]:
    out = []
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and isinstance(row.get("question"), str):
            out.append(row["question"])
    return out


def write_candidates(feedback_file: Path, out: Path, gold_files: Sequence[Path] = ()) -> tuple[int, int]:
    """Append new candidates to ``out`` (kept ones, perhaps half-reviewed, are left as
    they are), skipping questions the gold files already hold; returns (new, total)."""
    kept: list[str] = []
    known: list[str] = []
    if out.is_file():
        kept = [line for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
        known += _questions(kept)
    for gold in gold_files:
        if gold.is_file():
            known += _questions(gold.read_text(encoding="utf-8").splitlines())
    new = gold_candidates(read(feedback_file), known)
    if new:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "a", encoding="utf-8") as handle:
            for row in new:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(new), len(kept) + len(new)


def candidates_command(feedback_file: Path | None, index_dir: Path, gold_files: Sequence[Path], out: Path | None = None) -> int:
    """`qa eval --feedback [FILE]`: thumbs-down into gold candidates beside the (first) gold file."""
    feedback_file = feedback_file or feedback_path(index_dir)
    out = out or Path(gold_files[0]).with_name(CANDIDATES_NAME)
    if not feedback_file.is_file():
        print(f"qa: error: no feedback at {feedback_file}: rate answers in the app first, or give --feedback FILE", file=sys.stderr)
        return 1
    records = read(feedback_file)
    downs = sum(1 for r in records if r["rating"] == "down")
    new, total = write_candidates(feedback_file, out, [Path(g) for g in gold_files])
    print(f"{len(records)} ratings in {feedback_file} ({downs} thumbs-down); {new} new gold candidates, {total} in {out}")
    if total:
        print(
            "review each: fill answers and evidence, correct doc/paragraph (or set answerable false, answers [], "
            f"paragraph null), delete needs_review, note, asked and engine_answer, then move the line to {gold_files[0]}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m qa.feedback", description="Thumbs-down feedback into gold candidates.")
    p.add_argument("feedback", nargs="?", type=Path, default=None, help="feedback file (default: INDEX/feedback.jsonl)")
    p.add_argument("--index", type=Path, default=Path("index/default"))
    p.add_argument("--gold", type=Path, action="append", help="gold file(s) whose questions are skipped (default: eval/gold.jsonl)")
    p.add_argument("--out", type=Path, default=None, help="candidates file (default: gold-candidates.jsonl beside the gold file)")
    args = p.parse_args(argv)
    return candidates_command(args.feedback, args.index, args.gold or [Path("eval/gold.jsonl")], args.out)


__all__ = ["FILE_NAME", "append", "candidates_command", "feedback_path", "gold_candidates", "make_record", "read", "write_candidates"]


if __name__ == "__main__":
    raise SystemExit(main())

