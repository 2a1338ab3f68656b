"""The engine on the bundled report with the real model and real FAISS."""

from __future__ import annotations

import json

import pytest

from qa.errors import UsageError
from tests.conftest import DOC_ID

CARD_QUESTION = "how much did the government fund the shelter in 2020?"

# One question per paragraph about its LAST sentence, worded as a reader would ask.
# Paragraph 1's last sentence lies past the model's 256-token window: only windowed
# passages can find it.
LAST_SENTENCE_QUESTIONS = [
    (1, "were tajikistan's embassies in migrant destination countries like russia equipped to help stranded victims?"),
    (2, "what held back psycho-social care and reintegration funding for victims?"),
    (3, "were benefits for victims tied to taking part in trials?"),
    (4, "how many migrant workers came back to Tajikistan because of the pandemic?"),
    (5, "did police look for sex trafficking victims during raids on businesses?"),
]


@pytest.mark.parametrize("paragraph, question", LAST_SENTENCE_QUESTIONS)
def test_every_paragraph_is_retrievable_by_its_last_sentence(engine, paragraph, question):
    answer = engine.ask(question)
    assert answer.citations[0].paragraph == paragraph
    assert answer.citations[0].doc == DOC_ID


def test_card_question_cites_paragraph_2_with_the_amount_highlighted(engine):
    answer = engine.ask(CARD_QUESTION)
    assert not answer.abstained
    first = answer.citations[0]
    assert first.paragraph == 2
    start, end = first.highlight
    assert "253,670" in first.text[start:end]
    assert answer.answer == first.text[start:end]
    assert answer.confidence > 0.5


def test_highlight_and_span_point_into_the_paragraph(engine, report_paragraphs):
    answer = engine.ask(CARD_QUESTION)
    for citation in answer.citations:
        assert report_paragraphs[citation.paragraph - 1][citation.start : citation.end] == citation.text


@pytest.mark.parametrize(
    "question",
    [
        "How many traffickers were convicted in 2020?",
        "How much did the shelter receive in 2018?",
        "What is the capital of France?",
    ],
)
def test_questions_the_report_does_not_answer_abstain_but_show_passages(engine, question):
    answer = engine.ask(question)
    assert answer.abstained
    assert answer.answer is None
    assert len(answer.citations) == 3
    assert all(c.highlight is None for c in answer.citations)


def test_typed_short_answers(engine):
    cases = {
        "how many victims did the shelter assist in 2020": "28",
        "who took over management of the shelter in january 2021?": "Ministry of Health",
        "what was the maximum detention period for people in commercial sex?": "15 days",
        "how much was the allocation in 2021": "250,000",
    }
    for question, expected in cases.items():
        answer = engine.ask(question)
        assert not answer.abstained, question
        assert expected in answer.answer, (question, answer.answer)


def test_top_k_and_one_citation_per_paragraph(engine):
    answer = engine.ask(CARD_QUESTION, top_k=5)
    assert len(answer.citations) == 5
    assert len({c.paragraph for c in answer.citations}) == 5
    scores = [c.score for c in answer.citations[1:]]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= c.score <= 1.0 for c in answer.citations)


def test_json_contract(engine):
    data = json.loads(json.dumps(engine.ask(CARD_QUESTION).to_dict()))
    assert set(data) == {"question", "resolved_question", "answer", "form", "answer_type", "sentence", "abstained", "confidence", "citations"}
    assert data["form"] == "short" and data["answer_type"] == "amount" and data["answer"] in data["sentence"]
    assert data["resolved_question"] == data["question"]  # no history: nothing resolved
    assert isinstance(data["answer"], str) and data["abstained"] is False
    assert 0.0 <= data["confidence"] <= 1.0
    for citation in data["citations"]:
        assert {"doc", "paragraph", "text", "score", "highlight", "highlights"} <= set(citation)
        assert isinstance(citation["paragraph"], int) and citation["paragraph"] >= 1
        assert citation["highlight"] is None or (
            isinstance(citation["highlight"], list) and 0 <= citation["highlight"][0] < citation["highlight"][1] <= len(citation["text"])
        )
    abstained = engine.ask("How many traffickers were convicted in 2020?").to_dict()
    assert abstained["answer"] is None and abstained["abstained"] is True and abstained["form"] is None


def test_ask_many_keeps_order_and_matches_single_asks(engine):
    questions = [CARD_QUESTION, "How many traffickers were convicted in 2020?", LAST_SENTENCE_QUESTIONS[0][1]]
    batch = engine.ask_many(questions)
    assert [a.question for a in batch] == questions
    assert [a.to_dict() for a in batch] == [engine.ask(q).to_dict() for q in questions]


@pytest.mark.parametrize("question, message", [("   ", "empty"), ("x" * 5000, "5000 characters")])
def test_bad_questions_are_refused_with_a_message(engine, question, message):
    with pytest.raises(UsageError, match=message):
        engine.ask(question)


def test_document_filter(engine):
    assert engine.ask(CARD_QUESTION, docs=[DOC_ID]).citations
    nothing = engine.ask(CARD_QUESTION, docs=["other.txt"])
    assert nothing.citations == () and nothing.abstained


def test_everyday_words_meet_the_reports_own(engine):
    """A user's "survivors", "help", "police", "ask" for the report's "victims", "assist",
    "law enforcement", "request": the sentence that answers holds the question at last."""
    referred = engine.ask("how many trafficking survivors were referred for care")
    assert referred.answer == "15" and referred.form == "short"
    residency = engine.ask("May foreign victims working with the police ask to stay temporarily?")
    assert not residency.abstained and "request temporary residency" in residency.citations[0].text
