"""Words and lines of a PDF page with their true sizes, read with PDFium (pypdfium2:
Apache-2.0 / BSD-3-Clause).

The layout pass (``pdf_layout.py``) and the paragraph rebuild (``pdf.py``) need the
page as a reader sees it: words with their boxes (top-down, after the page's /Rotate),
their real size and weight, grouped into the lines of each column, plus the page's
ruling lines (tables) and whether it holds images (scans). PDFium gives the page's
characters in content order; we ask it for boxes only at word ends, and for a font
only when the text object changes (a text object is one run of one font), which is
~10x cheaper than asking per character (measurements: docs/formats.md).

Why the true size: many producers set a 1-pt font and scale it with the text matrix,
so PDFium's font size says 1.0 for every line. The size a reader sees is the nominal
size times the matrix's vertical scale; line spacing, headings, footnotes and
superscripts are all judged on it.

Lines are built from geometry, not from the content order: words on one baseline form
a row, and a row is cut where a gap cannot be a word space: a gap of a text size where
the content stream jumps to other text (two columns, a text box), one of SPLIT_GAP text sizes, or a
narrower gap whose edges line up with text edges of other rows near by (a column or a
table cell); never where neighbouring rows run words across the gap (a justified line
of a few long words). A superscript (smaller and raised: footnote and reference
markers) is kept out of the text it is glued to; at the start of a line it is the
line's ``marker`` (a footnote's number). Text a transparency group draws a second time
(a hidden review copy under the final page) is read once.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from qa.text import NOTE_SIGN

EDGE = 0.1  # top and bottom tenth of a page: where running headers and footers live (``Line.edge``)
FORCE_BOLD = 1 << 18  # PDF font descriptor flag: the font is drawn bold
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.IGNORECASE)
# PDFium joins a line ending in a hyphen to the next and marks the hyphen U+FFFE; the
# paragraph rebuild decides what the hyphen is ("govern-ment" joined, "well-known" kept).
# (A soft hyphen at a line end it reports as U+0002, "fre\x02quency": the word's ends are on
# two lines, so it is cut per piece, and ``add`` reads the U+0002 ending a piece as a hyphen.)
_WORD = re.compile(r"[^\s\ufffe]+\ufffe?|\ufffe")
# A number a superscript after it marks (a footnote's marker) rather than raises to a power:
# three digits or more, or thousands written with commas.
_MARKED_NUMBER = re.compile(r"(?<![\d.])(?:\d{3,}|\d{1,3}(?:,\d{3})+)$")
# A reference in brackets: "[11]", "[4,5]", "[12–14]".
_BRACKETED = r"\[\d{1,3}(?:[,–-]\d{1,3})*\]"
# A reference marker inside a word's run of characters, its first and last characters on
# the baseline ("old)[11]." of a printed web page): its raised characters are only found
# when the word is read piece by piece.
_INNER_MARK = re.compile(rf"\w[^\w\s]*{_BRACKETED}")
# A number glued between a word's letters and its closing punctuation ("arrays23,",
# "traps16,24–26,"): a raised reference marker when its box is not the word's.
_INNER_NUMBER = re.compile(r"[^\W\d_]{3}(\d(?:[\d,–-]*\d)?)[^\w\s]+$")  # (three letters: "km²," "m³." keep their power)
# What a superscript may say to be a marker (footnote, reference) rather than math.
MARKER = re.compile(rf"^(\d{{1,3}}([,–-]\d{{1,3}})*|[*†‡§¶#]+|{_BRACKETED}|\[[a-z]{{1,2}}\]|\[\w+ \d+\])$")
# A raised marker that calls a note at the foot of the page: a number or a symbol, not a
# bracketed reference to a list of sources.
_NOTE_CALL = re.compile(rf"^{NOTE_SIGN}(?:,\d{{1,3}})*$")
_CLOSING = frozenset(".,;:!?)]}’'\"”")
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_LIST_MARK = re.compile(r"^([^\w\s]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)])$")
SPLIT_GAP = 3.0  # a gap this many times the text size always separates (columns, cells)
GUTTER_GAP = 1.0  # a gap this wide separates where the content stream jumps
GUTTER_WITHIN = 1.5  # a gap this wide separates when rows near by have a column's gap inside it
NUMBER_GAP = 0.4  # between two numbers, a gap this wide separates when its edges line up (table columns)
# A table cell's number: "12,345", "(4.7)", "-3.2%", "$5", "**12", and the marks tables put for none: "(X)", "–", "NA".
NUMBER = re.compile(r"^[-–—+±(*]*[$€£]?\(?\d[\d.,]*%?\)?[*†‡a-z]?$|^\(?[xX]\)?$|^[-–—]$|^\*+$|^n/?a$", re.IGNORECASE)


@dataclass(slots=True, eq=False)
class Word:
    """A run of characters of one text object without a space, in display coordinates."""

    text: str
    x0: float
    y0: float  # top of the font's box (ascent)
    x1: float
    y1: float  # bottom (descent)
    baseline: float
    size: float  # true size in points: nominal size times the text matrix's vertical scale
    bold: bool
    glued: bool = False  # no space before it: a font change inside a word
    raised: bool = False  # a superscript marker (smaller, above the baseline); set when the line is built
    order: int = 0  # place in the page's content stream


@dataclass(eq=False)  # a line is itself: compared by identity (the layout asks "is this line in that block?")
class Line:
    """One line of one column (or table cell) of a page. Built from words by ``read_page``,
    or directly (tests, OCR) with the text and box only."""

    page: int  # 1-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    edge: bool = False  # in the top or bottom band of its page
    words: list[Word] = field(default_factory=list, repr=False)
    marker: str | None = None  # a superscript opening the line (a footnote's number)
    # the note markers raised inside it, each after the line's n-th word ("1900²³ and":
    # (1, "23") in "January 1, 1900 and"): counted in words, which the ligature repair
    # keeps while it changes characters
    calls: tuple[tuple[int, str], ...] = ()

    def word_boxes(self) -> list[tuple[str, float, float]]:
        """(text, x0, x1) of the line's words, pieces glued by a font change joined and
        raised markers left out (the whole line when it was made without words): what a
        table reads into its columns."""
        if not self.words:
            return [(self.text, self.x0, self.x1)]
        found: list[tuple[str, float, float]] = []
        for word in self.words:
            if word.raised:
                continue
            if word.glued and found:
                text, x0, _ = found[-1]
                found[-1] = (text + word.text, x0, word.x1)
            else:
                found.append((word.text, word.x0, word.x1))
        return found


@dataclass
class Rule:
    """A ruling line drawn on the page (table borders), in display coordinates."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.y1 - self.y0


