"""A document's own record: its front matter (cover, title page) and the dates printed there.

"When was GAO-23-106826 issued?" is answered by "June 2023" alone on the cover, a line
with none of the question's words, which neither retriever ranks; "When was the paper
accepted?" by "Accepted: 23 January 2015" among three dated lines. The question asks
about the document itself, so its first pages are searched as one more scope
(qa/search/scope.py), and a bare date there says when the document was issued.
"""

from __future__ import annotations

import re

from qa.answer.candidates import DATE, PATTERNS
from qa.text import terms

#: The record of a document a question may ask the date of
_RECORD = r"published|issued|released|dated|accepted|received|revised|submitted|posted"
_WHEN = r"\b(?:when|(?:what|which)\s+(?:day|date|month|year)|dates?)\b"
#: A question about the document's own record: when it was published, issued, received or
#: accepted, or what its cover or title page says
_ASKS_FRONT = re.compile(
    rf"{_WHEN}.*\b({_RECORD})\b"
    r"|\b(?:cover(?:\s+page)?|title\s+page|front\s+matter|publication\s+date|date\s+of\s+(?:publication|issue|release))\b",
    re.IGNORECASE,
)
_ASKS_WHEN = re.compile(_WHEN, re.IGNORECASE)
#: The pages a document's front matter may take: a cover, then a title page
FRONT_PAGES = 2
#: A front line this short that holds a date is one of the document's own dates
DATE_LINE_WORDS = 6


#: What a question calls the document itself ("the GAO product", "the paper", "this report")
_DOCUMENT = re.compile(
    r"\b(?:report|paper|article|study|product|publication|guideline|guidelines|guidance|recommendation|summary|notice|"
    r"instructions|form|document|memo|memorandum|brief|bulletin|handbook|manual|standard|model|edition|version|issue|appendix)\b",
    re.IGNORECASE,
)


def asks_front(question: str) -> bool:
    return _ASKS_FRONT.search(question) is not None


def asks_front_date(question: str) -> bool:
    return asks_front(question) and _ASKS_WHEN.search(question) is not None


def record_terms(question: str) -> frozenset[str]:
    """The record a question asks the date of ("issued", "received"), as terms; none if it asks no date."""
    found = _ASKS_FRONT.search(question)
    return frozenset(terms(found.group(1))) if found and found.group(1) else frozenset()


def asked_of_the_document(question: str) -> frozenset[str]:
    """The words of a question asking the document's own date that a date alone on its
    cover says: the record ("When was the GAO product ... issued?": "issued", when what
    was issued is called a document, not "When was the National Cybersecurity Strategy
    issued?"), or the cover and the date ("What date is printed on the cover?"); else none."""
    found = _ASKS_FRONT.search(question)
    if not found or not _ASKS_WHEN.search(question):
        return frozenset()
    if found.group(1):
        return frozenset(terms(found.group(1))) if _DOCUMENT.search(question[: found.start(1)]) else frozenset()
    return frozenset(terms(f"{found.group(0)} date dated printed"))


def on_front(page: int | None, first_page: int | None) -> bool:
    return page is not None and first_page is not None and page < first_page + FRONT_PAGES


def date_line(text: str) -> bool:
    return len(text.split()) <= DATE_LINE_WORDS and PATTERNS[DATE].search(text) is not None


def bare_date(text: str) -> bool:
    """A line that is a date and nothing else ("June 2023", "2004-08"): the date the
    document carries, which says it was issued then."""
    found = PATTERNS[DATE].search(text)
    return found is not None and not re.sub(r"[\W_]+", "", text[: found.start()] + text[found.end() :])
