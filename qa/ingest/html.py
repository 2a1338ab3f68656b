"""HTML: the page's main text, with headings as sections.

Saved web pages carry menus, cookie banners, scripts and sidebars around the report;
indexed, they would answer questions with "Skip to main content". We keep ``<main>``
(or ``<article>``, or the body) minus navigation, the site header, footers, asides,
scripts and styles, and rebuild paragraphs: each run of text is one paragraph of the nearest block
element holding it, so inline markup (links, emphasis) never splits a sentence and
text written straight into a ``<div>`` is kept too.
"""

from __future__ import annotations

from pathlib import Path

from qa.ingest.outline import Outline, clean
from qa.ingest.registry import ReadResult, reader

DROP = ("head", "nav", "footer", "aside", "script", "style", "noscript", "template", "form", "svg", "iframe", "button", "select")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = frozenset(
    "p div li ul ol dl dt dd blockquote pre table tr td th caption figure figcaption section article main body "
    "address details summary center".split()
) | frozenset(HEADINGS)


@reader(".html", ".htm", ".xhtml")
def read_html(path: Path) -> ReadResult:
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    title_tag = soup.find("title")
    title = clean(title_tag.get_text()) if title_tag else ""
    root = soup.find("main") or soup.find("article") or soup.find("body") or soup
    for tag in root.find_all(DROP):
        tag.decompose()
    for tag in root.find_all("header"):  # a site's banner goes; an article's own header (its <h1>) stays
        if tag.find_parent(["article", "main", "section"]) is None:
            tag.decompose()
    for tag in root.find_all(attrs={"role": ["navigation", "banner", "contentinfo", "complementary"]}):
        tag.decompose()
    for tag in root.find_all(attrs={"hidden": True}):
        tag.decompose()

    outline = Outline()
    block: Tag | None = None
    pieces: list[str] = []

    def flush() -> None:
        if block is not None and block.name in HEADINGS:
            outline.heading(HEADINGS[block.name], "".join(pieces))
        else:
            outline.paragraph("".join(pieces))
        pieces.clear()

    for node in root.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                pieces.append(" ")
            continue
        if type(node) is not NavigableString:  # comments, doctype, CDATA
            continue
        owner = next((p for p in node.parents if p.name in BLOCKS), root)
        if owner is not block:
            flush()
            block = owner
        pieces.append(str(node))
    flush()
    if not title:
        first = root.find("h1")
        title = clean(first.get_text()) if first else ""
    return ReadResult(outline.paragraphs, title or None)
