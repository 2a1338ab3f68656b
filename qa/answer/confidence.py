"""How sure the engine is of an answer: the probability that it is right.

An analyst cites an answer without reading further when the number beside it says so,
so the number must mean what it says: of the answers shown at 0.8, about eight in ten
hold the answer. Two small models estimate it from evidence that carries across
documents (how much of the question the sentence holds, how the retrievers ranked its
passage, how well the phrase's kind fits and how far it leads its rivals, the names and
years asked about (in the sentence, and anywhere in its document), the rarest question
word the sentence lacks, the answer's form):

- ``sentence``: the probability that the chosen sentence holds the answer;
- ``short``: the probability that the short answer (a phrase, a list, a Yes/No) is right.
  A short answer is given only when this clears ``short.threshold``, set on development
  questions for short answers right at least 92% of the time (a margin, so that new
  questions keep the 90% asked); otherwise the sentence is the answer, and its own
  probability is the confidence.

Each is a logistic regression on standardised evidence, then Platt scaling fitted on
out-of-fold predictions (so the probability is calibrated on questions the regression
did not see). A few kinds of evidence settle a question almost alone (``GATES``: a
number or date question left without one, a year asked about that the sentence does not
give, a name the corpus never mentions, a sentence hardly about the question, an
attribute asked for that the answer's document never speaks of); a linear
model blends them away, so when one holds the probability is capped at the share of
such development questions that were answered right. Both are fitted on development questions only by `make confidence`
(eval/tune_confidence.py) and stored as plain JSON beside this module: no pickle.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("confidence.json")

#: Below this "match" (coverage + cosine) the sentence is hardly about the question; the
#: models read it as one piece of evidence among others (``below_match``).
MIN_MATCH = 0.6

#: The evidence both models read, in order (the raw features come from ``extract.choose``).
FEATURES: tuple[str, ...] = (
    "coverage", "similarity", "below_match", "untyped", "numeric_untyped", "numbers", "absent_named", "absent",
    "unmatched_named", "role_missing", "missing_rare", "fit", "candidate_margin", "candidate_score", "attached", "rivals", "short", "form_short", "form_list", "form_yes", "form_no",
    "hit_rank", "hit_score", "keyword_hit", "passage_margin", "sentence_words", "recurs", "sentence_margin",
    "asks_number", "asks_name", "asks_sentence", "named_off_document",
)


#: Evidence that settles a question almost alone, by name: the probability is capped at
#: the share right of the development questions where it held (stored with the model).
GATES: dict[str, Callable[[Mapping[str, float]], bool]] = {
    "below_match": lambda f: f["coverage"] + f["similarity"] < MIN_MATCH,
    "numeric_untyped": lambda f: f.get("numeric_untyped", 0.0) > 0,  # "how many" and no count of it
    "date_untyped": lambda f: f.get("date_untyped", 0.0) > 0,  # "when ...?" and no date in the sentence
    "year_not_stated": lambda f: f["stated"] < 0,  # the year asked about is not in the sentence
    "absent_named": lambda f: f["absent_named"] > 0,  # a name the corpus never mentions
    "role_missing": lambda f: f.get("role_missing", 0.0) > 0,  # "the vice president" where the sentence names none
    # "how many of the 24 victims were children?" where the sentence never speaks of children
    "part_missing": lambda f: f.get("part_missing", 0.0) > 0,
    # "the population of Tajikistan" where the answer's whole document never speaks of one
    "attribute_off_document": lambda f: f.get("attribute_off_document", 0.0) > 0,
}


def evidence(features: Mapping[str, float]) -> list[float]:
    """The model's inputs from the raw features of the chosen sentence."""
    derived = {
        "below_match": 1.0 if features["coverage"] + features["similarity"] < MIN_MATCH else 0.0,
        # +1 the years asked about are in the sentence, less for each missing or contradicted
        "numbers": features["stated"] - features["missing"] - (1.0 - features["constraint_ok"]),
    }
    return [float(derived[name] if name in derived else features.get(name, 0.0)) for name in FEATURES]


@dataclass(frozen=True)
class Logistic:
    """A calibrated logistic model over standardised evidence."""

    bias: float
    weights: tuple[float, ...]
    platt: tuple[float, float]  # probability = sigmoid(a * logit + b)

    def probability(self, standardised: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, standardised, strict=True))
        a, b = self.platt
        return _sigmoid(a * z + b)


@dataclass(frozen=True)
class ConfidenceModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    sentence: Logistic
    short: Logistic
    short_threshold: float  # a phrase or a list
    yes_no_threshold: float  # a Yes or a No
    caps: Mapping[str, Mapping[str, float]]  # model ("sentence"/"short") -> gate -> cap

    def _capped(self, part: str, probability: float, features: Mapping[str, float]) -> float:
        caps = self.caps.get(part, {})
        return min([probability, *(caps[name] for name, holds in GATES.items() if name in caps and holds(features))])

    def standardise(self, features: Mapping[str, float]) -> list[float]:
        return [(x - m) / s for x, m, s in zip(evidence(features), self.mean, self.scale, strict=True)]

    def sentence_probability(self, features: Mapping[str, float]) -> float:
        return self._capped("sentence", self.sentence.probability(self.standardise(features)), features)

    def short_probability(self, features: Mapping[str, float]) -> float:
        return self._capped("short", self.short.probability(self.standardise(features)), features)

    def sentence_cap(self, features: Mapping[str, float]) -> float:
        """The sentence model's cap for the gates that hold (1.0 for none): a sentence shown
        for a phrase it holds is right at least as often as the phrase, but no more often
        than sentences under the same gate were ("the vice president" named nowhere)."""
        return self._capped("sentence", 1.0, features)

    @classmethod
    def from_json(cls, data: Mapping) -> ConfidenceModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{MODEL_FILE.name} was fitted on other features: refit it with `make confidence`")

        def logistic(part: Mapping) -> Logistic:
            return Logistic(float(part["bias"]), tuple(map(float, part["weights"])), (float(part["platt"][0]), float(part["platt"][1])))

        return cls(
            FEATURES, tuple(map(float, data["mean"])), tuple(map(float, data["scale"])),
            logistic(data["sentence"]), logistic(data["short"]), float(data["short"]["threshold"]),
            float(data["short"].get("threshold_yes_no", data["short"]["threshold"])),
            {part: {k: float(v) for k, v in data[part].get("caps", {}).items()} for part in ("sentence", "short")},
        )


@cache
def model() -> ConfidenceModel:
    """The fitted model shipped with the package (read once)."""
    return ConfidenceModel.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