@dataclass
class PageText:
    """What the layout pass needs of one page."""

    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[Rule] = field(default_factory=list)
    images: bool = False
    chars: int = 0  # characters with a box: how much text layer the page has


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

    def horizontal(self, a: float, b: float) -> bool:
        """Whether text with matrix columns (a, b) reads left to right across the displayed page."""
        angle = math.atan2(b, a) - math.radians(self.rotation)  # PDF angles run anticlockwise, /Rotate clockwise
        return math.cos(angle) > 0.999


def _library_function(name: str, restype, argtypes):
    """A PDFium function with our own ctypes signature (an object handle as a plain int,
    comparable and hashable without a cast per call): pypdfium2's binding, retyped."""
    import pypdfium2.raw as raw

    address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


class _Fonts:
    """Size, weight and direction of each text object, asked once per object."""

    def __init__(self, raw, textpage, display: _Display):
        self.raw, self.textpage, self.display = raw, textpage, display
        self.name = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.matrix = raw.FS_MATRIX()
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.bold_of: dict[tuple[bytes, int, int], bool] = {}
        self.of: dict[int, tuple[float, bool, float, bool]] = {}

    def __call__(self, obj: int, index: int) -> tuple[float, bool, float, bool]:
        """(true size, bold, baseline y, horizontal) of the text object drawing character ``index``."""
        found = self.of.get(obj)
        if found is not None:
            return found
        raw, textpage, m = self.raw, self.textpage, self.matrix
        nominal = raw.FPDFText_GetFontSize(textpage, index)
        raw.FPDFText_GetMatrix(textpage, index, m)
        scale = math.hypot(m.c, m.d) or 1.0
        weight = raw.FPDFText_GetFontWeight(textpage, index)
        raw.FPDFText_GetFontInfo(textpage, index, self.name, len(self.name), ctypes.byref(self.flags))
        key = (self.name.value, self.flags.value, weight)
        bold = self.bold_of.get(key)
        if bold is None:
            # Standard fonts report weight 0: their name ("Helvetica-Bold") says it; some regular
            # fonts report 600-650 (LucidaSans: 635, its bold 610), so the weight counts from 700.
            bold = weight >= 700 or bool(key[1] & FORCE_BOLD) or bool(_BOLD_NAME.search(key[0].split(b"+")[-1]))
            self.bold_of[key] = bold
        raw.FPDFText_GetCharOrigin(textpage, index, self.x, self.y)
        baseline = self.display.box(self.x.value, self.y.value, self.x.value, self.y.value)[1]
        found = (round(nominal * scale, 2), bold, baseline, self.display.horizontal(m.a, m.b))
        self.of[obj] = found
        return found


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


