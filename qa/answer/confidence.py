"""How sure the engine is of an answer: a logistic blend of a few kinds of evidence.

Few signals, so that a few hundred development questions can set their weights without
chasing single questions; gates for the cases no weight should overrule (a sentence not
about the question, a number question with no number, a name the corpus never mentions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping


def evidence(features: Mapping[str, float]) -> dict[str, float]:
    """The few combined signals confidence weighs (raw features from ``choose``).

    Few, so that a gold set of some tens of questions can set their weights without
    chasing single questions: with one weight per raw feature the fits on the two
    halves of the gold set disagreed even in sign.
    """
    return {
        "match": features["coverage"] + features["similarity"],  # the sentence (and its passage) is about the question
        # "how much", "when", ... left with a bare sentence: the typed answer is missing
        "untyped": features["untyped"],
        "numbers": features["stated"] - features["missing"] - (1.0 - features["constraint_ok"]),  # the years asked about hold
        "absent_named": features["absent_named"],  # a name the corpus never mentions
        "unmatched_named": features.get("unmatched_named", 0.0),  # a name the answer sentence lacks
        "short": features.get("short", 0.0),  # one phrase of the asked kind clearly stands out
    }


#: Logistic weights of the evidence, fitted on development questions only (the dev half
#: of eval/gold-report.jsonl and eval/gold-factbook.jsonl by hash, eval/gold.jsonl and
#: eval/squad-factbook.json) by eval/tune_confidence.py, two folds agreeing in sign; the
#: bias then set on the same questions where the share handled right peaks (-0.1: 43% of
#: unanswerable questions declined and 4% of answerable ones, against 32% and 3% with the
#: earlier weights).
CONFIDENCE_WEIGHTS: dict[str, float] = {
    "bias": -0.1,
    "match": 1.0,
    "untyped": -2.1,
    "numbers": 0.6,
    "absent_named": -0.6,
    "unmatched_named": -0.7,
    "short": 0.2,
}

#: Below this "match" (coverage + cosine) the sentence is not about the question and
#: the engine abstains whatever else agrees (a year the question names, a typed span).
#: The gate sits under every right answer of the development questions (lowest 0.63,
#: `eval/tune_confidence.py --dump`), so it refuses only sentences further from the
#: question than any right answer seen.
MIN_MATCH = 0.6


def confidence_of(features: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """A logistic blend of the evidence for the chosen sentence."""
    weights = CONFIDENCE_WEIGHTS if weights is None else weights
    signals = evidence(features)
    z = weights["bias"] + sum(weights[name] * value for name, value in signals.items())
    if signals["match"] < MIN_MATCH:
        z = min(z, -1.0)
    if features.get("numeric_untyped"):
        # "how many / how much" and the best sentence states no count or amount of
        # what was asked: the report does not give the number
        z = min(z, -1.0)
    if signals["absent_named"] > 0:
        # the question names something ("Afghanistan", "UNICEF") the corpus never
        # mentions, even allowing for a typo: whatever matches, it is about something else
        z = min(z, -1.0)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
