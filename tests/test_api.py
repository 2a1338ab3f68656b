"""The app's named endpoint `/ask` through gradio_client: the `qa ask --json` object."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import DOC_ID
from tests.test_app import CARD_QUESTION, running_app

USER, PASSWORD = "analyst", "s3cret pass:with colon"

# The core of the contract; the answer stage may add keys (e.g. "form"), which the
# comparison with the in-process engine below covers.
CITATION_TYPES = {
    "doc": str,
    "paragraph": int,
    "text": str,
    "score": float,
    "highlight": (list, type(None)),
    "title": str,
    "section": (str, type(None)),
    "page": (int, type(None)),
    "meta": dict,
}
ANSWER_TYPES = {
    "question": str,
    "resolved_question": str,
    "answer": (str, type(None)),
    "abstained": bool,
    "confidence": float,
    "citations": list,
}


@pytest.fixture(scope="module")
def client(bundled_index, tmp_path_factory):
    from gradio_client import Client

    index = tmp_path_factory.mktemp("api") / "index"
    shutil.copytree(bundled_index, index)
    with running_app(index, "--auth", f"{USER}:{PASSWORD}") as url:
        yield Client(url, auth=(USER, PASSWORD), verbose=False)


def check_contract(result: dict, engine=None) -> None:
    for key, kind in ANSWER_TYPES.items():
        assert isinstance(result[key], kind), (key, result.get(key))
    if engine is not None:  # exactly the keys, in the order, of `qa ask --json`
        assert list(result) == list(engine.ask("x?").to_dict())
    assert (result["answer"] is None) == result["abstained"]
    assert result["citations"], "an answer always shows passages"
    for citation in result["citations"]:
        for key, kind in CITATION_TYPES.items():
            assert isinstance(citation[key], kind), (key, citation[key])
        if citation["highlight"] is not None:
            start, end = citation["highlight"]
            assert 0 <= start < end <= len(citation["text"])


def test_ask_endpoint_returns_the_cli_json_object(client, engine):
    result = client.predict(CARD_QUESTION, api_name="/ask")
    check_contract(result, engine)
    assert "253,670" in result["answer"]
    assert result["resolved_question"] == result["question"] == CARD_QUESTION
    first = result["citations"][0]
    assert (first["doc"], first["paragraph"]) == (DOC_ID, 2)
    start, end = first["highlight"]
    assert first["text"][start:end] == result["answer"]
    expected = engine.ask(CARD_QUESTION).to_dict()  # same index, same model, in this process
    assert [(c["doc"], c["paragraph"], c["text"], c["highlight"]) for c in result["citations"]] == [
        (c["doc"], c["paragraph"], c["text"], c["highlight"]) for c in expected["citations"]
    ]
    assert result["confidence"] == pytest.approx(expected["confidence"], abs=1e-3)


def test_ask_endpoint_resolves_a_follow_up_from_history(client, engine):
    result = client.predict("and in 2019?", [CARD_QUESTION], api_name="/ask")
    check_contract(result, engine)
    assert result["question"] == "and in 2019?"
    assert result["resolved_question"] != result["question"] and "2019" in result["resolved_question"]
    assert "242,000 somoni ($21,370)" in result["answer"]
    first = result["citations"][0]
    assert (first["doc"], first["paragraph"]) == (DOC_ID, 2)
    start, end = first["highlight"]
    assert "242,000 somoni ($21,370)" in first["text"][start:end]
    expected = engine.ask("and in 2019?", history=[CARD_QUESTION]).to_dict()
    assert (result["resolved_question"], result["answer"]) == (expected["resolved_question"], expected["answer"])

    # By name too; without history the same words are asked as they are.
    named = client.predict("and in 2019?", history=[CARD_QUESTION], api_name="/ask")
    assert named["answer"] == result["answer"]
    alone = client.predict("and in 2019?", api_name="/ask")
    assert alone["resolved_question"] == "and in 2019?"


def test_ask_endpoint_abstains_with_closest_passages_and_takes_options(client):
    result = client.predict("What is the capital of France?", [], 5, [DOC_ID], api_name="/ask")
    check_contract(result)
    assert result["abstained"] and result["answer"] is None
    assert len(result["citations"]) == 5
    assert len(client.predict("What is the capital of France?", top_k=2, api_name="/ask")["citations"]) == 2


def test_ask_endpoint_refuses_a_history_that_is_not_a_list_of_questions(client):
    from gradio_client.exceptions import AppError

    with pytest.raises((AppError, ValueError, TypeError)):
        client.predict("and in 2019?", [1, 2], api_name="/ask")


def test_ask_endpoint_reports_a_bad_question_as_an_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="question is empty"):
        client.predict("   ", api_name="/ask")


def test_only_ask_is_exposed(client):
    assert list(client.view_api(return_format="dict", print_info=False)["named_endpoints"]) == ["/ask"]


def test_auth_is_required(client):
    from gradio_client import Client

    with pytest.raises(Exception, match="(?i)login|auth|credentials|401|403"):
        Client(client.src, verbose=False).predict(CARD_QUESTION, api_name="/ask")
    with pytest.raises(Exception, match="(?i)login|auth|credentials|401|403"):
        Client(client.src, auth=(USER, "wrong"), verbose=False)
