"""The metric functions against values worked out by hand."""

from __future__ import annotations

import pytest

from qa.evaluation import metrics


def test_normalisation_follows_squad_plus_typography():
    assert metrics.normalize_answer("The  Ministry of Health’s") == "ministry of healths"
    assert metrics.normalize_answer("an NGO.") == "ngo"
    assert metrics.normalize_answer("one-year extension") == "one year extension"
    assert metrics.normalize_answer("253,670 somoni ($22,400)") == "253670 somoni 22400"
    assert metrics.normalize_answer("victims’ status") == metrics.normalize_answer("victims' status")


def test_exact_match_takes_the_best_acceptable_answer():
    assert metrics.exact_match("the Ministry of Health", ["NGO", "Ministry of Health"]) == 1.0
    assert metrics.exact_match("Ministry of Health staff", ["Ministry of Health"]) == 0.0
    assert metrics.exact_match(None, ["24"]) == 0.0
    assert metrics.exact_match("24", []) == 0.0


def test_token_f1_by_hand():
    # prediction tokens: 253670 tajikistani somoni 22400; gold: 253670 tajikistani somoni
    # overlap 3, precision 3/4, recall 3/3, F1 = 2 * 0.75 * 1 / 1.75 = 6/7
    assert metrics.token_f1("253,670 Tajikistani somoni ($22,400)", ["253,670 Tajikistani somoni"]) == pytest.approx(6 / 7)
    # best over answers: "somoni" alone scores 2 * (1/4) * 1 / (1.25) = 0.4 < 6/7
    assert metrics.token_f1("253,670 Tajikistani somoni ($22,400)", ["somoni", "253,670 Tajikistani somoni"]) == pytest.approx(6 / 7)
    assert metrics.token_f1("in 2020", ["24"]) == 0.0
    assert metrics.token_f1(None, ["24"]) == 0.0


def test_token_f1_counts_repeated_tokens_once_each():
    # prediction "victims victims" vs gold "victims": overlap min(2,1)=1, P=1/2, R=1, F1=2/3
    assert metrics.token_f1("victims victims", ["victims"]) == pytest.approx(2 / 3)


def test_contains_answer_matches_whole_tokens_only():
    assert metrics.contains_answer("compared with 20 in 2019", ["20"])
    assert not metrics.contains_answer("28 victims in 2020", ["20"])
    assert metrics.contains_answer("subject to a one-year extension", ["one year"])
    assert metrics.contains_answer("The Ministry of Health assumed control", ["ministry of health"])
    assert not metrics.contains_answer(None, ["24"])
    assert not metrics.contains_answer("anything", [])


def test_hit_at_k_and_mrr_by_hand():
    ranks = [1, 3, None, 2]
    assert metrics.hit_at_k(ranks, 1) == 0.25
    assert metrics.hit_at_k(ranks, 3) == 0.75
    assert metrics.hit_at_k(ranks, 5) == 0.75
    assert metrics.mean_reciprocal_rank(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 2) / 4)
    assert metrics.hit_at_k([], 3) == 0.0
    assert metrics.mean_reciprocal_rank([]) == 0.0


def test_abstention_precision_recall_and_wrong_rate_by_hand():
    abstained = [True, True, False, False, True]
    answerable = [False, True, False, True, True]
    # abstained 3 times, once rightly: precision 1/3; 2 unanswerable, 1 caught: recall 1/2;
    # 3 answerable, 2 refused: wrong-abstention rate 2/3
    result = metrics.abstention(abstained, answerable)
    assert result.precision == pytest.approx(1 / 3)
    assert result.recall == pytest.approx(1 / 2)
    assert result.wrong_rate == pytest.approx(2 / 3)


def test_abstention_ratios_with_nothing_to_count_are_none():
    never = metrics.abstention([False, False], [True, False])
    assert never.precision is None
    assert never.recall == 0.0
    assert never.wrong_rate == 0.0
    assert metrics.abstention([True], [True]).recall is None
    with pytest.raises(ValueError):
        metrics.abstention([True], [True, False])


def test_percentile_is_nearest_rank():
    assert metrics.percentile([5, 1, 3, 2, 4], 50) == 3
    assert metrics.percentile([5, 1, 3, 2, 4], 95) == 5
    assert metrics.percentile([1, 2, 3, 4], 50) == 2
    assert metrics.percentile([10.0], 95) == 10.0
    with pytest.raises(ValueError):
        metrics.percentile([], 50)
    with pytest.raises(ValueError):
        metrics.percentile([1], 101)


# -------------------------------------------------------------------- calibration

CONFIDENCES = [0.95, 0.85, 0.82, 0.3, 0.35]
RIGHT = [True, True, False, False, True]


def test_reliability_bins_by_hand():
    table = metrics.reliability_bins(CONFIDENCES, RIGHT, bins=10)
    assert len(table) == 10 and [b.count for b in table] == [0, 0, 0, 2, 0, 0, 0, 0, 2, 1]
    assert (table[3].lower, table[3].upper) == pytest.approx((0.3, 0.4))
    # bin 3: 0.3 (wrong) and 0.35 (right): mean confidence 0.325, accuracy 1/2
    assert table[3].confidence == pytest.approx(0.325) and table[3].accuracy == 0.5
    # bin 8: 0.85 (right) and 0.82 (wrong): mean 0.835, accuracy 1/2; bin 9: 0.95 (right)
    assert table[8].confidence == pytest.approx(0.835) and table[8].accuracy == 0.5
    assert table[9].confidence == pytest.approx(0.95) and table[9].accuracy == 1.0
    assert table[0].confidence is None and table[0].accuracy is None


