"""The layout pass: page furniture out, lines into blocks, blocks into reading order.

A PDF page is a set of positioned lines (``pdf_lines.py``). A person reading it skips
what repeats in the margins (running heads and feet, page numbers, line numbers),
reads each column top to bottom and the columns left to right, and reads a block that
spans the columns (a title, a full-width table) where it sits. The rules here do the
same from geometry and from the document's own repetition, nothing keyed to a producer:

- **furniture**: a line in a margin (top or bottom 15%, or the outer side tenths)
  that repeats at the same place on 30% of the pages or on the page before or after
  (digits and punctuation aside, so "Page 3" and "Page 4" match), or that is only a page number (of any length, roman, "Page 3 of 9", "-3-");
  a column of small numbers down a side margin (transcript line numbers); and lines
  drawn outside the visible page (printers' marks). A repeated line set at line spacing
  from the body, in the body's size, is the body's: a continued table's header; so are
  lines that print the same words side by side on one line (a header once per panel of
  a table set across the page), which no running head does;
- **blocks**: consecutive lines of one column: same size, left edges aligned (an
  indent allowed), the next line starting within two line heights of the last and not
  reaching past the block's right edge;
- **reading order** (the rule-based ordering docling uses): block A is "above" block B
  when A ends above B's top and they share part of their width; a block is read once
  every block above it is read, going down a column first, then to the leftmost
  column not yet read. Columns come out left to right, and a full-width block splits
  the page into bands, without the page being cut into fixed columns.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property, cmp_to_key
from typing import Any

from qa.ingest.pdf_lines import Line, PageText

BAND = 0.15  # top and bottom strips where running heads, feet and page numbers are looked for
SIDE = 0.1  # the outer tenth of a page's width on each side: side-margin furniture lives there
PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(page\s+)?(\d{1,6}|[ivxlcdm]{1,7}|[a-z]-\d{1,4})(\s*(of|/)\s*\d{1,6})?[-–—\s]*$", re.IGNORECASE
)
_NOT_WORD = re.compile(r"[\W\d_]+")
_SPACE = re.compile(r"\s+")


@dataclass
class Block:
    """Lines of one column read top to bottom (or a table, with its rows as lines)."""

    lines: list[Line]
    kind: str = "text"  # "text", "footnote" or "table"
    rows: list[str] = field(default_factory=list)  # a table's rows, as paragraphs
    caption: str | None = None  # a table's caption
    # a table's cells and columns (a pdf_tables.Table: not imported, pdf_tables imports this
    # module): a table's continuation takes its header
    table: Any = None

    @cached_property
    def x0(self) -> float:
        return min(x.x0 for x in self.lines)

    @cached_property
    def x1(self) -> float:
        return max(x.x1 for x in self.lines)

    @cached_property
    def y0(self) -> float:
        return min(x.y0 for x in self.lines)

    @cached_property
    def y1(self) -> float:
        return max(x.y1 for x in self.lines)

    @cached_property
    def size(self) -> float:
        sizes: Counter[float] = Counter()
        for x in self.lines:
            sizes[x.size] += len(x.text)
        return sizes.most_common(1)[0][0]

    @property
    def page(self) -> int:
        return self.lines[0].page


def page_of_lines(lines: list[Line], number: int) -> PageText:
    """A page made of given lines (tests, OCR): its size guessed from the text's extent."""
    width = max((x.x1 for x in lines), default=612.0) + min((x.x0 for x in lines), default=0.0)
    height = max((x.y1 for x in lines), default=792.0) + min((x.y0 for x in lines), default=0.0)
    return PageText(number, max(width, 1.0), max(height, 1.0), list(lines), chars=sum(len(x.text) for x in lines))


# --- furniture ---------------------------------------------------------------------


