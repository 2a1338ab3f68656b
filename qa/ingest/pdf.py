"""PDF: paragraphs rebuilt from positioned lines, with the page each one starts on.

A PDF has no paragraphs, only lines placed on pages. We read the lines with PDFium
(``pdf_lines.py``: pypdfium2, permissively licensed, with the font size, weight and
position of every line; pages without a text layer through OCR on request, ``ocr.py``;
measurements in docs/formats.md) and rebuild the text a reader sees:

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
from pathlib import Path

from qa.ingest.outline import Outline, clean
from qa.ingest.pdf_lines import EDGE, Line, page_lines  # noqa: F401  (Line and EDGE are part of this module's API)
from qa.ingest.registry import ReadResult, UnreadableFile, reader
from qa.types import Paragraph

_PAGE_NUMBER = re.compile(r"^(page\s+)?(\d{1,4}|[ivxlcdm]{1,7})(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_DOT_LEADER = re.compile(r"(\.\s?){4,}\s*\d*$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


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


_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body)\b", re.IGNORECASE)


def _open(path: Path):
    """The pypdfium2 document; raises UnreadableFile saying what to do when it will not open."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    name, stem = path.name, path.stem
    damaged = f"damaged or not a PDF: re-download it, or try `qpdf {name} {stem}-fixed.pdf` and index the result"
    if path.stat().st_size == 0:
        raise UnreadableFile("the file is empty (0 bytes): nothing to index")
    with path.open("rb") as file:
        head = file.read(1024)
    if b"%PDF-" not in head:  # PDFium says only "format error": say what the file holds
        if _HTML.search(head):  # an error page saved as .pdf
            raise UnreadableFile("damaged or not a PDF (the file holds HTML): re-download it")
        raise UnreadableFile(damaged)
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if error.err_code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise UnreadableFile(
                f"encrypted PDF (needs a password): save an unlocked copy, e.g. `qpdf --decrypt --password=PW {name} {stem}-open.pdf`"
            ) from error
        raise UnreadableFile(damaged) from error
    if len(document) == 0:
        document.close()
        raise UnreadableFile(damaged)
    return document


def _has_image(page) -> bool:
    import pypdfium2.raw as raw

    return next(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=5), None) is not None


@reader(".pdf", ocr=True)
def read_pdf(path: Path, *, ocr: bool = False, progress: bool = False) -> ReadResult:
    """Raises UnreadableFile saying what to do for an empty, damaged, encrypted or scanned PDF.

    With ``ocr``, pages without a text layer that hold an image (scans) are read by
    Tesseract (qa/readers/ocr.py); without it a scan is skipped with that hint.
    """
    import pypdfium2 as pdfium

    from qa.ingest import ocr as ocr_engine

    name, stem = path.name, path.stem
    document = _open(path)
    try:
        pages: list[list[Line]] = []
        scanned: list[int] = []  # pages with an image and no text: what OCR can read
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                pages.append(page_lines(page, number))
                if not pages[-1] and _has_image(page):
                    scanned.append(number)
            finally:
                page.close()
        if scanned and ocr:
            if not ocr_engine.available():
                raise UnreadableFile(f"{len(scanned)} page(s) without a text layer, and OCR needs Tesseract: {ocr_engine.INSTALL_HINT}")
            try:
                for number, lines in ocr_engine.ocr_pages(document, scanned, progress=progress, label=f"OCR {name}").items():
                    pages[number - 1] = lines
            except ocr_engine.OCRFailed as error:
                raise UnreadableFile(str(error)) from error
        title = clean(document.get_metadata_value("Title") or "") or None
        page_count = len(document)
    except pdfium.PdfiumError as error:
        raise UnreadableFile(f"damaged or not a PDF: re-download it, or try `qpdf {name} {stem}-fixed.pdf` and index the result") from error
    finally:
        document.close()
    if not any(pages):
        if scanned and ocr:
            raise UnreadableFile(f"OCR found no words on its {len(scanned)} scanned page(s): check the scan is upright and at least 200 dpi")
        if scanned:
            raise UnreadableFile(
                f"no text layer (scanned or image-only): index again with --ocr (needs Tesseract), or run OCR first, e.g. `ocrmypdf {name} {stem}-ocr.pdf`, and index that"
            )
        raise UnreadableFile(f"no text on its {page_count} page(s): nothing to index")
    return ReadResult(rebuild(pages), title)
