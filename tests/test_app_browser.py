"""The real app in headless Chromium: the card's question, a conversation typed with
Enter, feedback written beside the index, metadata facets, removing a document, and
hostile uploads shown as text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, DOC_ID, REPORT, ROOT
from tests.test_app import CARD_QUESTION, PAYLOAD_TEXT, running_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / ".artifacts" / "screenshots"  # not committed; curated copies live in eval/results/screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (`make browser` installs it)"),
]


@pytest.fixture(scope="module")
def served(bundled_index, tmp_path_factory):
    """(url, index folder) of the app on a copy of the bundled index."""
    index = tmp_path_factory.mktemp("browser") / "index"
    shutil.copytree(bundled_index, index)  # the upload tests add to it
    with running_app(index) as url:
        yield url, index


@pytest.fixture(scope="module")
def app_url(served):
    return served[0]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_selector("#qa-question textarea", timeout=60_000)
    return page


@pytest.fixture
def page(browser, app_url):
    page = open_page(browser, app_url)
    yield page
    page.close()


def ask(page, question: str, replies: int) -> None:
    page.fill("#qa-question textarea", question)
    page.click("#qa-ask")
    page.wait_for_function(f"document.querySelectorAll('#qa-chat .qa-reply').length >= {replies}", timeout=60_000)


def send(page, question: str, replies: int) -> None:
    """Type ``question`` and press Enter, as a user of the chat does."""
    box = page.locator("#qa-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#qa-chat .qa-reply').length >= {replies}", timeout=60_000)


def shoot(page, name: str) -> None:
    """A 1366x768 screenshot, without the notification toasts that would cover the panel."""
    for close in page.locator(".toast-close").all():
        if close.is_visible():
            close.click()
    page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def test_card_question_shows_the_amount_highlighted_and_citation_1_from_paragraph_2(page):
    ask(page, CARD_QUESTION, 1)
    reply = page.locator("#qa-chat .qa-reply").last
    assert "253,670" in reply.locator(".qa-answer mark").inner_text()
    first = reply.locator(".qa-cite").first
    assert first.locator(".qa-num").inner_text() == "[1]"
    assert first.locator(".qa-where").inner_text() == f"{DOC_ID}, ¶ 2"
    assert "253,670" in first.locator(".qa-passage mark").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "card-question-1366x768.png"))

    # The whole paragraph opens under the passage, with the answer still marked.
    first.locator("summary").click()
    paragraph = first.locator(".qa-paragraph")
    assert paragraph.is_visible()
    assert "253,670" in paragraph.locator("mark").inner_text()
    assert len(paragraph.inner_text()) > len(first.locator(".qa-passage").inner_text())

    # The brief is offered once there is an answer.
    with page.expect_download() as download:
        page.click("#qa-brief")
    brief = Path(download.value.path()).read_text(encoding="utf-8")
    assert CARD_QUESTION in brief and "253,670" in brief and f"{DOC_ID}, ¶ 2" in brief

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=str(SHOTS / "card-question-1920x1080.png"))


def test_an_example_is_asked_when_clicked(page):
    page.get_by_text("How many trafficking victims did authorities identify?", exact=True).click()
    page.wait_for_selector("#qa-chat .qa-reply", timeout=60_000)
    assert "24" in page.locator("#qa-chat .qa-answer mark").first.inner_text()


def test_uploaded_html_payloads_show_as_text_and_never_run(page, tmp_path):
    upload = tmp_path / "payload.txt"
    upload.write_text(PAYLOAD_TEXT + "\n", encoding="utf-8")
    page.set_input_files("#qa-upload input[type=file]", str(upload))
    page.wait_for_selector("#qa-status .qa-ok", timeout=120_000)
    assert "payload.txt: added" in page.inner_text("#qa-status")
    assert "payload.txt" in page.inner_text("#qa-info")

    question = "Which payload <img src=x onerror=alert(1)> appears here?"
    ask(page, question, 1)
    chat = page.locator("#qa-chat")
    assert question in chat.locator(".qa-question").last.inner_text()
    passages = " ".join(chat.locator(".qa-passage").all_text_contents())  # some sit folded under "Also retrieved"
    assert "<script>alert(1)</script>" in passages
    assert "<img src=x onerror=alert(1)>" in passages
    assert chat.locator("script, img[src=x], [onerror]").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    shoot(page, "payload-as-text-1366x768.png")

    # The new document is in the filter at once: searching only it cites only it.
    page.click("#qa-docs input")
    page.get_by_role("option", name="payload.txt").click()
    page.keyboard.press("Escape")
    ask(page, CARD_QUESTION, 2)
    wheres = page.locator("#qa-chat .qa-reply").last.locator(".qa-where").all_text_contents()
    assert wheres and all(w.startswith("payload.txt") for w in wheres)
    assert page.locator("#qa-chat .qa-reply").last.locator(".qa-searched").inner_text() == "Searched only payload.txt"


def test_a_three_turn_conversation_typed_with_enter(page):
    box = page.locator("#qa-question textarea")
    box.click()
    box.type("How much did the government fund the shelter")
    box.press("Shift+Enter")  # a new line, not a question
    box.type("in 2020?")
    page.wait_for_timeout(300)
    assert box.input_value() == "How much did the government fund the shelter\nin 2020?"
    assert page.locator("#qa-chat .qa-reply").count() == 0
    box.press("Enter")
    page.wait_for_function("document.querySelectorAll('#qa-chat .qa-reply').length >= 1", timeout=60_000)
    assert box.input_value() == ""
    first = page.locator("#qa-chat .qa-reply").nth(0)
    assert "253,670" in first.locator(".qa-answer mark").inner_text()
    assert first.locator(".qa-understood").count() == 0  # nothing to resolve

    send(page, "and in 2019?", 2)
    second = page.locator("#qa-chat .qa-reply").nth(1)
    assert "242,000 somoni ($21,370)" in second.locator(".qa-answer mark").inner_text()
    understood = second.locator(".qa-understood")
    assert "Understood as:" in understood.inner_text()
    assert "shelter" in understood.locator("q").inner_text() and "2019" in understood.locator("q").inner_text()
    cite = second.locator(".qa-cite").first
    assert cite.locator(".qa-where").inner_text() == f"{DOC_ID}, ¶ 2"
    assert "242,000 somoni ($21,370)" in cite.locator(".qa-passage mark").inner_text()
    page.wait_for_timeout(600)  # the chat scrolls the newest question to the top
    shoot(page, "follow-up-1366x768.png")
    with page.expect_download() as download:  # the brief stands alone: questions as resolved, and as asked
        page.click("#qa-brief")
    brief = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"## 2. {understood.locator('q').inner_text()}\n\n_Asked as:_ “and in 2019?”" in brief

    send(page, "and in 2021?", 3)
    third = page.locator("#qa-chat .qa-reply").nth(2)
    assert "250,000 somoni ($22,080)" in third.locator(".qa-answer mark").inner_text()
    assert "2021" in third.locator(".qa-understood q").inner_text()
    assert page.locator("#qa-chat .qa-literal").count() == 1  # on the newest reply only

    # One click asks the typed words alone, without the conversation.
    third.locator(".qa-literal").click()
    page.wait_for_function("document.querySelectorAll('#qa-chat .qa-reply').length >= 4", timeout=60_000)
    assert page.locator("#qa-chat .qa-question").last.inner_text() == "and in 2021?"
    assert page.locator("#qa-chat .qa-reply").nth(3).locator(".qa-understood").count() == 0

    # Clear starts a new conversation: the same follow-up now has nothing to follow.
    page.click("#qa-clear")
    page.wait_for_function("document.querySelectorAll('#qa-chat .qa-reply').length === 0", timeout=20_000)
    send(page, "and in 2019?", 1)
    assert page.locator("#qa-chat .qa-understood").count() == 0


def test_a_thumbs_down_with_a_note_is_written_beside_the_index(page, served):
    _, index = served
    send(page, CARD_QUESTION, 1)
    send(page, "and in 2019?", 2)
    page.locator("#qa-chat button[aria-label=Dislike]").nth(1).click()
    page.wait_for_selector("#qa-note textarea", state="visible", timeout=20_000)
    assert "Thumbs down" in page.inner_text("#qa-note-label") and "and in 2019?" in page.inner_text("#qa-note-label")
    page.fill("#qa-note textarea", "I wanted only the 2019 amount")
    shoot(page, "feedback-note-1366x768.png")
    page.click("#qa-note-save")
    page.wait_for_selector("#qa-note textarea", state="hidden", timeout=20_000)

    path = index / "feedback.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and lines[0]["id"] == lines[1]["id"]  # the thumb at once, then its note
    record = lines[-1]
    assert (record["rating"], record["note"], record["question"]) == ("down", "I wanted only the 2019 amount", "and in 2019?")
    assert "2019" in record["resolved_question"] and record["resolved_question"] != record["question"]
    assert "242,000" in record["answer"] and record["citations"][0]["doc"] == DOC_ID and record["citations"][0]["paragraph"] == 2
    assert record["index"] == str(index)

    # The thumb stays on its reply when the chat is redrawn for the next question.
    send(page, "Who took over the shelter in January 2021?", 3)
    assert page.locator("#qa-chat button[aria-label=Disliked]").count() == 1


def test_removing_an_uploaded_document_asks_first_and_keeps_the_rest(page, tmp_path):
    upload = tmp_path / "lighthouse.txt"
    upload.write_text("The lighthouse keeper counted 4,417 gulls in March.\n", encoding="utf-8")
    page.set_input_files("#qa-upload input[type=file]", str(upload))
    page.wait_for_selector("#qa-status .qa-ok", timeout=120_000)
    assert "lighthouse.txt" in page.inner_text("#qa-info")

    assert page.locator("#qa-ocr").is_visible()  # qa.build takes ocr (issue 11)
    page.get_by_text("Remove a document").click()
    page.click("#qa-remove-doc input")
    page.get_by_role("option", name="lighthouse.txt").click()
    page.click("#qa-remove")
    confirm = page.locator("#qa-remove-confirm")
    confirm.wait_for(state="visible", timeout=20_000)
    assert "Remove lighthouse.txt" in confirm.inner_text() and "The other" in confirm.inner_text()
    page.click("#qa-remove-no")  # Cancel: nothing happens
    confirm.wait_for(state="hidden", timeout=20_000)
    assert "lighthouse.txt" in page.inner_text("#qa-info")

    page.click("#qa-remove")
    confirm.wait_for(state="visible", timeout=20_000)
    confirm.scroll_into_view_if_needed()
    shoot(page, "remove-confirm-1366x768.png")
    page.click("#qa-remove-yes")
    page.wait_for_function("document.querySelector('#qa-status').innerText.includes('lighthouse.txt: removed')", timeout=60_000)
    assert "lighthouse.txt" not in page.inner_text("#qa-info")
    assert DOC_ID in page.inner_text("#qa-info")
    send(page, CARD_QUESTION, 1)
    assert "253,670" in page.locator("#qa-chat .qa-answer mark").first.inner_text()
    send(page, "How many gulls did the lighthouse keeper count?", 2)
    assert "lighthouse" not in " ".join(page.locator("#qa-chat .qa-where").all_text_contents())


@pytest.fixture(scope="module")
def multi_url(encoder, tmp_path_factory):
    """The app on the synthetic multi-country corpus plus the real report: metadata to filter by."""
    from qa.index.build import build_index

    index = tmp_path_factory.mktemp("facets") / "index"
    build_index([CORPUS / "synthetic" / "corpus", REPORT], index, encoder=encoder)
    with running_app(index) as url:
        yield url


def test_metadata_facets_filter_the_answers(browser, multi_url):
    page = open_page(browser, multi_url)
    try:
        facet = {name: page.locator("[id^=qa-facet-]").filter(has_text=name) for name in ("country", "year")}
        for name, value in (("country", "Zembla"), ("year", "2020")):
            facet[name].locator("input").click()
            page.get_by_role("option", name=value, exact=True).click()
        page.keyboard.press("Escape")
        send(page, "How much did the government fund the shelter?", 1)
        wheres = page.locator("#qa-chat .qa-reply").last.locator(".qa-where").all_text_contents()
        assert wheres and all(w.startswith("zembla-2020.md") for w in wheres), wheres
        searched = page.locator("#qa-chat .qa-reply").last.locator(".qa-searched")
        assert searched.inner_text() == "Searched only documents with country = Zembla and year = 2020"
        shoot(page, "facets-1366x768.png")

        # "any" lifts a facet: both Zembla reports are searched again.
        facet["year"].locator("input").click()
        page.get_by_role("option", name="any", exact=True).click()
        page.keyboard.press("Escape")
        send(page, "How much did the government fund the shelter?", 2)
        wheres = page.locator("#qa-chat .qa-reply").last.locator(".qa-where").all_text_contents()
        assert all(w.startswith("zembla-") for w in wheres) and {w.split(" ")[0] for w in wheres} == {"zembla-2020.md", "zembla-2021.md"}
    finally:
        page.close()
