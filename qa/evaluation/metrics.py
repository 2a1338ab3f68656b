"""Evaluation metrics as pure functions, so each can be checked by hand.

Answer metrics follow the SQuAD v1.1 evaluation script (Rajpurkar et al. 2016):
lower case, punctuation and the articles a/an/the removed, whitespace collapsed; exact
match and token F1 take the best over the acceptable answers. Two deliberate
differences, both so that the same words typed differently count as the same answer:
typographic quotes and dashes are mapped to ASCII first (the report writes
"victims’", users type "victims'"), and hyphens and dashes become spaces rather than
vanishing ("one-year" matches "one year", not "oneyear").

Retrieval metrics take the 1-based rank of the right paragraph per question, None
when it was not retrieved at all.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from qa.text import normalize

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_DASHES = re.compile(r"[-\u2010-\u2015\u2212]")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalize_answer(text: str) -> str:
    """SQuAD normalisation (plus typographic-to-ASCII and dash-to-space)."""
    text = _DASHES.sub(" ", normalize(text).lower())
    text = text.translate(_PUNCTUATION)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def answer_tokens(text: str) -> list[str]:
    return normalize_answer(text).split()


def exact_match(prediction: str | None, answers: Sequence[str]) -> float:
    """1.0 when the prediction equals one acceptable answer after normalisation."""
    if prediction is None or not answers:
        return 0.0
    predicted = normalize_answer(prediction)
    return float(any(predicted == normalize_answer(a) for a in answers))


def _f1(predicted: list[str], gold: list[str]) -> float:
    common = Counter(predicted) & Counter(gold)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = same / len(predicted)
    recall = same / len(gold)
    return 2 * precision * recall / (precision + recall)


def token_f1(prediction: str | None, answers: Sequence[str]) -> float:
    """Best bag-of-tokens F1 between the prediction and an acceptable answer."""
    if prediction is None or not answers:
        return 0.0
    predicted = answer_tokens(prediction)
    return max(_f1(predicted, answer_tokens(a)) for a in answers)


def contains_answer(prediction: str | None, answers: Sequence[str]) -> bool:
    """True when an acceptable answer occurs in the prediction as whole tokens.

    Whole tokens, so the gold count "20" is not found inside the year "2020".
    """
    if prediction is None:
        return False
    predicted = answer_tokens(prediction)
    for answer in answers:
        gold = answer_tokens(answer)
        if gold and any(predicted[i : i + len(gold)] == gold for i in range(len(predicted) - len(gold) + 1)):
            return True
    return False


_YES_NO = frozenset({"yes", "no"})


def answer_is_right(prediction: str | None, answers: Sequence[str], require_all: bool = False) -> bool:
    """Whether an answer holds the gold: one acceptable answer, or every one for a list.

    A yes/no gold ("No") is right only when the answer opens with it: the word "no"
    somewhere in a sentence ("no shelter for men") does not say "No".
    """
    if prediction is None or not answers:
        return False
    if all(normalize_answer(a) in _YES_NO for a in answers):
        first = answer_tokens(prediction)[:1]
        return bool(first) and first[0] in {normalize_answer(a) for a in answers}
    if require_all:
        return all(contains_answer(prediction, [a]) for a in answers)
    return contains_answer(prediction, answers)


def hit_at_k(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose right paragraph is ranked within the top ``k``."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank, counting a paragraph not retrieved as 0."""
    if not ranks:
        return 0.0
    return sum(1.0 / r for r in ranks if r is not None) / len(ranks)


@dataclass(frozen=True)
class Abstention:
    precision: float | None  # of the abstentions, the share on unanswerable questions
    recall: float | None  # of the unanswerable questions, the share abstained on
    wrong_rate: float | None  # of the answerable questions, the share abstained on


def abstention(abstained: Sequence[bool], answerable: Sequence[bool]) -> Abstention:
    """Abstention treated as a detector of unanswerable questions.

    A ratio with nothing to count (no abstentions at all, no unanswerable questions)
    is None rather than a number that looks measured.
    """
    if len(abstained) != len(answerable):
        raise ValueError("abstained and answerable must have the same length")
    pairs = list(zip(abstained, answerable, strict=True))
    right = sum(1 for a, ok in pairs if a and not ok)
    said_no = sum(1 for a, _ in pairs if a)
    unanswerable = sum(1 for _, ok in pairs if not ok)
    answerable_n = sum(1 for _, ok in pairs if ok)
    wrong = sum(1 for a, ok in pairs if a and ok)
    return Abstention(
        precision=right / said_no if said_no else None,
        recall=right / unanswerable if unanswerable else None,
        wrong_rate=wrong / answerable_n if answerable_n else None,
    )


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..100): always one of the observed values."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, not {q}")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


# -------------------------------------------------------------------- calibration
#
# The engine's confidence is meant to be the probability that its answer is right.
# These functions take the answers the engine gave, each as (confidence, right), and
# say how well that holds. What "right" is, is the caller's: in `qa eval` an answer
# given is right when it holds the gold answer, and any answer to an unanswerable
# question is wrong. An abstention asserts nothing, so it is not an answer here; it
# enters only through ``total`` (all questions asked), against which coverage is
# measured, so declining is never rewarded with a better-looking coverage.


def _checked(confidences: Sequence[float], correct: Sequence[bool]) -> list[tuple[float, bool]]:
    if len(confidences) != len(correct):
        raise ValueError("confidences and correct must have the same length")
    pairs = [(float(c), bool(r)) for c, r in zip(confidences, correct, strict=True)]
    for c, _ in pairs:
        if not 0.0 <= c <= 1.0:  # also refuses NaN
            raise ValueError(f"a confidence is a probability within 0..1, not {c}")
    return pairs


