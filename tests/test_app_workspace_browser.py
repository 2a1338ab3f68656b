"""Issue 17 in headless Chromium: the app as an analyst's workspace.

Upload progress by stage with counts while questions keep being answered; every answer
(and the brief) saying what it searched; the index panel of another open tab following an
upload; numbers with a meaning and a minimum-confidence control; the brief in Markdown
(the same as `qa ask --format md`) and Word; and a layout where, at 1366x768 and on a
390x844 phone, the answer, its passage and the thumbs show without scrolling, nothing
covers text, the question box is the first focus and Tab stop, and the note box closes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.present.brief import docx_text
from tests.conftest import DOC_ID, REPORT, ROOT
from tests.test_app import CARD_QUESTION, running_app
from tests.test_app_browser import CHROMIUM, SHOTS, browser, open_page, send  # noqa: F401  (browser: a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (`make browser` installs it)"),
]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
OTHER = "lighthouse.txt"
OTHER_TEXT = "The lighthouse keeper counted 4,417 gulls in March.\n\nThe keeper's logbook was kept in the tower.\n"


@pytest.fixture(scope="module")
def served(encoder, tmp_path_factory):
    """(url, index) of the app on the report plus a second, unrelated document."""
    from qa.index.build import build_index

    root = tmp_path_factory.mktemp("workspace")
    (root / OTHER).write_text(OTHER_TEXT, encoding="utf-8")
    index = root / "index"
    build_index([REPORT, root / OTHER], index, encoder=encoder)
    with running_app(index) as url:
        yield url, index


def open_at(browser, url: str, size: str):  # noqa: F811
    page = open_page(browser, url)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(300)
    return page


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path))
    return path


def in_view(page, locator) -> bool:
    """Whole in the window and in the chat's visible part, the page not scrolled."""
    box = locator.bounding_box()
    return bool(
        box
        and page.evaluate(
            """([x, y, w, h]) => {
                 if (window.scrollY > 0) return false;
                 if (x < 0 || y < 0 || x + w > innerWidth || y + h > innerHeight) return false;
                 let chat = document.querySelector('#qa-chat .qa-question');
                 while (chat && !(chat.scrollHeight > chat.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(chat).overflowY))) chat = chat.parentElement;
                 if (!chat) return true;
                 const r = chat.getBoundingClientRect();
                 return y >= r.top - 1 && y + h <= r.bottom + 1;
               }""",
            [box["x"], box["y"], box["width"], box["height"]],
        )
    )


def uncovered(page, locator) -> bool:
    """Nothing sits on top of the element: the topmost element at a few of its points is it or inside it."""
    handle = locator.element_handle()
    return page.evaluate(
        """(el) => {
             const r = el.getBoundingClientRect();
             const points = [[0.5, 0.5], [0.1, 0.5], [0.9, 0.5], [0.5, 0.15], [0.5, 0.85]];
             return points.every(([fx, fy]) => {
               const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
               return hit && (hit === el || el.contains(hit) || hit.contains(el));
             });
           }""",
        handle,
    )


def active(page) -> str:
    return page.evaluate("() => { const a = document.activeElement; return (a.closest('[id]') || {}).id + ' ' + a.tagName; }")


# ---- 5. layout -------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_answer_passage_and_thumbs_fit_without_scrolling_and_nothing_covers_them(browser, served, size):  # noqa: F811
    url, _ = served
    page = open_at(browser, url, size)
    try:
        # The question box is the first focus, and the first Tab stop from the top of the page.
        assert active(page) == "qa-question TEXTAREA"
        page.evaluate("() => { const s = document.createElement('span'); s.tabIndex = -1; document.body.prepend(s); s.focus(); }")
        page.keyboard.press("Tab")
        assert active(page) == "qa-question TEXTAREA"
        assert page.get_by_text("How many trafficking victims did authorities identify?", exact=True).is_visible()  # examples in view
        shot(page, f"start-{SIZES[size][0]}x{SIZES[size][1]}.png")

        send(page, CARD_QUESTION, 1)
        page.wait_for_timeout(700)  # the newest question scrolls to the top of the chat
        reply = page.locator("#qa-chat .qa-reply").last
        answer, source = reply.locator(".qa-answer mark"), reply.locator(".qa-source .qa-passage")
        thumbs = page.locator("#qa-chat button[aria-label=Like]").last, page.locator("#qa-chat button[aria-label=Dislike]").last
        for element in (answer, reply.locator(".qa-meta"), source, *thumbs, page.locator("#qa-question textarea")):
            assert in_view(page, element), element
        for element in (answer, source, reply.locator(".qa-cite-head").first, *thumbs):
            assert uncovered(page, element), element
        assert page.locator("#qa-chat button[aria-label=Clear]").is_hidden()  # the bin icon that sat on the question
        shot(page, f"answer-{SIZES[size][0]}x{SIZES[size][1]}.png")

        # The note box opens under the question box, keeps the box, the answer and the thumbs
        # on screen, closes once saved, and closes on the next question when left open.
        thumbs[1].click()
        page.wait_for_selector("#qa-note textarea", state="visible", timeout=20_000)
        page.fill("#qa-note textarea", "the 2020 figure only")
        for element in (page.locator("#qa-note textarea"), page.locator("#qa-note-save"), page.locator("#qa-question textarea"), answer):
            assert in_view(page, element), element
        shot(page, f"note-open-{SIZES[size][0]}x{SIZES[size][1]}.png")
        page.click("#qa-note-save")
        page.wait_for_selector("#qa-note textarea", state="hidden", timeout=20_000)
        assert "Note saved" in page.inner_text("#qa-notice")
        page.locator("#qa-chat button[aria-label=Like]").last.click()  # the other thumb: the box opens again
        page.wait_for_selector("#qa-note textarea", state="visible", timeout=20_000)
        send(page, "Who took over the shelter in January 2021?", 2)
        page.wait_for_selector("#qa-note textarea", state="hidden", timeout=20_000)
        assert page.inner_text("#qa-notice").strip() == ""
    finally:
        page.close()