def _words(raw, handle, text: str, display: _Display, group_of: dict[int, int]) -> tuple[list[Word], list[int], int]:
    """The page's words (runs of one text object between spaces) and its count of characters.

    Per word PDFium is asked for the text object of its first character and the boxes
    of its first and last: when those two boxes differ in height or baseline, a font
    change sits inside the word (a superscript glued to it) and the word is cut per
    object. Everything else (size, weight, baseline) is asked once per text object.
    """
    pointer = ctypes.c_void_p
    object_of = _library_function("FPDFText_GetTextObject", pointer, [pointer, ctypes.c_int])
    loose_box = _library_function("FPDFText_GetLooseCharBox", ctypes.c_int, [pointer, ctypes.c_int, pointer])
    page = ctypes.cast(handle, pointer).value
    fonts = _Fonts(raw, handle, display)
    rect = raw.FS_RECTF()
    out = ctypes.addressof(rect)
    upright = display.rotation == 0
    left, top = display.left, display.top
    words: list[Word] = []
    groups: list[int] = []  # each word's transparency group (0: none)
    seen: set[tuple[str, int, int]] = set()
    chars = 0

    def add(start: int, end: int, obj: int, glued: bool, x0: float, x1: float, bottom: float, high: float, line_end: bool = False) -> None:
        nonlocal chars
        size, bold, baseline, horizontal = fonts(obj, start)
        if not horizontal or size <= 0:
            return  # rotated text (margin notes, watermarks) is not part of the reading
        if upright:
            box = (x0 - left, top - high, x1 - left, top - bottom)
        else:
            box = display.box(x0, bottom, x1, high)
        piece = text[start:end].replace("\ufffe", "-")
        if line_end and piece.endswith("\x02") and piece[-2:-1].isalpha():
            piece = piece[:-1] + "-"  # a soft hyphen at a line end; elsewhere a glyph without a character
        piece = piece.translate(_CONTROLS)  # glyphs without a character: nothing to read
        if not piece:
            return
        key = (piece, round(box[0]), round(baseline))
        if key in seen:  # drawn twice (a shadow, or bold faked by overprinting)
            return
        seen.add(key)
        chars += end - start
        words.append(Word(piece, box[0], box[1], box[2], box[3], baseline, size, bold, glued, order=len(words)))
        groups.append(group_of.get(obj, 0))

    across = 1 if display.rotation in (90, 270) else 0  # which user-space axis a displayed line runs along
    generated = _library_function("FPDFText_IsGenerated", ctypes.c_int, [pointer, ctypes.c_int])
    last_added = -1  # where the last word added ends
    tail: list[int] = []  # the indexes of the last two characters of that word (with any glued to it)

    def made_up_space(start: int) -> bool:
        """Whether the space (or line break) before the word at ``start`` is one PDFium
        made up where a text layer (an OCR's, most often) jumps inside a word ("Nort h
        Buon a", "13858 8", "Ltd .", "c olu m n"): before a lower-case letter, a digit after
        digits or closing punctuation, on the line, and no wider than the two characters
        before it stand apart (touching, after a one-letter piece)."""
        if not (upright and tail and 0 < start - last_added <= 2 and text[last_added:start].isspace()):
            return False
        before, after = "".join(text[i] for i in tail), text[start]
        inside_word = (
            after.islower() and (before.isalnum() or before[:1].isalpha() and before[1:] in ("'", "’"))
            or after.isdigit() and before.isdigit()
            or after in _CLOSING and before[-1:].isalnum()
        )
        if not inside_word or any(generated(page, i) != 1 for i in range(last_added, start)):
            return False
        boxes = []
        for index in (*tail, start):
            if not loose_box(page, index, out):
                return False
            boxes.append((rect.left, rect.right, rect.bottom, rect.top))
        *_, (left, right, bottom, top), (left_after, _, bottom_after, top_after) = boxes
        letter_gap = max(left - boxes[0][1], 0.0) if len(boxes) == 3 else 0.0
        height = top - bottom
        same_line = abs(bottom_after - bottom) <= 0.2 * height and abs(top_after - top) <= 0.2 * height
        gap = left_after - right
        return same_line and -0.1 * height <= gap <= 1.3 * letter_gap + 0.05 * height

    for start, end in [m.span() for m in _WORD.finditer(text)]:
        if not loose_box(page, start, out):
            continue
        x0, bottom, x1, high = rect.left, rect.bottom, rect.right, rect.top
        # (a gap a fifth of the line's height or wider is a space: a typeset one is about a
        # quarter; a text layer's letter spacing, less. Most are, and cost nothing more.)
        glued = bool(words) and x0 - left - words[-1].x1 < 0.2 * (high - bottom) and made_up_space(start)
        if end - start > 1:
            if not loose_box(page, end - 1, out):
                continue
            if across:
                split = abs(rect.left - x0) > 0.5 or abs(rect.right - x1) > 0.5
            else:
                split = abs(rect.bottom - bottom) > 0.5 or abs(rect.top - high) > 0.5
            split = split or (text.find("[", start, end) >= 0 and _INNER_MARK.search(text, start, end) is not None)
            if not split and not text[end - 1].isalnum() and _digit_before_stop(text, start, end):
                # ... and so is a reference number glued to a word before its punctuation
                # ("arrays²³," "physics¹,²."): its first and last characters sit on the baseline
                inner = _INNER_NUMBER.search(text, start, end)
                end_box = (rect.left, rect.bottom, rect.right, rect.top)
                if inner is not None and loose_box(page, inner.start(1), out):
                    if across:
                        split = abs(rect.left - x0) > 0.5 or abs(rect.right - x1) > 0.5
                    else:
                        split = abs(rect.bottom - bottom) > 0.5 or abs(rect.top - high) > 0.5
                rect.left, rect.bottom, rect.right, rect.top = end_box
            if split:
                _split(text, start, end, add, object_of, loose_box, page, rect, out)
                continue
            x0, bottom, x1, high = min(x0, rect.left), min(bottom, rect.bottom), max(x1, rect.right), max(high, rect.top)
            if upright and x1 - x0 > (end - start) * 1.2 * (high - bottom):
                # Wider than its letters: characters set apart without a space ("0   0" in a table).
                _split(text, start, end, add, object_of, loose_box, page, rect, out, gaps=True)
                continue
        count = len(words)
        add(start, end, object_of(page, start), glued, x0, x1, bottom, high, end == len(text) or text[end] in "\r\n")
        if len(words) > count:
            last_added = end
            tail = [*(tail if glued else []), *range(start, end)][-2:]
    return words, groups, chars


