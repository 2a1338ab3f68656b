"""CI floors on the held-out (test) halves of the pre-registered gold sets.

eval/gold-report.jsonl (new phrasings on the bundled report) and eval/gold-factbook.jsonl
(questions on real country profiles nobody here wrote) were committed before the answer
stage they measure was written, and are split by a fixed hash of the id: weights and
thresholds were tuned on the dev half only. The floors below sit about one question
under the values measured on the test half when they were set; raise them when the
engine improves, never lower one without saying why in the commit.

The factbook questions run on an index of the bundled report and the profiles the gold
set asks about (a smaller index than `make eval-test`'s 161 documents, so CI stays
short); the report's questions run there too, and must still cite the report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa import cli
from qa.evaluation.evaluate import load_gold, split_of
from tests.conftest import ROOT

REPORT_GOLD = ROOT / "eval" / "gold-report.jsonl"
FACTBOOK_GOLD = ROOT / "eval" / "gold-factbook.jsonl"
FACTBOOK = ROOT / "eval" / "corpora" / "factbook-dev"

# (set, metric) -> (lowest allowed, highest allowed), measured on the test half when set
BOUNDS = {
    ("report", "accuracy"): (0.62, 1.0),  # measured 0.655 (19 of 29)
    # 0.615 -> 0.564 and 0.300 -> 0.200 (3 -> 2 of 10) in the fourteenth session, lowered by one
    # question each: a sentence shown for its phrase is now held to the sentence model's
    # cap ("who is in charge of the shelter now?", right at 0.27, is declined at 0.16 under
    # the role gate), and "apart" became a stopword ("Apart from Russia, in which
    # countries ...?", declined at 0.17, is answered at 0.26). Both were chosen on the
    # development halves (7 more near misses declined there for 1 right answer lost) and
    # are reported with the test halves in docs/evaluation.md.
    ("report", "overall"): (0.54, 1.0),  # measured 0.564
    ("report", "short_precision"): (0.45, 1.0),  # measured 0.545
    ("report", "abstain_recall"): (0.18, 1.0),  # measured 0.200 (2 of 10; 0.300 before, see above)
    ("report", "wrong_abstention"): (0.0, 0.14),  # measured 0.103
    ("factbook", "accuracy"): (0.73, 1.0),  # measured 0.747 (on this 17-document index)
    ("factbook", "overall"): (0.64, 1.0),  # measured 0.654
    ("factbook", "hit@1"): (0.80, 1.0),  # measured 0.819
    ("factbook", "short_precision"): (0.58, 1.0),  # measured 0.614
    ("factbook", "abstain_recall"): (0.29, 1.0),  # measured 0.333
    # measured 0.108 with issue 16's calibrated confidence (0.024 before): it declines below a
    # probability of 0.25 of being right, and some of those answers were right after all.
    # 0.120 -> 0.133 after the retrieval and build changes of 2026-12-02: the question that moved was
    # answered wrong before (accuracy unchanged at 0.747), and two unanswerable questions
    # are now declined (abstain recall 0.333 -> 0.417)
    ("factbook", "wrong_abstention"): (0.0, 0.14),
    ("report-among-profiles", "hit@1"): (0.89, 1.0),  # measured 0.931: the report still comes first
    ("report-among-profiles", "cited_accuracy"): (0.72, 1.0),  # measured 0.759
}


def _evaluate(gold: Path, index: Path, out: Path) -> dict:
    code = cli.main(["eval", "--gold", str(gold), "--index", str(index), "--subset", "test", "--systems", "hybrid", "--out", str(out)])
    assert code == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))["systems"]["hybrid"]


@pytest.fixture(scope="module")
def report_results(bundled_index, tmp_path_factory):
    return _evaluate(REPORT_GOLD, bundled_index, tmp_path_factory.mktemp("report-test"))


@pytest.fixture(scope="module")
def factbook_index(tmp_path_factory, encoder) -> Path:
    from qa.index.build import build_index

    profiles = sorted({item.doc for item in load_gold(FACTBOOK_GOLD)})
    index = tmp_path_factory.mktemp("factbook") / "index"
    build_index([ROOT / "data" / "tip-2021-tajikistan-protection.txt", *(FACTBOOK / name for name in profiles)], index, encoder=encoder)
    return index


@pytest.fixture(scope="module")
def factbook_results(factbook_index, tmp_path_factory):
    return _evaluate(FACTBOOK_GOLD, factbook_index, tmp_path_factory.mktemp("factbook-test"))


@pytest.fixture(scope="module")
def multidoc_report_results(factbook_index, tmp_path_factory):
    return _evaluate(REPORT_GOLD, factbook_index, tmp_path_factory.mktemp("report-multidoc-test"))


def test_the_split_is_fixed_and_both_halves_are_used():
    items = load_gold(REPORT_GOLD) + load_gold(FACTBOOK_GOLD)
    test = [i for i in items if i.split == "test"]
    assert 0.35 < len(test) / len(items) < 0.65
    # pinned: a change to the hash would silently move questions between the halves
    assert [split_of(i) for i in ("rp-01", "fb-algeria-01", "p1-01")] == ["test", "test", "dev"]


@pytest.fixture(scope="module")
def results(request):
    return {
        "report": lambda: request.getfixturevalue("report_results"),
        "factbook": lambda: request.getfixturevalue("factbook_results"),
        "report-among-profiles": lambda: request.getfixturevalue("multidoc_report_results"),
    }


@pytest.mark.parametrize("which, metric", sorted(BOUNDS))
def test_test_half_stays_within_bounds(results, which, metric):
    summary = results[which]()
    low, high = BOUNDS[(which, metric)]
    value = summary[metric]
    assert value is not None and low <= value <= high, f"{which} {metric} = {value}, bounds {low}..{high}"
