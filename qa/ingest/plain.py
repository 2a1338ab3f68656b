"""Plain text and Markdown: the formats that need no library.

Plain text is one paragraph per blank-line block (or per line when the file has no blank
lines, as the bundled report does); Markdown headings become sections, not paragraphs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from qa.ingest.outline import Outline
from qa.ingest.registry import ReadResult, UnreadableFile, reader
from qa.types import Paragraph


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("not UTF-8 or Windows-1252 text: re-save it as UTF-8")


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs when the text has blank lines, else one per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        # A line break inside a paragraph is layout, not content.
        return [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks if b.strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def _numbered(texts: Iterable[str]) -> list[Paragraph]:
    return [Paragraph(number=i, text=t) for i, t in enumerate(texts, start=1)]


@reader(".txt")
def read_text(path: Path) -> ReadResult:
    return ReadResult(_numbered(split_paragraphs(_decode(path))))


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
#: a character reference, which Markdown shows as its character ("C&ocirc;te" is "Côte")
_CHARACTER_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")


@reader(".md", ".markdown")
def read_markdown(path: Path) -> ReadResult:
    """Headings become the section of the paragraphs below them (the same rule as the
    PDF, HTML and DOCX readers: "Tajikistan: PROTECTION"), not paragraphs."""
    text = _decode(path).replace("\r\n", "\n").replace("\r", "\n")
    text = _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)
    one_per_line = not re.search(r"\n[ \t]*\n", text)
    title: str | None = None
    outline = Outline()
    pending: list[str] = []

    def flush() -> None:
        if pending:
            outline.paragraph(" ".join(pending))
            pending.clear()

    for line in text.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            flush()
            outline.heading(len(heading.group(1)), heading.group(2))
            if title is None and len(heading.group(1)) == 1:
                title = heading.group(2)
        elif not line.strip():
            flush()
        else:
            pending.append(line.strip())
            if one_per_line:
                flush()
    flush()
    return ReadResult(outline.paragraphs, title)


