"""PDF: paragraphs rebuilt from positioned lines, with the page each one starts on.

A PDF has no paragraphs, only lines placed on pages. We read the lines with PyMuPDF
(fast, with the font size, weight and position of every line; see docs/formats.md for
the measurement against pypdf) and rebuild the text a reader sees:

- running headers, footers and page numbers (lines near the top or bottom edge that
  repeat on several pages, or are just a number) are dropped;
- a word hyphenated at a line end is joined ("govern-" + "ment"), unless the document
  spells it with a hyphen elsewhere ("anti-" + "trafficking");
- a paragraph ends at a larger vertical gap or an indented first line, and a paragraph
  cut by a page or column break continues when its text has not ended a sentence;
- bold or larger short lines are headings; they name the section of what follows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..ingest import ReadResult, UnreadableFile, reader
from ..types import Paragraph
from .outline import Outline, clean

EDGE = 0.1  # top and bottom tenth of a page: where running headers and footers live
_PAGE_NUMBER = re.compile(r"^(page\s+)?(\d{1,4}|[ivxlcdm]{1,7})(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_DOT_LEADER = re.compile(r"(\.\s?){4,}\s*\d*$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


@dataclass
class Line:
    page: int  # 1-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    edge: bool = False  # in the top or bottom band of its page


def _is_bold(span: dict) -> bool:
    font = span.get("font", "").lower()
    return bool(span.get("flags", 0) & 16) or any(w in font for w in ("bold", "black", "heavy", "semibold"))


def _page_lines(page, number: int) -> list[Line]:
    import pymupdf

    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_LIGATURES & ~pymupdf.TEXT_PRESERVE_IMAGES
    height = page.rect.height or 1.0
    lines = []
    for block in page.get_text("dict", flags=flags)["blocks"]:
        for line in block.get("lines", []):
            if abs(line["dir"][1]) > 0.01:  # rotated text: margin notes, watermarks
                continue
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            weights: Counter[float] = Counter()
            for span in spans:
                weights[round(span["size"], 1)] += len(span["text"].strip())
            x0, y0, x1, y1 = line["bbox"]
            lines.append(
                Line(
                    page=number,
                    text=clean("".join(s["text"] for s in line["spans"])),
                    x0=x0, y0=y0, x1=x1, y1=y1,
                    size=weights.most_common(1)[0][0],
                    bold=all(_is_bold(s) for s in spans),
                    edge=y1 < height * EDGE or y0 > height * (1 - EDGE),
                )
            )
    return lines


def _drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Without headers, footers and page numbers: edge lines that repeat (digits aside).

    A report-wide header repeats on many pages; a chapter's (the country name over
    each page of its narrative) only on its few pages, so a line also counts as running
    when it sits at the same height on two other pages within two pages of it.
    """
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    edges = [{key(x): x.y0 for x in lines if x.edge} for lines in pages]
    seen_on = Counter(k for found in edges for k in found)
    repeats = max(2, round(0.3 * len(pages)))

    def running(n: int, line: Line) -> bool:
        k = key(line)
        if seen_on[k] >= repeats or _PAGE_NUMBER.match(line.text):
            return True
        near = [edges[m].get(k) for m in range(max(0, n - 2), min(len(pages), n + 3)) if m != n]
        return sum(1 for y in near if y is not None and abs(y - line.y0) < 3) >= 2

    return [[x for x in lines if not (x.edge and running(n, x))] for n, lines in enumerate(pages)]


class _Joiner:
    """Joins a line to the text before it, undoing line-end hyphenation."""

    def __init__(self, lines: list[Line]):
        words = [w.lower().strip("-’'") for x in lines for w in _WORD.findall(x.text)]
        self.plain = {w for w in words if "-" not in w}
        self.hyphenated = {w for w in words if "-" in w}

    def __call__(self, text: str, line: str) -> str:
        if text.endswith("\u00ad"):  # soft hyphen: always a line-end break
            return text[:-1] + line
        if text.endswith(("—", "/")):
            return text + line
        if re.search(r"\w-$", text) and line[:1].isalnum():
            # "2019-" + "2020", "Kyrgyz-" + "Tajik": a real hyphen; a lower-case word
            # continuing a word is a typesetter's hyphen unless the document spells
            # the hyphenated form elsewhere and never the joined one.
            if text[-2].isalpha() and line[:1].islower():
                head = re.search(r"([\w’'-]*)-$", text).group(1).lower()
                tail = re.match(r"[\w’'-]*", line).group(0).lower()
                hyphenated = f"{head}-{tail}".strip("’'")
                if hyphenated not in self.hyphenated or f"{head}{tail}".strip("’'") in self.plain:
                    return text[:-1] + line
            return text + line
        return f"{text} {line}"


def _line_was_full(line: Line, following: Line, right: float) -> bool:
    """Whether ``line`` ends where the text was wrapped, not where a paragraph ended.

    Text wraps when the next word does not fit (justified text then stretches to the
    edge): a line with room for the next line's first word ended its paragraph. When
    the word would not have fitted either, it cannot be told; we say "wrapped", as a
    sentence ending a line mid-paragraph is likelier than a paragraph ending full.
    """
    char = (following.x1 - following.x0) / max(len(following.text), 1)
    word = len(following.text.split(" ", 1)[0]) + 1  # with the space before it
    return line.x1 + word * char > right