def _split(text: str, start: int, end: int, add, object_of, loose_box, page: int, rect, out: int, gaps: bool = False) -> None:
    """A word whose characters differ in size or baseline, added one piece per text
    object; with ``gaps``, also cut where characters stand apart (a new word)."""
    pieces: list[list] = []  # [first index, end index, object, x0, x1, bottom, top, glued, ends its line]
    for index in range(start, end):
        obj = object_of(page, index)
        if not loose_box(page, index, out):
            continue
        # Characters written one after the other with no space between them can still sit
        # far apart: the content stream jumps to the next column in mid-"word" (a
        # hyphenless line end), or runs backwards. A gap of a text height (or, with
        # ``gaps``, of a third of one) starts a new word.
        height = rect.top - rect.bottom
        step = rect.left - pieces[-1][4] if pieces else 0.0
        apart = bool(pieces) and (step > (0.3 if gaps else 1.0) * height or rect.right < pieces[-1][3])
        # (a bracket opened in one box goes on across text objects: "[1" and "1]" of one raised marker)
        same = bool(pieces) and (
            pieces[-1][2] == obj
            or abs(rect.bottom - pieces[-1][5]) < 0.1 * height and abs(rect.top - pieces[-1][6]) < 0.1 * height
            and "[" in (opened := text[pieces[-1][0] : pieces[-1][1]]) and "]" not in opened
        )
        if same and pieces[-1][1] == index and not apart:
            piece = pieces[-1]
            piece[1] = index + 1
            piece[3], piece[4] = min(piece[3], rect.left), max(piece[4], rect.right)
            piece[5], piece[6] = min(piece[5], rect.bottom), max(piece[6], rect.top)
        else:
            if pieces and apart:
                pieces[-1][8] = True  # the piece before a jump to the next line or column ends its line
            pieces.append([index, index + 1, obj, rect.left, rect.right, rect.bottom, rect.top, bool(pieces) and not apart, False])
    if pieces:
        pieces[-1][8] = end == len(text) or text[end] in "\r\n"
    for first, last, obj, x0, x1, bottom, high, glued, line_end in pieces:
        add(first, last, obj, glued, x0, x1, bottom, high, line_end)


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped by baseline, top to bottom; a superscript joins the row it sits on."""
    rows: list[list[Word]] = []
    anchor = 0.0
    for word in sorted(words, key=lambda w: w.baseline):
        if rows and word.baseline - anchor <= 0.45 * max(word.size, rows[-1][0].size):
            rows[-1].append(word)
        else:
            rows.append([word])
            anchor = word.baseline
    # A raised reference cut from the word it is glued to ("1979)" + "[7]", "arrays" + "23")
    # goes with that word's row, not with another row it happens to reach (a side box's
    # title beside it, a margin column's line).
    # (a number only between a word's letters and its punctuation: a formula's raised digit
    # belongs wherever it was set)
    glued = [w for w in words if w.glued and MARKER.match(w.text)]
    by_order = {w.order: w for w in words} if glued else {}
    marks = [w for w in glued if w.text.startswith("[") or _between_word_and_stop(w, by_order)]
    if marks:
        row_of = {id(w): i for i, row in enumerate(rows) for w in row}
        for w in marks:
            before = by_order.get(w.order - 1)
            if (
                before is not None and row_of[id(before)] != row_of[id(w)]
                and w.size < 0.85 * before.size and 0 < before.baseline - w.baseline < 0.8 * before.size
            ):
                rows[row_of[id(w)]].remove(w)
                rows[row_of[id(before)]].append(w)
                row_of[id(w)] = row_of[id(before)]
        rows = [row for row in rows if row]
    for row in rows:
        row.sort(key=lambda w: w.x0)
    # A superscript set before its row's baseline may open a row of its own: fold it
    # into the row below when it sits just above that row's text.
    merged: list[list[Word]] = []
    for row in rows:
        if merged and _superscripts_of(merged[-1], row):
            row = sorted(merged.pop() + row, key=lambda w: w.x0)
        merged.append(row)
    return merged


def _digit_before_stop(text: str, start: int, end: int) -> bool:
    """Whether the word ``text[start:end]`` ends in a digit and then punctuation ("arrays23,"):
    the cheap test before a box is asked for."""
    i = end - 1
    while i > start and not text[i].isalnum():
        i -= 1
    return text[i].isdigit()


def _between_word_and_stop(mark: Word, by_order: dict[int, Word]) -> bool:
    """Whether a piece cut from a word sits between its letters and its closing
    punctuation ("arrays" "23" ","), as a reference marker does."""
    before, after = by_order.get(mark.order - 1), by_order.get(mark.order + 1)
    return before is not None and after is not None and after.glued and before.text[-1:].isalpha() and not after.text[:1].isalnum()


def _superscripts_of(upper: list[Word], row: list[Word]) -> bool:
    size = max(w.size for w in row)
    return all(w.size < 0.85 * size and MARKER.match(w.text) for w in upper) and 0 < row[0].baseline - upper[0].baseline < 0.8 * size


def _gaps(row: list[Word]) -> list[tuple[int, float, float]]:
    """(index of the word after the gap, gap start, gap end) for each space in the row."""
    return [(i, a.x1, b.x0) for i, (a, b) in enumerate(zip(row, row[1:], strict=False), start=1) if not b.glued]


def _segments(rows: list[list[Word]]) -> list[list[Word]]:
    """Each row cut at its column and cell gaps.

    A gap of at least GUTTER_GAP (in text sizes) is cut where the content stream jumps
    (the words on either side are not written one after the other: two columns or a
    text box side by side). Between words written in sequence, a gap of at least
    SPLIT_GAP is cut, and a narrower one (down to NUMBER_GAP between two numbers) when the text after it starts (or
    the text before it ends) where text does in two other rows near by: a table cell
    has an edge that lines share, a word space stretched in a justified line has not.
    A gap of GUTTER_WITHIN sizes between words (not numbers) is cut where the rows near
    by say a column gap lies inside it (``_gutter``) and none runs across it. No gap is
    cut when two neighbouring rows have words running across it (a justified line of a
    few long words). A word space is cut where a cell's text ran up to the next
    column: the word after it starts where that column's cells start in three rows near by.
    """
    gaps = [_gaps(row) for row in rows]
    edges = [_edges(row, row_gaps) for row, row_gaps in zip(rows, gaps, strict=True)]
    sizes = [Counter(w.size for w in row).most_common(1)[0][0] for row in rows]
    # a cell's text run up to the next column, one word space from it ("New Jersey, P.O.
    # Box 6780"): a gap too narrow for a column's, but where the next column's cells start
    ran_on = [
        {
            (start, end) for i, start, end in gaps[r]
            if end - start < GUTTER_GAP * sizes[r] and _runs_on(rows[r], i)
            and _cell_start(rows, edges, r, end, sizes[r]) and not _crossed(rows, gaps, r, start, end, sizes[r])
        }
        for r in range(len(rows))
    ]
    segments: list[list[Word]] = []
    for r, row in enumerate(rows):
        size = sizes[r]
        cuts = []
        for i, start, end in gaps[r]:
            width = end - start
            numbers = NUMBER.match(row[i - 1].text) and NUMBER.match(row[i].text)
            if (start, end) in ran_on[r]:
                cuts.append(i)
                continue
            if width < (NUMBER_GAP if numbers else GUTTER_GAP) * size:
                continue
            crossed = _crossed(rows, gaps, r, start, end, size, ran_on)
            if crossed >= 2:
                continue
            # Words written one after the other are one line unless the gap is very wide
            # or clearly a cell's; a jump in the content (another column's stream) needs less.
            if row[i].order != row[i - 1].order + 1:
                cuts.append(i)  # the content jumps here (another column's or box's text)
            elif (
                width >= SPLIT_GAP * size
                or (width >= GUTTER_GAP * size or numbers) and _aligned(rows, edges, r, start, end, size)
                or width >= GUTTER_WITHIN * size and (not NUMBER.match(row[i].text) or _numbered_item(row, i))
                and not crossed and _gutter(gaps, edges, rows, r, start, end, size) >= 2
            ):
                cuts.append(i)
        # A list bullet or number standing apart ("•", "1.", "(a)") opens the text after it.
        cuts = [i for i in cuts if not (_opens(row[_previous_cut(cuts, i):i], row[i]) and row[i].x0 - row[i - 1].x1 < 5 * size)]
        for a, b in zip([0, *cuts], [*cuts, len(row)], strict=True):
            segments.append(row[a:b])
    return segments


def _numbered_item(row: list[Word], i: int) -> bool:
    """Whether the words from ``i`` open a numbered item ("1. You had ..."), not a cell's number."""
    return bool(_LIST_MARK.match(row[i].text)) and i + 1 < len(row) and row[i + 1].text[:1].isalpha()


