"""Each resolution rule on sentences written for these tests (not the gold conversations)."""

from __future__ import annotations

import pytest

from qa.conversation.followup import counted_years, resolve, resolve_chain, resolve_one

PLACES = {"Freedonia", "Sylvania", "South Zembla"}


def r(question: str, previous: str, places=PLACES) -> tuple[str, str]:
    res = resolve_one(question, previous, places)
    return res.question, res.rule


@pytest.mark.parametrize(
    ("follow", "expected"),
    [
        ("and in 2017?", "How many boats did the navy buy in 2017?"),
        ("what about 2015?", "How many boats did the navy buy in 2015?"),
        ("And for 2016?", "How many boats did the navy buy in 2016?"),
        ("2014?", "How many boats did the navy buy in 2014?"),
    ],
)
def test_year_fragment_replaces_the_year(follow, expected):
    assert r(follow, "How many boats did the navy buy in 2018?") == (expected, "fragment")


@pytest.mark.parametrize(
    ("follow", "expected"),
    [
        ("and the year before?", "How many boats did the navy buy in 2017?"),
        ("what about the year after?", "How many boats did the navy buy in 2019?"),
    ],
)
def test_the_year_before_or_after_counts_from_the_year_asked(follow, expected):
    assert r(follow, "How many boats did the navy buy in 2018?") == (expected, "fragment")


def test_a_year_before_is_counted_only_from_one_year_and_only_once():
    """Two years asked before leave "the year before" unresolved; a question that counted
    its year ("the year before 2018") is followed by "and in 2018?" about 2018, not shifted
    again; "the one before" is no year."""
    assert r("and the year after?", "How many boats did the navy buy between 2016 and 2018?") == ("and the year after?", "none")
    chain = resolve_chain(["How many boats did the navy buy the year before 2018?", "and in 2018?"])
    assert [c.question for c in chain] == ["How many boats did the navy buy in 2017?", "How many boats did the navy buy in 2018?"]
    assert "2017" not in r("and the one before?", "Who was the admiral appointed in 2018?")[0]


def test_a_year_counted_from_another_is_written_out():
    """ "the year before 2020" asks about 2019, searched and read as such; "the year before
    the war" names no year to count from and stays."""
    assert counted_years("How many boats did the navy buy the year before 2018?") == "How many boats did the navy buy in 2017?"
    assert counted_years("what did the navy spend in the year after 2019") == "what did the navy spend in 2020"
    assert counted_years("How many boats did it buy the year before the war?") == "How many boats did it buy the year before the war?"
    assert counted_years("How many boats has it bought since the year before 2018?") == "How many boats has it bought since 2017?"
    assert counted_years("How did sales compare with the year before 2018?") == "How did sales compare with 2017?"
    assert counted_years("The year before 2018, how many boats did it buy?") == "In 2017, how many boats did it buy?"
    assert counted_years("Was it more than a year after 2018?") == "Was it more than a year after 2018?"  # a length, no year


def test_year_fragment_adds_a_year_when_there_was_none():
    assert r("and in 2012?", "How many boats did the navy buy?")[0] == "How many boats did the navy buy in 2012?"


def test_place_fragment_replaces_the_place_keeping_a_possessive():
    assert r("what about Sylvania?", "What is the currency of Freedonia?") == ("What is the currency of Sylvania?", "fragment")
    assert r("and Sylvania?", "Who are Freedonia's trading partners?")[0] == "Who are Sylvania's trading partners?"
    assert r("and Sylvania's?", "How long is the border of Freedonia?")[0] == "How long is the border of Sylvania?"
    assert r("what about South Zembla?", "What is the currency of Freedonia?")[0] == "What is the currency of South Zembla?"


def test_place_and_year_fragment_replaces_both():
    assert r("and Sylvania in 2017?", "What was the death rate in Freedonia in 2020?")[0] == "What was the death rate in Sylvania in 2017?"


def test_unknown_name_replaces_a_capitalised_name_not_an_acronym():
    assert r("what about Atlantis?", "How many ships did the NGO send to Lemuria in 2019?", places=())[0] == (
        "How many ships did the NGO send to Atlantis in 2019?"
    )


def test_place_fragment_without_a_place_adds_one_before_the_year():
    assert r("what about Atlantis?", "How much did the ministry spend on roads in 2019?", places=())[0] == (
        "How much did the ministry spend on roads in Atlantis in 2019?"
    )