def rebuild(pages: list[list[Line]]) -> list[Paragraph]:
    """Paragraphs (with section and page) from the lines of each page, in reading order."""
    pages = _drop_running_lines(pages)
    body = [x for lines in pages for x in lines]
    if not body:
        return []
    sizes: Counter[float] = Counter()
    for x in body:
        sizes[x.size] += len(x.text)
    body_size = sizes.most_common(1)[0][0]

    def is_heading(x: Line) -> bool:
        return (
            (x.bold or x.size >= body_size * 1.15)
            and len(x.text) <= 120
            and not _SENTENCE_END.search(x.text.rstrip(",;"))
            and not _PAGE_NUMBER.match(x.text)
            and not _DOT_LEADER.search(x.text)  # a table-of-contents entry, not the heading itself
        )

    styles = sorted({(x.size, x.bold) for x in body if is_heading(x)}, key=lambda s: (-s[0], not s[1]))
    level = {style: n for n, style in enumerate(styles, start=1)}
    pitches = [
        b.y0 - a.y0
        for lines in pages
        for a, b in zip(lines, lines[1:], strict=False)
        if not is_heading(a) and not is_heading(b) and 0 < b.y0 - a.y0 < 3 * body_size
    ]
    pitch = sorted(pitches)[len(pitches) // 2] if pitches else body_size * 1.2
    join = _Joiner(body)

    def right_edge(line: Line) -> float:
        """The right margin of the column ``line`` is in: the furthest right of the lines starting near it."""
        return max(x.x1 for x in pages_by_number[line.page] if abs(x.x0 - line.x0) < 3 * body_size and not is_heading(x))

    pages_by_number = {lines[0].page: lines for lines in pages if lines}

    outline = Outline()
    text: str | None = None
    start_page = 0
    previous: Line | None = None
    heading: tuple[Line, str] | None = None  # a heading may wrap over lines

    def flush() -> None:
        nonlocal text
        if text is not None:
            outline.paragraph(text, start_page)
        text = None

    def flush_heading() -> None:
        nonlocal heading
        if heading is not None:
            outline.heading(level[(heading[0].size, heading[0].bold)], heading[1])
        heading = None

    for x in body:
        same_visual_line = previous is not None and previous.page == x.page and abs(x.y0 - previous.y0) < 0.5 * x.size and x.x0 > previous.x1 - 1
        if is_heading(x):
            flush()
            wraps = heading is not None and previous is heading[0] and (
                same_visual_line or ((x.size, x.bold) == (previous.size, previous.bold) and 0 < x.y0 - previous.y0 < 2 * x.size)
            )
            if wraps:
                heading = (x, f"{heading[1]} {x.text}")
            else:
                flush_heading()
                heading = (x, x.text)
            previous = x
            continue
        flush_heading()
        if text is None:
            text, start_page = x.text, x.page
        elif same_visual_line:
            text = f"{text} {x.text}"
        else:
            assert previous is not None
            moved = x.page != previous.page or x.y0 < previous.y0  # next page or next column
            ended = bool(_SENTENCE_END.search(text))
            if moved:
                new = ended and not x.text[:1].islower() and not _line_was_full(previous, x, right_edge(previous))
            else:
                gap = x.y0 - previous.y0 > pitch + 0.35 * body_size
                indented = x.x0 - previous.x0 > 0.8 * body_size and ended
                new = gap or indented
            if new:
                flush()
                text, start_page = x.text, x.page
            else:
                text = join(text, x.text)
        previous = x
    flush()
    flush_heading()
    return outline.paragraphs


@reader(".pdf")
def read_pdf(path: Path) -> ReadResult:
    """Raises UnreadableFile saying what to do for an empty, damaged, encrypted or scanned PDF."""
    import pymupdf

    name, stem = path.name, path.stem
    damaged = f"damaged or not a PDF: re-download it, or try `qpdf {name} {stem}-fixed.pdf` and index the result"
    if path.stat().st_size == 0:
        raise UnreadableFile("the file is empty (0 bytes): nothing to index")
    pymupdf.TOOLS.mupdf_display_errors(False)  # the reason reaches the user as one warning line
    try:
        document = pymupdf.open(path, filetype="pdf")
    except Exception as error:
        raise UnreadableFile(damaged) from error
    with document:
        if not document.is_pdf:  # MuPDF sniffs content: an error page saved as .pdf opens as HTML
            kind = (document.metadata or {}).get("format") or "something else"
            raise UnreadableFile(f"damaged or not a PDF (the file holds {kind}): re-download it")
        if document.needs_pass and not document.authenticate(""):
            raise UnreadableFile(
                f"encrypted PDF (needs a password): save an unlocked copy, e.g. `qpdf --decrypt --password=PW {name} {stem}-open.pdf`"
            )
        try:
            pages = [_page_lines(page, n) for n, page in enumerate(document, start=1)]
            has_images = any(page.get_images() for page in document)
        except Exception as error:
            raise UnreadableFile(damaged) from error
        title = clean((document.metadata or {}).get("title") or "") or None
        page_count = document.page_count
    if not any(pages):
        if has_images:
            raise UnreadableFile(f"no text layer (scanned or image-only): run OCR first, e.g. `ocrmypdf {name} {stem}-ocr.pdf`, and index that")
        raise UnreadableFile(f"no text on its {page_count} page(s): nothing to index")
    return ReadResult(rebuild(pages), title)
