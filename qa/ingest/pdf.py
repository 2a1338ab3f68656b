"""PDF: paragraphs rebuilt from the page layout, with the page each one starts on.

A PDF has no paragraphs, only words placed on pages. The reader works in steps, each a
module of its own:

1. ``pdf_lines.py``: PDFium (pypdfium2, permissively licensed) gives words and lines
   with their true size and weight, ruling lines and images; pages without a text
   layer go through OCR on request (``ocr.py``);
2. ``pdf_layout.py``: page furniture (running heads and feet, page numbers, line
   numbers) is dropped, lines are grouped into column blocks and the blocks put in
   reading order; footnote blocks are recognised;
3. ``pdf_tables.py``: tables become one paragraph per row naming its columns;
4. here: the document's own body style (the size most characters have, and whether
   that text is bold) tells headings from body text, and the blocks become paragraphs:

- a paragraph ends at a larger vertical gap, an indented line or a list bullet after
  a sentence end, or a sentence end on a line with room left for the next word (text
  wraps only when the next word does not fit);
- a paragraph cut by a column or page break goes on when its text has not ended a
  sentence; footnotes, captions and side panels set in another size that come between
  are kept as paragraphs of their own, after it, never spliced into it;
- a line-end hyphen is joined only when the document says so (see ``_Joiner``);
- headings are short lines set apart from the body style (larger, or bold when the
  body is not, or numbered in capitals); a heading wrapped over lines is one heading,
  and levels nest ("Parent: Child", ``outline.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.ingest import ligatures, pdf_forms
from qa.ingest import pdf_layout as layout
from qa.ingest import pdf_tables as tables
from qa.ingest.outline import BULLET, Outline, clean
from qa.ingest.pdf_layout import PAGE_NUMBER, Block, page_of_lines
from qa.ingest.pdf_lines import EDGE, NUMBER, Line, PageText, read_page  # noqa: F401  (Line and EDGE are part of this module's API)
from qa.ingest.registry import ReadResult, UnreadableFile, reader
from qa.text import CARDINALS, DESIGNATION, ITEM_NUMBER, name_words, terms
from qa.text import stem as text_stem
from qa.types import Paragraph

_SENTENCE_END = re.compile(r"[.!?…:][\"'”’)\]]*$")
_DOT_LEADER = re.compile(r"(\.\s?){4,}\s*\d*$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_NUMBERED = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,4}\.?|[IVXLC]{1,5}\.|[A-Z]\.)\s+\S")
#: An open paragraph in another size than the body's this short at most (a figure's words,
#: a caption) ends when body text comes back; a longer one (a side panel, a block quote) may
#: go on over a column or page.
OFF_BODY_CHARS = 300
_PRIVATE_BULLET = re.compile(r"^[\ue000-\uf8ff]\s*")
_CAPTION = re.compile(r"^(?i:figure|fig\.|table|exhibit|chart|box|map)\s*\d+[A-Za-z]?\b")
_TEXT_WORD = re.compile(r"^[(\"“']?[^\W\d_]{3,}[.,;:)\"”']*$")
OCR_CHARS = 20  # a page with fewer characters than this and an image is a scan


@dataclass(frozen=True)
class BodyStyle:
    """The document's body text: the size most characters have, and whether it is bold."""

    size: float
    bold: bool
    pitch: dict[float, float]  # usual distance from one line's top to the next's, per size

    def pitch_of(self, size: float) -> float:
        return self.pitch.get(size, 1.2 * size)