# ---- 2 and 3. what was searched, and numbers with a meaning ----------------------------


def test_a_filtered_question_says_what_it_searched_in_the_reply_and_the_brief(browser, served):  # noqa: F811
    url, _ = served
    page = open_at(browser, url, "desktop")
    try:
        send(page, CARD_QUESTION, 1)
        assert page.locator("#qa-chat .qa-reply").last.locator(".qa-searched").inner_text() == "Searched all 2 documents"

        page.click("#qa-docs input")
        page.get_by_role("option", name=OTHER).click()
        page.keyboard.press("Escape")
        send(page, CARD_QUESTION, 2)
        reply = page.locator("#qa-chat .qa-reply").last
        searched = reply.locator(".qa-searched.qa-filtered")
        assert searched.inner_text() == f"Searched only {OTHER}" and searched.is_visible()
        if reply.locator(".qa-noanswer").count():  # the card's answer is not in the lighthouse notes
            assert "Search only in" in reply.locator(".qa-filter-hint").inner_text()
        assert all(w.startswith(OTHER) for w in reply.locator(".qa-where").all_text_contents())
        page.wait_for_timeout(600)
        shot(page, "filtered-1366x768.png")

        with page.expect_download() as download:
            page.click("#qa-brief")
        brief = Path(download.value.path()).read_text(encoding="utf-8")
        assert "- **Searched:** not the same for every question: see each one" in brief
        assert "_Searched:_ all 2 documents" in brief and f"_Searched:_ only {OTHER}" in brief
    finally:
        page.close()


def test_scores_mean_the_same_for_every_question_and_the_minimum_confidence_is_the_users(browser, served):  # noqa: F811
    url, _ = served
    page = open_at(browser, url, "desktop")
    try:
        send(page, CARD_QUESTION, 1)
        reply = page.locator("#qa-chat .qa-reply").last
        assert reply.locator(".qa-label-source").inner_text().lower() == "answer from"
        assert re.fullmatch(r"rank \d+ · similarity -?[01]\.\d\d · (no )?keyword match", reply.locator(".qa-source .qa-score").inner_text())
        assert not re.search(r"score \d", reply.inner_text())
        conf = reply.locator(".qa-conf").inner_text()
        assert re.fullmatch(r"confidence 0\.\d\d, (likely right|check the passage|unlikely: read the passages)", conf)
        assert "calibrated probability" in reply.locator(".qa-conf").get_attribute("title")
        also = reply.locator("details.qa-also")
        assert also.locator("> summary").inner_text().startswith("Also retrieved: 2 passages")
        assert also.locator(".qa-passage").first.is_hidden()  # folded: the answer and its source come first
        also.locator("> summary").click()
        scores = also.locator(".qa-score").all_inner_texts()
        assert len(scores) == 2 and all(re.fullmatch(r"rank \d · similarity -?[01]\.\d\d · (no )?keyword match", s) for s in scores)
        page.wait_for_timeout(300)
        shot(page, "also-retrieved-1366x768.png")

        # The user's trade-off: at 1.00 the engine declines and says why; at 0 it answers.
        number = page.locator("#qa-min-confidence input[type=number]")
        number.fill("1")
        number.press("Enter")
        send(page, CARD_QUESTION, 2)
        declined = page.locator("#qa-chat .qa-reply").last
        assert declined.locator(".qa-noanswer").inner_text() == "The report does not seem to answer this."
        assert "not answered (below the minimum 1.00)" in declined.locator(".qa-conf").inner_text()
        assert "closest passages (not an answer)" in declined.inner_text().lower()
        page.wait_for_timeout(600)
        shot(page, "no-answer-1366x768.png")
        number.fill("0")
        number.press("Enter")
        send(page, CARD_QUESTION, 3)
        assert "253,670" in page.locator("#qa-chat .qa-reply").last.locator(".qa-answer mark").inner_text()
    finally:
        page.close()


# ---- 4. the brief ----------------------------------------------------------------------


