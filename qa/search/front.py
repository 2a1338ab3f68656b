"""A document's own record: its front matter (cover, title page) and the dates printed there.

"When was GAO-23-106826 issued?" is answered by "June 2023" alone on the cover, a line
with none of the question's words, which neither retriever ranks; "When was the paper
accepted?" by "Accepted: 23 January 2015" among three dated lines. The question asks
about the document itself, so its first pages are searched as one more scope
(qa/search/scope.py), and a bare date there says when the document was issued
(qa/answer/extract.py). Both read the question with ``front_question``, so they agree on
which questions are about the document's own record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answer.candidates import DATE, PATTERNS
from qa.text import shouted, terms
from qa.types import Document

#: The records of a document a question may ask the date of, as what the one who made it
#: did ("When did the journal receive ...?") and as done ("When was it received?") ...
_DONE = {
    "publish": "published", "issue": "issued", "release": "released", "accept": "accepted", "receive": "received",
    "revise": "revised", "submit": "submitted", "post": "posted",
    "put out": "issued",  # (a phrasal verb: the record it makes is the document's issue)
}
_RECORD = "|".join([*_DONE.values(), "dated"])
#: ... of what it calls the document ("the GAO product", "the paper", "this report"): the
#: record's subject, not a strategy or a memo the document writes about
_DOCUMENT = (
    r"report|paper|article|manuscript|study|product|publication|guideline|guidelines|guidance|recommendation|summary|notice|"
    r"instructions|form|document|brief|bulletin|handbook|manual|standard|model|edition|version|appendix"
)
#: ... or its number, as its maker files it: "GAO-23-106826", "SP 800-223", "CMS-1490S"; in
#: capitals whatever the question's case ("in 2019-2020" is no number), and not "COVID-19",
#: a disease's name, nor one opening with a year ("UN-2030", "FY 2022-23", "CVE-2021-44228")
_DOCUMENT_NUMBER = r"(?-i:[A-Z]{2,}[- ]?(?!(?:19|20)\d\d\b)\d+(?:-\d+)+|[A-Z]{2,}-(?!(?:19|20)\d\d\b)\d{3,}[A-Z]?)"
_WHEN = r"(?:when|(?:on |in )?(?:what|which) (?:day|date|month|year))"
#: "When was the GAO product on ... issued?": a question opening by asking when, whose
#: subject is a document (or its number: "When was GAO-23-106826 issued?"), and that then
#: asks when it was issued; no "according to" or "say"
#: (what a document says was released is not the document)
_OWN_RECORD = re.compile(rf"^\W*{_WHEN}\b.*?\b(?:{_DOCUMENT}|{_DOCUMENT_NUMBER})\b.*?\b({_RECORD})\b", re.IGNORECASE)
#: ... or asked of the one who made it, the document the verb's object and the end of it:
#: "When did Scientific Reports receive the 2015 Wang, Shen and Duan paper ...?"; not "When
#: did the authorities release the detainees named in the report?", "... the findings of
#: the report?", "... receive funding for the study?", "... the study drug?", "... the
#: report's recommendations?" nor "... the detainees the paper describes?"
_DETERMINERS = r"the|its|their|this|that|these|those|a|an"
_OBJECT_BREAKS = (
    rf"for|to|in|on|at|by|with|from|about|after|before|during|into|than|since|until|because|while|when|which|who|of\s+(?:{_DETERMINERS})|{_DETERMINERS}"
)
_OWN_RECORD_DONE = re.compile(
    rf"^\W*{_WHEN}\s+did\b.*?\b({'|'.join(_DONE)})\s+(?:(?:{_DETERMINERS})\s+)?(?:(?!(?:{_OBJECT_BREAKS})\b)[\w.+'’,-]+\s+){{0,10}}?"
    rf"(?:{_DOCUMENT})(?=\s*(?:[?.,;:!)]|$)|\s+(?:and|or|on|about|by|in|from|for|that|which|to|with|{_RECORD})\b)",
    re.IGNORECASE,
)
#: ... or by the name of the date it carries: "What is the revision date of IRS Notice
#: 1036?", "What publication date does the GAO product carry?"; the document is what the
#: date is of, its phrase unbroken (not "the release date of the drug the report
#: studies", "the revision date of the tables the notice gives", "the submission date for
#: Form 1040NR", a deadline, nor "What issue date does the report give for the strategy?")
_RECORD_NOUNS = {
    "revision": "revised", "publication": "published", "issue": "issued", "release": "released", "receipt": "received",
    "submission": "submitted", "acceptance": "accepted",
}
_DOCUMENT_PHRASE = (
    rf"(?:(?:{_DETERMINERS})\s+)?(?:(?!(?:{_OBJECT_BREAKS})\b)[\w.+'’,-]+\s+){{0,8}}?(?:{_DOCUMENT})"
    rf"(?=\s*(?:[?.,;:!)]|$)|\s+(?:[\w.-]*\d[\w.-]*|and|or|on|about|by|in|from|for|that|which|with|carry|bear|have|show|give)\b)"
)
_RECORD_DATE = re.compile(
    rf"^\W*(?:what|which)\s+(?:(?:is|was)\s+(?:the\s+|its\s+)?({'|'.join(_RECORD_NOUNS)})\s+date\s+of\s+{_DOCUMENT_PHRASE}"
    rf"|({'|'.join(_RECORD_NOUNS)})\s+date\s+(?:does|did)\s+{_DOCUMENT_PHRASE}.*?\b(?:carry|bear|have|show|print)\W*$)",
    re.IGNORECASE,
)
#: a record word anywhere in the question (the last one named is the one asked) ...
_RECORD_WORD = re.compile(rf"\b(?:{_RECORD})\b", re.IGNORECASE)
#: ... and one naming the document itself: "the revised version", "the published report"
_RECORD_OF_DOCUMENT = re.compile(rf"\b({_RECORD})\s+(?:{_DOCUMENT})\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:according to|says?|said|cites?|cited|reports? that|mentions?)\b", re.IGNORECASE)
#: "What date is printed on the cover?", "the title page": the cover as a noun
_COVER = re.compile(
    r"\b(?:(?:on|of|from) (?:the |its |this )?(?:front |back )?cover\b|cover (?:page|sheet)|title page|front matter|publication date|date of publication)",
    re.IGNORECASE,
)
_ASKS_WHEN = re.compile(rf"\b{_WHEN}\b|\bdates?\b", re.IGNORECASE)
#: The pages a document's front matter may take: a cover, then a title page
FRONT_PAGES = 2
#: A front line this short that holds a date is one of the document's own dates
DATE_LINE_WORDS = 6


@dataclass(frozen=True)
class FrontQuestion:
    """A question about the document's own record, as both stages read it."""

    asks_date: bool  # when it was issued, or a date on its cover: its dated lines answer
    # the records asked ("received"): dated lines saying any come first in the scope's list;
    # the answer stage takes a line for a date alone on the cover only when it says them all
    record: frozenset[str]
    said_by_a_date: frozenset[str]  # the question's words a date alone on the cover says


