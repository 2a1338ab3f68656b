"""Tables: found on the page from geometry, and read one row per paragraph.

A table read line by line is a scramble of numbers; a question about one cell ("How
many permits in Alabama?") needs the row's label, the column's name and the value
together. Each row becomes one paragraph that names its columns, "State: Alabama;
Permit: 18,870; Handgun: 23,022", with the table's caption ("Table 3. ...") as its
section and its page.

How a table is found (no producer's tags are trusted, none are needed):

- **rows**: the page's lines (``pdf_lines`` cuts rows at column and cell gaps) grouped
  by height; a row of two or more pieces is a candidate table row;
- **region**: consecutive candidate rows, with short one-piece rows allowed between
  them (a wrapped cell, a group label), close together;
- **columns**: the words of the fullest rows, overlapping ones merged, cut where a
  vertical ruling runs through;
- **it is a table** when at least three rows have two or more cells and the cells are
  short (few words) or mostly numbers, or the region is ruled: two columns of prose
  side by side have long cells and no rulings, and bullets beside their items are a list;
- **beside prose**: a table set in a column of its own next to running text shares its
  rows with the prose lines, so the lines right of that prose are tried again alone.

How it is read: each word goes to the column it sits in. Header rows are the rows
above the first row of numbers (or a bold first row); a header cell wrapped over two
lines is joined ("Margin of" + "error"), and a label spanning several columns (a
group, e.g. "2010" over "Number" and "Percent") is put before each of their names.
A row whose first cell is empty continues the row above (a cell wrapped over lines),
and so does a row below a label that stops mid-list (ends with a comma), unless a
horizontal rule separates them. Rows without a header are their cells joined
with "; ".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from qa.ingest import pdf_grid
from qa.ingest.pdf_layout import Block
from qa.ingest.pdf_lines import NUMBER, Line, PageText, Rule

CAPTION = re.compile(r"^(?i:table|exhibit|tab\.)\s*(\d+|[IVXL]+|[A-Z]-?\d*)([.:\-–—]|\s|$)")
_LEADER = re.compile(r"(\s*\.){3,}\s*$")
MAX_CELL_WORDS = 5  # median words per cell of an unruled table: more is prose set in columns
#: labels left-aligned at this many indents or fewer (most of them) nest; centred ones start anywhere
NESTED_INDENTS = 5
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_PROSE_WORD = re.compile(r"\b[a-z]{3,}\b")
_ROW_NUMBER = re.compile(r"^\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])\)")
_BULLET_MARK = re.compile(r"^\s*[•◦▪▫●○■□‣⁃∙·*–-]\s*$")


@dataclass
class _Row:
    lines: list[Line]

    @property
    def y0(self) -> float:
        return min(x.y0 for x in self.lines)

    @property
    def y1(self) -> float:
        return max(x.y1 for x in self.lines)

    @property
    def size(self) -> float:
        return max(x.size for x in self.lines)


@dataclass
class Table:
    """A table read into cells: a name per column ("" where none) and the rows' cells."""

    header: list[str]
    rows: list[list[str]]
    caption: str | None = None
    columns: list[tuple[float, float]] = field(default_factory=list)  # each column's left and right, in points
    page: int = 0
    page_width: float = 0.0

    def paragraphs(self) -> list[str]:
        """One text per row: "Name: value; Name: value" (cells alone where a column has no name)."""
        texts = []
        for cells in self.rows:
            # a column named by a label ending in its own colon ("If you live in:") takes no second one
            parts = [f"{name.rstrip(':')}: {value}" if name else value for name, value in zip(self.header, cells, strict=False) if value]
            if parts:
                texts.append("; ".join(parts))
        return texts


def _rows(lines: list[Line]) -> list[_Row]:
    """Lines grouped into rows: a line joins the row whose middle it overlaps."""
    rows: list[_Row] = []
    for line in sorted(lines, key=lambda x: (x.y0 + x.y1) / 2):
        middle = (line.y0 + line.y1) / 2
        if rows and rows[-1].y0 <= middle <= rows[-1].y1 and abs(line.size - rows[-1].size) < 0.3 * line.size:
            rows[-1].lines.append(line)
        else:
            rows.append(_Row([line]))
    for row in rows:
        row.lines.sort(key=lambda x: x.x0)
    return rows


def _is_number(text: str) -> bool:
    return bool(NUMBER.match(text.strip()))


def _vertical_rules(rules: list[Rule], top: float, bottom: float) -> list[float]:
    """x of the vertical rulings crossing most of the band (merged within 2 points)."""
    xs = sorted(
        (r.x0 + r.x1) / 2 for r in rules
        if not r.horizontal and min(r.y1, bottom) - max(r.y0, top) > 0.3 * (bottom - top)
    )
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > 2:
            merged.append(x)
    return merged