def _key(line: Line) -> str:
    """The line's words without digits or punctuation: "16 Annual Report" on an even page
    and "Annual Report | 17" on an odd one are one running foot."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", line.text.lower())).strip()


def _margin(line: Line, page: PageText) -> str | None:
    """Which margin the line sits in: "top", "bottom", "left", "right", or None."""
    if line.edge or line.y1 < page.height * BAND or line.y0 > page.height * (1 - BAND):
        return "top" if line.y1 < page.height / 2 else "bottom"
    if line.x1 < page.width * SIDE:
        return "left"
    if line.x0 > page.width * (1 - SIDE):
        return "right"
    return None


def _position(line: Line, page: PageText, margin: str) -> float:
    """Where along its margin a line stands, as a share of the page: its top in the top and
    bottom bands, its outer edge in a side margin."""
    if margin in ("top", "bottom"):
        return line.y0 / page.height
    return (line.x0 if margin == "left" else line.x1) / page.width


def _off_page(line: Line, page: PageText) -> bool:
    """Drawn outside the visible page (printers' proof lines, crop marks)."""
    return line.y1 <= 0 or line.y0 >= page.height or line.x1 <= 0 or line.x0 >= page.width


def _line_numbers(page: PageText) -> set[int]:
    """Indexes of lines that are a column of small numbers down a side (transcript line numbers)."""
    columns: dict[int, list[int]] = defaultdict(list)
    for i, x in enumerate(page.lines):
        if x.text.isdigit() and len(x.text) <= 3 and (x.x1 < page.width * 0.2 or x.x0 > page.width * 0.8):
            columns[round(x.x1 / 6)].append(i)
    found: set[int] = set()
    for indexes in columns.values():
        if len(indexes) < 5:
            continue
        ordered = sorted(indexes, key=lambda i: page.lines[i].y0)
        values = [int(page.lines[i].text) for i in ordered]
        rising = sum(1 for a, b in zip(values, values[1:], strict=False) if b > a)
        if rising >= 0.8 * (len(values) - 1):
            found.update(indexes)
    return found


def _number_rows(page: PageText) -> Counter[int]:
    """How many number-only lines sit on each row (rounded baseline) of the page."""
    return Counter(round(x.y1) for x in page.lines if PAGE_NUMBER.match(x.text))


def _in_number_row(line: Line, rows: Counter[int]) -> bool:
    """Whether other numbers share the line's row (a table's last row, not a page number)."""
    return sum(rows[y] for y in (round(line.y1) - 1, round(line.y1), round(line.y1) + 1)) > 1


def _in_number_column(line: Line, page: PageText) -> bool:
    """Whether a number stands right under another in its column: a table's last cell
    ("91" at the end of a row whose other cells were set as one line), not a page number,
    which stands apart from what is above it."""
    return any(
        PAGE_NUMBER.match(x.text) and x is not line and min(x.x1, line.x1) - max(x.x0, line.x0) > 0 and 0 <= line.y0 - x.y1 < line.size
        for x in page.lines
    )


def drop_furniture(pages: list[PageText]) -> tuple[list[PageText], dict[int, list[Line]]]:
    """Pages without their furniture (see the module docstring), and each running head or
    foot once, by the page it first stands on: "MMWR / January 14, 2011 / Vol. 60" is the
    only place a journal issue gives its date, so the reader keeps it as a paragraph of its
    own (never inside a sentence), not on every page. Page numbers and one-word heads
    ("Supplement") say nothing and are not kept."""
    placed: dict[str, list[tuple[int, str, float]]] = defaultdict(list)  # key -> (page, margin, position)
    worded: dict[str, list[str]] = defaultdict(list)  # key -> the texts it is printed with
    for n, page in enumerate(pages):
        for line in page.lines:
            margin = _margin(line, page)
            if margin is not None:
                position = _position(line, page, margin)
                placed[_key(line)].append((n, margin, position))
                worded[_key(line)].append(line.text)
    repeats = max(2, round(0.3 * len(pages)))

    def same_place(n: int, line: Line, margin: str, position: float) -> set[int]:
        """The other pages with this line's words at its place."""
        return {m for m, where, p in placed[_key(line)] if m != n and where == margin and abs(p - position) < 0.015} if _key(line) else set()

    def repeated(n: int, line: Line, margin: str, position: float) -> bool:
        same = same_place(n, line, margin, position)
        # A report-wide head repeats on many pages; a chapter's (the country over each
        # page of its narrative) only on its few: the next or previous page counts too.
        return len(same) + 1 >= repeats or any(abs(m - n) == 1 for m in same)

    kept = []
    heads: dict[int, list[Line]] = defaultdict(list)
    seen: set[str] = set()
    for n, page in enumerate(pages):
        numbers = _line_numbers(page)
        number_rows = _number_rows(page)
        marks = {i for i, line in enumerate(page.lines) if i in numbers or _off_page(line, page)}
        furniture: set[int] = set()
        for i, line in enumerate(page.lines):
            margin = _margin(line, page)
            if i in marks or margin is None:
                continue
            position = _position(line, page, margin)
            page_number = PAGE_NUMBER.match(line.text) and not _in_number_row(line, number_rows) and not _in_number_column(line, page)
            if page_number or repeated(n, line, margin, position):
                furniture.add(i)
        dropped = marks | (furniture - _attached_to_body(page, furniture, marks) - _panel_header(page, furniture))
        lines = [line for i, line in enumerate(page.lines) if i not in dropped]
        kept.append(PageText(page.number, page.width, page.height, lines, page.rules, page.images, page.chars))
        for i in sorted(furniture & dropped, key=lambda i: (page.lines[i].y0, page.lines[i].x0)):
            line, margin = page.lines[i], _margin(page.lines[i], page)
            if PAGE_NUMBER.match(line.text) or len(_key(line).split()) < 2 or _key(line) in seen or margin is None or _cut_off(line.text):
                continue
            position = _position(line, page, margin)
            if len(same_place(n, line, margin, position)) + 1 >= repeats:  # the report's own, not a table header carried over
                seen.add(_key(line))
                heads[page.number].append(_without_page_number(line, worded[_key(line)]))
    if not any(p.lines for p in kept) and any(p.lines for p in pages):
        return pages, {}  # a document is not all furniture: one line per page, alike on each ("Potato 1", "Potato 2")
    return kept, dict(heads)


def _without_page_number(line: Line, texts: list[str]) -> Line:
    """A running head as it reads on every page: without the words that change from page
    to page ("FY 2011 GSA | OCSIT ANNUAL REPORT 15", "... 16": the page number, which
    would answer "how many?"). A head the same on each page is kept whole."""
    common = set(line.text.split()).intersection(*(set(t.split()) for t in texts))
    words = [w for w in line.text.split() if w in common or not PAGE_NUMBER.match(w)]
    if not words or len(words) == len(line.text.split()):
        return line
    return replace(line, text=" ".join(words))


_OPEN_END = frozenset("a an the of in on to for and or by with from at as is are".split())


def _cut_off(text: str) -> bool:
    """A piece of a wrapped phrase, not a head that reads alone: it starts in lower case,
    or ends on a colon or a word that leads on ("If you received a" / "service in:", a
    table's column name repeated over each page)."""
    words = text.rstrip().split()
    return text[:1].islower() or text.rstrip().endswith((":", "-", "—", ",")) or words[-1].lower() in _OPEN_END


def _panel_header(page: PageText, repeated: set[int]) -> set[int]:
    """The repeated lines of a header printed once per panel of a table set side by side
    (a tax table's "If Form / 1040NR, / line 40, is —" three times across each page): the
    same words two or more times on one baseline, which no running head is. Kept for the
    table to name its columns with."""
    rows: dict[int, list[int]] = defaultdict(list)
    for i in repeated:
        rows[round(page.lines[i].y1 / 2)].append(i)
    kept: set[int] = set()
    for indexes in rows.values():
        counts = Counter(page.lines[i].text for i in indexes)
        if len(indexes) >= 2 and min(counts.values()) >= 2 and len(set(counts.values())) == 1:
            kept.update(indexes)
    if len(kept) < 4:
        return set()
    # ... and the lines of that header between them ("Your tax is —" under each panel)
    top, bottom = min(page.lines[i].y0 for i in kept), max(page.lines[i].y1 for i in kept)
    return kept | {i for i in repeated if top <= page.lines[i].y0 and page.lines[i].y1 <= bottom + 2 * page.lines[i].size}


def _attached_to_body(page: PageText, repeated: set[int], marks: set[int]) -> set[int]:
    """The repeated lines that belong to the page's body: a table continued from the page
    before repeats its header and its row labels at the same place, but they sit at line
    spacing from the body's lines, where a running head or foot stands apart. Found by
    spreading from the kept lines to repeated lines of their size within 0.6 of a line height."""
    waiting = sorted((i for i in repeated if not PAGE_NUMBER.match(page.lines[i].text)), key=lambda i: page.lines[i].y0)
    if not waiting:
        return set()
    tops = [page.lines[i].y0 for i in waiting]
    reach = 0.6 * max(x.size for x in page.lines)  # no gap allowed is wider
    tallest = max(x.y1 - x.y0 for x in page.lines)
    reached = [x for i, x in enumerate(page.lines) if i not in repeated and i not in marks]
    attached: set[int] = set()
    while reached:  # each body line is looked at once, and the lines it reaches join it
        other = reached.pop()
        near = waiting[bisect_left(tops, other.y0 - reach - tallest) : bisect_right(tops, other.y1 + reach)]
        for i in near:
            if i not in attached and _beside(page.lines[i], other):
                attached.add(i)
                reached.append(page.lines[i])
    return attached


def _beside(line: Line, other: Line) -> bool:
    """Whether ``line`` sits at line spacing from ``other``, in its size (a tiny logo's
    words are not the body's) and not far to its side (four text sizes; eight on the
    same baseline)."""
    gap = max(other.y0 - line.y1, line.y0 - other.y1)
    alike = 0.75 <= line.size / max(other.size, 0.1) <= 1.33
    # on the same baseline, a row's cells stand further apart ("If you live in:" and "Mail
    # your claim form ... to:", a table's header repeated over each page)
    side = 8 if abs(line.y1 - other.y1) < 0.2 * line.size else 4
    return alike and gap <= 0.6 * max(line.size, other.size) and min(line.x1, other.x1) - max(line.x0, other.x0) > -line.size * side


# --- blocks ------------------------------------------------------------------------


_CONNECTIVES = frozenset({"or", "and", "and/or", "nor"})


class _Piece:
    """A block being built: its lines and horizontal extent so far."""

    def __init__(self, line: Line):
        self.lines = [line]
        self.left, self.right = line.x0, line.x1

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.left, self.right = min(self.left, line.x0), max(self.right, line.x1)

    def continues(self, line: Line) -> bool:
        """Whether ``line`` is the next line of this column piece."""
        last = self.lines[-1]
        size = max(line.size, last.size)
        if abs(line.size - last.size) > 0.15 * size:
            return False
        if not -0.3 * size <= line.y0 - last.y1 <= 1.2 * size or line.y0 - last.y0 < 0.5 * line.size:
            return False
        hanging = len(self.lines) == 1 and 0 < last.x0 - line.x0 <= 5 * size  # under an indented first line
        if abs(line.x0 - self.left) > 3 * size and abs(line.x0 - last.x0) > 0.5 * size and not hanging:
            return False  # starts elsewhere: another column, a block quote
        if line.x1 > self.right + 1.5 * size and len(self.lines) > 2:
            return False  # reaches past the column: a full-width line below a column
        # under the last line, or a connective inside the column's width: the "or" set at
        # the margin between two indented list items ("b. ... income," / "or" / "c. ...")
        return min(line.x1, last.x1) - max(line.x0, last.x0) > 0 or (
            line.text.strip().lower() in _CONNECTIVES and self.left - 0.5 * size <= line.x0 and line.x1 <= self.right
        )


def blocks(lines: list[Line]) -> list[Block]:
    """The page's lines grouped into column pieces, top to bottom."""
    pieces: list[_Piece] = []
    active: list[_Piece] = []  # pieces whose last line is near enough to go on
    for line in sorted(lines, key=lambda x: (round(x.y0, 1), x.x0)):
        active = [p for p in active if line.y0 - p.lines[-1].y1 <= 3 * max(line.size, p.lines[-1].size)]
        best, overlap = None, 0.0
        for piece in active:
            if piece.continues(line):
                last = piece.lines[-1]
                shared = max(min(line.x1, last.x1) - max(line.x0, last.x0), 0.01)  # (a short line under none of it)
                if shared > overlap:
                    best, overlap = piece, shared
        if best is None:
            best = _Piece(line)
            pieces.append(best)
            active.append(best)
        else:
            best.add(line)
    return [Block(p.lines) for p in pieces]


# --- reading order -----------------------------------------------------------------


def _above(a: Block, b: Block) -> bool:
    """Whether ``a`` ends above ``b`` starts and the two share part of their width."""
    shared = min(a.x1, b.x1) - max(a.x0, b.x0)
    narrow = min(a.x1 - a.x0, b.x1 - b.x0)
    return a.y1 <= b.y0 + 0.3 * min(a.size, b.size) and shared > max(2.0, 0.1 * narrow)


def _first(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> int:
    """Which of two blocks free to be read goes first: of two side by side (one left of
    the other, sharing some height) the left one; otherwise the upper one."""
    if a[2] <= b[0] + 2 and a[1] < b[3]:
        return -1
    if b[2] <= a[0] + 2 and b[1] < a[3]:
        return 1
    return -1 if (a[1], a[0]) < (b[1], b[0]) else 1


def _name_line(block: Block) -> bool:
    """A block of one short line in bold: a name (not a caption, not a label's sentence)."""
    return len(block.lines) == 1 and block.lines[0].bold and len(block.lines[0].text.split()) <= 5


def _row_mates(i: int, found: list[Block], ups: list[list[int]]) -> list[int]:
    """The names level with name ``i`` in its style, right of it, under a block in larger
    type above that spans them all (a title over its authors' names), left to right."""
    a = found[i]
    if not _name_line(a):
        return []
    level = [
        j for j, b in enumerate(found)
        if j != i and _name_line(b) and abs(b.size - a.size) < 0.2 and b.x0 >= a.x1
        and abs(b.y0 - a.y0) <= 0.5 * a.size
    ]
    if not level:
        return []
    right = max(found[j].x1 for j in level)
    if not any(found[u].x0 <= a.x0 + 2 and found[u].x1 >= right - 2 and found[u].size >= 1.1 * a.size for u in ups[i]):
        return []
    return sorted(level, key=lambda j: found[j].x0)


def reading_order(found: list[Block]) -> list[Block]:
    """Blocks in the order a person reads them (see the module docstring)."""
    if len(found) > 400:  # a page of hundreds of scattered pieces (a chart): top to bottom
        return sorted(found, key=lambda b: (b.y0, b.x0))
    boxes = [(b.x0, b.y0, b.x1, b.y1) for b in found]
    ups: list[list[int]] = [[] for _ in found]
    downs: list[list[int]] = [[] for _ in found]
    for i, a in enumerate(found):
        for j, b in enumerate(found):
            if i != j and _above(a, b):
                downs[i].append(j)
                ups[j].append(i)
    key = cmp_to_key(lambda i, j: _first(boxes[i], boxes[j]))
    for links in (*ups, *downs):
        links.sort(key=key)
    done: list[bool] = [False] * len(found)
    result: list[Block] = []

    # the blocks wholly left of each block that start above it: a column begun higher up on
    # the left is read before it (a masthead at the top right is not the head of the column under it)
    lefts = [[b for b, other in enumerate(boxes) if other[2] <= box[0] + 2 and other[1] < box[1]] for box in boxes]

    def left_waiting(d: int) -> bool:
        return any(not done[b] for b in lefts[d])

    # blocks of a row under something that spans them (authors side by side under a
    # paper's title): read across before down, or the left author's column is read to the
    # foot of the page before the right author's name, which then heads the right column
    mates = [_row_mates(i, found, ups) for i in range(len(found))]

    def visit(i: int, depth: int = 0) -> None:
        if depth > 200:
            return
        for u in ups[i]:  # everything above it first
            if not done[u]:
                visit(u, depth + 1)
        if done[i]:
            return
        done[i] = True
        result.append(found[i])
        for m in mates[i]:
            if not done[m] and all(done[u] for u in ups[m]):
                done[m] = True
                result.append(found[m])
        for d in downs[i]:  # then down its column
            if not done[d] and not left_waiting(d):
                visit(d, depth + 1)

    ordered = sorted(range(len(found)), key=key)
    while True:  # the first block, in reading preference, whose blocks above are all read
        free = next((i for i in ordered if not done[i] and all(done[u] for u in ups[i])), None)
        if free is None:
            break
        visit(free)
    result.extend(b for i, b in enumerate(found) if not done[i])
    return result


# --- footnotes ---------------------------------------------------------------------

FOOTNOTE_START = re.compile(r"^(\d{1,3}|[*†‡§¶]+|[a-z])(\s+|(?=[A-Z“\"(]))\S")


def mark_footnotes(found: list[Block], page: PageText, body_size: float) -> None:
    """Mark the blocks that are footnotes: smaller than the body, in the lower part of
    the page (anywhere, when a raised marker opens them), below every body block of their
    column, opening with a marker."""
    for block in found:
        # (high on the page only with a raised marker and above something wider than its
        # column: notes at the foot of columns set over a full-width table, whose tails
        # would be read as the body's next words)
        if block.size > 0.93 * body_size or block.y0 < page.height * 0.4 and not _over_wider(block, found):
            continue
        below = [
            other for other in found
            if other is not block and other.kind != "footnote" and other.y0 > block.y1 - 1
            and min(other.x1, block.x1) - max(other.x0, block.x0) > 0 and other.size > 0.93 * body_size
        ]
        if below:
            continue
        first = block.lines[0]
        separated = any(
            r.horizontal and r.y1 <= first.y0 and first.y0 - r.y1 < 2 * first.size and r.x0 <= first.x0 + first.size
            for r in page.rules
        )
        if first.marker is not None or FOOTNOTE_START.match(first.text) or separated:
            block.kind = "footnote"
    # A note running on into a block of its own right under it ("... 'Americans With
    # Disabilities: 2005, P70-117' due to changes in" / "the survey weighting since ..."):
    # the rest of that note, not a paragraph that goes on from the body text.
    merged = True
    while merged:
        merged = False
        for note in [b for b in found if b.kind == "footnote"]:
            rest = next((other for other in found if other.kind == "text" and _runs_on(note, other)), None)
            if rest is not None:
                found[found.index(note)] = Block(note.lines + rest.lines, kind="footnote")
                found.remove(rest)
                merged = True
                break


def _over_wider(block: Block, found: list[Block]) -> bool:
    """Whether a raised marker opens ``block`` and a block half as wide again as it (a
    table or figure across the columns) is set below it."""
    width = block.x1 - block.x0
    return block.lines[0].marker is not None and any(
        other is not block and other.y0 > block.y1 - 1 and other.x1 - other.x0 > 1.5 * width
        and min(other.x1, block.x1) - max(other.x0, block.x0) > 0
        for other in found
    )


def _runs_on(note: Block, other: Block) -> bool:
    """Whether ``other`` goes on from footnote block ``note``: right under it, in its size,
    opening in lower case after a note that has not ended."""
    return (
        other.page == note.page
        and 0 <= other.y0 - note.y1 < 0.8 * note.size
        and min(other.x1, note.x1) - max(other.x0, note.x0) > 0
        and abs(other.size - note.size) <= 0.1 * note.size
        and other.lines[0].text[:1].islower()
        and not note.lines[-1].text.rstrip().endswith((".", "!", "?"))
    )


#: A note's line that goes on with the note before it when that one has not ended: a number,
#: or the article "a" before a word in lower case (not a note marked "a"; another lone
#: letter is a marker: "b not applicable")
_GOES_ON = re.compile(r"\d|a\s+[a-z]")


def footnotes(block: Block) -> list[list[Line]]:
    """A footnote block's notes: a new note at each line that opens with a marker at the block's left edge."""
    notes: list[list[Line]] = []
    left = block.x0
    for line in block.lines:
        number = re.match(r"\d{1,3}", notes[-1][0].marker or notes[-1][0].text) if notes else None
        following = number is not None and re.match(rf"{int(number.group(0)) + 1}\b", line.text) is not None
        opens = line.marker is not None or (
            FOOTNOTE_START.match(line.text) and line.x0 - left < 2 * line.size
            # (a number set plainly after a note that has not ended is its next words: "...
            # significant at the" / "90 percent ..."; but the next note's number opens it;
            # so is the article "a" before a word in lower case: "... is not" / "a good measure")
            and (following or not (notes and notes[-1][-1].text.rstrip()[-1:].isalpha() and _GOES_ON.match(line.text)))
        )
        if not notes or (opens and not notes[-1][-1].text.endswith(("-", ","))):  # a hyphen or comma goes on
            notes.append([line])
        else:
            notes[-1].append(line)
    return notes