def test_noun_fragment_replaces_the_modifier_of_the_shared_head():
    assert r("and its import duties?", "What are Freedonia's main export duties?")[0] == "What are Freedonia's main import duties?"
    assert r("what about the birth rate?", "What was the death rate in Freedonia in 2020?")[0] == "What was the birth rate in Freedonia in 2020?"


def test_noun_fragment_without_shared_head_replaces_the_topic_not_the_place():
    assert r("and the minister of finance?", "Who is the head of the army of Freedonia?")[0] == "Who is the minister of finance of Freedonia?"


def test_it_is_the_topic_without_a_place():
    assert r("who owns it now?", "How much did the council pay for the bridge in 2019?") == ("Who owns the bridge now?", "anaphora")
    assert r("When was it built?", "What is the longest bridge over the river?", places=())[0] == "When was the longest bridge over the river built?"


def test_it_is_the_place_when_there_is_one():
    assert r("When did it join the union?", "What is the area of Freedonia?")[0] == "When did Freedonia join the union?"


def test_it_is_the_thing_acted_on_even_beside_a_place():
    assert r("who owns it now?", "When did the government of Freedonia build the bridge?")[0] == "Who owns the bridge now?"


def test_its_becomes_of_place():
    assert r("What is its capital?", "What is the population of Sylvania?")[0] == "What is the capital of Sylvania?"


def test_they_is_the_subject_and_an_elided_count_comes_back():
    assert r("How many did they repair?", "How many bridges did engineers inspect in 2019?")[0] == "How many bridges did engineers repair?"


def test_them_is_the_counted_noun():
    assert r("How many of them were rebuilt?", "How many bridges collapsed in the flood?")[0] == "How many of the bridges collapsed in the flood were rebuilt?"


def test_she_is_the_person_asked_about():
    assert r("When was she elected?", "Who is the mayor of Freedonia?")[0] == "When was the mayor of Freedonia elected?"


def test_there_becomes_in_place_and_existential_there_gets_the_place():
    assert r("What do farmers grow there?", "What is the climate of Freedonia?")[0] == "What do farmers grow in Freedonia?"
    assert r("How many airports are there?", "What is the climate of Freedonia?")[0] == "How many airports are there in Freedonia?"


def test_a_question_without_a_place_inherits_a_known_one():
    assert r("What was the inflation rate in 2020?", "Who governs Sylvania?") == ("What was the inflation rate in Sylvania in 2020?", "place")


@pytest.mark.parametrize(
    ("follow", "previous"),
    [
        ("How many nurses did the clinic employ in 2019?", "How much did the ministry spend on roads in 2019?"),
        ("What is the currency of Sylvania?", "What is the currency of Freedonia?"),
        ("Which agency trains the border guards?", "How much did the ministry spend on roads in 2019?"),
    ],
)
def test_a_self_contained_question_is_not_rewritten(follow, previous):
    assert r(follow, previous) == (follow, "none")


def test_chains_resolve_against_the_previous_resolved_question():
    chain = resolve_chain(["What was the death rate in Freedonia in 2020?", "and in 2019?", "what about Sylvania?"], PLACES)
    assert [c.question for c in chain] == [
        "What was the death rate in Freedonia in 2020?",
        "What was the death rate in Freedonia in 2019?",
        "What was the death rate in Sylvania in 2019?",
    ]


def test_no_history_is_no_change():
    assert resolve("and in 2019?", []) == "and in 2019?"
    assert resolve_one("and in 2019?", None).rule == "none"


def test_engine_resolves_history_and_keeps_what_was_typed(engine):
    first = "How much did the government fund the shelter in 2020?"
    engine.ask(first)
    answer = engine.ask("and in 2019?", history=[first])
    assert answer.question == "and in 2019?"
    assert answer.resolved_question == "How much did the government fund the shelter in 2019?"
    assert answer.to_dict()["resolved_question"] == answer.resolved_question
    assert "242,000 somoni" in answer.answer and answer.citations[0].paragraph == 2
    assert answer.citations[0].highlight is not None


def test_engine_without_history_is_unchanged(engine):
    question = "How much did the government fund the shelter in 2020?"
    assert engine.ask(question, history=[]).to_dict() == engine.ask(question).to_dict()


def test_engine_rejects_a_string_history(engine):
    from qa.errors import UsageError

    with pytest.raises(UsageError):
        engine.ask("and in 2019?", history="How much did the government fund the shelter in 2020?")