def _columns(rows: list[_Row], rules: list[Rule]) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Column ranges: the union of the overlapping words of the region's fullest rows,
    cut where a vertical ruling runs through one; first with the words of one cell as one
    column (the table's columns), then word by word (whether the region is ruled is
    judged on these)."""
    most = max(len(r.lines) for r in rows)
    # Words, not pieces: a piece can hold two cells whose gap was too narrow to cut.
    pieces = sorted((w[1], w[2]) for r in rows if len(r.lines) >= max(2, 0.7 * most) for x in r.lines for w in x.word_boxes())
    columns: list[list[float]] = []
    for x0, x1 in pieces:
        if columns and x0 < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    ruled = _vertical_rules(rules, rows[0].y0, rows[-1].y1)

    def cut(ranges: list[list[float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for a, b in ranges:
            edges = [a, *(x for x in ruled if a + 2 < x < b - 2), b]
            out.extend((p, q) for p, q in zip(edges, edges[1:], strict=False))
        return out

    return cut(_one_cell_columns_merged(columns, rows)), cut(columns)


def _one_cell_columns_merged(columns: list[list[float]], rows: list[_Row]) -> list[list[float]]:
    """Neighbouring columns merged where no row has two pieces either side of the gap
    between them: the words of one cell ("Noridian Healthcare Solutions, LLC") that
    happen not to overlap other rows' words are one column, not one per word."""
    if len(columns) < 2:
        return columns
    middles = [(a + b) / 2 for (_, a), (b, _) in zip(columns, columns[1:], strict=False)]  # of the gaps, in order
    real = [False] * len(middles)
    leader = [False] * len(middles)  # (a dot leader's gap)

    def separated(right_end: float, left_start: float, by_leader: bool = False) -> None:  # the gap middles two pieces stand either side of
        for n in range(bisect_left(middles, right_end - 1), bisect_right(middles, left_start + 1)):
            real[n] = True
            leader[n] = leader[n] or by_leader

    for row in rows:
        for left, right in zip(row.lines, row.lines[1:], strict=False):
            separated(left.x1, right.x0)
        for line in row.lines:  # a dot leader ("Hydro network....... 10") ends a cell
            if "..." not in line.text:
                continue  # (a word is a leader only with three dots in a row)
            words = line.word_boxes()
            for (text, _, x1), (_, x0, _) in zip(words, words[1:], strict=False):
                if _LEADER.search(text):
                    separated(x1, x0, by_leader=True)
    # A gap that falls on a word space inside the label of a row of numbers ("... a single
    # accountability system  69%  65%") is no column's edge, whatever other rows say: the
    # label's words run across it.
    for row in rows:
        if len(row.lines) < 2 or not _numbers_after_label(row):
            continue
        label = row.lines[0]
        words = label.word_boxes()
        for (_, _, x1), (_, x0, _) in zip(words, words[1:], strict=False):
            if x0 - x1 < 0.6 * label.size:
                for n in range(bisect_left(middles, x1 - 0.5), bisect_right(middles, x0 + 0.5)):
                    real[n] = False
    # A hair's gap between two columns of words ("American" ends where "in:" of "If you
    # live in:" begins) is no column's edge when no cell starts in the column after it:
    # its words are the ends of cells that started further left.
    starts = sorted(line.x0 for row in rows for line in row.lines)
    for n, ((_, a), (b, c)) in enumerate(zip(columns, columns[1:], strict=False)):
        if real[n] and not leader[n] and b - a < 0.25 * rows[0].size and bisect_left(starts, b - 0.5) == bisect_right(starts, c):
            real[n] = False
    merged = [list(columns[0])]
    for n, column in enumerate(columns[1:]):
        if real[n]:
            merged.append(list(column))
        else:
            merged[-1][1] = max(merged[-1][1], column[1])
    return merged


def _column_of(x0: float, x1: float, columns: list[tuple[float, float]]) -> int:
    """The column a word's middle falls in, the gaps between columns split half and half."""
    middle = (x0 + x1) / 2
    for n in range(len(columns) - 1):
        if middle < (columns[n][1] + columns[n + 1][0]) / 2:
            return n
    return len(columns) - 1


def _cells(row: _Row, columns: list[tuple[float, float]]) -> list[str]:
    cells: list[list[str]] = [[] for _ in columns]
    for line in row.lines:
        for text, x0, x1 in line.word_boxes():
            cells[_column_of(x0, x1, columns)].append(text)
    return [_LEADER.sub("", " ".join(c)).strip() for c in cells]


def _numeric_row(cells: list[str]) -> bool:
    """Whether most of the row's cells after the first are numbers (years are a header's)."""
    values = [c for c in cells[1:] if c]
    # a currency or percent sign set apart from its number ("$ 40.40") is part of the number
    numeric = sum(all(_is_number(t) and not _YEAR.match(t) for t in c.split() if t not in _SIGNS) and c not in _SIGNS for c in values)
    return bool(values) and numeric >= 0.5 * len(values)


_SIGNS = frozenset({"$", "€", "£", "¥", "%"})


def _region_ends(rows: list[_Row], start: int) -> int:
    """The index after the last row of the table region starting at ``start``."""
    end = start + 1
    width = max(x.x1 for x in rows[start].lines) - min(x.x0 for x in rows[start].lines)
    while end < len(rows):
        row, above = rows[end], rows[end - 1]
        if row.y0 - above.y1 > 2.5 * max(row.size, above.size):
            break
        if len(row.lines) < 2:
            line = row.lines[0]
            if (len(line.text.split()) > 8 or line.x1 - line.x0 > 0.7 * width) and not _wraps_cell(rows, start, end):
                break  # a line of prose
            if line.x0 < _left_edge(rows[start:end]) - 2 and row.y0 - above.y1 > 1.2 * line.size:
                break  # a line set apart and out to the left of every row: a heading after the table
        else:  # the table is as wide as its widest row of cells (a header may be narrower)
            width = max(width, max(x.x1 for x in row.lines) - min(x.x0 for x in row.lines))
        end += 1
    while end > start + 1 and len(rows[end - 1].lines) < 2 and not _wraps_label(rows, start, end - 1) and not _wraps_cell(rows, start, end - 1):
        end -= 1  # a region ends on a row of cells, or on the rest of its last label
    return end


def _left_edge(rows: list[_Row]) -> float:
    """Where the rows of cells start: the left of their first cells (a region opens on one)."""
    return min(r.lines[0].x0 for r in rows if len(r.lines) >= 2)


def _wraps_cell(rows: list[_Row], start: int, n: int) -> bool:
    """Whether one-piece row ``n`` is a long cell wrapped onto a line of its own: it starts
    where the line above it in a later column starts (a description under "Description",
    not at the table's left edge where prose would), at line spacing, and that line stops
    mid-sentence (a word or a comma, not a full stop, a number or a closing bracket)."""
    line = rows[n].lines[0]
    cells = [r.lines for r in rows[start:n] if len(r.lines) >= 2]
    if not cells:
        return False
    left = _left_edge(rows[start:n])
    above = rows[n - 1]
    wrapped = above.lines[-1]  # the last column's cell of the row above (a description runs on at the right)
    return (
        line.x0 - left > 2 * line.size
        and abs(wrapped.x0 - line.x0) <= 2
        and line.x0 >= max(x.x0 for r in cells for x in r) - 2
        and (wrapped.text.rstrip()[-1:].isalpha() or wrapped.text.rstrip().endswith(",") or line.text[:1].islower())
        and rows[n].y0 - above.y1 <= 1.0 * max(line.size, above.size)
    )