def _gutter(
    gaps: list[list[tuple[int, float, float]]], edges: list[tuple[list[float], list[float]]], rows: list[list[Word]], r: int, start: float, end: float, size: float
) -> int:
    """How many rows near by (within six text sizes) say a column gap lies inside this
    one: a gap of their own sharing a column gap's width with it, or their text starting
    inside it (the next column's left edge). A row whose first column's line ends short
    and whose second column's line is indented spans the gutter wider than its neighbours
    do, so no edge lines up with theirs; and where the columns' baselines differ, its
    neighbours hold one column each."""
    baseline = rows[r][0].baseline
    found = 0
    for other in range(max(0, r - 6), min(len(rows), r + 7)):
        if other == r or abs(rows[other][0].baseline - baseline) > 6 * size:
            continue
        shares = any(min(e, end) - max(s, start) >= GUTTER_GAP * size for _, s, e in gaps[other])
        if shares or any(start + 0.5 * size <= x <= end for x in edges[other][0]):
            found += 1
    return found


def _opens(mark: list[Word], following: Word) -> bool:
    """Whether a piece of a row is a list bullet or number, or a note number set smaller and raised."""
    text = _joined(mark)
    raised = max(w.size for w in mark) < 0.85 * following.size and mark[0].baseline < following.baseline - 0.2 * following.size
    return bool(_LIST_MARK.match(text) or (MARKER.match(text) and raised))


