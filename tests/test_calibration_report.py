"""`qa eval` measures how far the confidence reads as the probability of a right answer:
the calibration summary by hand on tiny outcomes, and one real run on the bundled report."""

from __future__ import annotations

import json

import pytest

from qa import cli
from qa.evaluation import metrics
from qa.evaluation.evaluate import Outcome, summarize, write_reliability
from qa.evaluation.squad import SquadQuestion, score_row
from qa.evaluation.squad import summarize as squad_summarize
from tests.conftest import ROOT

GOLD = ROOT / "eval" / "gold.jsonl"
PNG = b"\x89PNG\r\n\x1a\n"


def _outcome(qid: str, answerable: bool, abstained: bool, holds: bool, confidence: float, type_: str = "other") -> Outcome:
    return Outcome(
        id=qid, question=f"{qid}?", answerable=answerable, expected=("x",) if answerable else (),
        got=None if abstained else "answer", abstained=abstained, confidence=confidence, rank=1 if answerable else None,
        cited_right=holds, correct=holds if answerable else abstained, seconds=0.01, type=type_, short=not abstained,
    )


OUTCOMES = [
    _outcome("a", True, False, True, 0.9, "date"),  # answered, right
    _outcome("b", True, False, False, 0.6, "date"),  # answered, wrong
    _outcome("c", False, False, False, 0.7, "place"),  # an answer to an unanswerable question: wrong
    _outcome("d", False, True, False, 0.2, "place"),  # rightly declined: not an answer
    _outcome("e", True, True, False, 0.3, "date"),  # wrongly declined: not an answer
]


def test_calibration_summary_by_hand():
    s = summarize(OUTCOMES)
    # answers given: a (0.9, right), b (0.6, wrong), c (0.7, wrong); 5 questions
    # ECE: bins 9, 6, 7 with gaps 0.1, 0.6, 0.7, one answer each: 1.4 / 3
    assert s["ece"] == pytest.approx(1.4 / 3)
    # ECE all: also d (0.2) and e (0.3), neither holding a right answer: (1.4 + 0.2 + 0.3) / 5
    assert s["ece_all"] == pytest.approx(1.9 / 5)
    # by confidence: 0.9 right, 0.7 wrong, 0.6 wrong: risks 0, 1/2, 2/3
    assert s["aurc"] == pytest.approx((0 + 1 / 2 + 2 / 3) / 3)
    # half of 5 questions is 3 answers (1 right); 80% is 4 answers, and only 3 were given
    assert s["acc@50"] == pytest.approx(1 / 3)
    assert s["acc@80"] is None
    assert s["answered"] == pytest.approx(3 / 5)
    assert s["answer_precision"] == pytest.approx(1 / 3)
    assert s["mean_confidence"] == pytest.approx((0.9 + 0.6 + 0.7) / 3)
    # the existing figures are untouched: 1 of 3 answerable right, 1 of 2 unanswerable declined
    assert s["accuracy"] == pytest.approx(1 / 3) and s["abstain_recall"] == 0.5 and s["wrong_abstention"] == pytest.approx(1 / 3)
    assert s["short_precision"] == pytest.approx(1 / 3)  # short answers a, b, c: a right


def test_calibration_with_every_question_declined():
    declined = [_outcome("d", False, True, False, 0.2), _outcome("e", True, True, False, 0.3)]
    s = summarize(declined)
    assert s["ece"] is None and s["aurc"] is None and s["acc@50"] is None and s["acc@80"] is None
    assert s["answered"] == 0.0 and s["mean_confidence"] is None
    assert s["ece_all"] == pytest.approx((0.2 + 0.3) / 2)  # confident of nothing right, a little


def test_raw_similarity_outside_0_1_is_clipped_not_refused():
    s = summarize([_outcome("a", True, False, True, 1.3), _outcome("b", True, False, False, -0.2)])
    assert s["ece"] == pytest.approx(0.0)  # 1.0 right, 0.0 wrong


def test_squad_calibration_by_hand():
    def question(qid: str, answers: tuple[str, ...]) -> SquadQuestion:
        return SquadQuestion(qid, f"question {qid}?", answers, tuple(0 for _ in answers), not answers, 0, 1)

    rows = [
        score_row(question("a", ("1810",)), "1810", False, 0.9, "It was completed in 1810.", (0, 1), 1.0),
        score_row(question("b", ("Robert Stevenson",)), None, True, 0.2, None, (0, 2), 2.0),
        score_row(question("c", ()), None, True, 0.1, None, (0, 1), 3.0),
        score_row(question("d", ()), "six weeks", False, 0.7, "A worker lives six weeks.", (0, 1), 4.0),
        score_row(question("e", ("wood or coal",)), "burned wood or coal in fires", False, 0.8, "Early ones burned wood or coal.", (0, 1), 5.0),
    ]
    m = squad_summarize(rows, has_sentences=True)
    # answers given: a (0.9, right), d (0.7, unanswerable: wrong), e (0.8, gold inside: right)
    assert m.ece == pytest.approx((0.1 + 0.7 + 0.2) / 3)
    assert m.ece_all == pytest.approx((0.1 + 0.2 + 0.1 + 0.7 + 0.2) / 5)
    assert m.aurc == pytest.approx((0 + 0 + 1 / 3) / 3)  # 0.9 right, 0.8 right, 0.7 wrong
    assert m.acc_at_50 == pytest.approx(2 / 3) and m.acc_at_80 is None  # 3 answers of 5; 80% needs 4
    assert m.answered == pytest.approx(3 / 5)
    # every answer differs from its sentence, so all three are short; of the answerable a, b, e two
    assert m.short_coverage == pytest.approx(2 / 3) and m.short_precision == pytest.approx(2 / 3)
    forced = score_row(question("f", ("1810",)), "It was completed in 1810.", False, 0.9, "It was completed in 1810.", (0, 1), 1.0, True)
    assert forced.short and not score_row(question("g", ("1810",)), None, True, 0.5, None, None, 1.0, True).short