def test_the_app_brief_is_what_qa_ask_format_md_writes_and_comes_as_word_too(browser, served):  # noqa: F811
    url, index = served
    page = open_at(browser, url, "desktop")
    try:
        page.click("#qa-docs input")
        page.get_by_role("option", name=DOC_ID).click()
        page.keyboard.press("Escape")
        send(page, CARD_QUESTION, 1)
        with page.expect_download() as download:
            page.click("#qa-brief")
        app_brief = Path(download.value.path()).read_text(encoding="utf-8")
        with page.expect_download() as download:
            page.click("#qa-brief-docx")
        word = Path(download.value.path())
        shutil.copy(word, word.with_suffix(".docx"))
        word_text = docx_text(word.with_suffix(".docx"))
    finally:
        page.close()

    cli = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", CARD_QUESTION, "--format", "md", "--doc", DOC_ID, "--index", str(index)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert cli.returncode == 0, cli.stderr

    def undated(text: str) -> str:
        return re.sub(r"- \*\*Date:\*\* .*", "- **Date:** -", text)

    assert undated(app_brief) == undated(cli.stdout)
    assert app_brief.startswith("# Brief: ") and f"- **Index:** {index} (2 documents" in app_brief
    assert f"- **Searched:** only {DOC_ID}" in app_brief and "Answer from:" in app_brief
    for line in ("Date: ", f"Index: {index} (2 documents", f"Searched: only {DOC_ID}", f"1. {CARD_QUESTION}", "Answer from:", "253,670"):
        assert line in word_text, line


# ---- 1 and 2. upload progress, questions meanwhile, every tab follows ------------------


def test_upload_progress_names_stages_with_counts_questions_answer_meanwhile_and_other_tabs_follow(browser, served, tmp_path):  # noqa: F811
    url, _ = served
    other_tab = open_at(browser, url, "desktop")
    page = open_at(browser, url, "desktop")
    try:
        assert "3 documents" not in other_tab.inner_text("#qa-info")
        # Distinct paragraphs (a repeated one is embedded once): enough to watch the stages.
        paragraphs = [f"In district {n} the survey counted {n * 37 + 11} wells and {n * 5 + 2} pumps during season {n % 9}." for n in range(360)]
        big = tmp_path / "wells.txt"
        big.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        page.set_input_files("#qa-upload input[type=file]", str(big))
        page.evaluate("() => document.querySelector('#qa-upload').scrollIntoView({block: 'center'})")  # where the file was dropped

        seen: list[str] = []
        asked_at = answered_during = None
        shot_taken = False
        deadline = time.time() + 240
        while time.time() < deadline:
            text = page.evaluate("() => (document.querySelector('#qa-upload [data-testid=status-tracker]') || {}).innerText || ''")
            text = re.sub(r"\s*\d+(\.\d+)?s\s*", " ", text).strip()  # the timer
            if text and (not seen or seen[-1] != text):
                seen.append(text)
                part_way = re.search(r"Embedding passages: (\d+) of 360", text)
                if part_way and 0 < int(part_way.group(1)) < 300 and not shot_taken:
                    shot_taken = bool(shot(page, "upload-progress-1366x768.png"))
            if asked_at is None and any("para" in s or "Embedding" in s for s in seen):
                page.fill("#qa-question textarea", CARD_QUESTION)  # a question while the upload runs
                page.press("#qa-question textarea", "Enter")
                asked_at = time.time()
            if asked_at and answered_during is None and page.locator("#qa-chat .qa-reply").count():
                answered_during = page.locator("#qa-status .qa-ok").count() == 0
            if page.locator("#qa-status .qa-ok, #qa-status .qa-error").count():
                break
            page.wait_for_timeout(120)
        assert "wells.txt: added, now searchable" in page.inner_text("#qa-status"), seen
        assert answered_during, ("the question waited for the upload", seen)
        assert any(re.search(r"\d+/360 para", s) and "parsing" in s for s in seen), seen  # the parser's own count
        embedding = [s for s in seen if "Embedding passages: " in s]
        counts = [int(m.group(1)) for s in embedding if (m := re.search(r"Embedding passages: (\d+) of 360", s))]
        assert any(0 < n < 360 for n in counts), seen  # seen part way, not only at the ends
        assert all(re.search(r"\d+/360 passages", s) for s in embedding), embedding
        assert "Reading and embedding" not in " ".join(seen)  # the old bar, stuck at 10%

        # The other tab, untouched: its panel follows within a few seconds, no reload.
        other_tab.wait_for_function("document.querySelector('#qa-info').innerText.includes('wells.txt')", timeout=20_000)
        assert "3 documents" in other_tab.inner_text("#qa-info")
        other_tab.click("#qa-docs input")
        assert other_tab.get_by_role("option", name="wells.txt").is_visible()
        other_tab.keyboard.press("Escape")
        send(other_tab, "How many gulls did the lighthouse keeper count?", 1)
        assert "Searched all 3 documents" in other_tab.locator("#qa-chat .qa-searched").last.inner_text()
        other_tab.wait_for_timeout(500)
        shot(other_tab, "other-tab-refreshed-1366x768.png")
    finally:
        page.close()
        other_tab.close()
