"""Section names from headings, the same rule for every structured format.

A report nests headings (country, then PROSECUTION / PROTECTION / PREVENTION). A
passage's section is the last heading seen, prefixed with the top-level heading above
it, e.g. "Tajikistan: PROTECTION": short enough to read in a citation, and it keeps
the country, which is what tells two otherwise alike PROTECTION sections apart.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.types import Paragraph


def clean(text: str) -> str:
    """Runs of spaces, tabs and line breaks to one space (no-break spaces are kept)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


class Outline:
    """Collects paragraphs in reading order, each stamped with its section and page.

    ``keep_bare_headings``: a heading with nothing under it before the next heading of its
    level (a figure's labels, a flowchart's boxes, a cover's lines, which a reader that
    guesses headings from type style takes for headings) is kept as a paragraph, its
    words not lost; the bare headings in a row on one page make one paragraph. So is a
    heading between the top one and the last that no section ever named (a cover's
    "December 1998" between the title and INTRODUCTION): a section shows only those two.

    ``join_lists``: the items of a list that is one sentence ("... present for at least:" /
    "1. 31 days during 2007, and" / "2. 183 days during ...") join the paragraph that leads
    into them, so the sentence is whole: each item alone lacks what it is about. A list
    of sentences (an item that ends in a full stop first) stays paragraphs."""

    def __init__(self, keep_bare_headings: bool = False, join_lists: bool = False) -> None:
        self._headings: list[tuple[int, str]] = []
        # per heading: whether a section named it (a paragraph came under it as the top or
        # the last heading), and its page
        self._under: list[tuple[bool, int | None]] = []
        self._keep = keep_bare_headings
        self._bare_last = False  # whether the last paragraph is bare headings (the next joins it)
        self._join_lists = join_lists
        self._in_list = False  # whether the last paragraph is a lead-in and items of its sentence
        self.paragraphs: list[Paragraph] = []

    def heading(self, level: int, text: str, page: int | None = None) -> None:
        text = clean(text)
        if not text:
            return
        while self._headings and self._headings[-1][0] >= level:
            self._pop()
        self._headings.append((level, text))
        self._under.append((False, page))

    def close(self) -> list[Paragraph]:
        """The paragraphs, with the bare headings left at the end."""
        while self._headings:
            self._pop()
        return self.paragraphs

    def _pop(self) -> None:
        (_, text), (named, page) = self._headings.pop(), self._under.pop()
        if named or not self._keep:
            return
        last = self.paragraphs[-1] if self.paragraphs else None
        if self._bare_last and last is not None and last.section == self.section and last.page == page:
            self.paragraphs[-1] = replace(last, text=f"{last.text}; {text}")
        else:
            self._add(Paragraph(len(self.paragraphs) + 1, text, self.section, page))
        self._bare_last = True

    def _add(self, paragraph: Paragraph) -> None:
        self.paragraphs.append(paragraph)
        self._in_list = False
        last = len(self._under) - 1
        self._under = [(named or i in (0, last), page) for i, (named, page) in enumerate(self._under)]
        self._bare_last = False

    def section_with(self, level: int, text: str) -> str:
        """The section a heading of ``level`` would name, the outline left as it is (a
        table under a heading that may still wrap)."""
        kept = [heading for heading in self._headings if heading[0] < level]
        return f"{kept[0][1]}: {clean(text)}" if kept else clean(text)

    @property
    def section(self) -> str | None:
        if not self._headings:
            return None
        top, last = self._headings[0][1], self._headings[-1][1]
        return top if len(self._headings) == 1 else f"{top}: {last}"

    def paragraph(
        self, text: str, page: int | None = None, breaks: list[tuple[int, int]] | None = None, calls: list[tuple[int, str]] | None = None
    ) -> None:
        """``breaks``: (character of ``text``, page) where the text reaches a later page;
        ``calls``: (character of ``text``, marker) of the notes it calls (Paragraph.notes)."""
        cleaned, at, notes = _placed(text, page, breaks, calls)
        if cleaned:
            last = self.paragraphs[-1] if self.paragraphs else None
            if self._join_lists and last is not None and last.section == self.section and _item_of(last.text, cleaned, self._in_list):
                shift = len(last.text) + 1
                moved = ((shift, page),) if page is not None and page != last.page_at(len(last.text)) else ()
                breaks = last.page_breaks + moved + tuple((shift + start, later) for start, later in at)
                notes = last.notes + tuple((shift + end, marker) for end, marker in notes)
                self.paragraphs[-1] = replace(last, text=f"{last.text} {cleaned}", page_breaks=breaks, notes=notes)
                self._in_list = True
                return
            self._add(Paragraph(len(self.paragraphs) + 1, cleaned, self.section, page, page_breaks=at, notes=notes))

    def rewrite(
        self, number: int, text: str, page: int | None, breaks: list[tuple[int, int]] | None = None, calls: list[tuple[int, str]] | None = None
    ) -> None:
        """Paragraph ``number`` given again, longer: a sentence that a figure's headings
        broke off goes on after them (on its page or the next), and stays under its own
        section and number."""
        cleaned, at, notes = _placed(text, page, breaks, calls)
        self.paragraphs[number - 1] = replace(self.paragraphs[number - 1], text=cleaned, page_breaks=at, notes=notes)

    def row(self, text: str, page: int | None, section: str | None) -> None:
        """A paragraph with a section of its own (a table's row, under its caption)."""
        self._add(Paragraph(len(self.paragraphs) + 1, clean(text), section, page))


def _placed(
    text: str, page: int | None, breaks: list[tuple[int, int]] | None, calls: list[tuple[int, str]] | None
) -> tuple[str, tuple[tuple[int, int], ...], tuple[tuple[int, str], ...]]:
    """The text cleaned, with its page breaks and note calls moved to where they fall in it."""
    cleaned = clean(text)
    # where each break falls once the spaces are collapsed: the cleaned length of what precedes it
    at = tuple((len(clean(text[:start])) + (1 if start else 0), later) for start, later in breaks or ())
    at = tuple((min(start, len(cleaned)), later) for start, later in at if later != page)
    notes = tuple((min(len(clean(text[:end])), len(cleaned)), marker) for end, marker in calls or ())
    return cleaned, at, notes


#: A list item's marker opening a line or paragraph: a bullet (any mark), "1.", "a)", "(iv)".
BULLET = re.compile(r"^([^\w\s\"'“‘(\[$€£%&]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s")
#: An item that leaves its sentence open: it ends in a comma, a semicolon, "and" or "or".
_OPEN_ITEM = re.compile(r"(?:[,;]|\b(?:and|or))$")


def _item_of(lead: str, item: str, in_list: bool) -> bool:
    """Whether ``item`` goes on the sentence ``lead`` leaves open: the first item after a
    colon, itself open; each next one after an open item."""
    if not BULLET.match(item):
        return False
    if in_list:
        return bool(_OPEN_ITEM.search(lead))
    return lead.endswith(":") and bool(_OPEN_ITEM.search(item))
