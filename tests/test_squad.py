"""`qa eval --squad`: the SQuAD 2.0 loader's errors, the scoring by hand, one real run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.errors import InputError
from qa.evaluation.squad import Row, SquadQuestion, load_squad, run_squad, score_row, squad_exact, squad_f1, summarize

MINI = Path(__file__).parent / "data" / "squad-mini.json"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}


def qa_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qa.cli", "eval", *args], capture_output=True, text=True, env=ENV, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# ------------------------------------------------------------------------ loader


def test_mini_file_is_well_formed():
    dataset = load_squad(MINI)
    assert len(dataset.articles) == 3 and sum(len(a.contexts) for a in dataset.articles) == 4
    assert len(dataset.questions) == 12
    assert sum(not q.impossible for q in dataset.questions) == 8
    assert dataset.misaligned == 0  # every answer_start points at its text
    raw = json.loads(MINI.read_text(encoding="utf-8"))
    for article in raw["data"]:
        for paragraph in article["paragraphs"]:
            for item in paragraph["qas"]:
                for answer in item["answers"]:
                    start = answer["answer_start"]
                    assert paragraph["context"][start : start + len(answer["text"])] == answer["text"]


def test_help_mentions_squad():
    result = qa_eval("--help")
    assert result.returncode == 0 and "--squad" in result.stdout and "SQuAD 2.0" in result.stdout


def test_missing_file_is_one_line(tmp_path):
    assert_one_line_error(qa_eval("--squad", str(tmp_path / "none.json")), "no SQuAD file at", "none.json")


def test_bad_json_is_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"data": [', encoding="utf-8")
    assert_one_line_error(qa_eval("--squad", str(bad)), "bad.json is not JSON", "line 1")


@pytest.mark.parametrize(
    ("payload", "fragments"),
    [
        ({"version": "v2.0"}, ['lacks "data"']),
        ({"data": {}}, ["data is an object, not list"]),
        ({"data": [{"title": "T", "paragraphs": [{"context": "Some text.", "qas": [{"id": "q1", "question": "Why?"}]}]}]},
         ["data[0].paragraphs[0].qas[0]", 'lacks "answers"']),
        ({"data": [{"title": "T", "paragraphs": [{"context": "Some text.", "qas": [
            {"id": "q1", "question": "Why?", "answers": [{"text": "Some"}], "is_impossible": True}]}]}]},
         ['lacks "answer_start"']),
        ({"data": [{"title": "T", "paragraphs": [{"context": "Some text.", "qas": [
            {"id": "q1", "question": "Why?", "answers": [{"text": "Some", "answer_start": 0}], "is_impossible": True}]}]}]},
         ["id q1", "is_impossible but has answers"]),
        ({"data": [{"title": "T", "paragraphs": [{"context": "Some text.", "qas": [
            {"id": "q1", "question": "Why?", "answers": [], "is_impossible": False}]}]}]},
         ["id q1", "has no answers"]),
        ({"data": [{"title": "T", "paragraphs": [{"context": "Some text.", "qas": []}]}]}, ["holds no questions"]),
    ],
)
def test_wrong_shape_is_one_line_naming_where(tmp_path, payload, fragments):
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(payload), encoding="utf-8")
    assert_one_line_error(qa_eval("--squad", str(wrong)), *fragments)


def test_duplicate_ids_refused(tmp_path):
    qas = [{"id": "x", "question": "Why?", "answers": [], "is_impossible": True}] * 2
    path = tmp_path / "dup.json"
    path.write_text(json.dumps({"data": [{"title": "T", "paragraphs": [{"context": "Text.", "qas": qas}]}]}), encoding="utf-8")
    with pytest.raises(InputError, match="used twice"):
        load_squad(path)


# ------------------------------------------------------------------------ scoring


def test_unanswerable_scores_one_only_when_declined():
    assert squad_exact("", []) == 1.0 and squad_f1(None, []) == 1.0
    assert squad_exact("1810", []) == 0.0 and squad_f1("1810", []) == 0.0
    assert squad_exact(" . ", []) == 1.0  # normalises to nothing: an empty prediction


def test_answerable_exact_and_partial_f1_by_hand():
    assert squad_exact("The 1810.", ["1810"]) == 1.0  # article and punctuation dropped
    assert squad_exact("", ["1810"]) == 0.0 and squad_f1("", ["1810"]) == 0.0
    # "robert stevenson family" vs "robert stevenson": P 2/3, R 1, F1 0.8
    assert squad_f1("the Robert Stevenson family", ["Robert Stevenson"]) == pytest.approx(0.8)
    # best over the acceptable answers: "once" vs "once day" (the article dropped): P 1, R 1/2, F1 2/3
    assert squad_f1("once", ["once a day", "daily"]) == pytest.approx(2 / 3)


def _question(qid: str, answers: tuple[str, ...]) -> SquadQuestion:
    return SquadQuestion(qid, f"question {qid}?", answers, tuple(0 for _ in answers), not answers, 0, 1)


def test_summary_by_hand():
    rows: list[Row] = [
        score_row(_question("a", ("1810",)), "1810", False, 0.9, "It was completed in 1810.", (0, 1), 1.0),
        score_row(_question("b", ("Robert Stevenson",)), None, True, 0.2, None, (0, 2), 2.0),
        score_row(_question("c", ()), None, True, 0.1, None, (0, 1), 3.0),
        score_row(_question("d", ()), "six weeks", False, 0.7, "A worker lives six weeks.", (0, 1), 4.0),
        score_row(_question("e", ("wood or coal",)), "burned wood or coal in fires", False, 0.8, "Early ones burned wood or coal.", (0, 1), 5.0),
    ]
    m = summarize(rows, has_sentences=True)
    assert (m.questions, m.answerable, m.unanswerable) == (5, 3, 2)
    assert m.exact == pytest.approx((1 + 0 + 1 + 0 + 0) / 5)
    # e: "burned wood or coal in fires" (6 tokens) vs "wood or coal" (3): P 1/2, R 1, F1 2/3
    assert m.f1 == pytest.approx((1 + 0 + 1 + 0 + 2 / 3) / 5)
    assert m.has_ans_exact == pytest.approx(1 / 3) and m.has_ans_f1 == pytest.approx((1 + 2 / 3) / 3)
    assert m.no_ans_accuracy == 0.5 and m.false_abstention == pytest.approx(1 / 3)
    assert m.gold_inside_answer == pytest.approx(2 / 3) and m.gold_inside_sentence == pytest.approx(2 / 3)
    assert m.right_paragraph_first == pytest.approx(2 / 3)  # b's first citation is paragraph 2
    assert m.p50_ms == 3.0  # nearest rank of 1..5
    assert summarize(rows, has_sentences=False).gold_inside_sentence is None


# ---------------------------------------------------------------------- end to end


def test_mini_end_to_end_with_the_real_model(tmp_path, encoder):
    result = run_squad(MINI, encoder=encoder, quiet=True, out=tmp_path)
    m = result.metrics
    assert result.markdown == tmp_path / "squad-mini.md" and result.markdown.is_file()
    assert result.json == tmp_path / "squad-mini.json"
    payload = json.loads(result.json.read_text(encoding="utf-8"))
    assert len(payload["questions"]) == 12
    assert {"id", "question", "gold", "prediction", "confidence", "abstained", "em", "f1", "inside"} <= set(payload["questions"][0])
    for value in (m.exact, m.f1, m.has_ans_exact, m.has_ans_f1, m.no_ans_accuracy, m.false_abstention,
                  m.gold_inside_answer, m.right_paragraph_first):
        assert value is not None and 0.0 <= value <= 1.0
    # weak floors, set under what was measured when written (EM 0.25, F1 0.38, gold in answer 0.62,
    # right paragraph first 1.00): they catch a broken pipeline, not a slightly worse one
    assert m.right_paragraph_first >= 0.75
    assert m.gold_inside_answer >= 0.5
    assert m.f1 >= 0.2


def test_cli_run_prints_the_table_and_writes_nothing_with_no_write(tmp_path):
    result = qa_eval("--squad", str(MINI), "--no-write", "--quiet", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "HasAns F1" in result.stdout and "NoAns acc" in result.stdout
    assert not (tmp_path / "out").exists()


def test_cli_top_k_out_of_range_is_one_line():
    assert_one_line_error(qa_eval("--squad", str(MINI), "--top-k", "0", "--quiet"), "--top-k must be between 1 and 50")


FACTBOOK = Path(__file__).resolve().parent.parent / "eval" / "squad-factbook.json"


def test_factbook_dev_file_is_well_formed():
    """The development set: loads, every answer_start points at its text, about 60/40."""
    dataset = load_squad(FACTBOOK)
    answerable = sum(not q.impossible for q in dataset.questions)
    assert len(dataset.articles) >= 15 and len(dataset.questions) >= 110
    assert dataset.misaligned == 0
    assert 0.5 <= answerable / len(dataset.questions) <= 0.7
    assert all(a.title[0].lower() >= "n" for a in dataset.articles)  # a-m is another set's