def front_question(question: str) -> FrontQuestion | None:
    """The question as one about the document's own record, or None: "When was the Ki67 task
    force recommendation published?", "What is the revision date of IRS Notice 1036?",
    "What date is printed on the cover?"; not "When was
    the National Cybersecurity Strategy issued?" (a strategy is no document here), "According
    to the report, when were the detainees released?" or "What dates does the report cover?"."""
    if _REPORTED.search(question):
        return None
    if (dated := _RECORD_DATE.search(question)) is not None:  # ("What is the revision date of the notice?")
        noun = (dated.group(1) or dated.group(2)).lower()
        record = frozenset(terms(_RECORD_NOUNS[noun]))
        # (a date alone on the cover says the question's own words too: "publication date")
        return FrontQuestion(True, record, record | frozenset(terms(f"{noun} date")))
    done = _OWN_RECORD_DONE.search(question)  # (first: "When did Nature publish the paper submitted by ...?")
    if done is not None or _OWN_RECORD.search(question) is not None:
        record = frozenset(terms(" ".join(_records_asked(question, _DONE[done.group(1).lower()] if done else None))))
        return FrontQuestion(True, record, record)
    cover = _COVER.search(question)
    if cover is None:
        return None
    asks_date = _ASKS_WHEN.search(question) is not None
    return FrontQuestion(asks_date, frozenset(), frozenset(terms(f"{cover.group(0)} date dated printed")) if asks_date else frozenset())


def _records_asked(question: str, done: str | None = None) -> list[str]:
    """The records a question asks the date of: ``done`` (the record of the verb asked in
    the active, "When did the journal receive ...?"), else the last one it names ("...
    published?"), and one naming the document ("When was the revised version ...
    received?"); not one in the document's subject ("the paper on posted workers")."""
    asked = [done] if done else _RECORD_WORD.findall(question)[-1:]
    return asked + [m.group(1) for m in _RECORD_OF_DOCUMENT.finditer(question)]


def first_page(document: Document) -> int | None:
    """A paged document's first page (None for text without pages)."""
    return min((p.page for p in document.paragraphs if p.page is not None), default=None)


def on_front(page: int | None, first_page: int | None) -> bool:
    """Whether a page is among a document's first FRONT_PAGES (its cover and title page)."""
    return page is not None and first_page is not None and page < first_page + FRONT_PAGES


def date_line(text: str) -> bool:
    """A short line holding a date ("Accepted: 23 January 2015", "June 2023"): on the front
    pages, one of the document's own dates."""
    return len(text.split()) <= DATE_LINE_WORDS and PATTERNS[DATE].search(text) is not None


