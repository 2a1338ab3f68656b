"""CI floor: follow-ups in eval/conversations.jsonl, asked with history, on an index of
the bundled report and factbook profiles (about a minute: the index is built here).

Floors sit just under the figures measured when they were set (eval/results/
conversations.md: resolution 0.933 exact / 0.978 F1, answer accuracy 0.49-0.61 while the
answer stage was being redesigned, right paragraph first 0.73); the answer columns
depend on the answer stage too, so they keep a margin. Resolution is the resolver's own
work and is held close.
"""

from __future__ import annotations

import pytest

from qa.evaluation.conversations import DEFAULT_CONVERSATIONS, DEFAULT_FACTBOOK, build_and_run, load_conversations

FLOORS = {
    "resolution_exact": 0.90,
    "resolution_f1": 0.95,
    "answer_acc": 0.45,
    "paragraph_first": 0.65,
}


@pytest.fixture(scope="module")
def runs(encoder):
    conversations = load_conversations(DEFAULT_CONVERSATIONS)
    found, meta = build_and_run(conversations, DEFAULT_FACTBOOK, encoder=encoder, systems=("history", "typed"))
    assert not meta["skipped"]
    return {r.name: r.summary() for r in found}


def test_gold_has_enough_follow_ups():
    conversations = load_conversations(DEFAULT_CONVERSATIONS)
    assert len(conversations) >= 15
    assert sum(len(c.turns) - 1 for c in conversations) >= 40


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(runs, metric):
    assert runs["history"][metric] >= FLOORS[metric], runs["history"]


def test_history_beats_asking_the_follow_up_alone(runs):
    assert runs["history"]["answer_acc"] >= runs["typed"]["answer_acc"] + 0.2
    assert runs["history"]["resolution_f1"] >= runs["typed"]["resolution_f1"] + 0.5