def test_reliability_bins_edges():
    # 0.0 opens the first bin, 1.0 closes the last one, 0.5 opens the upper of two
    table = metrics.reliability_bins([0.0, 1.0, 0.5], [False, True, True], bins=2)
    assert [b.count for b in table] == [1, 2]
    with pytest.raises(ValueError):
        metrics.reliability_bins([1.2], [True])
    with pytest.raises(ValueError):
        metrics.reliability_bins([float("nan")], [True])
    with pytest.raises(ValueError):
        metrics.reliability_bins([0.5], [True], bins=0)
    with pytest.raises(ValueError):
        metrics.reliability_bins([0.5], [True, False])


def test_expected_calibration_error_by_hand():
    # bin 9: |1 - 0.95| = 0.05 (weight 1/5); bin 8: |0.5 - 0.835| = 0.335 (2/5);
    # bin 3: |0.5 - 0.325| = 0.175 (2/5): (0.05 + 2 * 0.335 + 2 * 0.175) / 5 = 0.214
    assert metrics.expected_calibration_error(CONFIDENCES, RIGHT) == pytest.approx(0.214)
    # one bin: |accuracy 3/5 - mean confidence 3.27/5| = 0.054
    assert metrics.expected_calibration_error(CONFIDENCES, RIGHT, bins=1) == pytest.approx(0.054)
    # perfectly calibrated in every bin
    assert metrics.expected_calibration_error([1.0, 0.0, 0.5, 0.5], [True, False, True, False]) == pytest.approx(0.0)
    # confident and always wrong
    assert metrics.expected_calibration_error([0.9, 0.9], [False, False]) == pytest.approx(0.9)
    assert metrics.expected_calibration_error([], []) is None  # no answers given: nothing measured


# answers 0..3; sorted by confidence (ties in input order): 0.9 right, 0.7 wrong (input 2),
# 0.7 right (input 3), 0.4 right
RC_CONFIDENCES = [0.9, 0.4, 0.7, 0.7]
RC_RIGHT = [True, True, False, True]


def test_risk_coverage_and_aurc_by_hand():
    curve = metrics.risk_coverage(RC_CONFIDENCES, RC_RIGHT, total=8)  # 4 of 8 questions were declined
    assert [c for c, _ in curve.points] == pytest.approx([1 / 8, 2 / 8, 3 / 8, 4 / 8])
    assert [r for _, r in curve.points] == pytest.approx([0.0, 1 / 2, 1 / 3, 1 / 4])
    assert curve.aurc == pytest.approx((0 + 1 / 2 + 1 / 3 + 1 / 4) / 4)  # 13/48
    alone = metrics.risk_coverage(RC_CONFIDENCES, RC_RIGHT)  # total defaults to the answers given
    assert [c for c, _ in alone.points] == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert alone.aurc == pytest.approx(13 / 48)
    # a confidence that ranks the wrong answer last reaches the lowest AURC for 3 of 4 right
    assert metrics.risk_coverage([0.9, 0.8, 0.1, 0.7], RC_RIGHT).aurc == pytest.approx((0 + 0 + 0 + 1 / 4) / 4)


def test_risk_coverage_with_no_answers():
    curve = metrics.risk_coverage([], [], total=5)  # every question declined
    assert curve.points == [] and curve.aurc is None
    with pytest.raises(ValueError):
        metrics.risk_coverage([0.5, 0.6], [True, True], total=1)


def test_accuracy_at_coverage_by_hand():
    # against 8 questions: half is the top 4 answers (3 right); a quarter the top 2 (1 right);
    # 0.3 * 8 = 2.4 rounds up to 3 answers (2 right); 80% needs 7 answers and only 4 were given
    assert metrics.accuracy_at_coverage(RC_CONFIDENCES, RC_RIGHT, 0.5, total=8) == 0.75
    assert metrics.accuracy_at_coverage(RC_CONFIDENCES, RC_RIGHT, 0.25, total=8) == 0.5
    assert metrics.accuracy_at_coverage(RC_CONFIDENCES, RC_RIGHT, 0.3, total=8) == pytest.approx(2 / 3)
    assert metrics.accuracy_at_coverage(RC_CONFIDENCES, RC_RIGHT, 0.8, total=8) is None
    # against the answers given alone: half is the top 2
    assert metrics.accuracy_at_coverage(RC_CONFIDENCES, RC_RIGHT, 0.5) == 0.5
    assert metrics.accuracy_at_coverage(RC_CONFIDENCES, RC_RIGHT, 1.0) == 0.75
    # 0.7 * 10 is 7.000000000000001 in floating point: still 7 answers, not 8
    assert metrics.accuracy_at_coverage([0.9] * 7 + [0.1] * 3, [True] * 7 + [False] * 3, 0.7) == 1.0


def test_accuracy_at_coverage_breaks_ties_by_input_order():
    assert metrics.accuracy_at_coverage([0.7, 0.7], [True, False], 0.5) == 1.0
    assert metrics.accuracy_at_coverage([0.7, 0.7], [False, True], 0.5) == 0.0


def test_accuracy_at_coverage_edges():
    assert metrics.accuracy_at_coverage([], [], 0.5, total=4) is None  # all abstained
    assert metrics.accuracy_at_coverage([], [], 0.5) is None  # no questions
    assert metrics.accuracy_at_coverage([0.6], [True], 0.0) is None  # no answer asked for
    with pytest.raises(ValueError):
        metrics.accuracy_at_coverage([0.6], [True], 1.5)