def bare_date(text: str) -> bool:
    """A line that is a date and nothing else ("June 2023", "2004-08"): the date the
    document carries, which says it was issued then."""
    found = PATTERNS[DATE].search(text)
    return found is not None and not re.sub(r"[\W_]+", "", text[: found.start()] + text[found.end() :])


#: How far apart (in words) two of a title's words may stand in one phrase naming it
NAMING_GAP = 3


def naming_phrase_terms(question: str, title_terms: frozenset[str] | set[str], with_title: bool = False) -> frozenset[str]:
    """The words the question names a document by besides its title's: "the 2015 Sci. Rep.
    paper on quantum computation in a planar ion crystal" calls the paper by its journal,
    year and kind ("2015", "Sci", "Rep", "paper") beside the title's words. They say which
    document, not what is asked of it: left in, they find its citation line ("Sci. Rep. 5,
    8555 (2015)") and the references citing the same journal before the sentence that answers.

    The phrase is a run of two or more title words (at most NAMING_GAP words between them),
    widened over a word for a document ("paper", "report", with the preposition joining it
    to the title: "paper on ...") and the codes, initials, numbers and names beside that
    word ("2015 Sci. Rep. paper", "report (GAO-23-106826)"); any other word ends it, so "the
    calculations on quantum computation" names nothing more, nor does "Kentucky" in
    "Kentucky NICS firearm background checks". ``with_title``: the title's own words in
    the phrase too (inside the document they name, they tell its passages apart no better
    than "the": "a co-author of NIST SP 800-223 on HPC security" finds the cover's title
    line before the author's own)."""
    if shouted(question):
        return frozenset()  # a question typed in capitals has no names or codes to tell apart
    words = re.findall(r"\w[\w.'’&-]*", question)
    word_terms = [frozenset(terms(w)) for w in words]
    document = [bool(_DOCUMENT_WORD.fullmatch(w)) for w in words]  # "paper", "report"
    code = [bool(_CODE.fullmatch(w)) for w in words]
    cited = [bool(_CITED.fullmatch(w)) for w in words]  # ("Sci.", "Rep.", "2015")
    titled = [i for i, found in enumerate(word_terms) if found and found <= title_terms]
    runs: list[list[int]] = []
    for i in titled:
        if runs and i - runs[-1][-1] <= NAMING_GAP + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    named: set[str] = set()
    for run in (r for r in runs if len({t for i in r for t in word_terms[i]}) >= 2):
        if with_title:
            named |= {t for i in run for t in word_terms[i]}
        # (inside the run, a word for the document, and a code standing between the title's own
        # words, "National Hydro Network LRS data model"; not one a question asks about between
        # others, "recommend for HR+/HER2- breast cancer")
        members = set(run)
        between_title = {i for i in range(run[0] + 1, run[-1]) if all(j in members or code[j] for j in (i - 1, i + 1))}
        named |= {t for i in range(run[0], run[-1]) if document[i] or (code[i] and i in between_title) for t in word_terms[i]}
        # (before and after it, a word for the document, and codes and names only past one:
        # "2015 Sci. Rep. paper on ...", "report (GAO-23-106826)", not "for HR+/HER2- breast
        # cancer"; and before it, when a word for the document follows it, a citation's
        # abbreviations and year: "the Sci. Rep. 2015 micromotion ... study", not "the HR+/HER2-
        # breast cancer guideline")
        j, followed = run[-1] + 1, False
        while j < len(words) and (document[j] or (followed and code[j])):
            followed, named = followed or document[j], named | word_terms[j]
            j += 1
        i, passed = run[0] - 1, False
        if i >= 1 and words[i].lower() in _JOINING and document[i - 1]:
            i -= 1
        while (i > 0 and (document[i] or (passed and (code[i] or words[i][:1].isupper())))) or (i >= 0 and followed and not passed and cited[i]):
            passed, named = passed or document[i], named | word_terms[i]
            i -= 1
    return frozenset(named if with_title else named - title_terms)


_DOCUMENT_WORD = re.compile(rf"(?:{_DOCUMENT})s?", re.IGNORECASE)
#: a code, initials or a number beside a title: "Sci.", "Rep.", "NIST", "SP", "2015", "GAO-23-106826"
_CODE = re.compile(r"[A-Z][a-z]{0,3}\.|[A-Z]{2,}[\w-]*|\d[\w.-]*|[A-Z][\w-]*\d[\w-]*")
#: ... of them, those a citation gives: a journal's abbreviations and a year
_CITED = re.compile(r"[A-Z][a-z]{0,3}\.|(?:1[89]|20)\d\d")
_JOINING = frozenset({"on", "about", "of", "for", "into"})
