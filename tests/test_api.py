"""The app's named endpoint `/ask` through gradio_client: the `qa ask --json` object."""

from __future__ import annotations

import shutil

import pytest

from .conftest import DOC_ID
from .test_app import CARD_QUESTION, running_app

USER, PASSWORD = "analyst", "s3cret pass:with colon"

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


@pytest.fixture(scope="module")
def client(bundled_index, tmp_path_factory):
    from gradio_client import Client

    index = tmp_path_factory.mktemp("api") / "index"
    shutil.copytree(bundled_index, index)
    with running_app(index, "--auth", f"{USER}:{PASSWORD}") as url:
        yield Client(url, auth=(USER, PASSWORD), verbose=False)


def check_contract(result: dict) -> None:
    assert list(result) == ["question", "answer", "abstained", "confidence", "citations"]
    assert isinstance(result["question"], str)
    assert isinstance(result["abstained"], bool)
    assert isinstance(result["confidence"], float)
    assert (result["answer"] is None) == result["abstained"]
    assert result["citations"], "an answer always shows passages"
    for citation in result["citations"]:
        assert list(citation) == list(CITATION_TYPES)
        for key, kind in CITATION_TYPES.items():
            assert isinstance(citation[key], kind), (key, citation[key])
        if citation["highlight"] is not None:
            start, end = citation["highlight"]
            assert 0 <= start < end <= len(citation["text"])


def test_ask_endpoint_returns_the_cli_json_object(client, engine):
    result = client.predict(CARD_QUESTION, api_name="/ask")
    check_contract(result)
    assert "253,670" in result["answer"]
    first = result["citations"][0]
    assert (first["doc"], first["paragraph"]) == (DOC_ID, 2)
    start, end = first["highlight"]
    assert first["text"][start:end] == result["answer"]
    expected = engine.ask(CARD_QUESTION).to_dict()  # same index, same model, in this process
    assert [(c["doc"], c["paragraph"], c["text"], c["highlight"]) for c in result["citations"]] == [
        (c["doc"], c["paragraph"], c["text"], c["highlight"]) for c in expected["citations"]
    ]
    assert result["confidence"] == pytest.approx(expected["confidence"], abs=1e-3)


def test_ask_endpoint_abstains_with_closest_passages_and_takes_options(client):
    result = client.predict("What is the capital of France?", 5, [DOC_ID], api_name="/ask")
    check_contract(result)
    assert result["abstained"] and result["answer"] is None
    assert len(result["citations"]) == 5


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
