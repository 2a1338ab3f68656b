"""The real app in headless Chromium: the card's question, and hostile uploads shown as text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DOC_ID, ROOT
from .test_app import CARD_QUESTION, PAYLOAD_TEXT, running_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / ".artifacts" / "screenshots"  # not committed; curated copies live in eval/results/screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (`make browser` installs it)"),
]


@pytest.fixture(scope="module")
def app_url(bundled_index, tmp_path_factory):
    index = tmp_path_factory.mktemp("browser") / "index"
    shutil.copytree(bundled_index, index)  # the upload test adds to it
    with running_app(index) as url:
        yield url


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


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.wait_for_selector("#qa-question textarea", timeout=60_000)
    yield page
    page.close()


def ask(page, question: str, replies: int) -> None:
    page.fill("#qa-question textarea", question)
    page.click("#qa-ask")
    page.wait_for_function(f"document.querySelectorAll('#qa-chat .qa-reply').length >= {replies}", timeout=60_000)


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
    passages = " ".join(chat.locator(".qa-passage").all_inner_texts())
    assert "<script>alert(1)</script>" in passages
    assert "<img src=x onerror=alert(1)>" in passages
    assert chat.locator("script, img[src=x], [onerror]").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "payload-as-text-1366x768.png"))

    # The new document is in the filter at once: searching only it cites only it.
    page.click("#qa-docs input")
    page.get_by_role("option", name="payload.txt").click()
    page.keyboard.press("Escape")
    ask(page, CARD_QUESTION, 2)
    wheres = page.locator("#qa-chat .qa-reply").last.locator(".qa-where").all_inner_texts()
    assert wheres and all(w.startswith("payload.txt") for w in wheres)
