"""Positioned lines of a PDF page, read with PDFium (pypdfium2: Apache-2.0 / BSD-3-Clause).

The paragraph rebuild in ``pdf.py`` needs, for each line, its text, its box on the page
as a reader sees it (top-down, after the page's /Rotate), its font size and whether it
is bold. PDFium gives a page's characters in content order, with the line breaks it
inserts where the text moves to a new line; we cut the lines there and ask PDFium
for the boxes of each line's first and last characters and for the font size, weight
and name: once for a line drawn by one text object (one font), else once per word (a
font change almost always falls between words; asking per character costs 3x the time). The engine is permissively licensed so the tool can
be served and embedded without the AGPL obligations PyMuPDF would bring
(measurements: docs/formats.md).
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass

EDGE = 0.1  # top and bottom tenth of a page: where running headers and footers live
FORCE_BOLD = 1 << 18  # PDF font descriptor flag: the font is drawn bold
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.IGNORECASE)
# PDFium joins a line ending in a hyphen to the next and marks the hyphen U+FFFE; we
# cut there too, so the paragraph rebuild decides what the hyphen is ("govern-ment"
# joined, "pandemic-related" kept) on the same lines a text layer shows.
_LINE = re.compile(r"[^\r\n\ufffe]+\ufffe?")


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


class _Display:
    """Maps PDF user-space boxes (y up) to the page as displayed: y down, /Rotate applied."""

    def __init__(self, bbox: tuple[float, float, float, float], rotation: int):
        self.left, self.bottom, self.right, self.top = bbox
        self.rotation = rotation % 360
        width, height = self.right - self.left, self.top - self.bottom
        self.width, self.height = (height, width) if self.rotation in (90, 270) else (width, height)

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        u0, u1, v0, v1 = left - self.left, right - self.left, self.top - top, self.top - bottom
        w, h = self.right - self.left, self.top - self.bottom
        if self.rotation == 90:
            return h - v1, u0, h - v0, u1
        if self.rotation == 180:
            return w - u1, h - v1, w - u0, h - v0
        if self.rotation == 270:
            return v0, w - u1, v1, w - u0
        return u0, v0, u1, v1

    def horizontal(self, angle: float) -> bool:
        """Whether a character at PDFium's ``angle`` (radians, clockwise) reads across the displayed page."""
        return abs(math.sin(angle + math.radians(self.rotation))) <= 0.01


class _Fonts:
    """Font size and boldness of a character, the font's name and flags decoded once."""

    def __init__(self, raw, textpage):
        self.raw, self.textpage = raw, textpage
        self.name = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.bold_of: dict[tuple[bytes, int, int], bool] = {}

    def __call__(self, index: int) -> tuple[float, bool]:
        raw, textpage = self.raw, self.textpage
        size = raw.FPDFText_GetFontSize(textpage, index)
        weight = raw.FPDFText_GetFontWeight(textpage, index)
        raw.FPDFText_GetFontInfo(textpage, index, self.name, len(self.name), ctypes.byref(self.flags))
        key = (self.name.value, self.flags.value, weight)
        bold = self.bold_of.get(key)
        if bold is None:
            # Standard fonts report weight 0: their name ("Helvetica-Bold") says it.
            bold = weight >= 600 or bool(key[1] & FORCE_BOLD) or bool(_BOLD_NAME.search(key[0].split(b"+")[-1]))
            self.bold_of[key] = bold
        return size, bold


def _text(raw, textpage, count: int) -> str:
    """The page's characters, one per index (PDFium's CRLF line breaks included)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(memoryview(buffer).cast("B")[: max(written - 1, 0) * 2]).decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    # Rare: PDFium left characters out of the text (or a character outside the BMP
    # took two code units): read them one by one so indexes stay aligned.
    return "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))


def page_lines(page, number: int) -> list[Line]:
    """The horizontal lines of text on ``page`` (a pypdfium2 PdfPage), in content order."""
    import pypdfium2.raw as raw

    display = _Display(page.get_bbox(), page.get_rotation())
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        if count <= 0:
            return []
        text = _text(raw, handle, count)
        fonts = _Fonts(raw, handle)
        rect = raw.FS_RECTF()
        lines = []
        for found in _LINE.finditer(text):
            start, end = found.span()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end or not display.horizontal(raw.FPDFText_GetCharAngle(handle, start)):
                continue  # blank, or rotated text: margin notes, watermarks
            boxes = []
            for index in (start, end - 1):
                if raw.FPDFText_GetLooseCharBox(handle, index, rect):
                    boxes.append(display.box(rect.left, rect.bottom, rect.right, rect.top))
            if not boxes:
                continue
            if raw.FPDFText_CountRects(handle, start, end - start) == 1:
                # One text object (PDFium starts a new rectangle with each): one font.
                size, bold = fonts(start)
                weights = Counter({round(size, 1): 1})
            else:
                weights, bold = Counter(), True
                for word in re.finditer(r"\S+", text[start:end]):
                    size, word_bold = fonts(start + word.start())
                    weights[round(size, 1)] += len(word.group())
                    bold = bold and word_bold
            x0, x1 = boxes[0][0], boxes[-1][2]
            y0, y1 = min(b[1] for b in boxes), max(b[3] for b in boxes)
            lines.append(
                Line(
                    page=number,
                    text=re.sub(r"[ \t\r\n\f\v]+", " ", text[start:end]).replace("\ufffe", "-"),
                    x0=x0, y0=y0, x1=max(x1, x0), y1=y1,
                    size=weights.most_common(1)[0][0],
                    bold=bold,
                    edge=y1 < display.height * EDGE or y0 > display.height * (1 - EDGE),
                )
            )
        return lines
    finally:
        textpage.close()