def _previous_cut(cuts: list[int], i: int) -> int:
    return max((c for c in cuts if c < i), default=0)


def _edges(row: list[Word], gaps: list[tuple[int, float, float]]) -> tuple[list[float], list[float]]:
    """Where the row's text starts and ends: its ends and either side of each wide gap."""
    size = row[0].size
    starts, ends = [row[0].x0], [row[-1].x1]
    for i, start, end in gaps:
        numbers = NUMBER.match(row[i - 1].text) and NUMBER.match(row[i].text)
        if end - start >= (NUMBER_GAP if numbers else GUTTER_GAP) * size:
            starts.append(end)
            ends.append(start)
    return starts, ends


def _aligned(rows: list[list[Word]], edges: list[tuple[list[float], list[float]]], r: int, start: float, end: float, size: float) -> bool:
    """Whether the text after the gap starts (or before it ends) within half a point of
    where text starts (ends) in other rows near by: two rows for a gap of 1.5 text
    sizes, three for a narrower one (stretched word spaces line up by chance now and then)."""
    baseline = rows[r][0].baseline
    needed = 2 if end - start >= 1.5 * size else 3
    shared = 0
    for other in range(max(0, r - 6), min(len(rows), r + 7)):
        if other == r or abs(rows[other][0].baseline - baseline) > 6 * size:
            continue
        starts, ends = edges[other]
        if any(abs(x - end) < 0.5 for x in starts) or any(abs(x - start) < 0.5 for x in ends):
            shared += 1
            if shared >= needed:
                return True
    return False


def _runs_on(row: list[Word], i: int) -> bool:
    """Whether the words before ``i`` read as a cell's text that ran on (three words or
    more, ending in a word of three letters or more, or a comma) and the word at ``i`` as
    the next cell's text: not a footnote's letters ("ee") before its note, nor a dot
    leader before its line number."""
    last = row[i - 1].text.rstrip(",")
    return i >= 3 and len(last) >= 3 and last[-1:].isalpha() and row[i].text[:1].isalpha()


def _cell_start(rows: list[list[Word]], edges: list[tuple[list[float], list[float]]], r: int, x: float, size: float) -> bool:
    """Whether the word at ``x`` starts where a column's cells start in three rows near by
    (within a tenth of a point, after a wide gap in each: not where their lines start):
    a cell whose text ran up to the next column, one word space away from it."""
    baseline = rows[r][0].baseline
    shared = 0
    for other in range(max(0, r - 6), min(len(rows), r + 7)):
        if other != r and abs(rows[other][0].baseline - baseline) <= 6 * size and any(abs(s - x) < 0.1 for s in edges[other][0][1:]):
            shared += 1
    return shared >= 3


def _crossed(
    rows: list[list[Word]], gaps: list[list[tuple[int, float, float]]], r: int, start: float, end: float, size: float,
    ran_on: list[set[tuple[float, float]]] | None = None,
) -> int:
    """How many rows near by (within three text sizes) have words along both edges of
    the gap and no wide gap of their own there: one line running across it. Rows
    without text on both sides of the gap (another column's lines, interleaved) say nothing."""
    baseline = rows[r][0].baseline
    width = min(size, (end - start) / 2)
    strips = ((start + 0.1 * width, start + width), (end - width, end - 0.1 * width))
    crossed = 0
    for other in range(max(0, r - 4), min(len(rows), r + 5)):
        if other == r or abs(rows[other][0].baseline - baseline) > 3 * size:
            continue
        row = rows[other]
        if row[0].x0 >= end or row[-1].x1 <= start:
            continue
        if all(any(w.x0 < b and w.x1 > a for w in row) for a, b in strips) and not any(
            (e - s >= GUTTER_GAP * size or ran_on is not None and (s, e) in ran_on[other]) and s >= start - size and e <= end + size
            for _, s, e in gaps[other]
        ):
            crossed += 1
    return crossed


