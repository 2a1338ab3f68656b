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
