"""`qa eval` on the bundled report must not fall below the quality measured when it was set up.

The floors sit just under the values measured with the shipped engine (eval/results/),
so a change that costs answers, retrieval or honest abstentions fails here instead of
landing silently. Raise a floor when the engine improves; never lower one to make a
change pass without saying why in the commit.
"""

from __future__ import annotations

import json

import pytest

from qa import cli
from tests.conftest import ROOT

GOLD = ROOT / "eval" / "gold.jsonl"

# measured (hybrid, 64 answerable + 15 unanswerable) -> floor
# Deterministic on one machine; the slack (about one question each) absorbs the tiny
# numeric differences between the torch and ONNX encoders.
FLOORS = {
    "hit@1": 0.95,  # measured 0.984 (fusion by standardised score; 0.969 by reciprocal rank)
    "hit@3": 0.98,  # measured 1.000
    "mrr": 0.96,  # measured 0.992
    # Issue 16's calibrated confidence: a short answer only when its probability of being
    # right clears the threshold set for 90% precision on development questions. With the
    # phrase's own score and its rivals as evidence (threshold 0.80) more short answers
    # clear it (coverage 0.188, was 0.125), all right (12 of 12); F1, which scores the
    # answer's words, rises with them (0.270 -> 0.321).
    "accuracy": 0.90,  # measured 0.922 (59 of 64)
    "cited_accuracy": 0.90,  # measured 0.922
    # Lowered from 0.30 on purpose: since the short-answer threshold must hold 90% precision
    # by the Wilson lower bound (not the share alone) fewer phrases are shown alone (14 of 64
    # short answers, 17 before), and F1 scores the answer's words.
    "f1": 0.28,  # measured 0.319 (0.290, 0.304 in earlier sessions)
    "short_precision": 0.90,  # measured 0.933 (14 of 15; 16 of 17 before)
    "acc@50": 0.95,  # measured 0.975: the most confident half of the questions (0.925 before)
    # 11 of 15 since the thirteenth session: an attribute the report never speaks of ("the
    # population of Tajikistan") caps the confidence (9 of 15 before); 12 since the
    # twentieth: a name asked of the NGO the report leaves unnamed is declined
    "abstain_recall": 0.75,  # measured 0.800 (12 of 15)
    "abstain_precision": 0.80,  # measured 0.857 (12 of 14)
    "overall": 0.87,  # measured 0.899 (71 of 79)
}
CEILINGS = {"wrong_abstention": 0.05}  # measured 0.031 (2 of 64)


@pytest.fixture(scope="module")
def results(bundled_index, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    code = cli.main(["eval", "--gold", str(GOLD), "--index", str(bundled_index), "--out", str(out)])
    assert code == 0
    return out, json.loads((out / "results.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("metric, floor", sorted(FLOORS.items()))
def test_engine_stays_above_its_floor(results, metric, floor):
    value = results[1]["systems"]["hybrid"][metric]
    assert value is not None and value >= floor, f"hybrid {metric} fell to {value} (floor {floor})"


@pytest.mark.parametrize("metric, ceiling", sorted(CEILINGS.items()))
def test_engine_stays_below_its_ceiling(results, metric, ceiling):
    value = results[1]["systems"]["hybrid"][metric]
    assert value is not None and value <= ceiling, f"hybrid {metric} rose to {value} (ceiling {ceiling})"


def test_engine_beats_the_naive_baseline(results):
    systems = results[1]["systems"]
    assert systems["hybrid"]["accuracy"] > systems["naive"]["accuracy"]
    assert systems["hybrid"]["mrr"] > systems["naive"]["mrr"]
    assert systems["naive"]["abstain_recall"] == 0.0  # it never abstains, by construction


def test_results_files_show_every_system(results):
    out, data = results
    assert set(data["systems"]) == {"hybrid", "dense", "keyword", "naive"}
    assert data["answerable"] + data["unanswerable"] == len(data["questions"]["hybrid"])
    markdown = (out / "results.md").read_text(encoding="utf-8")
    for name in data["systems"]:
        assert f"| {name} |" in markdown
    assert "## Failures of hybrid" in markdown
    assert (out / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_outcome_is_scored_consistently(results):
    for outcome in results[1]["questions"]["hybrid"]:
        assert (outcome["got"] is None) == outcome["abstained"]
        if not outcome["answerable"]:
            assert outcome["correct"] == outcome["abstained"] and outcome["rank"] is None


def test_bad_options_fail_with_one_line(tmp_path, capsys):
    assert cli.main(["eval", "--gold", str(tmp_path / "none.jsonl"), "--no-write"]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("qa: error:") and "--gold" in err and "\n" not in err
    assert cli.main(["eval", "--systems", "hybrid,gpt", "--no-write"]) == 2