_PUNCTUATION = "-–—.,;:()•·*"


def _line(number: int, words: list[Word], height: float) -> Line:
    """A line from its words: superscript markers set apart, the size most characters
    have, and a box from its baseline (0.8 size above, 0.2 below), so that fonts with
    odd ascents (a symbol font's bullet) do not make a line look taller than it is."""
    first = words[0]
    size = first.size
    marker = None
    calls: list[tuple[int, str]] = []
    if all(w.size == size for w in words):
        text = " ".join(w.text for w in words) if not any(w.glued for w in words) else _joined(words)
        body = words
        base = first.baseline
    else:
        sizes: Counter[float] = Counter()
        for w in words:
            sizes[w.size] += len(w.text)
        size = sizes.most_common(1)[0][0]
        base = Counter(w.baseline for w in words if abs(w.size - size) < 0.2).most_common(1)[0][0]
        for i, w in enumerate(words):
            w.raised = bool(
                w.size < 0.85 * size
                and base - w.baseline > 0.2 * size
                and MARKER.match(w.text)
                # after a digit a raised number is an exponent ("10⁶"), unless what it follows
                # is a number no exponent is written on: a year or a count ("1900²³", "5,000¹")
                and (i == 0 or not words[i - 1].text[-1:].isdigit() or words[i - 1].raised or _MARKED_NUMBER.search(words[i - 1].text) is not None)
                # a number raised before a word it is set against, after a space, is part of
                # that word ("the ¹³¹I dose"): a footnote's marker follows what it marks
                and not (i > 0 and not w.glued and i + 1 < len(words) and words[i + 1].glued and words[i + 1].text[:1].isalpha())
            )
        lead = 0
        while lead < len(words) and words[lead].raised:
            lead += 1
        if lead:
            marker = "".join(w.text for w in words[:lead])
        body = []
        spaced = False  # a raised piece set after a space ("the ¹³¹I dose"): what follows it keeps the space
        bracketed = False  # ... and one in brackets stands between words: "1979)[7]is" is "1979) is"
        for i, w in enumerate(words[lead:], lead):
            if w.raised:
                fraction = i + 1 < len(words) and words[i + 1].text[:1] in "/⁄"  # "¹/2", "¹ / 6": a numerator
                if body and _NOTE_CALL.match(w.text) and not fraction:
                    after = len(_joined(body).split())
                    if calls and calls[-1][0] == after and w.glued:  # "2" "3" drawn apart: one marker
                        calls[-1] = (after, calls[-1][1] + w.text)
                    else:
                        calls.append((after, w.text))
                spaced = spaced or not w.glued
                bracketed = bracketed or w.text.endswith("]")
                continue
            if w.glued and (spaced or (bracketed and w.text[:1].isalnum())):
                w.glued = False
            spaced = bracketed = False
            body.append(w)
        text = _joined(body) if body else ""
        if marker is not None:
            text = f"{marker} {text}".strip()
            calls = [(n + 1, call) for n, call in calls]
        body = body or words
    bold = [w.bold for w in body if w.text.strip(_PUNCTUATION)]
    y0, y1 = base - 0.8 * size, base + 0.2 * size
    return Line(
        page=number,
        text=text,
        x0=first.x0, y0=y0, x1=max(w.x1 for w in words), y1=y1,
        size=round(size, 1),
        bold=bool(bold) and all(bold),
        edge=y1 < height * EDGE or y0 > height * (1 - EDGE),
        words=words,
        marker=marker,
        calls=tuple(calls),
    )


def _joined(words: list[Word]) -> str:
    """The words' text, a space before each word not glued to the one before."""
    return "".join(w.text if w.glued or i == 0 else f" {w.text}" for i, w in enumerate(words))


@dataclass
class _Objects:
    """What the page's objects say besides the text: rulings, images, and which text
    objects sit in transparency groups (form objects drawn with an alpha or a blend)."""

    rules: list[Rule] = field(default_factory=list)
    images: bool = False
    group_of: dict[int, int] = field(default_factory=dict)  # text object address -> its transparency group