def _wraps_label(rows: list[_Row], start: int, n: int) -> bool:
    """Whether one-piece row ``n`` is the wrapped end of the last row's label: lower case,
    under the first column, at line spacing from a row of cells ("Cities in North America
    with" + "open data sites")."""
    line = rows[n].lines[0]
    labels = [r.lines[0].x0 for r in rows[start:n] if len(r.lines) >= 2]
    above = rows[n - 1]
    return (
        line.text[:1].islower()
        and bool(labels) and abs(line.x0 - min(labels)) <= 3
        and len(line.text.split()) <= 8
        and (len(above.lines) >= 2 or _wraps_label(rows, start, n - 1))
        and rows[n].y0 - above.y1 <= 1.0 * max(line.size, above.size)
    )


def _ruled(rows: list[_Row], columns: list[tuple[float, float]], rules: list[Rule]) -> bool:
    """Whether vertical rulings separate the columns: one in most gaps between them,
    running down at least half the region and through no cell's text."""
    top, bottom = rows[0].y0, rows[-1].y1
    lines = [x for r in rows for x in r.lines]
    found = 0
    for (_, right), (left, _) in zip(columns, columns[1:], strict=False):
        for r in rules:
            x = (r.x0 + r.x1) / 2
            if not r.horizontal and right - 3 <= x <= left + 3 and min(r.y1, bottom) - max(r.y0, top) > 0.5 * (bottom - top):
                if not any(line.x0 + 1 < x < line.x1 - 1 for line in lines):
                    found += 1
                    break
    return found >= max(1, (len(columns) - 1) / 2)


