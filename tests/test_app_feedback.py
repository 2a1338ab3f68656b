"""Feedback from the app (qa/feedback.py): one JSON line per thumb, safe under
concurrent requests, and thumbs-down turned into gold candidates to review."""

from __future__ import annotations

import json
import threading

import pytest

from qa.evaluation import feedback
from qa.types import Answer, Citation


def _answer(question: str = "and in 2019?", resolved: str = "How much did the government fund the shelter in 2019?") -> Answer:
    text = "compared with 242,000 somoni ($21,370) in 2019."
    citation = Citation(doc="r.txt", paragraph=2, text=text, score=1.0, highlight=(14, 38), start=100, end=100 + len(text))
    return Answer(question, "242,000 somoni ($21,370)", False, 0.93, (citation,), sentence=text, resolved_question=resolved)


def test_a_record_holds_what_was_asked_understood_answered_and_cited(tmp_path):
    record = feedback.make_record(_answer(), "down", note="  wrong\nyear  ", index=tmp_path)
    assert set(record) >= {"time", "rating", "note", "question", "resolved_question", "answer", "confidence", "citations", "index"}
    assert record["rating"] == "down" and record["note"] == "wrong year"
    assert record["question"] == "and in 2019?"
    assert record["resolved_question"] == "How much did the government fund the shelter in 2019?"
    assert record["citations"] == [{"doc": "r.txt", "paragraph": 2, "highlight": "242,000 somoni ($21,370)"}]
    assert record["time"].endswith("+00:00") and record["index"] == str(tmp_path)
    with pytest.raises(ValueError):
        feedback.make_record(_answer(), "meh")


def test_appends_are_whole_lines_under_concurrent_writers(tmp_path):
    path = feedback.feedback_path(tmp_path)
    answer = _answer()

    def rate(worker: int) -> None:
        for n in range(25):
            feedback.append(path, feedback.make_record(answer, "up" if n % 2 else "down", note=f"w{worker} n{n} " + "x" * 500))

    threads = [threading.Thread(target=rate, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    assert all(json.loads(line)["question"] == "and in 2019?" for line in lines)
    assert len(feedback.read(path)) == 200  # every id distinct


def test_a_note_added_later_replaces_the_thumb_without_rewriting(tmp_path):
    path = tmp_path / "feedback.jsonl"
    first = feedback.make_record(_answer(), "down")
    feedback.append(path, first)
    feedback.append(path, {**first, "note": "the 2019 figure is in paragraph 2"})
    path.write_text(path.read_text(encoding="utf-8") + '{"truncated by a cra\n', encoding="utf-8")
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3  # append-only
    rows = feedback.read(path)
    assert [r["note"] for r in rows] == ["the 2019 figure is in paragraph 2"]


def test_thumbs_down_become_gold_candidates_that_qa_eval_refuses_until_reviewed(tmp_path):
    from qa.errors import InputError
    from qa.evaluation.evaluate import load_gold

    path = tmp_path / "feedback.jsonl"
    feedback.append(path, feedback.make_record(_answer(), "down", note="wrong"))
    feedback.append(path, feedback.make_record(_answer("fine?", "fine?"), "up"))
    feedback.append(path, feedback.make_record(_answer(), "down"))  # the same question again: one candidate
    feedback.append(path, feedback.make_record(_answer("Who runs the shelter?", "Who runs the shelter?"), "down"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "question": "Who runs the shelter?"}) + "\n", encoding="utf-8")
    out = tmp_path / "gold-candidates.jsonl"

    assert feedback.write_candidates(path, out, [gold]) == (1, 1)
    (candidate,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert candidate["question"] == "How much did the government fund the shelter in 2019?"  # self-contained
    assert candidate["asked"] == "and in 2019?"
    assert (candidate["answers"], candidate["evidence"], candidate["doc"], candidate["paragraph"]) == ([], "", "r.txt", 2)
    assert candidate["needs_review"] is True and candidate["note"] == "wrong" and candidate["answerable"] is True
    assert candidate["engine_answer"] == "242,000 somoni ($21,370)"
    with pytest.raises(InputError, match="needs answers"):
        load_gold(out)

    # A second run adds only what is new and keeps the (maybe half-reviewed) lines.
    out.write_text(out.read_text(encoding="utf-8").replace('"evidence": ""', '"evidence": "reviewed"'), encoding="utf-8")
    feedback.append(path, feedback.make_record(_answer("How many victims?", "How many victims?"), "down"))
    assert feedback.write_candidates(path, out, [gold]) == (1, 2)
    assert '"evidence": "reviewed"' in out.read_text(encoding="utf-8")


def test_qa_eval_feedback_writes_candidates_beside_the_gold_file(tmp_path, capsys):
    from qa.evaluation.evaluate import main

    index = tmp_path / "index"
    feedback.append(feedback.feedback_path(index), feedback.make_record(_answer(), "down"))
    gold = tmp_path / "eval" / "gold.jsonl"
    gold.parent.mkdir()
    gold.write_text("", encoding="utf-8")
    assert main(["--feedback", "--index", str(index), "--gold", str(gold)]) == 0
    assert "1 new gold candidates" in capsys.readouterr().out
    assert (tmp_path / "eval" / "gold-candidates.jsonl").is_file()

    other = tmp_path / "elsewhere.jsonl"
    assert main(["--feedback", str(other), "--gold", str(gold)]) == 1
    assert "no feedback at" in capsys.readouterr().err
