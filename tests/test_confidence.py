"""The confidence is a calibrated probability, read from a plain-JSON model, and a short
answer is shown alone only when its probability clears the model's threshold."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from qa.answer.confidence import FEATURES, GATES, MODEL_FILE, ConfidenceModel, Logistic, model
from tests.conftest import ROOT


def _features(**changes: float) -> dict[str, float]:
    """Raw features of a plausible, well-supported sentence answer."""
    base = {name: 0.0 for name in FEATURES}
    base.update(coverage=0.9, similarity=0.6, stated=0.0, missing=0.0, constraint_ok=1.0, absent_named=0.0, hit_rank=1.0, hit_score=1.0)
    base.update(changes)
    return base


def test_the_shipped_model_is_plain_json_fitted_on_development_questions_only():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert {s["split"] for s in data["fitted"]["sets"]} <= {"dev", "all"}  # never a test half
    assert not any(set["gold"].endswith(("-test.jsonl",)) for set in data["fitted"]["sets"])
    assert 0.0 < data["short"]["threshold"] <= 1.0
    assert set(data["sentence"]["caps"]) == set(GATES)


def test_probabilities_are_probabilities():
    m = model()
    for features in (_features(), _features(coverage=0.0, similarity=0.0), _features(form_short=1.0, short=1.0, fit=1.0)):
        assert 0.0 <= m.sentence_probability(features) <= 1.0
        assert 0.0 <= m.short_probability(features) <= 1.0


@pytest.mark.parametrize(
    "gate, changes", [("numeric_untyped", {"numeric_untyped": 1.0}), ("year_not_stated", {"stated": -1.0}), ("role_missing", {"role_missing": 1.0})]
)
def test_a_gate_caps_the_probability_at_what_it_was_on_development_questions(gate, changes):
    m = model()
    assert GATES[gate](_features(**changes)) and not GATES[gate](_features())
    assert m.sentence_probability(_features(**changes)) <= m.caps["sentence"][gate]


def test_a_sentence_shown_for_its_phrase_is_held_to_the_sentences_cap():
    """"Who is the vice president?" where the profile names only the president: the
    phrase's own model may rate it above the sentence's cap for a role named nowhere; the
    sentence shown in its place is not worth more than sentences under that gate were."""
    m = model()
    assert m.sentence_cap(_features(role_missing=1.0)) == m.caps["sentence"]["role_missing"]
    assert m.sentence_cap(_features()) == 1.0
    assert m.sentence_cap(_features(role_missing=1.0, stated=-1.0)) == min(m.caps["sentence"]["role_missing"], m.caps["sentence"]["year_not_stated"])


def test_a_model_fitted_on_other_features_is_refused():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="make confidence"):
        ConfidenceModel.from_json(data)


def test_platt_scaling_maps_the_logit():
    flat = Logistic(bias=0.0, weights=(0.0,), platt=(1.0, 0.0))
    assert flat.probability([3.0]) == pytest.approx(0.5)
    assert Logistic(bias=2.0, weights=(0.0,), platt=(1.0, 0.0)).probability([0.0]) == pytest.approx(0.8808, abs=1e-4)
    assert Logistic(bias=2.0, weights=(0.0,), platt=(0.5, -1.0)).probability([0.0]) == pytest.approx(0.5)


def test_a_short_answer_is_shown_alone_only_above_the_threshold(engine):
    """The same question, the same chosen phrase: shown alone when the bar is low, as the
    sentence that holds it when the bar is above its probability."""
    from qa.answer.extract import extract
    from qa.search.scope import scoped_search
    from qa.text import normalize

    question = "How much did the government fund the shelter in 2020?"
    vector = engine.encoder.encode([normalize(question)])[0]
    hits = scoped_search(engine.retriever, question, vector)
    args = (question, hits, engine.stats, engine.data.documents, engine.data.windows, 0.0, engine.similarity_to(vector))
    low, high = extract(*args, short_threshold=0.0), extract(*args, short_threshold=1.01)
    assert low.form == "short" and "253,670" in low.answer
    assert high.form == "sentence" and "253,670" in high.answer and len(high.answer) > len(low.answer)
    # the sentence's own probability, or the phrase's when higher: it holds the phrase
    assert high.confidence >= low.confidence


def test_a_yes_or_no_is_held_to_its_own_threshold(engine, monkeypatch):
    """A Yes/No is read off the asked predicate and is right more often than a phrase at
    the same probability: the model keeps a threshold for each."""
    from qa.answer import extract as stage

    question = "Were all the shelter residents female?"
    fitted = model()
    monkeypatch.setattr(stage, "confidence_model", lambda: replace(fitted, short_threshold=1.01, yes_no_threshold=0.0))
    assert engine.ask(question, min_confidence=0.0).form in ("yes", "no")
    monkeypatch.setattr(stage, "confidence_model", lambda: replace(fitted, short_threshold=0.0, yes_no_threshold=1.01))
    assert engine.ask(question, min_confidence=0.0).form == "sentence"


def test_short_answer_thresholds_keep_the_most_answers_that_are_surely_right():
    """The thresholds keep as many short answers as they can while the Wilson lower bound
    of the share right clears the target; Yes/No answers, all right here, are not held to
    the phrases' bar, and a point estimate that just clears it is not enough."""
    import numpy as np

    from eval.tune_confidence import short_thresholds, wilson_lower

    rng = np.random.default_rng(0)
    p_phrase = np.linspace(0.5, 0.99, 200)
    right_phrase = (rng.random(200) < p_phrase).astype(float)  # calibrated phrases
    p_yes_no, right_yes_no = np.full(40, 0.8), np.ones(40)
    p = np.concatenate([p_phrase, p_yes_no])
    right = np.concatenate([right_phrase, right_yes_no])
    phrase = np.concatenate([np.ones(200, bool), np.zeros(40, bool)])
    t_phrase, t_yes_no = short_thresholds(p, right, phrase, 0.9, 1.28)
    kept = np.where(phrase, p >= t_phrase, p >= t_yes_no)
    assert t_yes_no <= 0.8 < t_phrase  # every Yes/No kept, the phrases only near the top
    assert wilson_lower(right[kept].sum(), int(kept.sum()), 1.28) >= 0.9
    assert wilson_lower(9.0, 10, 1.28) < 0.9 <= 9 / 10  # 9 of 10 is not surely 90%


def test_the_engine_declines_below_the_minimum_it_is_given(engine):
    question = "How much did the government fund the shelter in 2020?"
    answered = engine.ask(question, min_confidence=0.0)
    assert not answered.abstained
    declined = engine.ask(question, min_confidence=min(1.0, answered.confidence + 1e-6))
    assert declined.abstained and declined.citations  # the closest passages are still shown


def test_model_json_round_trips_through_the_dataclass():
    m = model()
    again = ConfidenceModel.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
    assert again == replace(m)
    assert (ROOT / "Makefile").read_text(encoding="utf-8").count("tune_confidence.py") >= 1  # refitted by one command