def _is_table(rows: list[_Row], columns: list[tuple[float, float]], ruled: bool) -> bool:
    multi = [r for r in rows if len(r.lines) >= 2]
    if len(multi) < 3 or len(columns) < 2:
        return False
    if all(_BULLET_MARK.match(r.lines[0].text) for r in multi):
        return False  # a bulleted list: its marks stand apart from the items, like a column

    if ruled or _described(multi, columns):
        return True
    cells = [x.text for r in multi for x in r.lines]
    words = sorted(len(c.split()) for c in cells)
    numbers = sum(all(_is_number(t) for t in c.split()) for c in cells)
    if words[len(words) // 2] > MAX_CELL_WORDS and numbers < 0.3 * len(cells):
        return False
    if _labelled_numbers(multi):
        return True
    if not numbers and _unaligned_left(rows, columns):
        return False  # names and affiliations centred or set flush right on a title page: read down each
    # Running text (long pieces of lower-case words) beside a list or a chart's labels
    # is prose in columns, not a table.
    prose = [x for r in rows for x in r.lines if _prose_line(x)]
    if len(prose) >= 2:
        return False
    for a, b in columns:
        column = [x.text for r in rows for x in r.lines if a <= (x.x0 + x.x1) / 2 <= b]
        long = [c for c in column if len(c.split()) >= 5 and len(_PROSE_WORD.findall(c)) >= 3]
        if len(column) >= 3 and len(long) >= 0.5 * len(column):
            return False
    return True


def _unaligned_left(rows: list[_Row], columns: list[tuple[float, float]]) -> bool:
    """Whether every column's lines are centred on one axis or set flush right (their
    middles within a text size of each other, or their right ends within half of one)
    while their left edges wander (by more than two sizes): the columns of a title page's
    authors, each line a name or an affiliation, not cells (a table's text column is set
    flush left, and only its numbers are set flush right), at staggered heights."""
    for a, b in columns:
        lines = [x for r in rows for x in r.lines if a <= (x.x0 + x.x1) / 2 <= b]
        if len(lines) < 3:
            return False
        size = max(x.size for x in lines)
        middles, rights, lefts = [(x.x0 + x.x1) / 2 for x in lines], [x.x1 for x in lines], [x.x0 for x in lines]
        aligned = max(middles) - min(middles) <= size or max(rights) - min(rights) <= 0.5 * size
        if not aligned or max(lefts) - min(lefts) < 2 * size:
            return False
    # ... set at heights of their own: a third of the lines or more have no line of another
    # column beside them (a table's cells share their row's baseline)
    lines = [x for r in rows for x in r.lines]
    alone = sum(1 for r in rows if len(r.lines) == 1)
    return alone >= len(lines) / 3


def _described(multi: list[_Row], columns: list[tuple[float, float]]) -> bool:
    """A table whose last column describes each row in running text (a revision history:
    Date | Version | Description): two columns or more of short cells before it, filled on
    every row, and all the prose in the last column. Prose beside a margin note has no
    such columns."""
    if len(columns) < 3:
        return False
    rows = [_cells(r, columns) for r in multi]
    filled = sum(all(cells) for cells in rows)
    short = all(len(c.split()) <= 4 for cells in rows for c in cells[:-1])
    last = columns[-1][0]
    return filled >= max(3, 0.8 * len(rows)) and short and all(x.x0 >= last - 2 for r in multi for x in r.lines if _prose_line(x))


def _numbers_after_label(row: _Row) -> bool:
    """Whether every piece of the row after its first is a number."""
    return all(_is_number(t) or t in _SIGNS for x in row.lines[1:] for t in x.text.split())


def _labelled_numbers(multi: list[_Row]) -> bool:
    """Rows of a long label and numbers ("Reduces community support for public schools
    23%  24%"): a table, though its labels read like prose. Each label starts a phrase of
    its own and the rows stand apart by more than line spacing; running text beside a
    chart's numbers flows from line to line at line spacing."""
    numeric = [_numbers_after_label(r) for r in multi]
    if True not in numeric:
        return False
    body = multi[numeric.index(True):]  # (the rows above the first are the header)
    tails = [r for r, n in zip(multi, numeric, strict=True) if n]
    if len(tails) < 3 or len(tails) < 0.8 * len(body):
        return False
    if not all(r.lines[0].text[:1].isupper() or r.lines[0].text[:1].isdigit() for r in tails):
        return False
    return all(b.y0 - a.y1 > 0.5 * a.size for a, b in zip(tails, tails[1:], strict=False))


def _header_rows(table_rows: list[list[str]], rows: list[_Row]) -> int:
    """How many rows at the top are the header: those above the first row of numbers;
    in a table without numbers, the bold rows on top (up to three)."""
    numeric = _data_rows(table_rows)
    if any(numeric):
        first = numeric.index(True)
        while first > 0 and _group_label(table_rows[first - 1]):
            first -= 1  # a group's label over the first rows ("Sex" over "Male"), not a column name
        if first <= 6 or _stacked(rows[:first]):
            return first
        if sum(numeric) >= 2:
            return 0
        # one number far down ("2004.1", a version in a revision history) heads nothing:
        # the bold rows on top name the columns, as in a table without numbers
    bold = [all(x.bold for x in r.lines) for r in rows]
    leading = bold.index(False) if False in bold else 0  # the bold rows on top (a header wrapped over lines)
    return leading if leading <= 3 else 0


def _data_rows(table_rows: list[list[str]]) -> list[bool]:
    """Which rows hold the table's numbers. In a table with row labels a row without one
    holds numbers of the header ("(1)", "(2)" numbering the columns) unless they are
    written as amounts ("$7,825", "10%", "1.5"): a row the table's left part leaves empty."""
    labels = any(cells[0] for cells in table_rows)
    return [
        _numeric_row(cells) and (bool(cells[0]) or not labels or any(_AMOUNT.search(c) for c in cells[1:]))
        for cells in table_rows
    ]


_AMOUNT = re.compile(r"[$€£]\s?\d|\d[%,.]\d|\d\s?%")


def _parts(rows: list[_Row], columns: list[tuple[float, float]]) -> tuple[int, int]:
    """Where the table in a region starts and ends, when the region holds more than the
    table: a schedule's title and a note above its header ("Schedule W" / "Use this
    schedule for a nonresident alien estate or trust —", set out at the page's left), and
    a second table under it, its own header between two runs of numbers ("Schedule Y" over
    "If taxable income is:"). The header is the run of rows right above the numbers set
    within their columns, as tall as a header stands (``_stacked``); a region whose
    numbers come soon is left whole."""
    numeric = _data_rows([_cells(r, columns) for r in rows])
    if True not in numeric:
        return 0, len(rows)
    first = numeric.index(True)
    end = len(rows)
    after = next((n for n in range(first, len(rows)) if not numeric[n]), None)
    if after is not None:
        later = next((n for n in range(after, len(rows)) if numeric[n]), None)
        if later is not None and later - after >= 3 and any(len(r.lines) >= 2 for r in rows[after:later]):
            end = after  # a header of its own between runs of numbers: a second table
    if first <= 6 or _stacked(rows[:first]) or sum(numeric[:end]) < 2:
        return 0, end
    left = min(x.x0 for r in rows[first:end] for x in r.lines) - 2
    top = first
    while top > 0 and all(x.x0 >= left for x in rows[top - 1].lines) and _stacked(rows[top - 1 : first]):
        top -= 1
    return (top if top < first else 0), end


def _stacked(header: list[_Row]) -> bool:
    """Whether header rows stand no taller than six lines of their text: names of
    different lengths centred in one band ("Murder / Non- Negligent Manslaughter" over five
    lines beside "Robbery" on one) sit at staggered heights, each a row of its own."""
    return len(header) <= 12 and header[-1].y1 - header[0].y0 <= 6 * 1.25 * max(r.size for r in header)


def _group_label(cells: list[str]) -> bool:
    """Whether a row is only a label, capitalised ("Race/Ethnicity"): the name of the group
    of rows below it, when they are set in from it."""
    return bool(cells[0]) and cells[0][:1].isupper() and not any(cells[1:])


def _header(header_rows: list[_Row], columns: list[tuple[float, float]], rules: list[Rule]) -> list[str]:
    """Column names from the header rows, top to bottom. A label over several columns (a
    group, e.g. "2010" over "Number" and "Percent") is put before each of their names;
    the other words go to the column they sit over ("Margin of" + "error (±)")."""
    names = [""] * len(columns)
    groups = [""] * len(columns)
    for n, row in enumerate(header_rows):
        below = header_rows[n + 1] if n + 1 < len(header_rows) else None
        for line in row.lines:
            words = line.word_boxes()
            own = {_column_of(x0, x1, columns) for _, x0, x1 in words}
            # a label wider than one column ("No working smoke alarm") can still be a group's
            spanned = _spanned(line, columns, rules, row, below) if below is not None and len(words) <= 6 else []
            # (over every column it spans, a line can as well be names side by side: "Number Margin of")
            if len(spanned) >= 2 and (own < set(spanned) or (len(own) == 1 and own <= set(spanned))):
                for c in spanned:
                    groups[c] = f"{groups[c]} {line.text}".strip()
                continue
            for text, x0, x1 in words:  # the column it sits in, else (centred over a narrow column) the nearest centre
                middle = (x0 + x1) / 2
                inside = [k for k, (a, b) in enumerate(columns) if a <= middle <= b]
                c = inside[0] if inside else min(range(len(columns)), key=lambda k: abs(middle - sum(columns[k]) / 2))
                # a name wrapped at its hyphen ("Non-" over "Forcible") is one word again
                names[c] = f"{names[c]}{text}" if names[c].endswith("-") else f"{names[c]} {text}".strip()
    # a name set with its own colon ("service in:") is not written "service in::"
    return [_LEADER.sub("", f"{g} {n}".strip()).rstrip(":").rstrip() for g, n in zip(groups, names, strict=True)]


def _spanned(line: Line, columns: list[tuple[float, float]], rules: list[Rule], row: _Row, below: _Row | None) -> list[int]:
    """The columns a group label covers, as its rulings say: a rule drawn under it across
    several columns, or the vertical rules either side of it. [] when none says so."""
    middle = (line.x0 + line.x1) / 2
    # (the next row can start before this one ends: a name set lower beside it)
    limit = max(below.y0 + 1, row.y1 + 0.5 * line.size) if below is not None else row.y1 + line.size
    for r in rules:
        if r.horizontal and row.y1 - 1 <= (r.y0 + r.y1) / 2 <= limit and r.x0 <= middle <= r.x1:
            covered = [n for n, (a, b) in enumerate(columns) if r.x0 - 2 <= (a + b) / 2 <= r.x1 + 2]
            if len(covered) >= 2:
                return covered
    crossing = sorted((r.x0 + r.x1) / 2 for r in rules if not r.horizontal and r.y0 <= row.y1 and r.y1 >= row.y0)
    left = max((x for x in crossing if x <= line.x0 + 1), default=None)
    right = min((x for x in crossing if x >= line.x1 - 1), default=None)
    if left is not None and right is not None:
        return [n for n, (a, b) in enumerate(columns) if left - 1 <= (a + b) / 2 <= right + 1]
    return []


def _ruled_between(rules: list[Rule], upper: _Row, lower: _Row, column: tuple[float, float]) -> bool:
    return any(
        r.horizontal and upper.y1 - 2 <= (r.y0 + r.y1) / 2 <= lower.y0 + 2 and r.x0 <= column[0] + 2 and r.x1 >= column[1] - 2
        for r in rules
    )


def _caption(rows: list[_Row], start: int, end: int) -> tuple[str | None, list[Line]]:
    """A "Table N ..." line just above the table (with the lines between it and the
    table), or just below it."""
    for back in range(start - 1, max(-1, start - 5), -1):
        first = rows[back].lines[0]
        if rows[start].y0 - rows[back].y1 > 6 * first.size:
            break
        if CAPTION.match(first.text):
            lines = [x for r in rows[back:start] for x in r.lines]
            return " ".join(x.text for x in lines), lines
    if end < len(rows) and CAPTION.match(rows[end].lines[0].text) and rows[end].y0 - rows[end - 1].y1 < 3 * rows[end].size:
        return " ".join(x.text for x in rows[end].lines), list(rows[end].lines)
    return None, []


def _caption_above(lines: list[Line]) -> tuple[str | None, list[Line]]:
    """The "Table N ..." line among ``lines`` (those just above a table) nearest it, with
    the lines between it and the table (a caption wrapped over two lines)."""
    ordered = sorted(lines, key=lambda x: (x.y0, x.x0))
    for n in range(len(ordered) - 1, -1, -1):
        if CAPTION.match(ordered[n].text):
            return " ".join(x.text for x in ordered[n:]), ordered[n:]
    return None, []


def _header_above(row: _Row, first: _Row, columns: list[tuple[float, float]]) -> bool:
    """Whether a one-line row just above the table is the top of a wrapped column name
    ("One Withholding" over "Allowance"): short, no sentence, over one column after the
    first, and set close above the table's header row."""
    if len(row.lines) != 1 or len(first.lines) < 2:
        return False
    line = row.lines[0]
    own = {_column_of(x0, x1, columns) for _, x0, x1 in line.word_boxes()}
    return (
        len(line.text.split()) <= 4 and not line.text.rstrip().endswith((".", ":", ";"))
        and len(own) == 1 and 0 not in own
        and first.y0 - row.y1 <= 0.8 * max(row.size, first.size)
        and columns[min(own)][0] - 3 <= line.x0 <= columns[min(own)][1]
        and all(abs(line.size - x.size) <= 0.1 * x.size and line.bold == x.bold for x in first.lines)
    )


def _prose_line(line: Line) -> bool:
    """A line of running text: six words or more, four of them lower-case words."""
    return len(line.text.split()) >= 6 and len(_PROSE_WORD.findall(line.text)) >= 4


def _prose_runs_through(rows: list[_Row], start: int, end: int) -> bool:
    """Whether the region's first pieces are lines of a paragraph that goes on above or
    below it: a line of prose at line spacing, in the same place, just outside the region.
    Then the region is a column of running text beside a table, not a table's first column
    (the table beside it is read by the pass over the lines right of that prose)."""
    firsts = [r.lines[0] for r in rows[start:end] if len(r.lines) >= 2]
    if not any(_prose_line(x) for x in firsts):
        return False
    left, right = min(x.x0 for x in firsts), max(x.x1 for x in firsts)
    for n, gap in ((start - 1, rows[start].y0 - rows[start - 1].y1 if start > 0 else None),
                   (end, rows[end].y0 - rows[end - 1].y1 if end < len(rows) else None)):
        if gap is None or gap > 0.8 * rows[n].size:
            continue
        line = rows[n].lines[0]
        if len(rows[n].lines) == 1 and _prose_line(line) and abs(line.x0 - left) <= 15 and line.x1 <= right + 15:
            return True
    return False


_OPEN_END = re.compile(r"\b(?:over|under|of|and|or|to|than|from|in|for|with|by|at|the|a|an|but|not|between|least|less|more)$")


def _label_runs_on(above: list[str], cells: list[str]) -> bool:
    """Whether the row ``above`` is only the start of ``cells``' label: no cell of it is a
    value (only words, or words about a number: "Over $128,500"), its last words leave the
    label open ("but not over"), and ``cells`` holds values."""
    filled = [c for c in above if c]
    values = [c.strip("$%() ") for c in cells[1:]]
    return (
        len(filled) >= 1
        and not any(_is_number(c.strip("$%() ")) for c in filled)
        and bool(_OPEN_END.search(filled[-1]))  # (in lower case: "CHECKED BY" is a form's label)
        and any(_is_number(v) for v in values if v)
    )


def _open_list(cell: str) -> bool:
    """Whether a cell stops in the middle of a list of names: two commas or more, and one
    at its end (an index entry's "12," or a single "insurance," is not enough)."""
    cell = cell.rstrip()
    return cell.endswith(",") and cell.count(",") >= 2


def _same_style(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) < 0.3 and a.bold == b.bold and 0 < a.y0 - b.y0 < 2.5 * a.size


def _read(rows: list[_Row], columns: list[tuple[float, float]], rules: list[Rule]) -> tuple[list[str], list[list[str]]]:
    cells = [_cells(r, columns) for r in rows]
    count = _header_rows(cells, rows)
    header = _header(rows[:count], columns, rules) if count else [""] * len(columns)
    body: list[list[str]] = []
    starts: list[tuple[float, bool] | None] = []  # where each body row's label starts, and whether it is bold
    labelled = any(c[0] for c in cells[count:])
    previous: _Row | None = None
    for row, row_cells in zip(rows[count:], cells[count:], strict=True):
        filled = [c for c in row_cells if c]
        goes_on = bool(body) and previous is not None and (
            # a cell wrapped onto the next line: the row has no label of its own, or
            # only a lower-case piece of one
            (labelled and not row_cells[0] and not _ruled_between(rules, previous, row, columns[0]) and not _numeric_row(row_cells))
            or (len(filled) == 1 and filled[0][:1].islower())
            # a qualifier wrapped under its label ("California Northern" over "(For Part B)"):
            # every cell of the row goes on the row above; "(a)", "(iv)", "(12)" number rows of their own
            or (labelled and row_cells[0][:1] == "(" and not _ROW_NUMBER.match(row_cells[0]) and not _ruled_between(rules, previous, row, columns[0]))
            # a label that stops mid-list ("Alabama, Arkansas, Colorado,") goes on in the
            # next line's label: every cell of the row wrapped
            or (labelled and _open_list(body[-1][0]) and not _ruled_between(rules, previous, row, columns[0]))
        )
        if goes_on:
            body[-1] = [f"{a} {b}".strip() for a, b in zip(body[-1], row_cells, strict=True)]
        elif labelled and row_cells[0] and _label_runs_on(body[-1] if body else [], row_cells) and not _ruled_between(rules, previous, row, columns[0]):
            # "Over $128,500 but not over" / "$195,850 ... 11,007.50": a label wider than its
            # column, wrapped, its first line spilling into the next columns, is the label
            # of the row of values under it
            body[-1] = [f"{' '.join(c for c in body[-1] if c)} {row_cells[0]}", *row_cells[1:]]
        else:
            if body and labelled and not row_cells[0] and previous is not None and not _ruled_between(rules, previous, row, columns[0]):
                row_cells = [body[-1][0], *row_cells[1:]]  # a label spanning rows (a merged cell)
            body.append(row_cells)
            starts.append(_label_start(row, columns))
        previous = row
    if any(_numeric_row(c) for c in body):
        body = _nested(body, starts)
    return header, body


def _without_empty_columns(header: list[str], body: list[list[str]], columns: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The columns, where one with a name and no cell in any row is joined to the nearer
    column beside it: it is a piece of that column's name set apart ("(n" of "(n =
    154)", "Eligible" of "Eligible schools in original sample")."""
    spans = [list(c) for c in columns]
    for c in range(len(columns) - 1, -1, -1):
        if not header[c] or any(row[c] for row in body) or len(spans) < 3:
            continue
        # (only into a column with cells: those are never joined away, so their places hold)
        left = columns[c][0] - columns[c - 1][1] if c > 0 and any(row[c - 1] for row in body) else float("inf")
        right = columns[c + 1][0] - columns[c][1] if c + 1 < len(columns) and any(row[c + 1] for row in body) else float("inf")
        if right == left == float("inf"):
            continue
        into = c + 1 if right <= left else c - 1
        spans[into] = [min(spans[into][0], spans[c][0]), max(spans[into][1], spans[c][1])]
        del spans[c]
    return [(a, b) for a, b in spans]


def _label_start(row: _Row, columns: list[tuple[float, float]]) -> tuple[float, bool] | None:
    for line in row.lines:
        words = line.word_boxes()
        if words and _column_of(words[0][1], words[0][2], columns) == 0:
            return words[0][1], line.bold
    return None


def _panels(body: list[list[str]], starts: list[tuple[float, bool] | None]) -> list[list[str]]:
    """Rows under a panel's total carry its label: "Aged 15 and older" (bold, set in, with
    the panel's totals) over "Difficulty seeing" reads "Aged 15 and older — Difficulty
    seeing", so the three "With a disability" rows of three age groups are told apart. A
    panel's row is bold with values over a regular row set further left; the panel runs
    to the next one. Tables without such rows are unchanged."""
    def opens(n: int) -> bool:
        start, after = starts[n], starts[n + 1] if n + 1 < len(starts) else None
        return start is not None and after is not None and start[1] and not after[1] and after[0] < start[0] - 2 and not _group_label(body[n])

    heads = {n for n in range(len(body)) if opens(n)}
    if len(heads) < 2:
        return body  # one bold row over the rest is a header or a total, not panels
    out: list[list[str]] = []
    panel: str | None = None
    for n, cells in enumerate(body):
        if n in heads:
            panel = cells[0]
        elif panel and cells[0] and starts[n] is not None and not starts[n][1]:
            cells = [f"{panel} — {cells[0]}", *cells[1:]]
        out.append(cells)
    return out


def _nested(body: list[list[str]], starts: list[tuple[float, bool] | None]) -> list[list[str]]:
    """Rows under a group label carry it: "Sex, by race/ethnicity" over "Male" over
    "Hispanic" (each set in further) reads "Sex, by race/ethnicity — Male — Hispanic", so
    the three Hispanic rows of a table are told apart. A label is a group's when the row
    after it is set in from it, or is regular where the label is bold; the group ends at
    the next row set as far left. Only where the labels are left-aligned at a few indents
    (centred labels start anywhere and say nothing)."""
    body = _panels(body, starts)
    known = [x for x in starts if x is not None]
    indents = Counter(round(x / 2) for x, _ in known)
    if len(known) < 4 or sum(n for _, n in indents.most_common(NESTED_INDENTS)) < 0.8 * len(known):
        return body
    body = _subsets(body, starts)

    def under(group: tuple[float, bool], row: tuple[float, bool]) -> bool:
        return row[0] > group[0] + 2 or (abs(row[0] - group[0]) <= 2 and group[1] and not row[1])

    groups: list[tuple[tuple[float, bool], str]] = []
    out: list[list[str]] = []
    for n, (cells, start) in enumerate(zip(body, starts, strict=True)):
        if start is None:
            out.append(cells)
            continue
        while groups and not under(groups[-1][0], start):
            groups.pop()
        after = starts[n + 1] if n + 1 < len(starts) else None
        if _group_label(cells) and after is not None and under(start, after):
            groups.append((start, cells[0]))
            continue
        if _group_label(cells) and out and n > 0 and starts[n - 1] is not None and not _group_label(body[n - 1]):
            # a label with no values and no rows under it, after a row of values: the
            # rest of that row's label ("American Indian/Alaska" over "Native")
            glue = "" if out[-1][0].endswith(("/", "-")) else " "
            out[-1] = [f"{out[-1][0]}{glue}{cells[0]}", *out[-1][1:]]
            continue
        if groups:
            cells = [" — ".join([*(label for _, label in groups), cells[0]]), *cells[1:]]
        out.append(cells)
    return out


_TOTAL = re.compile(r"^(?:.* — )?(?i:totals?|all|sum|overall)\b")


def _values_row(cells: list[str]) -> bool:
    """Nearly every cell after the label is a number (a row of a statistical table, where
    ``_numeric_row``'s half would also take a line of an index: "deduction; 26-27 20 9")."""
    values = [c for c in cells[1:] if c]
    return len(values) >= 2 and sum(_is_number(c) for c in values) >= 0.8 * len(values)


def _subsets(body: list[list[str]], starts: list[tuple[float, bool] | None]) -> list[list[str]]:
    """A regular row of values with regular rows set in under it is their whole: "Nonsevere
    disability" (its count) over "Employed" (of them) reads "... — Nonsevere disability —
    Employed", told apart from the "Employed" of "Severe disability". A panel's label
    ("Aged 21 to 64 — ") stays first."""
    out: list[list[str]] = []
    parents: list[tuple[float, str]] = []  # (indent, label) of the rows the next ones are set in under
    for cells, start in zip(body, starts, strict=True):
        if start is None or start[1] or not cells[0] or _TOTAL.match(cells[0]) or not _values_row(cells):
            parents = []  # a bold row, a total, a row of words: no whole of the rows after it
            out.append(cells)
            continue
        while parents and start[0] <= parents[-1][0] + 2:
            parents.pop()
        panel, _, own = cells[0].rpartition(" — ")
        if parents:
            cells = [" — ".join(x for x in (panel, *(label for _, label in parents), own) if x), *cells[1:]]
        parents.append((start[0], own))
        out.append(cells)
    return out


def find(page: PageText, furniture: Sequence[Line] = ()) -> tuple[list[Block], list[Line]]:
    """The page's tables as blocks (their rows as paragraphs), and the lines left.
    ``furniture``: the lines dropped from the page as running heads, where a table
    continued over pages repeats its title.

    A table set beside a column of prose shares its rows with the prose lines, which
    read as long cells and hide it; the lines right of that prose are tried again alone."""
    blocks, used = _tables(page.lines, page)
    # A ruled grid whose cells hold several lines is read cell by cell (by its text rows,
    # each line of a cell looks like a row of its own, or a row runs into the next):
    # where the rows above found no table, or found fewer rows than the grid has, or as
    # many but left lines of its cells out (a wrapped cell's last line read as prose).
    for found in pdf_grid.find(page):
        caption, caption_lines = _caption_above(found.above)
        if caption is None:
            caption = _title_overhead(found, furniture)
        table = Table(found.header, found.rows, caption, found.columns, page.number, page.width)
        texts = table.paragraphs()
        if not texts:
            continue
        grid = Block(found.lines + caption_lines, kind="table", rows=texts, caption=caption, table=table)
        inside = {id(x) for x in grid.lines}
        replaced = [b for b in blocks if any(id(x) in inside for x in b.lines)]
        if all({id(x) for x in b.lines} <= inside and (_row_count(b.table), len(b.lines)) < (_row_count(grid.table), len(found.lines)) for b in replaced):
            blocks = [b for b in blocks if b not in replaced] + [grid]
            used = (used - {id(x) for b in replaced for x in b.lines}) | inside
    rest = [x for x in page.lines if id(x) not in used]
    side = _beside_prose(rest, page)
    if side:
        more, used_too = _tables(side, page)
        blocks += more
        used |= used_too
    return blocks, [x for x in page.lines if id(x) not in used]


def _title_overhead(grid: pdf_grid.Grid, furniture: Sequence[Line]) -> str | None:
    """The title a grid continued over pages repeats above it on each (CMS's "MEDICARE
    ADMINISTRATIVE CONTRACTOR ADDRESS TABLE" / "FOR DURABLE MEDICAL EQUIPMENT ... ONLY"):
    dropped with the running heads, as it stands at the same place on every page, yet the
    only words that say which table the rows are of. The stack of such lines set right
    above the grid, over its width; lines set apart are joined by a colon. A column's label
    among them (ending in its colon, or beside another: "If you live in:" | "Mail your
    claim form ... to:") names a column, not the table."""
    upper = min(x.y0 for x in grid.lines)
    left, right = grid.columns[0][0], grid.columns[-1][1]
    stack: list[Line] = []
    for line in sorted(furniture, key=lambda x: -x.y1):
        if line.y1 > upper + 1 or not (left - 5 <= line.x0 and line.x1 <= right + 5) or NUMBER.match(line.text):
            continue
        if upper - line.y1 > 2.5 * line.size:
            break
        upper = line.y0
        beside = any(x is not line and abs(x.y1 - line.y1) < 0.3 * line.size and left - 5 <= x.x0 and x.x1 <= right + 5 for x in furniture)
        if not beside and not line.text.rstrip().endswith(":"):  # (a row of column labels: "If you received a" | "Mail ... to:")
            stack.append(line)
    if not stack:
        return None
    text = stack[-1].text
    for above, line in zip(stack[::-1], stack[-2::-1], strict=False):
        text += " " if line.y0 - above.y1 <= 0.6 * line.size else ": "
        text += line.text
    return text


def _row_count(table: Table | None) -> int:
    """A table's rows, its header row included."""
    return 0 if table is None else len(table.rows) + any(table.header)


def _beside_prose(lines: list[Line], page: PageText) -> list[Line]:
    """The lines right of the prose that runs beside short pieces ("Weekly", "$ 71.15")
    in the right part of the page: where a table sits in a column of its own. [] when
    no prose line runs beside them."""
    short = [x for x in lines if len(x.text.split()) <= 4 and x.x0 >= 0.3 * page.width]
    if len(short) < 6:
        return []
    prose = [x for x in lines if _prose_line(x)]
    beside = [p for p in prose if any(min(p.y1, s.y1) - max(p.y0, s.y0) > 0 and p.x1 < s.x0 for s in short)]
    if len(beside) < 3:
        return []
    # (the prose column nearest the page's left: a column of prose further right, below the
    # table, runs beside other short pieces and says nothing of where this table starts)
    left = min(p.x0 for p in beside)
    gutter = max(p.x1 for p in beside if p.x0 < left + 0.1 * page.width)
    if any(x.x0 < gutter < x.x1 for x in short):
        return []
    return [x for x in lines if x.x0 > gutter]


def _tables(lines: list[Line], page: PageText) -> tuple[list[Block], set[int]]:
    rows = _rows(lines)
    blocks: list[Block] = []
    used: set[int] = set()
    start = 0
    while start < len(rows):
        if len(rows[start].lines) < 2:
            start += 1
            continue
        end = _region_ends(rows, start)
        region = rows[start:end]
        columns, word_columns = _columns(region, page.rules) if end - start >= 3 else ([], [])
        ruled = _ruled(region, word_columns, page.rules) if columns else False
        if columns and _is_table(region, columns, ruled) and (ruled or not _prose_runs_through(rows, start, end)):
            while start > 0 and _header_rows([_cells(r, columns) for r in region], region) and _header_above(rows[start - 1], rows[start], columns):
                start -= 1  # a column's name wrapped onto a line above the others' names
                region = rows[start:end]
            top, bottom = _parts(region, columns)
            if (top, bottom) != (0, len(region)):
                start, end = start + top, start + bottom
                region = rows[start:end]
            caption, caption_lines = _caption(rows, start, end)
            while caption_lines and len(region) > 3 and len(region[0].lines) == 1 and _same_style(region[0].lines[0], caption_lines[-1]):
                caption_lines.append(region[0].lines[0])  # the caption wraps onto the table's first line
                caption = f"{caption} {region[0].lines[0].text}"
                region = region[1:]
            header, body = _read(region, columns, page.rules)
            joined = _without_empty_columns(header, body, columns)
            if joined != columns:
                columns = joined
                header, body = _read(region, columns, page.rules)
            table_lines = [x for r in region for x in r.lines]
            for part, (names, cells, spans) in enumerate(_side_by_side(header, body, columns)):
                table = Table(names, cells, caption, spans, page.number, page.width)
                texts = table.paragraphs()
                if texts:
                    # (each part is placed where its lines are; the caption goes with the first)
                    own = [x for x in table_lines if spans[0][0] - 5 <= (x.x0 + x.x1) / 2 <= spans[-1][1] + 5] if len(spans) < len(columns) else table_lines
                    blocks.append(Block((own or table_lines) + (caption_lines if part == 0 else []), kind="table", rows=texts, caption=caption, table=table))
                    used.update(id(x) for x in table_lines + caption_lines)
            start = end
        else:
            # Not a table from here: go on from the next row that is laid out differently
            # (pages of prose in columns would otherwise be tried from every row).
            shape = len(rows[start].lines)
            start += 1
            while start < end and len(rows[start].lines) == shape:
                start += 1
    return blocks, used


def _side_by_side(header: list[str], body: list[list[str]], columns: list[tuple[float, float]]) -> list[tuple[list[str], list[list[str]], list[tuple[float, float]]]]:
    """Tables set side by side in one band of rows (tax rate schedules W and X, each "Over—
    / But not over— / ... / of the amount over—"; a tax table printed in three panels) are
    tables of their own: the column names repeat across. Each panel's rows are read as a
    table, left first, under the names most panels print (a word of a name set across a
    column's edge can fall into the next column in one panel: "Single Your" | "Qualifying
    widow(er) tax is —" where the others print "Single" | "Qualifying widow(er) Your tax is —")."""
    for width in range(2, len(header) // 2 + 1):
        named = [n for n in header[:width] if n]
        if len(header) % width or len(named) < 2:
            continue
        sides = [tuple(header[first : first + width]) for first in range(0, len(header), width)]
        if not all(_same_names(sides[0], other) for other in sides[1:]):
            continue
        names = list(Counter(sides).most_common(1)[0][0])
        out = []
        for first in range(0, len(header), width):
            side = slice(first, first + width)
            out.append((names, [cells[side] for cells in body if any(cells[side])], columns[side]))
        return out
    return [(header, body, columns)]


def _same_names(one: Sequence[str], other: Sequence[str]) -> bool:
    """Whether two panels print the same column names: the same words, each name opening
    with the same word (one word may have slipped into the neighbouring name)."""
    if tuple(one) == tuple(other):
        return True
    return sorted(" ".join(one).split()) == sorted(" ".join(other).split()) and all(
        a.split()[:1] == b.split()[:1] for a, b in zip(one, other, strict=True)
    )


def carry_headers(blocks: list[Block]) -> None:
    """A table that goes on past a break (the next page, or a gap on the same page) prints
    its column names once, above its first part: a part with no names of its own, laid
    out in the same columns right after a named one, takes its names and caption
    ("Kansas; Wisconsin Physicians Service" on page 8 is "If you received a service in:
    Kansas; Mail your claim form ... to: Wisconsin Physicians Service")."""
    named: Table | None = None
    for block in blocks:
        table = block.table
        if block.kind != "table" or table is None:
            continue
        if any(table.header):
            named = table if _names_columns(table.header) else None
        elif named is not None and _continues(named, table):
            block.table = named = replace(table, header=named.header, caption=table.caption or named.caption)
            block.rows, block.caption = named.paragraphs(), named.caption  # the next part goes on from this one
        else:
            named = None


def _names_columns(header: list[str]) -> bool:
    """Whether a header reads as column names, not as a sentence cut into cells ("If Form
    1040NR," / "And" / "you are —" over a tax table): such a header is not repeated."""
    return all(not re.search(r"[,\u2014\u2013-]\s*$", name) and not name[:1].islower() for name in header if name)


def _continues(named: Table, part: Table) -> bool:
    """Whether ``part`` is laid out in ``named``'s columns, on its page or the next."""
    if len(part.columns) != len(named.columns) or not 0 <= part.page - named.page <= 1:
        return False
    slack = 0.02 * max(named.page_width, part.page_width, 1.0)
    return all(abs(a[0] - b[0]) <= slack for a, b in zip(named.columns, part.columns, strict=True))

