"""Ruled grids: tables whose every cell is boxed by drawn lines, read cell by cell.

Word processors draw a bordered table as a grid of ruling lines. Its cells hold
several lines of text (a wrapped name, a bulleted list), and a label can span several
rows (a merged cell: "Reliability" beside three kinds of reliability). Read by text rows,
such a table falls apart: the lines of one cell look like rows of their own, and the
rows under a merged label look like its continuation. The rulings say where every cell
is, so here they alone decide: the vertical lines make the columns, the horizontal lines
under each column make its cells, and every row of the grid is read as one paragraph
("Measurement Property: Reliability; Type: Internal consistency; FDA Review
Considerations: • Cronbach's alpha ..."), a merged label repeated on each of its rows.

A grid is only taken where the rulings draw one: three vertical lines or more over the
same band (the common ends of the rules across it count as its sides where none is
drawn), three horizontal ones across it, text in two columns or more and on two rows
or more below the header. A box drawn round a paragraph, a page frame or a column rule
is left to the other readers (pdf_tables for tables without such a grid).
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.ingest.pdf_lines import NUMBER, Line, PageText, Rule

#: Rulings this close (points) are one line: a border drawn twice, or as a thin box.
_SAME = 2.0
#: A row's cells must hold fewer words than this on average, or the grid is a box round prose.
_MAX_MEAN_WORDS = 40


@dataclass(frozen=True)
class _Segment:
    at: float  # x of a vertical line, y of a horizontal one
    start: float  # its extent along the other axis
    end: float


def _segments(rules: list[Rule], vertical: bool) -> list[_Segment]:
    """The page's rulings of one direction, pieces of one line joined (a border drawn
    cell by cell is one line)."""
    pieces = [
        _Segment((r.x0 + r.x1) / 2, r.y0, r.y1) if vertical else _Segment((r.y0 + r.y1) / 2, r.x0, r.x1)
        for r in rules
        if r.horizontal is not vertical
    ]
    out: list[_Segment] = []
    for piece in sorted(pieces, key=lambda s: (round(s.at / _SAME), s.start)):
        last = out[-1] if out else None
        if last is not None and abs(last.at - piece.at) <= _SAME and piece.start <= last.end + 3:
            out[-1] = _Segment(last.at, last.start, max(last.end, piece.end))
        else:
            out.append(piece)
    return [s for s in out if s.end - s.start >= 8]


def _bands(verticals: list[_Segment]) -> list[list[_Segment]]:
    """Vertical lines grouped by the band of the page they share (a page can hold two grids)."""
    groups: list[list[_Segment]] = []
    for line in sorted(verticals, key=lambda s: s.start):
        for group in groups:
            top, bottom = min(s.start for s in group), max(s.end for s in group)
            if min(bottom, line.end) - max(top, line.start) > 0.5 * min(bottom - top, line.end - line.start):
                group.append(line)
                break
        else:
            groups.append([line])
    return groups


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SAME:
            out.append(v)
    return out


def _joined(pieces: list[str]) -> str:
    """A cell's lines as one text: a line ending in a hyphen runs into the next ("intra-"
    + "interviewer"); otherwise a space."""
    text = ""
    for piece in pieces:
        text = f"{text}{piece}" if text.endswith("-") else f"{text} {piece}".strip()
    return text


def _cell_text(words: list[tuple[float, float, str]]) -> str:
    """A cell's words (middle y, left x, text) as its text, line by line."""
    pieces: list[str] = []
    last_y = None
    for y, _, text in sorted(words):
        if last_y is not None and y - last_y < 2 and pieces:
            pieces[-1] = f"{pieces[-1]} {text}"
        else:
            pieces.append(text)
        last_y = y
    return _joined(pieces)


def _open_sides(xs: list[float], top: float, bottom: float, horizontals: list[_Segment]) -> list[float]:
    """The sides of a grid drawn without side borders (a rule under each row, one line
    between the columns: CMS's contractor address table): where three rules or more
    across the band, reaching past its vertical lines, all begin and end."""
    across = [h for h in horizontals if top - 3 <= h.at <= bottom + 3 and h.start < xs[0] - _SAME and h.end > xs[-1] + _SAME]
    if len(across) < 3:
        return []
    starts, ends = sorted(h.start for h in across), sorted(h.end for h in across)
    if starts[-1] - starts[0] > 2 * _SAME or ends[-1] - ends[0] > 2 * _SAME:
        return []  # rules of several lengths: underlines and separators, not one grid's rows
    return [starts[0], ends[-1]]


