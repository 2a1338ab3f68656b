"""Section names from headings, the same rule for every structured format.

A report nests headings (country, then PROSECUTION / PROTECTION / PREVENTION). A
passage's section is the last heading seen, prefixed with the top-level heading above
it, e.g. "Tajikistan: PROTECTION": short enough to read in a citation, and it keeps
the country, which is what tells two otherwise alike PROTECTION sections apart.
"""

from __future__ import annotations

import re

from qa.types import Paragraph


def clean(text: str) -> str:
    """Runs of spaces, tabs and line breaks to one space (no-break spaces are kept)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


class Outline:
    """Collects paragraphs in reading order, each stamped with its section and page."""

    def __init__(self) -> None:
        self._headings: list[tuple[int, str]] = []
        self.paragraphs: list[Paragraph] = []

    def heading(self, level: int, text: str) -> None:
        text = clean(text)
        if not text:
            return
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        self._headings.append((level, text))

    @property
    def section(self) -> str | None:
        if not self._headings:
            return None
        top, last = self._headings[0][1], self._headings[-1][1]
        return top if len(self._headings) == 1 else f"{top}: {last}"

    def paragraph(self, text: str, page: int | None = None, breaks: list[tuple[int, int]] | None = None) -> None:
        """``breaks``: (character of ``text``, page) where the text reaches a later page."""
        cleaned = clean(text)
        if cleaned:
            # where each break falls once the spaces are collapsed: the cleaned length of what precedes it
            at = tuple((len(clean(text[:start])) + (1 if start else 0), later) for start, later in breaks or ())
            at = tuple((min(start, len(cleaned)), later) for start, later in at if later != page)
            self.paragraphs.append(Paragraph(len(self.paragraphs) + 1, cleaned, self.section, page, page_breaks=at))