def test_reliability_diagram_with_no_answers_is_still_a_png(tmp_path):
    write_reliability([("declined everything", [], [])], tmp_path / "r.png")
    assert (tmp_path / "r.png").read_bytes()[:8] == PNG


def test_the_ece_of_a_calibrated_engine_over_few_answers_is_not_zero():
    """The floor is what sampling alone gives: every answer at 0.9 is right nine times in
    ten, so 10 answers are off by 0.1 at least as often as not, 1000 answers hardly at all."""
    few, many = metrics.ece_floor([0.9] * 10), metrics.ece_floor([0.9] * 1000)
    assert 0.05 < few < 0.15 and many < 0.015
    assert metrics.ece_floor([0.9] * 10) == few  # seeded: the same answers give the same floor
    assert metrics.ece_floor([1.0] * 5) == 0.0  # a sure answer is always right when calibrated
    assert metrics.ece_floor([]) is None
    with pytest.raises(ValueError):
        metrics.ece_floor([1.5])


# ---------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def run(bundled_index, tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration")
    code = cli.main(["eval", "--index", str(bundled_index), "--gold", str(GOLD), "--systems", "hybrid", "--out", str(out)])
    assert code == 0
    return out, json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_results_json_has_the_calibration_figures(run):
    _, data = run
    summary = data["systems"]["hybrid"]
    for key in ("ece", "ece_all", "aurc", "acc@50", "answered", "answer_precision", "mean_confidence", "short_precision"):
        assert summary[key] is not None and 0.0 <= summary[key] <= 1.0, (key, summary[key])
    if summary["answered"] >= 0.8:
        assert summary["acc@80"] is not None and 0.0 <= summary["acc@80"] <= 1.0
    # the figures follow from the questions written beside them
    answered = [q for q in data["questions"]["hybrid"] if not q["abstained"]]
    confidences = [min(1.0, max(0.0, q["confidence"])) for q in answered]
    right = [q["answerable"] and q["correct"] for q in answered]
    assert summary["ece"] == pytest.approx(metrics.expected_calibration_error(confidences, right))
    assert summary["acc@50"] == pytest.approx(metrics.accuracy_at_coverage(confidences, right, 0.5, len(data["questions"]["hybrid"])))
    bins = data["reliability"]["hybrid"]
    assert len(bins) == 10 and sum(b["count"] for b in bins) == len(answered)
    for type_summary in data["by_type"]["hybrid"].values():
        assert {"ece", "mean_confidence", "short_precision", "short_coverage", "accuracy", "questions"} <= set(type_summary)


def test_reliability_and_risk_coverage_charts_are_written_and_linked(run):
    out, _ = run
    for name in ("reliability.png", "risk-coverage.png", "results.png"):
        assert (out / name).read_bytes()[:8] == PNG, name
    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert "(reliability.png)" in markdown and "(risk-coverage.png)" in markdown
    assert "## Calibration" in markdown
    header = next(line for line in markdown.splitlines() if line.startswith("| system |"))
    assert all(f" {label} |" in header for label in ("ECE", "AURC", "acc@50", "acc@80", "short P"))
    type_header = next(line for line in markdown.splitlines() if line.startswith("| type |"))
    assert all(f" {label} |" in type_header for label in ("n", "answer acc", "short cov", "short P", "mean conf", "ECE"))


def test_calibration_pools_over_runs(run, tmp_path, capsys):
    """`qa eval --pool` reads earlier runs' results.json: each run's row and the pooled one,
    figured from the same questions (a run pooled with itself keeps its rates)."""
    out, data = run
    code = cli.main(["eval", "--pool", str(out), str(out), "--out", str(tmp_path)])
    assert code == 0
    rows = json.loads((tmp_path / "pooled.json").read_text(encoding="utf-8"))
    alone, pooled = rows[out.name], rows["pooled (2 runs)"]
    assert pooled["questions"] == 2 * alone["questions"] == 2 * len(data["questions"]["hybrid"])
    summary = data["systems"]["hybrid"]
    assert alone["ece"] == pytest.approx(summary["ece"]) and pooled["ece"] == pytest.approx(summary["ece"])
    assert alone["acc@50"] == pytest.approx(summary["acc@50"]) and alone["answered"] == pytest.approx(summary["answered"])
    assert pooled["ece_floor"] < alone["ece_floor"]  # twice the answers, half the noise or so
    assert "ECE if calibrated" in (tmp_path / "pooled.md").read_text(encoding="utf-8")
    assert cli.main(["eval", "--pool", str(tmp_path / "missing"), "--no-write"]) == 2
    assert "run `qa eval" in capsys.readouterr().err