@dataclass(frozen=True)
class ReliabilityBin:
    lower: float
    upper: float  # the bin holds lower <= confidence < upper; the last one also holds 1.0
    count: int
    confidence: float | None  # mean confidence of the answers in the bin; None when empty
    accuracy: float | None  # share of them that are right; None when empty


def reliability_bins(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> list[ReliabilityBin]:
    """The answers in ``bins`` equal-width confidence bins over [0, 1], every bin listed.

    Bin i holds i/bins <= confidence < (i+1)/bins; confidence 1.0 falls in the last.
    A calibrated engine has accuracy equal to mean confidence in every bin.
    """
    if bins < 1:
        raise ValueError(f"bins must be at least 1, not {bins}")
    pairs = _checked(confidences, correct)
    members: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for c, r in pairs:
        members[min(int(c * bins), bins - 1)].append((c, r))
    return [
        ReliabilityBin(
            lower=i / bins,
            upper=(i + 1) / bins,
            count=len(held),
            confidence=sum(c for c, _ in held) / len(held) if held else None,
            accuracy=sum(r for _, r in held) / len(held) if held else None,
        )
        for i, held in enumerate(members)
    ]


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float | None:
    """Expected calibration error (Naeini et al. 2015; Guo et al. 2017) over the answers given.

    The answers are put in ``bins`` equal-width confidence bins over [0, 1]
    (``reliability_bins``); ECE is the mean over bins of |accuracy - mean confidence|,
    each bin weighted by its share of the answers. 0 is perfectly calibrated; None
    when there are no answers to measure.
    """
    table = reliability_bins(confidences, correct, bins)
    n = sum(b.count for b in table)
    if not n:
        return None
    return sum(b.count / n * abs(b.accuracy - b.confidence) for b in table if b.count)  # type: ignore[operator]


def _by_confidence(pairs: list[tuple[float, bool]]) -> list[bool]:
    """Rightness of the answers, most confident first; ties keep input order (stable sort)."""
    return [r for _, r in sorted(pairs, key=lambda p: -p[0])]


def _total(total: int | None, given: int) -> int:
    if total is None:
        return given
    if total < given:
        raise ValueError(f"total ({total}) counts all questions, so it cannot be below the answers given ({given})")
    return total


@dataclass(frozen=True)
class RiskCoverage:
    points: list[tuple[float, float]]  # (coverage k/total, risk of the top k) for k = 1..answers given
    aurc: float | None  # mean risk over k = 1..answers given; None when none were given


def risk_coverage(confidences: Sequence[float], correct: Sequence[bool], total: int | None = None) -> RiskCoverage:
    """The risk-coverage curve of the answers given (Geifman and El-Yaniv 2017).

    The answers are sorted by confidence, most confident first (ties in input order);
    keeping the top k of them covers k/``total`` of the questions (``total`` is every
    question asked, abstentions included; default: the answers given) with risk = the
    share of those k answers that are wrong. ``aurc`` is the mean risk over
    k = 1..n (n answers given): the area under the curve per unit of the coverage the
    engine reaches, so it does not depend on ``total``. Lower is better; a confidence
    that ranks every right answer above every wrong one gets the lowest possible AURC
    for its accuracy.
    """
    ranked = _by_confidence(_checked(confidences, correct))
    total = _total(total, len(ranked))
    points = []
    wrong = 0
    for k, right in enumerate(ranked, 1):
        wrong += not right
        points.append((k / total, wrong / k))
    return RiskCoverage(points, sum(risk for _, risk in points) / len(points) if points else None)


def accuracy_at_coverage(confidences: Sequence[float], correct: Sequence[bool], coverage: float, total: int | None = None) -> float | None:
    """Accuracy of the ceil(coverage * total) most confident answers (ties in input order).

    ``total`` is every question asked (default: the answers given), so accuracy at
    0.5 coverage is the accuracy of the most confident answers covering half of all
    questions: what a caller who keeps only that many answers gets. None when fewer
    answers than that were given (the engine declined too much to reach the
    coverage), or when the coverage asks for no answer at all.
    """
    if not 0.0 <= coverage <= 1.0:
        raise ValueError(f"coverage is a share within 0..1, not {coverage}")
    ranked = _by_confidence(_checked(confidences, correct))
    total = _total(total, len(ranked))
    k = math.ceil(coverage * total - 1e-9)  # 0.7 * 10 is 7.000000000000001 in floating point
    if k < 1 or k > len(ranked):
        return None
    return sum(ranked[:k]) / k


def ece_floor(confidences: Sequence[float], bins: int = 10, rounds: int = 400, seed: int = 0) -> float | None:
    """The ECE a perfectly calibrated engine would show with these confidences: the mean
    ECE over ``rounds`` draws in which each answer is right with exactly its confidence.

    ECE over few answers is mostly sampling noise: with 40 answers spread over 0.25-1.0 a
    calibrated engine shows 0.15 on average (0.09-0.22 in nine draws of ten), so a test
    half's ECE is read against this floor, and a target such as 0.05 only on a few hundred
    answers (pooled over sets: `qa eval --pool`). Seeded: the same answers give the same floor."""
    import numpy as np

    checked = _checked(confidences, [False] * len(confidences))  # range checks only: rightness is drawn here
    values = np.array([c for c, _ in checked], dtype=np.float64)
    if not len(values):
        return None
    in_bin = np.eye(bins)[np.minimum((values * bins).astype(int), bins - 1)]  # answers x bins, one-hot
    draws = np.random.default_rng(seed).random((rounds, len(values))) < values  # each answer right with its confidence
    # per draw and bin: |answers right - sum of their confidences|, i.e. count x |accuracy - confidence|
    return float(np.abs(draws @ in_bin - values @ in_bin).sum(axis=1).mean() / len(values))