def _read_grid(band: list[_Segment], horizontals: list[_Segment], lines: list[Line]) -> tuple[list[list[str]], list[Line], list[float]] | None:
    """The grid's rows of cell texts, the lines inside it and its column borders, or None
    where the rulings draw no grid of cells."""
    xs = _positions([s.at for s in band])
    top, bottom = min(s.start for s in band), max(s.end for s in band)
    xs = _positions(xs + _open_sides(xs, top, bottom, horizontals))
    if len(xs) < 3:
        return None
    left, right = xs[0], xs[-1]
    columns = list(zip(xs, xs[1:], strict=False))
    across = [h for h in horizontals if top - 3 <= h.at <= bottom + 3 and h.start <= right and h.end >= left]
    # each column's own cell borders: the horizontal lines drawn across its middle
    borders = [
        _positions([h.at for h in across if h.start - 2 <= (a + b) / 2 <= h.end + 2] + [top, bottom])
        for a, b in columns
    ]
    rows_at = _positions([y for column in borders for y in column])
    if len(rows_at) < 3 or len(_positions([h.at for h in across if h.end - h.start >= 0.5 * (right - left)])) < 3:
        return None
    # a band no inner line crosses is a caption or a note boxed with the table, not a row
    inner = [s for s in band if left + _SAME < s.at < right - _SAME]

    def spans_all(y: float) -> bool:
        return not any(s.start <= y <= s.end for s in inner)

    boxed = [(a, b) for a, b in zip(rows_at, rows_at[1:], strict=False) if spans_all((a + b) / 2)]
    inside = [
        x for x in lines
        if top - 1 <= (x.y0 + x.y1) / 2 <= bottom + 1 and left - 2 <= x.x0 and x.x1 <= right + 2
        and not any(a <= (x.y0 + x.y1) / 2 <= b for a, b in boxed)
    ]
    if not inside:
        return None
    # the words of each cell, a cell being (column, its own row of borders)
    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for line in inside:
        y = (line.y0 + line.y1) / 2
        for text, x0, x1 in line.word_boxes():
            middle = (x0 + x1) / 2
            column = next((n for n, (a, b) in enumerate(columns) if a <= middle <= b), None)
            if column is None:
                continue
            own = borders[column]
            row = next((n for n in range(len(own) - 1) if own[n] - 1 <= y <= own[n + 1] + 1), None)
            if row is not None:
                cells.setdefault((column, row), []).append((y, x0, text))
    for words in cells.values():
        lines_of = {round(y) for y, _, _ in words}
        # a line that starts with a number ("12,345", "30-60 mg/m IV"; not "P.O. Box 2525"
        # or "Fargo, ND 58108", an address's lines)
        first: dict[int, str] = {}
        for y, _, text in sorted(words, key=lambda w: (round(w[0]), w[1])):
            first.setdefault(round(y), text)
        numbers = {y for y, text in first.items() if NUMBER.match(text)}
        if len(lines_of) >= 3 and len(numbers) >= 0.5 * len(lines_of):
            return None  # a column of numbers, one per line: rules round groups of rows, not cells
    texts = {key: _cell_text(words) for key, words in cells.items()}
    # the grid's rows: every band between two borders of any column; a column whose
    # cell spans several of them (a merged cell) gives its text to each
    table: list[list[str]] = []
    for upper, lower in zip(rows_at, rows_at[1:], strict=False):
        middle = (upper + lower) / 2
        if (upper, lower) in boxed:
            continue
        row_cells, own_start = [], False
        for column, own in enumerate(borders):
            n = next((n for n in range(len(own) - 1) if own[n] <= middle <= own[n + 1]), None)
            text = texts.get((column, n), "") if n is not None else ""
            row_cells.append(text)
            own_start = own_start or (bool(text) and n is not None and abs(own[n] - upper) <= _SAME)
        if own_start:
            table.append(row_cells)
    return table, inside, xs


def _is_grid_table(rows: list[list[str]]) -> bool:
    """Text in two columns or more on two rows or more, in cells shorter than prose."""
    if len(rows) < 3:
        return False
    filled = [sum(1 for row in rows if row[c]) for c in range(len(rows[0]))]
    if sum(1 for f in filled if f >= 2) < 2:
        return False
    words = [len(c.split()) for row in rows for c in row if c]
    return sum(words) / len(words) < _MAX_MEAN_WORDS


def _header(rows: list[list[str]]) -> bool:
    """Whether the grid's first row names its columns: every cell of it filled (but the
    corner) with a short label, not a value."""
    first = rows[0]
    # a label leading into the cells under it may be longer ("Mail your claim form,
    # itemized bill and supporting documents to:")
    return all(first[1:]) and all((len(c.split()) <= 8 or c.endswith(":")) and not NUMBER.match(c) for c in first if c)


@dataclass
class Grid:
    """A ruled grid read into cells: its column names ("" where none), its rows, its
    columns' left and right, and the lines inside it and above it (the caption's)."""

    header: list[str]
    rows: list[list[str]]
    columns: list[tuple[float, float]]
    lines: list[Line]
    above: list[Line]


def find(page: PageText) -> list[Grid]:
    """The page's ruled grids whose cells hold several lines. (A grid of one line per cell
    reads as well by its text rows, as pdf_tables does, header rows over several lines
    included.) Each comes with the lines just above it, where its caption would be."""
    horizontals = _segments(page.rules, vertical=False)
    grids: list[Grid] = []
    used: set[int] = set()
    for band in _bands(_segments(page.rules, vertical=True)):
        found = _read_grid(band, horizontals, [x for x in page.lines if id(x) not in used])
        if found is None:
            continue
        rows, inside, xs = found
        if not _is_grid_table(rows) or len({round(x.y0) for x in inside}) <= len(rows):
            continue
        named = _header(rows)
        top = min(x.y0 for x in inside)
        left, right = xs[0], xs[-1]
        above = [x for x in page.lines if id(x) not in used and x.y1 <= top + 1 and top - x.y1 < 5 * x.size and x.x0 >= left - 5 and x.x1 <= right + 5]
        header = rows[0] if named else [""] * len(rows[0])
        grids.append(Grid(header, rows[1:] if named else rows, list(zip(xs, xs[1:], strict=False)), inside, above))
        used.update(id(x) for x in inside)
    return grids
