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