def _objects(raw, page, display: _Display) -> _Objects:
    found = _Objects()
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    stack = [(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i), 0, True)]
    groups = 0
    budget = 20_000  # a page drawn from tens of thousands of paths is a chart: no table rulings to find there
    while stack:
        count, get, group, top_level = stack.pop()
        for i in range(min(count, budget)):
            budget -= 1
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                if group:
                    found.group_of[ctypes.cast(obj, ctypes.c_void_p).value] = group
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                found.images = True
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                inner = group
                if not group and raw.FPDFPageObj_HasTransparency(obj):
                    groups += 1
                    inner = groups
                stack.append((raw.FPDFFormObj_CountObjects(obj), lambda j, form=obj: raw.FPDFFormObj_GetObject(form, j), inner, False))
            elif kind == raw.FPDF_PAGEOBJ_PATH and top_level and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                # (a form's paths have bounds in the form's own space: only the page's are used)
                x0, y0, x1, y1 = display.box(left.value, bottom.value, right.value, top.value)
                if min(x1 - x0, y1 - y0) <= 2.0 and max(x1 - x0, y1 - y0) >= 6.0:
                    found.rules.append(Rule(x0, y0, x1, y1))
    return found


def _pairs(words: list[Word]) -> Counter[tuple[str, str]]:
    return Counter(zip((w.text for w in words), (w.text for w in words[1:]), strict=False))


def _drop_shadow_copies(words: list[Word], group_of: list[int]) -> list[Word]:
    """Without the text of a transparency group that repeats text drawn elsewhere on the
    page: a hidden earlier version of the page (a review copy with its alpha at zero)
    drawn under the final one. Groups with text of their own are kept."""
    groups = set(group_of) - {0}
    if not groups:
        return words
    drop: set[int] = set()
    for group in groups:
        # Word pairs, not words: two texts share their common words by chance, not their phrases.
        inside = _pairs([w for w, g in zip(words, group_of, strict=True) if g == group])
        outside = _pairs([w for w, g in zip(words, group_of, strict=True) if g != group])
        if sum(inside.values()) >= 20 and sum((inside & outside).values()) >= 0.5 * sum(inside.values()):
            drop.add(group)
    return [w for w, g in zip(words, group_of, strict=True) if g not in drop]


def read_page(page, number: int) -> PageText:
    """The lines (and rulings, images) of ``page``, a pypdfium2 PdfPage."""
    import pypdfium2.raw as raw

    display = _Display(page.get_bbox(), page.get_rotation())
    objects = _objects(raw, page.raw, display)
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        words, groups, chars = _words(raw, handle, _text(raw, handle, count), display, objects.group_of) if count > 0 else ([], [], 0)
    finally:
        textpage.close()
    words = _drop_shadow_copies(words, groups)
    lines = []
    for segment in _segments(_rows(words)):
        line = _line(number, _without_margin_label(segment), display.height)
        # (the box of text beside a label still starts where the label does: its lines
        # stay in the column they are set in, read in its order)
        line.x0 = min(line.x0, segment[0].x0)
        if line.text:
            lines.append(line)
    return PageText(number, display.width, display.height, lines, objects.rules, objects.images, chars)


#: The warning signs set in a margin beside a box of text ("!", "⚠"): any other glyph there
#: (a bullet of any font, a brace, an operator) opens an item or a formula
_WARNING_SIGN = re.compile(r"[!⚠❗❕☞※]+")
#: A label in the margin stands apart from the text beside it: at least this many text sizes
LABEL_APART = 0.3


def _without_margin_label(segment: list[Word]) -> list[Word]:
    """The line without a sign or label printed in the margin beside it: a caution sign ("!"
    at twice the text's size), a bold "CAUTION" or "TIP" set against a box of text would
    otherwise open the box's lines ("! 1990, is considered to be age", "CAUTION 18 at the
    end of 2007") and cut its sentence in two. Never a footnote's marker (raised, or a
    number), a drop cap (one letter) nor a word the line's own spacing could have set there."""
    if len(segment) < 3:
        return segment
    label, first = segment[0], segment[1]
    gap = first.x0 - label.x1
    # a sign is a warning sign (no bullet, brace or operator) and stands a text size off
    sign = _WARNING_SIGN.fullmatch(label.text) is not None and label.size >= 1.4 * first.size and gap >= first.size
    # a tag is set in a size of its own: a form's field name ("NAME Jane Roe") is not
    tag = (
        label.bold and not first.bold and len(label.text) >= 3 and label.text.isalpha() and label.text.isupper()
        and abs(label.size - first.size) >= 0.04 * first.size
    )
    if not (sign or tag) or label.raised or gap < LABEL_APART * first.size:
        return segment  # (the cheap tests first: this is asked of every line of every page)
    # set apart by its size, or by a gap the line's own spacing never makes
    contrast = label.size <= 0.6 * first.size or label.size >= 1.4 * first.size
    spacing = max(after.x0 - before.x1 for before, after in zip(segment[1:], segment[2:], strict=False))
    return segment[1:] if contrast or gap >= 2 * spacing else segment


def page_lines(page, number: int) -> list[Line]:
    """The lines of ``page`` (a pypdfium2 PdfPage), top to bottom."""
    return read_page(page, number).lines