def body_style(pages: list[PageText]) -> BodyStyle:
    sizes: Counter[float] = Counter()
    bold: Counter[float] = Counter()
    pitches: dict[float, list[float]] = {}
    for page in pages:
        for x in page.lines:
            key = round(x.size * 2) / 2
            sizes[key] += len(x.text)
            bold[key] += len(x.text) if x.bold else 0
        rows = sorted(page.lines, key=lambda x: x.y0)
        for a, b in zip(rows, rows[1:], strict=False):
            if a.size == b.size and 0.9 * a.size < b.y0 - a.y0 < 2.5 * a.size and min(a.x1, b.x1) > max(a.x0, b.x0):
                pitches.setdefault(a.size, []).append(b.y0 - a.y0)
    if not sizes:
        return BodyStyle(10.0, False, {})
    size = sizes.most_common(1)[0][0]
    exact = Counter(x.size for page in pages for x in page.lines if round(x.size * 2) / 2 == size).most_common(1)[0][0]
    pitch = {s: sorted(found)[len(found) // 2] for s, found in pitches.items() if len(found) >= 2}
    return BodyStyle(exact, bold[size] > 0.5 * sizes[size], pitch)


class _Joiner:
    """Joins a line to the text before it, deciding what a line-end hyphen is.

    The document is the dictionary: "govern-" + "ment" is joined when "government" is
    used elsewhere; "well-" + "known" keeps its hyphen when "well-known" is. When
    neither form is used elsewhere: kept after a head that makes compounds
    ("self-", "well-", "non-"), or when both halves are words the document uses on
    their own ("high-" + "speed"), or a word and a participle or an adjective in -able
    (or "post-", "pre-", a number and a word) that are English, the bundled model's
    vocabulary, while their joining is not ("privacy-" + "preserving"); joined otherwise
    ("informa-" + "tion": the tail is no word of its own, so the joined form is the word;
    "fire-" + "wall": a compound that is often written whole).
    """

    COMPOUND_HEADS = frozenset({"self", "well", "ill", "half", "non", "cross", "quasi"})
    JOINING_HEADS = frozenset({"post", "pre", *CARDINALS})
    SUFFIX = re.compile(
        r"^(ness|ment|tion|sion|ing|ly|ed|er|est|able|ible|ful|less|ity|ities|ive|ous|ence|ance|ant|ent|ism|ist|ize|ise|al|ial|ical|ary|ory|ure|age|ship|hood)(s|es)?$"
    )

    def __init__(self, texts: list[str]):
        self.plain: set[str] = set()
        self.hyphenated: set[str] = set()
        after_break = False
        for text in texts:
            words = [w.lower().strip("’'") for w in _WORD.findall(text)]
            hyphen_end = text.endswith("-") and bool(words)
            for i, w in enumerate(words):
                if (i == 0 and after_break) or (hyphen_end and i == len(words) - 1):
                    continue  # the halves of a line-end hyphenation say nothing about usage
                (self.hyphenated if "-" in w.strip("-") else self.plain).add(w.strip("-"))
            after_break = hyphen_end

    def keeps_hyphen(self, head: str, tail: str) -> bool:
        head, tail = head.lower().strip("’'"), tail.lower().strip("’'")
        joined, hyphenated = f"{head}{tail}", f"{head}-{tail}"
        stem = re.sub(r"[’'].*$", "", tail)
        if joined in self.plain:
            return False
        if hyphenated in self.hyphenated:
            return True
        if self.SUFFIX.match(stem):
            return False
        last = head.rsplit("-", 1)[-1]
        if last in self.COMPOUND_HEADS and len(stem) >= 3:
            return True
        if len(last) < 3 or len(stem) < 3:
            return False
        if last in self.plain and stem in self.plain:
            return True
        # neither half used alone here: English decides for a participle or an adjective in
        # -able after a word ("privacy-" + "preserving", "school-" + "related") and for
        # "post-", "pre-" and a number ("thirteen-segment"), where two words and no joined
        # one are English; other compounds are often written whole ("firewall", "workflow")
        if not (re.search(r"(?:ing|ed|able|ible)$", stem) or last in self.JOINING_HEADS):
            return False
        known, known_stems = ligatures.english()
        return last in known and stem in known and f"{last}{stem}" not in known and text_stem(f"{last}{stem}") not in known_stems

    def __call__(self, text: str, line: str) -> str:
        if text.endswith("\u00ad"):  # soft hyphen: always a line-end break
            return text[:-1] + line
        if text.endswith(("—", "/")):
            return text + line
        tail_of_text = text[-80:]  # (searching the whole paragraph at each line costs quadratic time)
        if re.search(r"\w-$", tail_of_text) and line[:1].isalnum():
            # "2019-" + "2020", "Kyrgyz-" + "Tajik": a real hyphen.
            if text[-2].isalpha() and line[:1].islower():
                head = re.search(r"([\w’'-]*)-$", tail_of_text).group(1)
                tail = re.match(r"[\w’'-]*", line).group(0)
                if not self.keeps_hyphen(head, tail):
                    return text[:-1] + line
            return text + line
        return f"{text} {line}"


#: A line that opens with a label and its value ("Received: 2 February 2023", "Lowell
#: Wofford: 0000-0003-1003-5090"): a field of a record set one per line, with no full stops
_FIELD = re.compile(r"^[A-Z][\w’'-]*(?: [A-Za-z’'-]+){0,2}: +\S")
#: A line ending like this goes on in the next, whatever room it left: a hyphen, a comma,
#: an opening bracket, a word that needs what follows.
_CONTINUES = re.compile(r"(?:[-\u2013\u2014/,;(&\u00ad]|\b(?:and|or|nor|but|the|a|an|of|to|in|on|for|with|by|from|at|as|that|which|who))\s*$", re.IGNORECASE)


#: A numbered item's number opening a line ("4. Haffner, H.", "[12] Smith, J.", "31. Shen, C.") ...
_ITEM_NUMBER = re.compile(rf"\s*{ITEM_NUMBER}\s+\S")
#: ... and how near its text's left edge, in font sizes, its next line starts when set under it
HANGING_ALIGN = 0.5
#: A line that ends its item: a form's line with its number after dot leaders ("... 2.")
_ENDS_ITEM = re.compile(r"\.{3,}\s*\d{1,3}[a-z]?\.?\s*$")
#: A line set apart by a label of its own, in a form or instructions
_OWN_LABEL = re.compile(r"(?:Note|Caution|Exception|Example|Tip|TIP|Warning)\b[.:]")


def _hangs_under(first: Line, x: Line, text: str) -> bool:
    """Whether ``x`` goes on the numbered item whose first line is ``first`` (the paragraph so
    far, ``text``), set under its text past the number: a hanging indent, as reference lists
    and numbered conditions are set ("4. Haffner, H. ... Phys." / "Rep. 469, 155-203 (2008).");
    not a line opening an item of its own, a labelled note, nor the next line after an item
    that ended on its own line number ("2. Enter your cost ...... 2." / "Note. If you ...")."""
    if not _ITEM_NUMBER.match(first.text) or _ITEM_NUMBER.match(x.text):
        return False  # (a bullet opening ``x`` has ended the item before this is asked)
    if not text.lstrip().startswith(_bullet(first.text).lstrip()[:30]):
        return False  # (the item's first line, not a line further in)
    if _ENDS_ITEM.search(first.text) or _OWN_LABEL.match(x.text):
        return False
    boxes = first.word_boxes()
    return len(boxes) >= 2 and abs(x.x0 - boxes[1][1]) <= HANGING_ALIGN * max(x.size, first.size)


def _bulleted(text: str) -> bool:
    """Whether the text opens with a list item's marker (a private-use glyph too)."""
    return bool(BULLET.match(text) or _PRIVATE_BULLET.match(text))


def _ended(text: str) -> bool:
    """Whether ``text`` ends a sentence (or a clause that introduces what follows)."""
    return bool(_SENTENCE_END.search(text[-6:]))


def _bold_run(line: Line) -> list[str]:
    """The words in bold the line opens with."""
    run = []
    for word in line.words:
        if not word.bold:
            break
        run.append(word.text)
    return run


def _run_in_heading(line: Line, block_lines: Sequence[Line] = ()) -> bool:
    """Whether the line opens with a bold run of words closed by a full stop or a colon
    ("Filing a deceased person's return.", "Peeping: While ..."), or is all bold and the
    run closes on a line after it in its block (``block_lines``) before its text goes on
    ("Exemption for housing a person / displaced by Hurricane Katrina / expires. The
    additional ..."): a heading run into its paragraph. A bold year opening a reference's
    next line ("2016, 69") is none, nor a sentence set in bold for emphasis, which ends its
    line ("Fifty 4th-grade schools excluded classes and 669 students / were excluded ... as
    a result.")."""
    run = _bold_run(line)
    if not run or not run[0][:1].isalpha():
        return False
    if run[-1].endswith((".", ":")):
        return True
    # (lines compare by identity)
    at = next((i for i, other in enumerate(block_lines) if other is line), None) if len(run) == len(line.words) else None
    if at is None:
        return False
    for after in block_lines[at + 1 : at + 4]:
        more = _bold_run(after)
        if more and more[-1].endswith((".", ":")):
            return len(more) < len(after.words)
        if len(more) < len(after.words):
            return False
    return False


def _line_was_full(line: Line, following: Line, right: float, slack: int = 0) -> bool:
    """Whether ``line`` ends where the text was wrapped, not where a paragraph ended.

    Text wraps when the next word does not fit (justified text then stretches to the
    edge): a line with room for the next line's first word ended its paragraph. When
    the word would not have fitted either, it cannot be told; we say "wrapped", as a
    sentence ending a line mid-paragraph is likelier than a paragraph ending full.
    ``slack`` asks for that much more room (in characters) before saying "ended".
    """
    char = (following.x1 - following.x0) / max(len(following.text), 1)
    word = len(following.text.split(" ", 1)[0]) + 1 + slack  # with the space before it
    return line.x1 + word * char > right


def _pitch(block: Block, style: BodyStyle, size: float) -> float:
    """The usual distance between line tops: the block's own (most of its line pairs are
    within a paragraph) when it has enough lines, else the document's for that size."""
    steps = sorted(b.y0 - a.y0 for a, b in zip(block.lines, block.lines[1:], strict=False) if b.y0 > a.y0)
    return steps[len(steps) // 2 - (len(steps) % 2 == 0)] if len(steps) >= 2 else style.pitch_of(size)


def _formula(block: Block) -> bool:
    """Whether a block is mathematics set apart: few words of three letters or more, few
    plain numbers (a figure's axis labels are numbers), and only a few lines."""
    tokens = [t for x in block.lines for t in x.text.split()]
    words = sum(1 for t in tokens if _TEXT_WORD.match(t))
    numbers = sum(1 for t in tokens if NUMBER.match(t))
    return len(block.lines) <= 6 and bool(tokens) and words < 0.4 * len(tokens) and numbers < 0.5 * len(tokens)


def _calls_at(line: Line, text: str, start: int) -> list[tuple[int, str]]:
    """The line's note calls as characters of a paragraph its text (``text``: the line's,
    its bullet read) starts at ``start`` in: each marker after the end of the word it follows
    (a bullet glued to its word and read apart is one word more before it)."""
    if not line.calls:
        return []
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    more = len(ends) - len(line.text.split())
    return [(start + ends[after + more - 1], marker) for after, marker in line.calls if 0 < after + more <= len(ends)]


def _bullet(text: str) -> str:
    """A private-use glyph opening a line (symbol-font bullets) read as a bullet."""
    return _PRIVATE_BULLET.sub("• ", text) if _PRIVATE_BULLET.match(text) else text


class _Headings:
    """Which lines are headings, judged against the body style, and their levels."""

    def __init__(self, style: BodyStyle, ordered: list[Block]):
        self.style = style
        self.first_page = min((x.page for block in ordered for x in block.lines), default=None)
        # the cover's designation ("Edition 1.0"): the one line of the first page that is one
        # (several are a change log's, whose "Version 2" heads its changes)
        found = [x for block in ordered for x in block.lines if x.page == self.first_page and DESIGNATION.match(x.text)]
        self.designation = found if len(found) == 1 else []
        self.heading: set[int] = set()
        last_heading: Line | None = None
        for block in ordered:
            if block.kind != "text":
                continue
            self._mark(block)
            if last_heading is not None and self._closes(block.lines[0], last_heading):
                self.heading.add(id(block.lines[0]))  # "Exhibit 20 Perceived Benefits ..., / 2006–07"
            last_heading = block.lines[-1] if id(block.lines[-1]) in self.heading else None
        keys = sorted({self.key(x) for block in ordered for x in block.lines if id(x) in self.heading})
        self.levels = {key: n for n, key in enumerate(keys, start=1)}

    def styled(self, x: Line) -> bool:
        """Set apart from the body: larger, bold when the body is not, or numbered in capitals."""
        text = x.text
        if len(text) > 150 or _SENTENCE_END.search(text.rstrip(",;")) and not _NUMBERED.match(text) or PAGE_NUMBER.match(text):
            return False
        if _DOT_LEADER.search(text) or not re.search(r"[^\W\d_]{2}", text):
            return False  # a table-of-contents entry, or no word
        if x in self.designation:
            return False  # the cover's "Edition 1.0", set large as the title around it is, heads nothing
        if text.count(",") >= 3:
            return False  # a list set in bold (a paper's authors, key words), not a heading
        style = self.style
        if x.size >= 1.15 * style.size or (x.bold and not style.bold and x.size >= 0.9 * style.size):
            return True
        letters = [c for c in text if c.isalpha()]
        capitals = len(letters) >= 4 and all(c.isupper() for c in letters)
        return capitals and bool(_NUMBERED.match(text)) and x.size >= 0.9 * style.size

    @staticmethod
    def _closes(x: Line, heading: Line) -> bool:
        """A line of numbers alone (a year, a span of years) in the heading's own style
        right under it ends the heading; alone, a line without words is never one."""
        return (
            not re.search(r"[^\W\d_]{2}", x.text)
            and bool(re.search(r"\d", x.text))
            and len(x.text) <= 20
            and x.page == heading.page
            and (x.size, x.bold) == (heading.size, heading.bold)
            and 0 < x.y0 - heading.y0 < 2.2 * x.size
            and min(x.x1, heading.x1) - max(x.x0, heading.x0) > 0
        )

    def _mark(self, block: Block) -> None:
        """In each run of lines of one style, the opening heading-like lines are a heading
        when they are few (≤ 3 lines, ≤ 200 characters) and set apart from what follows
        in that style by a paragraph gap: a bold or large paragraph is body text."""
        lines = block.lines
        i = 0
        while i < len(lines):
            j = i + 1
            while j < len(lines) and (lines[j].size, lines[j].bold) == (lines[i].size, lines[i].bold):
                j += 1
            run = lines[i:j]
            k = 0
            while k < len(run) and self.styled(run[k]):
                k += 1
            head = run[:k]
            if head and len(head) <= 3 and sum(len(x.text) for x in head) <= 200:
                last = head[-1]
                following = lines[i + k] if i + k < len(lines) else None
                # a bold lead-in wrapping into its paragraph ("Fully taxable pensions and" /
                # "annuities. If your pension ...") is the paragraph's first words
                runs_on = (
                    following is not None and following.text[:1].islower() and not _ended(last.text) and not _NUMBERED.match(head[0].text)
                    and following.y0 - last.y0 <= self.style.pitch_of(last.size) + 0.35 * last.size
                )
                if not runs_on and (k == len(run) or run[k].y0 - last.y0 > self.style.pitch_of(last.size) + 0.35 * last.size):
                    self.heading.update(id(x) for x in head)
            i = j

    def key(self, x: Line) -> tuple[float, bool, int]:
        numbered = _NUMBERED.match(x.text)
        depth = numbered.group(1).rstrip(".").count(".") + 1 if numbered and numbered.group(1)[0].isdigit() else 0
        return (-round(x.size * 2) / 2, not x.bold, depth)

    def __contains__(self, x: Line) -> bool:
        return id(x) in self.heading


class _Flow:
    """Paragraphs from blocks in reading order; footnotes and asides held until the
    paragraph they interrupt is complete."""

    def __init__(self, style: BodyStyle, headings: _Headings, join: _Joiner, pages: dict[int, PageText], title: str | None = None):
        self.style, self.headings, self.join, self.pages = style, headings, join, pages
        self.title = title  # the section of a table under no caption and no heading
        self.outline = Outline(keep_bare_headings=True, join_lists=True)
        self.text: str | None = None
        self.page = 0
        self.breaks: list[tuple[int, int]] = []  # (character, page) where the open paragraph reaches a later page
        self.calls: list[tuple[int, str]] = []  # (character, marker) of the notes the open paragraph calls
        self.previous: Line | None = None  # the open paragraph's last line
        self.body: Line | None = None  # the open paragraph's longest line: its type size is the paragraph's
        self.settled = 0  # the open paragraph's length up to its last line of that size
        self.pending: list[tuple[str, int, str | None]] = []  # (text, page, section) after the open paragraph
        self.heading: tuple[Line, str] | None = None  # a heading may wrap over lines
        # the last body paragraph, when it was closed mid-sentence (by a figure's headings,
        # a side panel): its number, last line and right edge, for the text that goes on
        # after them
        self.broken_off: tuple[int, Line, float] | None = None
        self.resumed: int | None = None  # the number of the paragraph the open text goes on
        self.lines: list[Line] = []  # the open paragraph's lines

    # -- output
    def flush(self) -> None:
        if self.text is not None:
            if self.resumed is not None:
                self.outline.rewrite(self.resumed, self.text, self.page, self.breaks, self.calls)
            else:
                self.outline.paragraph(self.text, self.page, self.breaks, self.calls)
            number = self.resumed or len(self.outline.paragraphs)
            last = self.previous
            # (a figure's text in its own size leaves a sentence broken off before it open:
            # the figure stands in the sentence's way)
            if last is None or abs(last.size - self.style.size) <= 0.08 * self.style.size:
                # (a list item, ended or not, leaves nothing open: the text after it is its own)
                ended = last is None or _ended(self.text) or _bulleted(self.text)
                self.broken_off = None if ended else (number, last, self._edge(last))
        self.lines = []
        self.text, self.previous, self.breaks, self.calls, self.body, self.settled = None, None, [], [], None, 0
        self.resumed = None
        for text, page, section in self.pending:
            if section is None:
                self.outline.paragraph(text, page)
            else:
                self.outline.row(text, page, section)
        self.pending = []

    def aside(self, text: str, page: int, section: str | None = None) -> None:
        self.pending.append((text, page, section))
        if self.text is None:
            self.flush()

    def flush_heading(self) -> None:
        if self.heading is not None:
            line, text = self.heading
            self.outline.heading(self.headings.levels[self.headings.key(line)], text, line.page)
        self.heading = None

    # -- input
    def block(self, block: Block) -> None:
        if block.kind == "footnote":
            for note in layout.footnotes(block):
                self.aside(self._joined(note), note[0].page)
            return
        if block.kind == "table":
            section = block.caption or self._heading_above(block) or self.outline.section or self.title
            for row in block.rows:
                self.aside(row, block.page, section)
            return
        lines = block.lines
        if self.text is not None and self.previous in self.headings.designation:
            self.flush()  # the cover's "Edition 1.0" is a line of its own, as the date under it is
        if self.text is not None and lines[0] not in self.headings and _formula(block) and not self._smaller(block):
            # A displayed formula belongs to the sentence around it ("... written as [formula], where ...");
            # a smaller line at the foot of the page is a label set apart ("Cat. No. 11368V" under a column).
            for x in lines:
                self.text = f"{self.text} {x.text}"
            return
        if self.text is not None and self._after_fragment(block):
            # The paragraph ends in a small fragment (a subscript read as a line, an icon's
            # "CAUTION"): a block in the paragraph's own size goes on from the text before
            # it, a new paragraph if that text ended, else the same sentence.
            if _ended(self.text[: self.settled]):
                self.flush()
            for x in lines:
                self.line(x, block)
            return
        if (
            self.text is not None and len(self.text) <= OFF_BODY_CHARS and self._off_body() and self._in_body_size(block)
            and lines[0] not in self.headings and not lines[0].text[:1].islower()  # (lower case goes on from it)
        ):
            # The open paragraph is in another size than the body's (a figure's own text, a
            # caption without its full stop) and body text comes back: that paragraph ends
            # here, or every body block after it would be set aside as interrupting it.
            self.flush()
        if self.text is not None and self.previous is not None and lines[0] not in self.headings and self._interrupts(block):
            # Another size while a sentence is open: a caption or side panel; kept apart.
            for text, page in self._paragraphs_of(block):
                self.aside(text, page)
            return
        for x in lines:
            self.line(x, block)

    def _edge(self, line: Line) -> float:
        """The right edge of the open paragraph in the column of its last line: how far its
        lines there reach (the page's, for a paragraph of one line)."""
        column = [x.x1 for x in self.lines if x.page == line.page and abs(x.x0 - line.x0) < 3 * line.size]
        return max(column) if len(column) > 1 else self._right_edge(line)

    def _goes_on(self, x: Line, heading: Line | None) -> bool:
        """Whether ``x`` opens no paragraph of its own but goes on with the body paragraph
        broken off mid-sentence: a line of text in its size (a body paragraph's: see flush),
        on its page or the next, opening in lower case and no list item, after a last line
        with no room for its first word (a label without a full stop ends short), and more
        than a scrap (a figure's label in lower case). Not under a heading set right above
        it in the text (``heading``, just closed): that opens a section, whatever case its
        first word is in; a running head at the top of the page (read as a heading) does not."""
        if self.broken_off is None or not x.text[:1].islower() or _bulleted(x.text):
            return False
        _, previous, edge = self.broken_off
        under_heading = (
            heading is not None and heading.page == x.page and not heading.edge
            and 0 <= x.y0 - heading.y1 < 3 * x.size and min(x.x1, heading.x1) > max(x.x0, heading.x0)
        )
        return (
            not under_heading
            and x.page - previous.page in (0, 1)
            and abs(x.size - previous.size) <= 0.08 * previous.size
            and len(x.text) >= 20
            and _line_was_full(previous, x, edge)
        )

    def _heading_above(self, block: Block) -> str | None:
        """The section a heading not yet closed gives a table set right under it ("REVISION
        HISTORY" over the revision table), as the outline will name it; the heading stays
        open (it may still wrap, or head text after the table)."""
        if self.heading is None:
            return None
        line, text = self.heading
        if line.page != block.page or not 0 <= block.y0 - line.y1 < 3 * line.size:
            return None
        return self.outline.section_with(self.headings.levels[self.headings.key(line)], text)

    def _after_fragment(self, block: Block) -> bool:
        """Whether the open paragraph ends in a line much smaller than its own text and the
        block is set in that text's size: the fragment is no reason to keep the block apart."""
        previous, body = self.previous, self.body
        return (
            previous is not None and body is not None and block.lines[0] not in self.headings
            and previous.size < 0.85 * body.size and abs(block.size - body.size) <= 0.08 * body.size
        )

    def _in_body_size(self, block: Block) -> bool:
        """Whether the block is body text: in the body's size, and more than a scrap (a
        wrapped e-mail address's \"umich.edu)\" in a link's font is no paragraph)."""
        return abs(block.size - self.style.size) <= 0.08 * self.style.size and sum(len(x.text) for x in block.lines) >= 20

    def _off_body(self) -> bool:
        """Whether the open paragraph is set in another size than the body text's."""
        return self.body is not None and abs(self.body.size - self.style.size) > 0.08 * self.style.size

    def _smaller(self, block: Block) -> bool:
        """A smaller line in the page's bottom band: a label under the text, not part of it."""
        return self.previous is not None and block.size < 0.9 * self.previous.size and all(x.edge for x in block.lines)

    def _interrupts(self, block: Block) -> bool:
        previous = self.previous
        assert previous is not None and self.text is not None
        first = block.lines[0]
        other_size = abs(block.size - previous.size) > 0.08 * previous.size
        return (other_size or bool(_CAPTION.match(first.text))) and not _ended(self.text) and not first.text[:1].islower()

    def _paragraphs_of(self, block: Block) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        text, page, previous = None, 0, None
        for x in block.lines:
            line_text = _bullet(x.text)
            if text is None or previous is None:
                text, page = line_text, x.page
            elif self._starts_paragraph(previous, x, text, block):
                found.append((text, page))
                text, page = line_text, x.page
            else:
                text = self.join(text, line_text)
            previous = x
        if text is not None:
            found.append((text, page))
        return found

    def _joined(self, lines: list[Line]) -> str:
        text = lines[0].text
        for x in lines[1:]:
            text = self.join(text, x.text)
        return text

    def _starts_paragraph(self, previous: Line, x: Line, text: str, block: Block, block_lines: Sequence[Line] = ()) -> bool:
        """Within a column: a gap, an indent or a bullet after a sentence end, a sentence
        ending short, a field after a field ("Received: ..." / "Accepted: ..."), or a bold
        heading run in (``block_lines``: the lines of ``x``'s own block, where the heading
        may close)."""
        ended = _ended(text)
        if _bulleted(x.text):
            return True
        if not ended and x.text[:1].islower():
            return False  # an open sentence going on, whatever the gap (a raised index or a formula widened it)
        size = max(x.size, previous.size)
        if x.y0 - previous.y0 > _pitch(block, self.style, previous.size) + 0.35 * size:
            return True
        if not ended and _FIELD.match(previous.text) and _FIELD.match(x.text):
            # field after field ("Received: 2 February 2023" / "Accepted: 27 February 2023"):
            # each is what a question about it asks for, not a wrapped sentence
            return True
        right = max(line.x1 for line in block.lines) if len(block.lines) > 2 else self._right_edge(previous)
        if not ended:
            # No closing punctuation, yet the line stopped with clear room for the next
            # word: an item of a list or a note set without full stops, not a wrapped line
            # ("... pertaining to handgun permits" / "Since the permit check ...").
            return (
                len(block.lines) > 2
                and x.text[:1].isupper()
                and not _CONTINUES.search(text)
                and not _line_was_full(previous, x, right, slack=4)
            )
        if _hangs_under(previous, x, text):
            # a numbered item's next line, set under its text past the number (a hanging
            # indent: "4. Haffner, H. ... Phys." / "Rep. 469, 155-203 (2008)."), not a new
            # paragraph indented
            return False
        if x.x0 - previous.x0 > 0.8 * size:
            return True  # indented first line
        if _run_in_heading(x, block_lines) and not (previous.words and previous.words[-1].bold):
            return True  # a bold run-in heading opens the line after a sentence ended
        return not x.text[:1].islower() and not _line_was_full(previous, x, right)

    def _right_edge(self, line: Line) -> float:
        """The right margin of the column ``line`` is in: the furthest right of the lines starting near it."""
        page = self.pages.get(line.page)
        lines = page.lines if page else [line]
        return max((x.x1 for x in lines if abs(x.x0 - line.x0) < 3 * self.style.size and x not in self.headings), default=line.x1)

    def line(self, x: Line, block: Block) -> None:
        previous = self.previous
        if x in self.headings:
            self.flush()
            last = self.heading[0] if self.heading is not None else None
            wraps = (
                last is not None
                and last.page == x.page
                and (last.size, last.bold) == (x.size, x.bold)
                and 0 < x.y0 - last.y0 < 2.2 * x.size
            )
            if wraps:
                self.heading = (x, f"{self.heading[1]} {x.text}")
            else:
                self.flush_heading()
                self.heading = (x, x.text)
            return
        closed = self.heading[0] if self.heading is not None else None
        self.flush_heading()
        text = _bullet(x.text)
        if (self.text is None or self._off_body()) and self._goes_on(x, closed):
            # the sentence a figure's headings or a side panel broke off goes on here, past
            # the figure's own text if that is open (``previous`` is now the broken
            # paragraph's last line: the join below reads it)
            self.flush()
            number, previous, _ = self.broken_off
            broken = self.outline.paragraphs[number - 1]
            self.text, self.page, self.body, self.resumed = broken.text, broken.page or x.page, previous, number
            self.breaks, self.calls = list(broken.page_breaks), list(broken.notes)
            self.settled = len(self.text)
        if self.text is None or previous is None:
            self.text, self.page, self.breaks, self.calls, self.body = text, x.page, [], [], x
        else:
            beneath = previous.page == x.page and x.y0 > previous.y0 and min(x.x1, previous.x1) - max(x.x0, previous.x0) > 0
            if previous in self.headings.designation or x in self.headings.designation:
                new = True  # (... within its block too: "Version 2.1" / "March 2020")
            elif beneath and x.y0 - previous.y0 < 3 * max(x.size, previous.size):
                new = self._starts_paragraph(previous, x, self.text, block if x in block.lines and previous in block.lines else Block([previous, x]), block.lines)
            elif beneath:  # further down the column, past a table or figure: a sentence left open goes on
                new = _ended(self.text) and not x.text[:1].islower()
            else:  # next column or page
                ended = _ended(self.text)
                new = _bulleted(x.text) or (
                    ended and not x.text[:1].islower() and not _line_was_full(previous, x, self._right_edge(previous))
                )
            if new:
                self.flush()
                self.text, self.page, self.body = text, x.page, x
            else:
                if x.page != (self.breaks[-1][1] if self.breaks else self.page):
                    self.breaks.append((len(self.text) + 1, x.page))
                self.text = self.join(self.text, text)
                if self.body is None or len(x.text) > len(self.body.text):
                    self.body = x
        self.lines.append(x)
        self.calls += _calls_at(x, text, len(self.text) - len(text))
        if self.body is not None and x.size >= 0.85 * self.body.size:
            self.settled = len(self.text)
        self.previous = x

    def close(self) -> list[Paragraph]:
        self.flush()
        self.flush_heading()
        return self.outline.close()


def _layout(pages: list[PageText]) -> tuple[list[Block], dict[int, PageText], BodyStyle, list[Line]]:
    """The document's blocks in reading order, page by page, and its running heads (once each)."""
    printed = {p.number: p.lines for p in pages}
    pages, heads = layout.drop_furniture(pages)
    style = body_style(pages)
    ordered: list[Block] = []
    for page in pages:
        kept = {id(x) for x in page.lines}
        found_tables, rest = tables.find(page, [x for x in printed[page.number] if id(x) not in kept])
        found = layout.blocks(rest) + found_tables
        layout.mark_footnotes(found, page, style.size)
        ordered.extend(layout.reading_order(found))
    tables.carry_headers(ordered)
    return ordered, {p.number: p for p in pages}, style, [line for n in sorted(heads) for line in heads[n]]


def rebuild_pages(pages: list[PageText], title: str | None = None, file_name: str = "") -> tuple[list[Paragraph], str | None]:
    """Paragraphs (with section and page) from the pages' lines, and the title the first
    page shows (its largest text), for when the file's metadata has none worth keeping.
    A table under no caption and no heading takes the document's title (``title``, else
    the shown one) as its section: its cells are about what the document is."""
    ordered, by_number, style, heads = _layout(pages)
    first = by_number.get(pages[0].number) if pages else None
    shown = _title_from_page(first, style)
    headings = _Headings(style, ordered)
    join = _Joiner([x.text for block in ordered if block.kind == "text" for x in block.lines])
    flow = _Flow(style, headings, join, by_number, title or shown)
    for block in ordered:
        flow.block(block)
    paragraphs = flow.close()
    # The running heads that say more than the title and the file's name ("MMWR / January
    # 14, 2011 / Vol. 60", not "Copyright Office Summary" of copyright-office-summary.pdf),
    # once each, after the text: citable with their page, and no body paragraph renumbered.
    # Like a table under no caption, a head is about the whole document: its title is the section.
    named = set(terms(f"{title or shown or ''} {name_words(file_name)}"))
    for line in heads:
        if not set(terms(line.text)) <= named:
            paragraphs.append(Paragraph(len(paragraphs) + 1, clean(line.text), title or shown, line.page))
    return paragraphs, shown


def rebuild(pages: list[list[Line]]) -> list[Paragraph]:
    """Paragraphs (with section and page) from the lines of each page (tests, OCR)."""
    return rebuild_pages([page_of_lines(lines, lines[0].page if lines else n) for n, lines in enumerate(pages, start=1)])[0]


# --- titles ------------------------------------------------------------------------

_FILE_NAME = re.compile(r"\.(exe|docx?|rtf|pdf|indd|qxd|qxp|tex|dvi|ps|eps|txt|wpd|pptx?|xlsx?|html?|p65|pm\d|fm)$", re.IGNORECASE)
_PRODUCER_PREFIX = re.compile(r"^(microsoft (word|powerpoint|excel)|word|powerpoint)\s*-\s*", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(untitled|title|document\d*|slide \d+|no title|none|unknown|\W+)$", re.IGNORECASE)


def _useful_title(title: str | None) -> str | None:
    """The metadata title, or None when it is junk: a file name, mostly digits, a placeholder, too short."""
    title = clean(_PRODUCER_PREFIX.sub("", clean(title or "")))
    if not title or _FILE_NAME.search(title) or _PLACEHOLDER.match(title):
        return None
    letters = sum(c.isalpha() for c in title)
    if letters < 4 or letters < 0.5 * sum(c.isalnum() for c in title):
        return None
    if " " not in title and re.search(r"[\d_]", title):
        return None  # one token with digits or underscores: a file or job name
    return title


def _title_from_page(page: PageText | None, style: BodyStyle) -> str | None:
    """The page's largest text (joined when it wraps), when it is larger than the body."""
    first = [x for x in page.lines if re.search(r"[^\W\d_]{2}", x.text)] if page else []
    if not first:
        return None
    size = max(x.size for x in first)
    if size < 1.15 * style.size:
        return None
    lines = sorted((x for x in first if abs(x.size - size) < 0.5), key=lambda x: (x.y0, x.x0))
    text = lines[0].text
    for a, b in zip(lines, lines[1:], strict=False):
        if b.y0 - a.y0 > 2.5 * size:
            break
        text = f"{text} {b.text}"
    title = clean(text)
    return title if 4 <= sum(c.isalpha() for c in title) and len(title) <= 250 else None


# --- reading a file ----------------------------------------------------------------

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


def _put_back_ligatures(pages: list[PageText]) -> None:
    """"speciic" to "specific" in a document whose font dropped its ligatures (ligatures.py)."""
    fixed = ligatures.repairs(x.text for page in pages for x in page.lines)
    if not fixed:
        return
    for page in pages:
        for x in page.lines:
            x.text = ligatures.repair(x.text, fixed)
            for word in x.words:
                word.text = ligatures.repair(word.text, fixed)
    # ... and "he findings" to "The findings" where its "Th" went the same way
    openings = [
        [ligatures.sentence_openings(x.text, ligatures.opens_with_lost_th(x.text) and _after_full_stop(x, page.lines)) for x in page.lines]
        for page in pages
    ]
    if sum(len(at) for page in openings for at in page) < ligatures.MIN_TH_LOST:
        return
    for page, page_openings in zip(pages, openings, strict=True):
        for x, at in zip(page.lines, page_openings, strict=True):
            if not at:
                continue
            if len(x.text.split()) == len(x.words):  # the words, where they are the line's tokens
                for offset in at:
                    word = x.words[len(x.text[:offset].split())]
                    word.text = "T" + word.text
            x.text = ligatures.put_back_th(x.text, at)


def _after_full_stop(line: Line, lines: list[Line]) -> bool:
    """Whether the line above this one in its column ends a sentence (or there is none)."""
    above = [x for x in lines if x.y1 <= line.y0 + 0.5 * line.size and x.x0 < line.x1 and line.x0 < x.x1]
    if not above:
        return True
    return re.search(r"[.!?:][\"\u201d\u2019)]?\s*$", max(above, key=lambda x: x.y1).text) is not None


@reader(".pdf", ocr=True, pages=True)
def read_pdf(path: Path, *, ocr: bool = False, progress: bool = False, on_page: Callable[[int, int], None] | None = None) -> ReadResult:
    """Raises UnreadableFile saying what to do for an empty, damaged, encrypted or scanned PDF.

    A page with an image and (almost) no text is a scan: with ``ocr`` it is read by
    Tesseract (qa/ingest/ocr.py); without it a file made of such pages is skipped with
    that hint (a stray label on a scanned page does not make it a text page).
    ``on_page(done, total)`` is told each page read (the app's upload bar).
    """
    import pypdfium2 as pdfium

    from qa.ingest import ocr as ocr_engine

    name, stem = path.name, path.stem
    document = _open(path)
    try:
        pages: list[PageText] = []
        entries: list[tuple[int, list[str]]] = []  # a filled-in form's fields, per page
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                pages.append(read_page(page, number))
                entries.append((number, pdf_forms.filled_fields_or_none(page)))
            finally:
                page.close()
            if on_page is not None:
                on_page(number, len(document))
        scanned = [p.number for p in pages if p.chars < OCR_CHARS and p.images]
        if scanned and ocr:
            if not ocr_engine.available():
                raise UnreadableFile(f"{len(scanned)} page(s) without a text layer, and OCR needs Tesseract: {ocr_engine.INSTALL_HINT}")
            try:
                for number, lines in ocr_engine.ocr_pages(document, scanned, progress=progress, label=f"OCR {name}").items():
                    old = pages[number - 1]
                    pages[number - 1] = PageText(number, old.width, old.height, lines, old.rules, old.images, sum(len(x.text) for x in lines))
            except ocr_engine.OCRFailed as error:
                raise UnreadableFile(str(error)) from error
        metadata_title = document.get_metadata_value("Title")
        page_count = len(document)
    except pdfium.PdfiumError as error:
        raise UnreadableFile(f"damaged or not a PDF: re-download it, or try `qpdf {name} {stem}-fixed.pdf` and index the result") from error
    finally:
        document.close()
    text_chars = sum(p.chars for p in pages)
    if scanned and not ocr and text_chars < OCR_CHARS * page_count:
        raise UnreadableFile(
            f"no text layer (scanned or image-only): index again with --ocr (needs Tesseract), or run OCR first, e.g. `ocrmypdf {name} {stem}-ocr.pdf`, and index that"
        )
    if not any(p.lines for p in pages):
        if scanned and ocr:
            raise UnreadableFile(f"OCR found no words on its {len(scanned)} scanned page(s): check the scan is upright and at least 200 dpi")
        raise UnreadableFile(f"no text on its {page_count} page(s): nothing to index")
    _put_back_ligatures(pages)
    title = _useful_title(metadata_title)
    paragraphs, shown_title = rebuild_pages(pages, title, stem)
    for number, filled in entries:
        if filled:
            paragraphs.append(Paragraph(len(paragraphs) + 1, "; ".join(filled), pdf_forms.SECTION, number))
    return ReadResult(paragraphs, title or shown_title)
