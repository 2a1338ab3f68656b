"""Retrieved passages in, a cited extractive answer out (or an honest abstention).

Nothing is generated. The question is analysed for what it asks (qa/question.py); every
sentence of the retrieved paragraphs is scored on how much of the question it holds,
how close its passage is in meaning, and whether the years asked about hold; in the
best ones the phrases of the asked kind (qa/candidates.py: parsed at build time, plus
numeric patterns) are scored on features that carry across documents. The answer is a
short phrase only when one clearly beats the others; otherwise the sentence itself, a
"Yes"/"No" with the sentence that settles it, or every item of a list. Confidence is a
logistic blend of the evidence, fitted on development questions (eval/tune_confidence.py).
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from typing import Any

from qa.answer.candidates import (
    BODY_WORDS,
    MONTH_WORDS,
    MONTHS,
    NUM,
    ORDINALS,
    SELF_NAMING,
    Candidate,
    candidates,
    gives_amount,
    names_kind,
)
from qa.answer.candidates import NUMBER_WORDS as _NUMBER_WORDS
from qa.answer.candidates import RANGE as _RANGE
from qa.answer.confidence import model as confidence_model
from qa.answer.question import (
    AMOUNT,
    COUNT,
    DATE,
    ENTITY,
    FOCUS_NOUNS,
    NUMERIC,
    ORGANISATION,
    PERSON,
    PLACE,
    REASON,
    ROLE_NOUNS,
    YEAR,
    YEAR_DIGITS,
    YESNO,
    Question,
    analyse,
    asked_currency,
    currencies,
    singular,
    split_parts,
    without_currency_owner,
)
from qa.answer.yesno import polarity
from qa.search.front import bare_date, date_line, first_page, front_question, naming_phrase_terms, on_front
from qa.search.termstats import LIGHT_VERBS, TermStats, expand, question_terms
from qa.text import (
    CLAUSE,
    DESIGNATION,
    DESIGNATION_WORDS,
    INITIAL_JOINERS,
    NOTE_OPENING,
    PHRASE,
    STOPWORDS,
    answer_sentences,
    folded,
    lower_same_length,
    name_words,
    normalize,
    people_of,
    piece,
    pieces,
    sentence_spans,
    spelled_initials,
    spelled_out,
    stem,
    terms,
    with_related,
)
from qa.types import Answer, Citation, Document, Hit, Paragraph, Passage, Span

# Numbers and years named in a question are constraints the answer must satisfy.
# (a disease named with its year, "COVID-19", "SARS-CoV-2", is no figure asked about; a
# form's, a zone's or a tier's number is: "Form W-2", "UTC-4", "Tier-2")
_CONSTRAINT = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|(?<!(?i:covid)-)(?<!(?i:-cov)-)\b\d[\d,]*(?:\.\d+)?\b")


#: a span of years with its end cut to two digits: "2005-08", "2006–07"
_SHORT_SPAN = re.compile(r"\b((?:1[89]|20)\d\d)\s*[-\u2013\u2014/]\s*(\d\d)\b(?![-\u2013/.,]?\d)")


def _span_ends(text: str) -> set[str]:
    """The last years of the spans cut to two digits: "2005-08" ends in 2008."""
    return {f"{m.group(1)[:2]}{m.group(2)}" for m in _SHORT_SPAN.finditer(text)}


def constraints(question: str) -> set[str]:
    text = normalize(question)
    # "in 2005-08" names 2005 and 2008 (not "08")
    numbers = _CONSTRAINT.finditer(_SHORT_SPAN.sub(lambda m: m.group(1), text))
    return {m.group(0).replace(",", "") for m in numbers} | _span_ends(text)


#: The kinds of document a year before them dates: "the 2021 write-up", "the 2007 instructions"
#: (not "update", "review", "study" and the like, which also name events: "the 2019 review
#: of the constitution")
_DOCUMENT_KINDS = "report|reports|write-up|writeup|edition|notice|instructions|guidance|paper|manuscript|article|publication|highlights|appendix|excerpt|bulletin|factbook"
#: a year a few words before a word for a document, after "the", an owner or "FY": "the
#: 2021 TIP report", "GSA's FY 2011 OCSIT annual report", "the 2015 Sci. Rep. paper" (not "In
#: 2021 the annual report says ...")
_REPORT_YEAR = re.compile(
    rf"(?:(?<=\bthe )|(?<=\bits )|(?<=\btheir )|(?<='s )|(?<=’s )|(?<=\bFY ))(1[89]\d\d|20\d\d)"
    rf"(?=(?:\s+(?!(?:the|a|an|its|their|this)\b)[\w.&'’-]+){{0,3}}?\s+(?:{_DOCUMENT_KINDS})\b)",
    re.IGNORECASE,
)
#: a year a figure is compared with ("compared with 2020", "up from 2019"): not the one asked
_COMPARED_WITH = re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|from|than)\s+(?:the\s+)?(?:year\s+)?$", re.IGNORECASE)
#: a month just before a year ("the September 2020 GAO report")
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTH_WORDS})\.?\s+$", re.IGNORECASE)


def _report_years(question: str) -> set[str]:
    """The years the question dates a report by ("per the 2021 TIP report") and by nothing
    else; not one a month dates ("the September 2020 GAO report": when a report cited was
    issued)."""
    text = normalize(question)
    dating = Counter(m.group(1) for m in _REPORT_YEAR.finditer(text) if not _MONTH_BEFORE.search(text, 0, m.start()))
    # (every mention of it: "in 2021 compared with 2020, per the 2021 report" asks of 2021 too)
    return {year for year, n in dating.items() if len(re.findall(rf"\b{year}\b", text)) == n}


def _compared_years(question: str) -> set[str]:
    """The years a question only compares with ("per the 2021 report, compared with 2020"
    asks 2021's figure), which do not date what it asks."""
    text = normalize(question)
    return {m.group(0) for m in YEAR.finditer(text) if _COMPARED_WITH.search(text, 0, m.start())}


#: a year that is part of a name: "the 2023 National Cybersecurity Strategy", "PIRLS 2011",
#: or that dates the document asked about ("the State Department's 2021 write-up on
#: Tajikistan", "The 2011 annual report", "the ministries' 2021 report"), not the fact asked
_NAME_YEAR = re.compile(
    rf"\b(?:1[89]\d\d|20\d\d)(?= (?:[A-Z][\w-]*|\d{{4}}[A-Z]*)\b)|(?<=[A-Z]{{2}} )(?:1[89]\d\d|20\d\d)\b"
    rf"|(?:(?<=\b[Tt]he )|(?<=\b[Ii]ts )|(?<=\b[Tt]heir )|(?<='s )|(?<=s' ))(?:1[89]\d\d|20\d\d)(?= (?:[a-z-]+ )?(?:{_DOCUMENT_KINDS})\b)"
)


#: A number that says where in a document to look: "line 40", "section 1203", "Table 2",
#: or a run of them closed by "or"/"and" ("section 1201 or 1202", "lines 8, 9 and 10"); a
#: comma alone ends it ("Table 2, 2011 enrollment" names one table and a year).
_RUN_SEPARATOR = r",\s+|,?\s+(?:or|and)\s+"
_NUMBER = r"\d[\d,]*(?<!,)"
_LOCATION = re.compile(
    r"\b(?:(?:line|section|table|figure|page|chapter|part|item|column|schedule|exhibit|article|paragraph|step|question|"
    r"footnote|note|annex|clause|rule)s?|fig\.|box(?:es)?|appendix|appendices)\s+"
    rf"({_NUMBER}(?:(?:,\s+{_NUMBER})*,?\s+(?:or|and)\s+{_NUMBER})?)\b",
    re.IGNORECASE,
)


def located_runs(question: str) -> list[set[str]]:
    """The numbers of a question that point at a place in the document ("on line 40"), one
    set per place named, each place once: "section 1201 or 1202" is one reference, to either."""
    runs = [frozenset(n.replace(",", "") for n in re.split(_RUN_SEPARATOR, m.group(1))) for m in _LOCATION.finditer(normalize(question))]
    return [set(run) for run in dict.fromkeys(runs)]


def located_numbers(question: str) -> set[str]:
    """The numbers of a question that point at a place in the document ("on line 40")."""
    return set().union(*located_runs(question))


#: ... or that closes a citation in brackets, after the names of a journal or a source
#: ("the planar ion crystal paper (Sci. Rep. 2015)", "(Current Oncology, 2023)", "(AHS
#: 2009)"), not a date or a part of a year ("Draft 02 (July 2003)", "(Rev. Dec. 2010)",
#: "(Q3 2020)", "(FY 2021)", "(Spring 2019)")
_NOT_CITED = (
    rf"(?i:{MONTH_WORDS}|sept|q[1-4]|h[12]|fy|spring|summer|autumn|fall|winter|mid|end|early|late|fiscal|year|calendar|"
    r"reporting|period|through|thru|as|since|until|before|after|from|to)\.?"
)
_CITED_YEAR = re.compile(rf"\((?![\w.&'’,\s-]*?(?<![\w'’]){_NOT_CITED}(?![\w'’]))(?:[A-Z][\w.&'’-]*,?\s+){{1,5}}((?:1[89]\d\d|20\d\d))\)")


def named_years(question: str) -> set[str]:
    """The years of a question that name the thing it asks about ("the 2023 National
    Cybersecurity Strategy", "PIRLS 2011"), not the time of the fact: the document about
    that thing states them for every sentence of it, as its title would."""
    text = normalize(question)
    return set(_NAME_YEAR.findall(text)) | set(_CITED_YEAR.findall(text))


_YEAR_BESIDE = re.compile(r"([\w'’-]+)?[\s,]+(1[89]\d\d|20\d\d)\b(?:[\s,:]+([\w'’-]+))?")


def years_beside(question: str, document: Document) -> set[str]:
    """The question's years written beside a word that stands beside them in the document's
    title or file name: "tip 2021 tajikistan" names tip-2021-tajikistan-protection.txt by
    its year, as "the 2021 TIP report" does; "in 2019" names nothing, nor does "liberia 2024
    inflation" name liberia-2024.md by "inflation"."""
    own = re.findall(r"[a-z0-9]+", f"{document.title} {name_words(document.id.rsplit('.', 1)[0])}".lower())
    pairs = {frozenset(pair) for pair in itertools.pairwise(own)}
    found = set()
    for match in _YEAR_BESIDE.finditer(f" {normalize(question)}"):
        year = match.group(2)
        # (the letters and digits of the word each side: "Liberia's 2024", "2021 TIP-report")
        before = re.findall(r"[a-z0-9]+", re.sub(r"['’]s$", "", (match.group(1) or "").lower()))[-1:]
        after = re.findall(r"[a-z0-9]+", (match.group(3) or "").lower())[:1]
        if any(frozenset((word, year)) in pairs for word in before + after):
            found.add(year)
    return found


def _numbers(text: str) -> set[str]:
    """The numbers a text states, as a question's constraints are read: "4.2%" states 4.2
    (not 4 and 2), "1,200" states 1200."""
    text = normalize(text)  # ("2006-07" states 2007)
    return {m.replace(",", "") for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)} | _span_ends(text)


# ------------------------------------------------------------------ term statistics


_COUNTED = re.compile(r"\b(?:how many|number of)\s+(?:of\s+(?:the|these|those)\s+)?(?:\d+(?:st|nd|rd|th)[\s-]+)?((?:[a-z'-]+\s*){1,3})")
_TIME_UNITS = frozenset({"day", "week", "month", "year", "hour"})
#: A plural noun, what "how many" counts: the word that ends its phrase (before a verb)
_PLURAL = re.compile(r"[a-z'-]*[^su's]s|[a-z'-]*(?:children|people|men|women|police|staff|personnel|cattle|sheep|fish|data|media|criteria|news)")
#: Counted words for people of no kind in particular: the count may name them any way.
_ANYONE = frozenset({"people", "person", "individual"})
#: The words a number is scaled by, part of the number rather than what it counts.
_SCALE = re.compile(r"\b(?:hundred|thousand|million|billion|trillion)s?\b")
#: Counted words for people who died: "how many deaths" is answered by "killing 5,600 people".
_DEATHS = frozenset({"death", "fatality", "casualty"})
#: What a body counts its people in.
_MEMBERSHIP = frozenset({"seat", "member"})


#: "how many of the identified victims ...?", "of the victims found, how many ...?": a part
#: of a whole the question names (the whole's own count is not the answer)
_PARTITIVE = re.compile(
    r"\bhow many of (?:the|these|those|its|their|all)\s+((?:[a-z'-]+\s*){1,3})|^\W*(?:out\s+)?of (?:the|these|those|its|their|all)\s+([^,]{3,60}),\s*how many\b"
)


#: a count that is itself a part: "25 of these children"
_OF_THE_WHOLE = re.compile(r"\s+of\s+(?:these|those|the|them|its|their|all)\b")


def partitive_whole(question: str) -> set[str]:
    """The terms of the whole a "how many of the X ...?" question counts a part of."""
    text = normalize(question)
    match = _PARTITIVE.search(lower_same_length(text))
    if not match:
        return set()
    # a name joined by "and" is one whole: "how many of the Turks and Caicos Islands ...?"
    # counts islands, not Turks
    named = _NAME_WITH_AND.match(text, match.start(1) if match.group(1) else match.start(2))
    if named:
        return {stem(w) for w in named.group(0).lower().split()} - STOPWORDS
    words = (match.group(1) or match.group(2)).split()
    return {stem(w) for w in words[: next((i for i, w in enumerate(words) if w in STOPWORDS), len(words))]} - STOPWORDS


#: capitalised words joined by "and" into one name ("Turks and Caicos Islands", "Saint
#: Vincent and the Grenadines")
_NAME_WITH_AND = re.compile(
    r"(?:[A-Z][\w'-]*\s+)+and\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*"
    # ... and the noun after it, when it names the things counted ("Bosnia and Herzegovina cantons")
    r"(?:\s+(?!(?:is|was|has|does)\b)[a-z][\w-]*[^s\W]s\b)?"
)


#: "how many of the 24 victims ... were children?": the part is what follows the verb
_PART = re.compile(r"\bhow many of\b.+?\s(?:were|was|are|is)\s+((?:[a-z'-]+\s*){1,3})\W*$")


def partitive_part(question: str, stats: TermStats) -> set[str]:
    """The terms of the part a "how many of the X were Y?" question asks about (Y:
    "children", "foreign nationals", "male"), when Y is a few words naming who: a sentence
    counting the X that says nothing of Y counts the whole, not the part. Not when Y is a
    verb's participle ("inhabited"): "only 45 of the 171 islands are occupied" says it
    in other words."""
    match = _PART.search(normalize(question).lower().rstrip("?. "))
    if not match or any(w.endswith(("ed", "ing")) or _PARTICIPLE.fullmatch(w) for w in match.group(1).split()):
        return set()
    return {stats.canonical(stem(w)) for w in match.group(1).split() if w not in STOPWORDS}


#: "how many seats did the DPFI win ...?": the named doer whose count is asked (capitalised
#: words or initials between the auxiliary and the verb)
_COUNT_SUBJECT = re.compile(
    r"^\W*(?i:how\s+(?:many|much)\s+[^?]*?\b(?:did|does|do|has|have|had)\s+(?:the\s+)?)((?:[A-Z][\w.&'’-]*\s+){1,4}?)"
    # ... and the verb next: a word that is no preposition or joiner ("did the Office of
    # Inspector General have": no doer read), followed by one, a name or the end; not a
    # noun the names qualify ("did Tajik authorities identify")
    r"(?=(?!(?:of|and|or|for|to|in|on|at|by|with|from|the)\b)[a-z]+"
    r"(?:\s+(?:in|on|at|for|to|from|by|with|during|under|over|after|before|since|between|of|the|a|an|its|their|\d)\b|\s+[A-Z]|\s*[?.,]|\s*$))"
)


def count_subject(question: str) -> set[str]:
    """The terms naming who did what a count question counts: "how many seats did the DPFI
    win?" counts the DPFI's seats, and a paragraph that never names the DPFI ("number of
    seats: 30" is the legislature's) does not count them, as one never speaking of children
    does not count them. A doer named only by a kind of body ("did Parliament pass",
    "did NGOs identify") may be named otherwise in the answer ("Legislative Assembly"):
    none is read."""
    match = _COUNT_SUBJECT.match(normalize(question))
    if not match:
        return set()
    named = _DOTTED.sub(lambda dotted: dotted.group(0).replace(".", ""), match.group(1))  # "U.S." is "US"
    return set(terms(" ".join(w for w in re.findall(r"[\w'’-]+", named) if not BODY_WORDS.fullmatch(w))))


def subject_unnamed(subject: Set[str], paragraph: str, context: str, spelled: Mapping[str, frozenset[str]] | None = None) -> bool:
    """Whether the paragraph answering never names the doer a count question asks about, in
    its words or by their initials ("the Democratic Party of the Friendly Islands" is the
    DPFI; ``spelled``, the question's ``spelled_initials``: "PLP (30)" names the
    Progressive Labor Party the question spells out), and its heading, title and file name
    (``context``) do not either: the doer is then what the document is about ("how many
    victims did Tajikistan identify?" of the Tajikistan report)."""
    said = set(terms(f"{paragraph} {context}")) | spelled_out(paragraph, spelled or {})
    # (a people's name says its country's: "Tajik" of "Tajikistan", "Chilean" of "Chile")
    missing = {t for t in subject if not any(u.startswith(t) or t.startswith(u) for u in said if min(len(t), len(u)) >= 4) and t not in said}
    return bool(missing) and not missing <= _spelled_names(paragraph)


@functools.lru_cache(maxsize=256)
def _spelled_names(text: str) -> frozenset[str]:
    """The short names a text writes with dots ("U.S.") and the initials of its names
    written out in capitals within a clause, joiners skipped ("the Democratic Party of the
    Friendly Islands" is "dpfi")."""
    found = {m.group(0).replace(".", "").lower() for m in _DOTTED.finditer(text)}
    for clause in re.split(r"[;:.()\[\]]", text):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", clause)
        for i, first in enumerate(words):
            if not first[:1].isupper():
                continue
            letters = ""
            for word in words[i : i + 10]:
                if word.lower() in INITIAL_JOINERS:
                    continue
                if not word[:1].isupper():
                    break
                letters += word[0].lower()
                if len(letters) >= 2:
                    found.add(letters)
    return frozenset(found)


_QUALIFYING_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}(?=\s+[A-Za-z])")


def counted_terms(question: str) -> set[str]:
    """What a "how many X" question counts: the terms of X ("trafficking victims"), or of
    the whole a "how many of the X" question counts a part of."""
    whole = partitive_whole(question)
    if whole:
        return whole
    # (a short name written with dots before another word qualifies what is counted: "how
    # many U.S. housing units" counts housing units, not "u"; "how many M.P.s" counts MPs)
    match = _COUNTED.search(_DOTTED.sub(lambda dotted: dotted.group(0).replace(".", ""), _QUALIFYING_DOTTED.sub(" ", normalize(question))).lower())
    if not match:
        return set()
    counted = []
    words = match.group(1).split()
    for word, following in zip(words, [*words[1:], ""], strict=True):
        word = word.rstrip("'’")  # ("how many M.P.s' seats": MPs)
        if word in STOPWORDS:
            break
        counted.append(stem(word))
        if _PLURAL.fullmatch(word) and not _PLURAL.fullmatch(following):
            # the noun counted ends the phrase: "how many NGOs deliver services" counts NGOs
            # (a plural before another names its kind: "police officers", "human rights defenders")
            break
    if counted and (counted[0] in _ANYONE or counted[0] in _DEATHS):
        return set()  # "how many people were killed": citizens, civilians, victims are people too
    return set(counted)


#: The words a clause giving a population count uses ("Population: 14,374,590", "239,000
#: PARAMARIBO" under "Major urban areas - population", "a population of over 1,000")
_PEOPLE_TERMS = frozenset(terms("population people inhabitants residents persons"))
_LIVE = re.compile(r"\b(?:live|lives|living|reside|resides|inhabit|inhabits)\b")


def _counts_something_else(text: str, span: tuple[int, int], counted: set[str], part: bool = False) -> bool:
    """True when a count span names what it counts and that is not what was asked:
    "how many victims ...?" is not answered by "hundreds of ... women" or "15 days"."""
    return _counts_other(_count_nouns(text, span, part), counted)


def _counts_other(nouns: set[str], counted: set[str]) -> bool:
    """_counts_something_else, given the terms of what the span counts."""
    if nouns & _TIME_UNITS and not counted & _TIME_UNITS:
        return True  # a duration, not a count
    if nouns and nouns <= _MEMBERSHIP:
        return False  # "105 seats", "300 members": a body's people, whatever the question calls them
    return bool(counted and nouns and not _names_any(counted, nouns))


#: words glued to a count that say how exact it is, not what it counts ("200-plus returnees",
#: "40-odd islands", "a 1,500-strong contingent")
_ROUGHLY = frozenset("plus odd strong some fold".split())


def _count_nouns(text: str, span: tuple[int, int], part: bool = False) -> set[str]:
    """The terms of what a count span counts: its own words after the number, else the
    words after it ("15 days"), past a numbered modifier ("12,726 4th-grade students"
    counts students, not the "4th grade classrooms" asked about). A bare number followed by
    a stopword ("referred 15 to protection services") leaves its noun out: with ``part`` (a
    part of a whole asked for) it counts none, 15 of the victims named before; without, what
    the sentence counted last before it (``_elided_nouns``)."""
    tail = re.sub(rf"^\D*?(?:{_RANGE}|{_NUMBER_WORDS})", "", text[span[0] : span[1]])  # (a range counts one thing: "3,000-3,500 Kalinago")
    tail = _SCALE.sub("", tail)  # "1.5 million" counts what follows it, not millions
    of_phrase = re.match(r"\s+of\s+((?:[a-z'-]+\s*){1,3})", text[span[1] :])
    bare = not terms(tail)
    glued = re.match(r"-([a-z]+)\b", text[span[1] :])
    if bare and glued and glued.group(1) not in _ROUGHLY:
        return set(terms(glued.group(1)))  # "an independent 4-part body" counts parts, not the judges of the sentence
    if bare and not of_phrase:  # a bare number: what follows it is what it counts
        # (past initials: "55,000 U.S. housing units" counts housing units)
        modified = None if part else re.match(r"\s+(?:(?:[a-z]\.){2,}\s+)?\d[a-z0-9-]*[a-z]\s+([a-z'-]+)", text[span[1] :])
        following = re.match(r"\s+(?:(?:[a-z]\.){2,}\s+)?((?:[a-z'-]+\s*){1,2})", text[span[1] :])
        if modified and modified.group(1) not in STOPWORDS:
            tail = modified.group(1)
        elif following and following.group(1).split()[0] in STOPWORDS:
            # ... and without ``part``, what the sentence counted before it, the noun left
            # out: "identified 24 trafficking victims ..., and referred 15 to protection
            # services" refers 15 victims
            return set() if part else _elided_nouns(text, span[0])
        else:
            tail = following.group(1) if following else ""
    return set(terms(tail + (" " + of_phrase.group(1) if of_phrase else "")))


#: the words after a number that are no noun counted: a month, a unit of a letter or two
#: ("m", "km"), a participle
_NO_NOUN = re.compile(rf"(?:{MONTHS.lower()})$|[a-z]{{1,2}}\.?$|[a-z]+ed$")
#: a number and the words after it ("24 trafficking victims during ...")
_COUNT_WITH_NOUN = re.compile(r"\b(\d(?:[\d,]*\d)?(?:\.\d+)?)\s+((?:[a-z'-]+\s*){1,3})")


def _elided_nouns(text: str, start: int) -> set[str]:
    """The terms of what the sentence last counted with its noun before ``start``: a count
    that leaves its noun out counts the same thing ("24 victims ..., compared with 53 in
    2019"). A year counts nothing, nor does a number before a month ("12 March"), a unit
    ("2,462 m") or a verb ("4 appointed"), which name no thing counted."""
    for match in reversed(list(_COUNT_WITH_NOUN.finditer(text[:start]))):
        if YEAR.fullmatch(match.group(1)):
            continue
        words = list(itertools.takewhile(lambda word: word not in STOPWORDS, match.group(2).split()))
        if words and not _NO_NOUN.match(words[0]):
            return set(terms(" ".join(words)))
    return set()


def _same_noun(a: str, b: str) -> bool:
    """The same stem, or one the shortening of the other ("lab" and "laboratori", "dept"
    and "depart"): a prefix of three letters or more, at most half the longer word."""
    short, long = sorted((a, b), key=len)
    if a == b or (len(short) >= 3 and long.startswith(short) and len(long) >= 2 * len(short)):
        return True
    # the body and its members, one word apart at the end: "senate" and "senator"
    shared = len(os.path.commonprefix([a, b]))
    return shared >= 5 and shared >= len(short) - 1


def _names_any(counted: set[str], found: set[str]) -> bool:
    """Whether ``found`` names any of the counted things (or a word of their family:
    "kids" are "children")."""
    return bool(with_related(counted) & found) or any(_same_noun(a, b) for a in counted for b in found)


#: a row read from a table or a field list: "Label; Name: value; Name: value" (two named cells at least)
_ROW_CELLS = re.compile(r";\s*[^;:]{1,60}:\s")
#: ... a row's first cell, its column's name and its value, before a second named cell
#: ("State / Territory: Virginia; Permit: ..."; a profile's field line too, "Capital - name:
#: Algiers; geographic coordinates: ...")
_FIRST_CELL = re.compile(r"([^;:]{1,60}):\s([^;:]{1,300});\s*[^;:]{1,60}:\s")
#: ... or a first cell under no column name (a table's stub column with an empty header:
#: "2007; Murder: 66; Robbery: 4,985"), before two named cells
_UNNAMED_FIRST_CELL = re.compile(r"()([^;:]{1,60});\s*[^;:]{1,60}:\s[^;]{1,300};\s*[^;:]{1,60}:\s")
#: What a row gains whose name (its first cell's value) the question says whole, over rows
#: that say more ("West Virginia")
ROW_NAMED_WEIGHT = 0.1


def _first_cell(text: str) -> re.Match[str] | None:
    """A row's first cell: its column's name (group 1; "" for a stub column under an empty
    header, which the table's rows share as they share a named one) and its value (group 2)."""
    return _FIRST_CELL.match(text) or _UNNAMED_FIRST_CELL.match(text)


def _row_named(text: str, asked: Set[str]) -> frozenset[str]:
    """The terms of a row's name (its first cell's value) when the question says all of
    them ("Virginia", not "West Virginia"); empty otherwise."""
    cell = _first_cell(text)
    name = frozenset(terms(cell.group(2))) if cell else frozenset()
    return name if name <= asked else frozenset()


#: A field whose name joins two kinds of things, each a plural noun ("Refugees and
#: internally displaced persons - IDPs: ...; stateless persons: ..."; not "Victims identified
#: and assisted - men: ..."), up to the label of the value being read
_FIELD_OF_KINDS = re.compile(
    r"""^\s*
    ( [^:;]{0,60}? \b[a-z'-]+s \s+ and \s+ [^:;]{0,60}? \b[a-z'-]+s )   # the field's name: two plural kinds
    \s-\s ([^:;\s][^:;]{1,59}) :\s                                      # the first value's label
    (?: [^;]* ; \s* (?: ([^:;\s][^:;]{1,59}) :\s )? )*                   # ... and each later value's, if it has one
    [^;:]*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _kind_of_field(before: str) -> tuple[str, str] | None:
    """The name of a field of two kinds a count stands in, and the label of the count's own
    value ("IDPs" in "Refugees and internally displaced persons - refugees (country of
    origin): 11,567 (Nigeria); IDPs: 2,065,358"); None when the count stands in no such
    field. Each kind has its own label, so a count under another kind's is not of the one
    asked."""
    field = _FIELD_OF_KINDS.match(before)
    if field is None:
        return None
    return field.group(1), field.group(3) or field.group(2)


def _row_label_terms(sentence: str) -> set[str]:
    """The terms of the first cell of a sentence that is a table row or a field list,
    which every later cell is about; empty for other sentences."""
    if len(_ROW_CELLS.findall(sentence)) < 2:
        return set()
    label = sentence.split(";", 1)[0]
    return set(terms(label)) if len(label.split()) <= 12 else set()


def _window_for(windows: Sequence[Passage], hit: Hit, start: int, end: int, paragraph_text: str = "") -> Passage:
    """The passage to cite for a sentence at paragraph offsets [start, end)."""
    if hit.passage.start <= start and end <= hit.passage.end:
        return hit.passage
    for window in windows:
        if window.start <= start and end <= window.end:
            return window
    # A sentence longer than any window (a long field list): cite the windows it spans,
    # joined, so the highlight always lies inside the cited text.
    covering = [w for w in windows if w.start < end and start < w.end] or [hit.passage]
    first, last = min(w.start for w in covering), max(w.end for w in covering)
    first, last = min(first, start), max(last, end)
    return replace(hit.passage, start=first, end=last, text=paragraph_text[first:last]) if paragraph_text else hit.passage


_MONTH = re.compile(rf"\b({MONTHS})\b")
#: A year of the last two centuries, as dates are written
_MODERN_YEAR = r"(?:1[89]|20)\d\d"

#: A year the month asked for is of: "which month of 2019", "what month ... in 2020"
_MONTH_OF_YEAR = re.compile(rf"\b(?:months?\s+of|in)\s+({YEAR_DIGITS})\b")
#: What a sentence dated in the month the question names gains, and one dated in another loses.
MONTH_WEIGHT = 0.3
ROLE_WEIGHT = 0.1
#: An ordinal period ("the third consecutive year"): which one in a run, not how long.
_ORDINAL_PERIOD = re.compile(rf"(?:the )?(?:\d+(?:st|nd|rd|th)|{'|'.join(ORDINALS)}) ", re.IGNORECASE)


def _months(text: str) -> set[str]:
    """The months a text names (capitalised: "may" is a verb)."""
    return set(_MONTH.findall(text))


def absent_weights(question: str, q_terms: Sequence[str], stats: TermStats, texts: Sequence[str] = ()) -> tuple[float, float]:
    """Shares of the question's term weight the corpus lacks: (named, other).

    A missing name ("Afghanistan", "UNICEF") is strong evidence the report does not
    answer; a missing common word ("give", "police") is often just a paraphrase. An
    acronym whose letters begin the words of a phrase in ``texts`` (the retrieved
    paragraphs) is the user's shorthand for it ("MoH": "Ministry of Health"), not a
    missing name.
    """
    total = sum(stats.idf(t) for t in q_terms) or 1.0
    # (a hyphenated name stays whole here, unlike named_terms': its parts, "covid" of
    # "COVID-19", count as common words missing, as a coined name the report paraphrases
    # ("the pandemic") often is, not as a name the corpus never mentions)
    named = {
        stats.canonical(stem(_bare(w)), name=True) for w in _NAMES.findall(without_currency_owner(normalize(question)))
        if not (_ACRONYM.fullmatch(w) and _expands(w, texts))
    }
    absent = [t for t in q_terms if t not in stats.df]
    named_weight = sum(stats.idf(t) for t in absent if t in named) / total
    return named_weight, sum(stats.idf(t) for t in absent if t not in named) / total


#: The names a question gives: capitalised words after its first word, and acronyms.
_NAMES = re.compile(r"(?<=\w )[A-Z][A-Za-z'-]+|\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,5}")


#: A question asking what an acronym's letters stand for.
_EXPANSION_ASKED = re.compile(
    r"\b(?i:what|which\s+words?)\s+(?i:does|do|did)\s+(?i:the\s+)?(?i:(?:acronym|abbreviation|initials|initialism|letters)\s+)?"
    r"[\"“]?([A-Z][A-Za-z]*[A-Z][A-Za-z]*)[\"”]?\s+(?i:stand\s+for)\b"
    r"|\b(?i:full\s+(?:name|form)|expansion)\s+(?i:of)\s+(?i:the\s+)?[\"“]?([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\b"
    r"|\b[\"“]?([A-Z][A-Za-z]*[A-Z][A-Za-z]*)[\"”]?\s+(?i:(?:is\s+)?(?:short|an?\s+(?:acronym|abbreviation))\s+for\s+what)\b"
    r"|\b(?i:what\s+is)\s+[\"“]?([A-Z][A-Za-z]*[A-Z][A-Za-z]*)[\"”]?\s+(?i:(?:short|an?\s+(?:acronym|abbreviation))\s+for)\b"
)


#: Capitalised abbreviations of one word, not initials: "victim ID" is "victim identification".
_IDENTIFICATION = re.compile(r"\bidentif|\bidentit", re.IGNORECASE)
_ONE_WORD_ABBREVIATIONS = {"ID": _IDENTIFICATION, "IDS": _IDENTIFICATION}


def _expands(acronym: str, texts: Sequence[str]) -> bool:
    """Whether the acronym's letters begin consecutive words of one of ``texts``
    (small words such as "of" may sit between them and count when their letter is lower case),
    or it abbreviates a word they use ("ID": "identification")."""
    word = _ONE_WORD_ABBREVIATIONS.get(acronym.upper())
    if word is not None and any(word.search(text) for text in texts):
        return True
    letters = list(acronym)
    pattern = r"\b" + r"\W+(?:(?:of|and|for|the|in|on)\W+)?".join(
        (rf"{re.escape(c.lower())}[a-z]*" if c.islower() else rf"[{c}{c.lower()}][\w'-]*") for c in letters
    )
    return any(re.search(pattern, normalize(text)) for text in texts)


# ------------------------------------------------------------- candidate scoring

_DIRECTIONAL = frozenset({"from", "to", "into", "in", "at", "through", "via"})
_ENDS = frozenset({"from", "to", "into"})  # an origin or a destination

_PAST_CUES = re.compile(r"\b(formerly|previously|former|until|used to|had been|prior to|originally|once|earlier)\b")
_CURRENT_CUES = re.compile(r"\b(now|currently|current|since|assumed|took over|took control|as of|today|present|presently|remains|still)\b")


@dataclass(frozen=True)
class Scored:
    start: int  # paragraph characters
    end: int
    score: float
    fit: float
    constraint_ok: bool
    attached: bool = False  # hangs on a word of the question (its parse head: "signed on X" for "when was it signed?")


#: A figure the text says it does not have, for a year: "(unreported in 2019)", "not
#: reported for 2019", "no data for 2018", "no information was available on such
#: deportations in 2020" (lower-cased text)
_UNREPORTED = re.compile(
    r"\b(?:(?:unreported|not reported|not available|unavailable|no data|not known|unknown)\b[^;,()]{0,20}?"
    r"|no (?:information|figures?|statistics)(?: (?:was|were|is|are))? (?:available|reported|provided)\b[^;,()]{0,30}?)"
    r"\b(1[5-9]\d\d|20\d\d)\b"
)


def _unreported_years(text: str, asked_terms: set[str]) -> set[str]:
    """The years for which a phrase of the sentence that speaks of what is asked (a word
    of the question besides the year) says the figure is unreported: "... and referred
    15 to protection services (unreported in 2019)" gives no number referred in 2019, and
    the "53 in 2019" beside it counts another action."""
    years: set[str] = set()
    for start, end in pieces(text, PHRASE):
        phrase = text[start:end]
        found = {m.group(1) for m in _UNREPORTED.finditer(phrase)}
        if found and (set(terms(phrase)) & asked_terms) - found:
            years |= found
    return years


#: a document saying what it does not know: "The government did not report if the shelter
#: could accommodate male victims", "did not provide information on victims'
#: nationalities, genders, ages", "no information was available on ..."; what follows is
#: the thing it does not know
_NOT = r"(?:(?:did|does|do|has|have|had|could|would)\s+not|(?:did|does|do|has|have)n't)\s+(?:been\s+)?"
_NOT_KNOWN = re.compile(
    # "did not report if/whether/on ...", "did not disclose how many ..."
    rf"\b{_NOT}(?:report|disclos|specif|indicat|publish)\w*\s+(?:if|whether|on|how|what|which|who|when|why|the\s+number)\b"
    # "did not provide (any) information on ...": giving, sharing, collecting what is known
    rf"|\b{_NOT}(?:provid|give|releas|shar|collect|track|mak\w*\s+available)\w*\s+(?:\w+\s+){{0,2}}?(?:information|data|details|statistics|figures)\b"
    r"|\bno\s+(?:information|data|details|statistics|figures)\s+(?:(?:was|were|is|are)\s+)?(?:available|reported|provided)\b"
    r"|\b(?:was|were|is|are|remained|remains)\s+(?:unknown|not known|unclear|unreported|not reported)\s+(?:whether|if|how|what|why|when|which|who)\b"
    # a table's own disclaimer: "These statistics ... do not represent the number of firearms sold"
    rf"|\b{_NOT}(?:represent|reflect|measure)\b",
    re.IGNORECASE,
)
#: a condition, not a statement: "If you ... did not report the full amount, you must pay ..."
_CONDITION = re.compile(r"\b(?:if|unless|when|whenever|where)\b[^.;:]*$", re.IGNORECASE)


def not_known_clauses(text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """What a text says it does not know: the words after each "did not report if ..." to
    the end of its sentence, as (terms with their families, years). A condition ("if you
    did not report ...") says nothing of what is known."""
    clauses = []
    text = normalize(text)  # ("didn’t")
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        for match in _NOT_KNOWN.finditer(sentence):
            if _CONDITION.search(sentence[: match.start()]):
                continue
            clause = sentence[match.end() :].split(";")[0]
            clauses.append((frozenset(with_related(terms(clause))), frozenset(YEAR.findall(clause))))
    return clauses


def _document_not_known(document: Document) -> list[tuple[frozenset[str], frozenset[str]]]:
    return list(dict.fromkeys(clause for p in document.paragraphs for clause in not_known_clauses(p.text)))


#: a question about the reporting itself ("Did the government report ...?", "did it break
#: the victims down by age?"), which such a sentence answers
_ASKS_REPORTING = re.compile(
    r"\b(?:did|does|do|has|have|had|was|were|is|are)\s+(?:[\w'’]+\s+){0,3}(?:report|disclos|publish|releas)\w*"
    r"|\bprovid\w*\s+(?:information|data)|\binformation\b|\bdata\b|\bstatistic|\bbreak\w*\s+\w+\s+down|\bbreakdown|\bdisaggregat",
    re.IGNORECASE,
)
#: "Can the shelter take in male victims?": a yes/no question about what something can do,
#: which "did not report if the shelter could ..." leaves open (whether it did is another matter)
_ASKS_ABILITY = re.compile(r"^\W*(?:can|could)\b|\b(?:able|allowed|possible)\b", re.IGNORECASE)
_ABILITY = re.compile(r"\b(?:can|could|able|allowed|possible)\b", re.IGNORECASE)
#: the share of the question's weight the answer must leave out for a clause to be about it
LACKING_SHARE = 0.25
#: the source a question names ("according to the 2021 TIP report", "per the FDA guidance")
_ATTRIBUTED = re.compile(
    r"\b(?:according to|per\s+(?:the|a|an|its|their)|as (?:reported|stated|described) (?:in|by))\s+"
    r"(?:(?!(?:how|what|which|who|whom|when|where|why|did|does|do|is|are|was|were)\b)[^,?;\s]+\s*){1,8}",
    re.IGNORECASE,
)
#: the words that say what kind of value is asked ("the total number of"), not of what,
#: and the words of its time ("that month")
_MEASURE_TERMS = frozenset(stem(w) for w in "number count total amount figure value share percentage year month week day time period".split())
#: verbs that say little alone ("take in", "get", "have"): no word of what is asked (more
#: than the copulas question_terms already drops as LIGHT_VERBS)
_VAGUE_VERBS = frozenset(stem(w) for w in "take get have make give do go put keep".split())


def said_not_known(question: str, q_terms: Sequence[str], stats: TermStats, clauses: Sequence[tuple[frozenset[str], frozenset[str]]], answer: str, yes_no: bool = False) -> bool:
    """Whether the document says it does not know what the answer leaves out: a clause
    after "did not report if ..." (``not_known_clauses``) holds every word of the question
    the answer (its sentence and heading) lacks, a real part of the question's weight
    (``LACKING_SHARE``), more of it than the answer holds, and two words asked at least,
    and names no other year. "What were the nationalities and ages of the 24 victims?"
    answered by the sentence counting the 24, of a report that "did not provide
    information on the victims' nationalities, genders, ages"; "how many firearms were
    sold in Texas?" answered by the Texas row of background checks, under "They do not
    represent the number of firearms sold"; "Can the shelter take in male victims?"
    answered from a sentence about shelters elsewhere, of "did not report if the shelter
    could accommodate male victims" (a yes/no question only when it asks what can be, as
    the clause does: "Did the shelter house any male victims?" is answered by "all
    residents were female"). The answer that is that very sentence says, and cites, that
    the document does not know. Words that only say which thing, whose report, what kind
    of value or when ("Texas", "according to the NICS report", "the total number", "that
    month") are no part of what is asked."""
    # (the source a question names is no part of what it asks: "according to the FBI's
    # NICS background check statistics" asks about no statistics)
    if (yes_no and not _ASKS_ABILITY.search(question)) or _ASKS_REPORTING.search(_ATTRIBUTED.sub(" ", question)):
        return False
    # (the names and numbers say which thing, not what of it is asked: "the Dushanbe
    # shelter", "the 24 victims"; nor the source it is asked of)
    named = {stem(w.lower()) for w in re.findall(r"(?<=\w )[A-Z][\w'’-]*", folded(question))}
    source = {t for m in _ATTRIBUTED.finditer(question) for t in terms(m.group(0))}
    asked = [t for t in q_terms if t not in named | source and t not in _VAGUE_VERBS and t not in _MEASURE_TERMS and not re.search(r"\d", t)]
    if len(asked) < 2:
        return False
    weight = sum(stats.idf(t) for t in asked)
    answered = with_related(terms(answer))
    lacking = [t for t in asked if t not in answered]
    answering = sum(stats.idf(t) for t in asked if t in answered)
    if not lacking or sum(stats.idf(t) for t in lacking) < LACKING_SHARE * weight:
        return False
    asked_years = set(YEAR.findall(question))
    for said, years in clauses:
        if (years and asked_years - years) or not set(lacking) <= said:
            continue
        held = [t for t in asked if t in said]
        if len(held) >= 2 and sum(stats.idf(t) for t in held) > answering:
            return True
    return False


#: a cell of a field line, "lyrics/music: unknown/Rageh DAOUD": its label and its value
_CELL = re.compile(r"(?:^|;\s*)([^;:]{1,40}):\s*([^;]{1,120})")
#: (not "none": "Political parties: none" says there are none)
_UNKNOWN_VALUE = re.compile(r"\s*(?:(?i:unknown|not known|not available)|NA)\s*(?:\([^()]*\))?\s*")


def cell_not_known(sentence: str, asked: set[str], stats: TermStats) -> bool:
    """Whether the sentence's cell for what is asked says it is unknown: of the cells whose
    label's words (or its field's, before " - ") are all asked, the one holding most of the
    question's weight. Labels joined by a slash pair with values joined by one
    ("lyrics/music: unknown/Rageh DAOUD": the lyrics unknown, the music by Rageh DAOUD);
    one value for them all holds for each. ("expected date of next election: NA" says
    nothing of who won the last one.)"""
    cells: list[tuple[bool, float, bool]] = []  # (the whole label asked, its weight, unknown)
    for match in _CELL.finditer(sentence):
        labels = match.group(1).split("/")
        given = re.sub(r"\bN/A\b", "NA", match.group(2), flags=re.IGNORECASE)  # (one value, not two)
        values = given.split("/")
        if len(values) != len(labels):
            values = [given] * len(labels) if len(values) == 1 else []
        for label, value in zip(labels, values, strict=False):
            # (a field's own name before its part, "Literacy - total population", is enough,
            # after every label asked whole)
            whole, field = set(terms(label)), set(terms(label.split(" - ")[0]))
            for label_terms, is_whole in ((whole, True), (field, False)):
                if label_terms and label_terms <= asked:
                    cells.append((is_whole, sum(stats.idf(t) for t in label_terms), bool(_UNKNOWN_VALUE.fullmatch(value))))
                    break
    return bool(cells) and max(cells)[2]


#: a figure set beside that of a year ("..., compared with 53 in 2019")
_COMPARED_YEAR = re.compile(rf"\bcompared (?:with|to)\s[^.;()]{{0,40}}?\b(?:in|for|during)\s+({YEAR_DIGITS})\b")


def _compared_with_year_before(sentence: str, document_years: set[str]) -> set[str]:
    """The year a sentence tells of by setting it beside the year before and naming no
    other, in a document of the year after it or the next (its title or file name says so:
    a yearly report): "Authorities identified 24 victims during the reporting period,
    compared with 53 in 2019" in the 2021 report gives the 24 of 2020. Elsewhere the year
    compared with need not be the one before ("up from 62 percent in 2010")."""
    compared = {m.group(1) for m in _COMPARED_YEAR.finditer(sentence)}
    if len(compared) != 1 or set(YEAR.findall(sentence)) != compared:
        return set()
    year = int(next(iter(compared)))
    return {str(year + 1)} if {str(year + 1), str(year + 2)} & document_years else set()


#: a year a text gives only as what is to come ("expected date of next election: 2025",
#: "the next census is scheduled for 2030"): it dates nothing that has happened
_FUTURE_YEAR = re.compile(
    r"\b(?:expected|next|scheduled|planned|upcoming|forthcoming|due (?:in|by|for|on))\b[^;.()]{0,40}?\b(1[5-9]\d\d|20\d\d)\b", re.IGNORECASE
)  # (not "due to": "a contraction due to COVID-19 and the 2020 oil blockade" happened)
#: ... which answers a question about what is to come ("when is the next election
#: expected?", "which election is set for 2025?"); a question in the past tense asks about
#: what happened ("how many seats did the party win in 2025?")
_FUTURE_ASKED = re.compile(r"\b(?:expect\w*|next|schedul\w*|plann\w*|due|upcoming|forthcoming|will|future|set (?:for|to))\b")
_PAST_ASKED = re.compile(r"\b(?:did|was|were|won|took|had|held|got|gained|lost|received)\b")


def _future_only_years(text: str) -> set[str]:
    """The years ``text`` gives only as dates to come."""
    said = Counter(YEAR.findall(text))
    future = Counter(m.group(1) for m in _FUTURE_YEAR.finditer(text))
    return {year for year, n in future.items() if n >= said[year]}


def _document_future_years(document: Document) -> frozenset[str]:
    """The years a document gives only as dates to come, in all its paragraphs (joined at
    a full stop, which no date to come reads across)."""
    return _per_document("future years", document, lambda d: frozenset(_future_only_years(". ".join(p.text for p in d.paragraphs))))


def _dating_years(text: str) -> set[str]:
    """The years of ``text`` but those it says only are unreported."""
    said = Counter(YEAR.findall(text))
    unreported = Counter(m.group(1) for m in _UNREPORTED.finditer(text))
    return {year for year, n in said.items() if n > unreported[year]}


#: the words that say whom a name honours
_HONOURS = r"named (?:after|for)|in hono(?:u)?r of"
#: ... a few words (an aside) before the name honoured
_HONOURED = re.compile(rf"(?:{_HONOURS}|after whom)\s+(?:[\w'’-]+,?\s+){{0,6}}$")
#: ... in a question ("who is Port Moresby named after?")
_NAMED_AFTER = re.compile(rf"\b(?:{_HONOURS})\b|\bname (?:comes?|came|derives?|derived) from\b")


#: a phrase that says what someone meant to do, not what was done ("announced plans to
#: repatriate hundreds of women", "planned to hold elections by July 2024")
_PLANNED = re.compile(
    r"\b(?:plans?|planned|planning|intends?|intended|aims?|aimed|propos(?:es|ed)|hopes?|hoped|pledged|promised|vowed|scheduled|expects?|expected)"
    r"\s+to\s+(?:(?!(?:and|but|then)\b)[\w'’-]+\s+){0,6}$"  # (not past "and": "adopted a plan to ... and trained 300 officials")
)
#: ... which answers a question about the intention itself ("when does Chad plan to hold elections?")
_PLAN_ASKED = re.compile(
    r"\b(?:plans?|planned|planning|intend\w*|intent\w*|aims?|aimed|aiming|propos\w*|hopes?|hoped|hoping|pledg\w*|promis\w*|vow\w*"
    r"|schedul\w*|expect\w*|will|would|going to|future|try|tries|tried|trying|attempt\w*|(?:is|are|was|were) to be)\b"
)


#: A figure asked for to the unit ("exactly how many ...?", "the precise number") ...
_EXACT_ASKED = re.compile(r"\b(?:exact|exactly|precise|precisely)\b")
#: ... which a round quantity in words does not give ("hundreds", "several hundred")
_VAGUE_COUNT = re.compile(
    r"\b(?:(?:hundred|thousand|million|dozen)s|several|scores|numerous|handful|many|up to|as few as|"
    r"(?:a|some|a few|several|nearly a|almost a|over a|more than a)\s+(?:hundred|thousand|million|dozen))\b",
    re.IGNORECASE,
)


#: words written before or after a name that are no given name: titles and offices
_NAME_TITLES = frozenset(
    "mr mrs ms dr sir dame lord lady president vice deputy first acting former interim prime minister king queen prince "
    "princess sultan emir sheikh general colonel captain chief justice judge senator governor chairman chairwoman "
    "chairperson premier chancellor secretary pope saint st pm mayor speaker archbishop bishop cardinal ayatollah imam "
    "admiral marshal commissioner professor rev".split()
) | ROLE_NOUNS
#: ... and words for what a person leads or belongs to ("the Castro Government", "the Abe Cabinet")
_NAMED_AFTER_PERSON = FOCUS_NOUNS | frozenset("administration cabinet regime era family dynasty presidency clan".split())


@functools.lru_cache(maxsize=64)
def _question_names(question_lower: str) -> tuple[str, ...]:
    """The question's words as a name is compared with them ("abe's" is "abe"); read once
    per question, not for each sentence whose candidates are scored."""
    return tuple(re.sub(r"['’]s$", "", w) for w in re.findall(r"[a-z][\w'’-]*", question_lower))


def _is_asked_person(names: Sequence[str], question_words: Sequence[str], paragraph: str) -> bool:
    """Whether a person's name (its capitalised words) is of the person the question names:
    it shares a name with the question ("before Abe returned", "Abe's successor": ABE
    Shinzo), unless it carries a given name of its own and the question gives another one
    beside the shared name, which the paragraph writes with it ("to whom did fidel castro
    hand the presidency?": Raul CASTRO is his brother, since the paragraph writes "Fidel
    CASTRO"; a bare "CASTRO", "President CASTRO" or "the Castro Government" is still him,
    "the Abe Cabinet" names no other Abe, nor does the question's first word: "Following
    Abe's resignation ...")."""
    own = {n.lower() for n in names}
    given_own = own - set(question_words) - _NAME_TITLES - _NAMED_AFTER_PERSON
    shared = False
    for i, word in enumerate(question_words):
        if word not in own or word in STOPWORDS:
            continue
        shared = True
        if not given_own:
            continue
        for j in (i - 1, i + 1):
            beside = question_words[j] if 0 < j < len(question_words) else ""
            if not beside or beside in own or beside in STOPWORDS or beside in _NAME_TITLES or beside in _NAMED_AFTER_PERSON:
                continue
            pair = rf"{re.escape(beside)}\s+{re.escape(word)}" if j < i else rf"{re.escape(word)}\s+{re.escape(beside)}"
            for written in re.finditer(rf"\b{pair}\b", paragraph, re.IGNORECASE):
                if all(w[:1].isupper() for w in written.group(0).split()):
                    return False  # the question's "Fidel Castro" is another than "Raul CASTRO"
    return shared


#: a date an office is held since, in a field line's brackets: "(since 22 October 2025)"
#: (not a sentence's "has governed the island together with Rui Costa since 3 May 2021")
_SINCE = re.compile(r"\(\s*since\s*$", re.IGNORECASE)


def _people_named(paragraph: str, spans: Sequence[Span], question_words: Sequence[str]) -> list[tuple[int, int, bool]]:
    """The paragraph's people (start, end, asked), ``asked`` when the question names them;
    none unless the question names one of them."""
    people = [
        (span.start, span.end, _is_asked_person(re.findall(r"\b[A-Z][\w'-]+", paragraph[span.start : span.end]), question_words, paragraph))
        for span in spans if span.label == "PERSON"
    ]
    return people if any(asked for _, _, asked in people) else []


def _of_another_person(people: Sequence[tuple[int, int, bool]], clause_start: int, position: int) -> bool:
    """Whether the person nearest before ``position`` in its clause is not the one asked
    about: "head of government: Prime Minister Herintsalama RAJAONARIVELO (since 22 October
    2025)" dates the prime minister's office, not the chief of state's the question names."""
    before = [(start, asked) for start, end, asked in people if clause_start <= start and end <= position]
    return bool(before) and not max(before)[1]


def score_candidates(
    paragraph: str, sentence: tuple[int, int], found: Sequence[Candidate], question: Question,
    q_terms: Sequence[str], wanted: set[str], stats: TermStats, heading: str = "", spans: Sequence[Span] = (),
) -> list[Scored]:
    """Each candidate's score from features that carry across documents: how well its kind
    fits, how much of the question its clause holds, how near it sits to the question's
    words, whether it repeats the question, its grammatical role, and whether its time
    (year, now/formerly) agrees with the question's."""
    s_start, s_end = sentence
    text = lower_same_length(normalize(paragraph[s_start:s_end]))  # offsets stay those of the paragraph
    question_lower = normalize(question.text).lower()
    wanted_terms = set(q_terms)
    related_terms = with_related(wanted_terms)
    # a phrase hanging on the question's linking verb ("became a colony in 1667") is
    # attached to it, though the verb weighs nothing in the coverage
    light = {stem(w) for w in re.findall(r"[a-z]+", question_lower)} & LIGHT_VERBS
    weight = 1 + sum(stats.idf(t) for t in q_terms if t in stats.df)
    anchors = [m.start() for m in re.finditer(r"[a-z0-9]+", text) if stem(m.group(0)) in wanted_terms]
    counted = counted_terms(question.text) if question.type == COUNT else set()
    currency = asked_currency(question.text) if question.type == AMOUNT else None
    asked_numbers = _numbers(question.text)  # a number the question gives is not what it asks
    year_labels = list(_YEAR_LABEL.finditer(text))
    whole = partitive_whole(question.text) if question.type == COUNT else set()
    sentence_terms = set(terms(text)) if whole else set()
    wanted_years = {w for w in wanted if YEAR.fullmatch(w)}
    # (the years the month is asked in, "which month of 2019", "in 2020"; not those naming
    # what is asked about: "the fiscal year 2012 budget", "the 2011 Circular E")
    dating_years = set(_MONTH_OF_YEAR.findall(question_lower)) & wanted_years if question.focus == "month" else set()
    piece_terms: dict[tuple[int, int], set[str]] = {}  # the terms of each clause, computed once
    clause_words: dict[tuple[int, int], set[str]] = {}  # ... without its row's label (a population's clause)
    if question.type in NUMERIC and wanted_years and _unreported_years(text, wanted_terms) & wanted_years:
        return []  # "... referred 15 to protection services (unreported in 2019)": 2019's referrals are not given
    # "what is the population of Kankan?", "how many people live on Montserrat?"
    asks_population = question.type == COUNT and (
        question.focus == "population" or (question.focus == "people" and _LIVE.search(question_lower) is not None)
    )
    # "who is Port Moresby named after?": the person shares the place's name
    eponym = question.type == PERSON and _NAMED_AFTER.search(question_lower) is not None
    spelled = spelled_initials(question.text)
    plan_asked = _PLAN_ASKED.search(question_lower) is not None
    asked_round = _asked_round(question_lower)
    exact_asked = question.type in NUMERIC and _EXACT_ASKED.search(question_lower) is not None
    question_words = _question_names(question_lower)
    # (the people the paragraph names, each as (start, end, whether the question names them),
    # read when a date an office is held since is a candidate)
    people: list[tuple[int, int, bool]] | None = None
    vague = [(c.start, c.end) for c in found if not re.search(r"\d", paragraph[c.start : c.end]) and _VAGUE_COUNT.search(paragraph[c.start : c.end])] if exact_asked else []
    label_terms = _row_label_terms(text)
    if label_terms:  # a table's cells are about its caption, or the document's title, too
        label_terms |= set(terms(heading))
    out: list[Scored] = []
    for candidate in found:
        start, end = candidate.start - s_start, candidate.end - s_start
        phrase = text[start:end].strip()
        if not phrase or re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", question_lower):
            continue  # the question's own words are not its answer ("9" is not in "2019")
        if question.focus and _only_the_kind(paragraph[candidate.start : candidate.end], question.focus):
            continue  # "which volcano ...?": not "volcanoes", the kind asked for, named by no name
        names = re.findall(r"\b[A-Z][\w'-]+", paragraph[candidate.start : candidate.end])
        if candidate.label == "PERSON" and not eponym and _is_asked_person(names, question_words, paragraph):
            continue  # a person the question already names ("before Abe returned": not ABE Shinzo)
        # (what the span counts, read once for the checks below)
        nouns = _count_nouns(text, (start, end), part=bool(whole)) if question.type == COUNT else set()
        if question.type == COUNT and _counts_other(nouns, counted):
            continue
        if any(a < candidate.end and candidate.start < b for a, b in vague):
            continue  # "exactly how many were to be repatriated?": "hundreds" does not say, nor "twelve" of "as many as twelve"
        if question.type in NUMERIC and (given := _numbers(phrase)) and given <= asked_numbers:
            continue  # "how many of the 200-plus returnees were women?": not "more than 200"
        if currency and (named := currencies(phrase)) and currency not in named:
            continue  # "worth in euros?": not an amount in somoni or dollars
        if question.focus == "month":
            own = paragraph[candidate.start : candidate.end]  # (as written: "may" is a verb, "MAY 2004" is not)
            if not any(m.group(0) != "may" for m in _ANY_MONTH.finditer(own)):
                continue  # "in which month of 2020?": a year alone does not say it
            if dating_years and (stated := set(YEAR.findall(own))) and not stated & dating_years:
                continue  # ... nor a month of another year ("March 2021" for "which month of 2019?")
        if question.wh in ("how long", "how soon") and _ORDINAL_PERIOD.match(phrase):
            continue  # "how long does it take?": "the third consecutive year" counts years in a row, not a length
        phrase_years = set(YEAR.findall(phrase)) if question.focus == "year" else set()
        if phrase_years and phrase_years <= set(question.years):
            continue  # "announced in early 2021 ... started in what year?": not the year it gives
        clause_bounds, small_bounds = piece(text, start, CLAUSE), piece(text, start, PHRASE)
        if question.type == DATE and _SINCE.search(text, max(0, start - 10), start):
            if people is None:
                people = _people_named(paragraph, spans, question_words)
            if _of_another_person(people, s_start + clause_bounds[0], candidate.start):
                continue  # "since when has Michael RANDRIANIRINA been chief of state?": not the date of the prime minister's clause
        clause, small = text[slice(*clause_bounds)], text[slice(*small_bounds)]
        if not plan_asked and _PLANNED.search(text[small_bounds[0] : start]):
            continue  # "announced plans to repatriate hundreds": not how many were, unless a plan is asked
        if clause_bounds not in clause_words:
            clause_words[clause_bounds] = set(terms(clause))
            # "IDPs: 2,065,358" says "internally displaced persons" when the question writes them out
            clause_text = paragraph[s_start + clause_bounds[0] : s_start + clause_bounds[1]]
            clause_words[clause_bounds] |= spelled_out(clause_text, spelled)
        if clause_bounds not in piece_terms:
            # a cell of a table row (or of a field list) is about the row's label too:
            # "Data set downloads; ...; FY 2010 Sept. 30, 2011: 2,348,928"
            piece_terms[clause_bounds] = clause_words[clause_bounds] | label_terms
        named_in = piece_terms[clause_bounds] if not whole else sentence_terms
        if counted and not whole:  # (a count without its noun names what the sentence counted before it)
            named_in = named_in | nouns
        if counted and not _names_any(counted, named_in) and not (counted & _MEMBERSHIP and named_in & _MEMBERSHIP):
            # "how many men ...?": a clause that never names men counts something else (a
            # part of a whole may leave the whole to the clause before: "... and referred 15");
            # a body's members are its seats ("how many members sit ...?": "number of seats: 81")
            continue
        if counted and not whole and (field := _kind_of_field(paragraph[s_start : candidate.start])) is not None:
            kinds, label = field
            named_kind = with_related(set(terms(label)) | spelled_out(label, spelled)) | nouns
            asked_kinds = counted & set(terms(kinds))  # (not "nigerian" of "how many Nigerian refugees?")
            if asked_kinds and not all(_names_any({t}, named_kind) for t in asked_kinds):
                # "how many refugees ...?" (a kind the field names): not "Refugees and internally
                # displaced persons - stateless persons: 115", nor "displaced persons" of it
                continue
        if whole and not _OF_THE_WHOLE.match(text[end:]) and _names_any(whole, nouns):
            continue  # "how many of the identified victims were referred?": not the victims identified
        if asks_population and not _names_any(_PEOPLE_TERMS, clause_words[clause_bounds]):  # (not a heading's "PEOPLE AND SOCIETY")
            continue  # "what is the population of Kankan?": not "7 administrative regions" of a sentence naming Kankan
        if small_bounds not in piece_terms:
            piece_terms[small_bounds] = set(terms(small))
        clause_terms, small_terms = piece_terms[clause_bounds], piece_terms[small_bounds]
        score = 1.2 * candidate.fit
        if len(counted) >= 2 and nouns:
            # "how many granitic islands?": "42 granitic" over "155 islands", the count that
            # names the rarer words of what is asked (of a thing named by two words or more)
            named_counted = [t for t in counted if _names_any({t}, nouns)]
            score += COUNTED_WEIGHT * sum(stats.idf(t) for t in named_counted) / (sum(stats.idf(t) for t in counted) or 1.0)
        score += sum(stats.idf(t) for t in q_terms if t in clause_terms) / weight
        score += sum(stats.idf(t) for t in q_terms if t in small_terms) / weight
        span_terms = set(terms(phrase))
        new_terms = span_terms - wanted_terms
        if (
            question.type in (PERSON, ORGANISATION, PLACE, ENTITY) and len(span_terms) >= 3 and len(new_terms) < 0.34 * len(span_terms)
            and not any(t[:1].isdigit() and not YEAR.fullmatch(t) for t in new_terms)
        ):
            # the question's own words, nearly all ("NIST Special Publication 800 NIST SP" for
            # "which NIST publication does SP 800-223 ...?"; but "SP 800-190" is another one)
            continue
        if span_terms:  # an answer names something the question did not
            # (but a count names what it counts: "150 software dependencies" for "how many
            # software dependencies ...?" repeats the noun counted at a tenth of the cost, only
            # enough for the bare number to win over the same number with its noun)
            repeated = sum(stats.idf(t) * (0.1 if t in counted else 1.0) for t in span_terms & wanted_terms)
            score -= 0.8 * repeated / sum(stats.idf(t) for t in span_terms)
        if question.wh == "who" and (candidate.prep == "agent" or candidate.dep == "nsubj"):
            score += 0.15  # the doer: "run by an NGO", "the Ministry ... assumed"
        if question.type == PLACE and question.prep in _ENDS and candidate.prep in _DIRECTIONAL:
            if candidate.prep == question.prep or re.search(rf"\b{question.prep}\b", text[max(0, start - 40) : start]):
                score += 0.3  # "from Norway", or nested: "from camps in Syria"
            else:
                continue  # "come from": an origin, not the destination "in Russia"
        if eponym and _HONOURED.search(text[max(0, start - 80) : start]):
            score += 0.5  # "named in 1873 by Captain John FERRO in honor of his father, Admiral Hugh FERRO": the one honoured
        head = stem(candidate.head) if candidate.head else ""
        if head and (head in wanted_terms or head in light):
            score += 0.15  # attached to a verb or noun the question uses
        if candidate.label in ("PERSON", "ORG", "GPE", "LOC", "BODY") and _NAMED.search(paragraph[candidate.start : candidate.end]):
            score += 0.1  # a named body ("Ministry of Health") over a generic one ("the government")
        past, current = bool(_PAST_CUES.search(small)), bool(_CURRENT_CUES.search(small))
        if question.time and past != current:
            score += 0.5 if (question.time == "past") == past else -0.5
        elif not question.time and past and not current:
            score -= 0.3  # "formerly run by an NGO": superseded, unless the past is asked for
        # (for "what year?", the phrase's own year is the answer, another than the question's)
        # (a year said to be unreported dates nothing: "referred 15 to protection services
        # (unreported in 2019)" gives the referrals of another year)
        years_near = _dating_years(small) - phrase_years
        labelled = [m for m in year_labels if m.end() <= start]
        if len(year_labels) >= 2 and labelled:
            # a series labelled by year ("2024: Sam Hou FAI (received 394 out of 400 votes)
            # 2019: HO Iat Seng (received 392 ...)"): a value is of the last year labelled before it
            years_near = {labelled[-1].group(1)} - phrase_years
        ok = True
        if wanted_years:  # (another number asked about, "SP 800-223", says nothing of the year)
            if wanted & years_near:
                score += 2.0
            elif wanted & _dating_years(clause) and not years_near - wanted:
                score += 1.0
            elif years_near:
                score -= 2.0
                ok = False
        if asked_round:
            # "in the first round" of "elected in second round - RAMOS-HORTA 62.1%": the
            # value is of the round named just after it ("46% in the first round") or, in a
            # field, of the last round named before it
            before = list(_ROUND.finditer(text, 0, start))
            named_round = _ROUND_AFTER.match(text, end) or (before[-1] if before else None)
            if named_round is not None:
                if _ORDINAL_NUMBERS.get(named_round.group(1), named_round.group(1)) == asked_round:
                    score += 1.0
                else:
                    score -= 2.0
                    ok = False
        if anchors:
            centre = (start + end) / 2
            score -= 0.0015 * min(abs(a - centre) for a in anchors)
        score -= 0.0001 * start  # earlier mention wins ties: reports lead with the fact
        attached = bool(head) and (head in light or bool(with_related([head]) & related_terms))
        out.append(Scored(candidate.start, candidate.end, score, candidate.fit, ok, attached))
    if question.type in (PERSON, ORGANISATION, ENTITY):
        out = _named_in_apposition(paragraph, out)
    return sorted(out, key=lambda c: -c.score)


def _only_the_kind(phrase: str, kind: str) -> bool:
    """Whether the phrase says only the kind of thing asked for, in the singular or the
    plural, as a common noun ("the volcanoes" for "which volcano"; not "the State", which
    names one)."""
    words = [w for w in re.findall(r"\w+", phrase) if w.lower() not in STOPWORDS]
    if not words or any(w[0].isupper() for w in words):
        return False
    return all(kind in (w, singular(w)) or (w.endswith("oes") and w[:-2] == kind) for w in map(str.lower, words))


#: How much naming all of what a count question counts adds to a count's score
COUNTED_WEIGHT = 0.5
#: A year labelling the values after it ("election results: 2024: ... 2019: ...")
_YEAR_LABEL = re.compile(r"\b(1[5-9]\d\d|20\d\d) ?:\s")
#: A round of a vote by its ordinal ("first round", "second-round", "3rd ballot")
_ROUND_ORDINAL = rf"({'|'.join(ORDINALS)}|1st|2nd|3rd|[4-9]th|10th)[- ](?:round|ballot)"
_ROUND = re.compile(rf"\b{_ROUND_ORDINAL}s?\b")
#: ... named just after a value: "46% in the first round", "55% (second round)"
ROUND_REACH = 25
_ROUND_AFTER = re.compile(rf"[^.;]{{0,{ROUND_REACH}}}?\b(?:in|on|at|of|during)\s+(?:the\s+)?{_ROUND_ORDINAL}\b")
_ORDINAL_NUMBERS = dict(zip(("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th"), ORDINALS, strict=True))
#: a runoff is the second round
_RUNOFF = re.compile(r"\brun-?offs?\b")


def _rounds_named(text: str) -> set[str]:
    """The rounds of a vote the text names by their ordinal, as words; a runoff is the second."""
    named = {_ORDINAL_NUMBERS.get(m.group(1), m.group(1)) for m in _ROUND.finditer(text)}
    return named | ({"second"} if _RUNOFF.search(text) else set())


def _asked_round(question: str) -> str | None:
    """The round of a vote the question asks about ("in the first round"), as a word."""
    match = _ROUND.search(question)
    return _ORDINAL_NUMBERS.get(match.group(1), match.group(1)) if match else None


#: A value asked by the measure it is ("what is the literacy rate", "what minimum
#: accuracy, in metres", "what did it cost"), in a question no type asks for a number: the
#: measure ends its noun phrase ("the exchange rate regime" is no rate, "the study area" no
#: measure: an area is one only as land, surface, total or water area)
_VALUE_ASKED = re.compile(
    r"^\W*what(?:'s|\s+(?:is|was|are|were|did|does|do|would|will))?\s+(?:(?:the|its|their|a|an|[\w-]+'s?)\s+)?"
    r"(?:(?:[\w-]+\s+){0,3}(?:(?:rate|ratio|coefficient|accuracy|length|height|depth|width|elevation|speed|density|"
    r"fidelity|percentage|proportion|price|cost|fee|salary|budget)s?|(?:land|surface|total|water) area)"
    r"(?=\s*(?:[,?]|$|\b(?:of|for|in|on|at|among|per|from|to|under|did|does|do|is|was|are|were|has|have|had|would|will|can|could)\b))"
    r"|did (?:it|\w+) cost\b)",
    re.IGNORECASE,
)
#: Words numbering a part or a version rather than stating a value ("Level 1 Data Model",
#: "cohort 1 patients"), beside the places ``_LOCATION`` reads ("Table 2", "section 512")
_NUMBERING = re.compile(r"\b(?:level|cohort|grade|phase|tier|version|edition|volume|vol\.|no\.|pub\.|title|form)\s*$", re.IGNORECASE)


def value_asked(question: str) -> bool:
    """Whether the question asks for a measure's value ("what is the response rate of ...")."""
    return bool(_VALUE_ASKED.search(normalize(question)))


def gives_value(sentence: str) -> bool:
    """Whether the sentence states a figure: a number that is not a year nor a part's
    number, or a number word (leniently: "one of the tools" counts, so a long sentence
    rarely lacks a figure)."""
    sentence = normalize(sentence)
    places = [m.span(1) for m in _LOCATION.finditer(sentence)]
    for number in re.finditer(rf"(?<![\w.]){NUM}", sentence):
        if YEAR.fullmatch(number.group(0)) or any(a <= number.start() < b for a, b in places):
            continue
        if _NUMBERING.search(sentence[max(0, number.start() - 12) : number.start()]):
            continue
        return True
    return bool(re.search(rf"\b{_NUMBER_WORDS}\b|\b(?:half|double|twice|triple)\b", sentence, re.IGNORECASE))


#: Month names in full or shortened ("Sept.", "Feb"), any case ("NOVEMBER - 2015")
_MONTH_NAME = rf"(?:{MONTH_WORDS}|sept)\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
#: A date asked for with its day ("the exact date", "what day") or at least its month
#: ("on what date"): a year alone does not give it ("what day-to-day duties", "what day
#: care", "what date range" ask for none)
_DAY_ASKED = re.compile(r"\b(?:exact|precise) (?:date|day)\b(?![\w-])|\b(?:what|which) day\b(?![\w-]| of the week| care)", re.IGNORECASE)
_DATE_ASKED = re.compile(r"\b(?:what|which) date\b(?![\w-]| range| format)", re.IGNORECASE)
#: A date with its day: "12 February", "the 12th of February", "Feb. 12", "2021-02-12",
#: "2/12/2021", "12.02.2021", "2021/02/12", or a weekday ("on a Sunday")
_MONTH_DAY = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTH_NAME}(?!\w)|\b{_MONTH_NAME} \d{{1,2}}(?:st|nd|rd|th)?\b|"
    rf"\b{_MODERN_YEAR}[-/]\d\d?[-/]\d\d?\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|\b{_WEEKDAY}\b",
    re.IGNORECASE,
)
#: ... or with its month at least ("May 2010", "2004-08", "10/2015")
_MONTH_OR_DAY = re.compile(
    rf"\b{_MONTH_NAME}(?!\w)|\b{_MODERN_YEAR}-\d\d\b|\b\d{{1,2}}/{_MODERN_YEAR}\b|{_MONTH_DAY.pattern}", re.IGNORECASE
)


def date_precision_lacking(question: str, sentence: str) -> bool:
    """Whether the question asks for a date more precise than any the sentence gives:
    "the exact date in February 2021" of a sentence saying "In February 2021", "on what
    date did the treaty enter into force?" of one naming only its year."""
    question, sentence = normalize(question), normalize(sentence)
    if _DAY_ASKED.search(question):
        return not _MONTH_DAY.search(sentence)
    if _DATE_ASKED.search(question):
        return not _MONTH_OR_DAY.search(sentence)
    return False


def _coordinated(paragraph: str, short: Scored, scored: Sequence[Scored], question: Question) -> int:
    """How far the short answer runs on over names joined to it by "and" ("workers were
    brought in from India and Java"): both are where they came from, and the first alone
    is half the answer. Names only, of a name-asking question; 0 when none is joined."""
    if question.type not in (PERSON, ORGANISATION, PLACE, ENTITY) or not _NAMED.search(paragraph[short.start : short.end]):
        return 0
    end = short.end
    for _ in range(MAX_LIST_ITEMS):
        joined = re.match(r"(?:,\s+(?:and\s+)?|\s+and\s+)", paragraph[end : end + 6])
        partner = next((c for c in scored if joined and c.start == end + joined.end()), None)
        # of the kind asked, or a proper name the tagger took for a noun ("Java")
        if partner is None or not (
            (partner.fit >= SHORT_FIT and _NAMED.search(paragraph[partner.start : partner.end]))
            or re.fullmatch(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*", paragraph[partner.start : partner.end])
        ):
            break
        end = partner.end
        if "and" in joined.group(0):
            return end - short.end  # "A, B and C" ends at its "and"
    return 0


def _named_in_apposition(paragraph: str, scored: list[Scored]) -> list[Scored]:
    """A description followed by the name it describes ("succeeded by his vice president,
    Guy SCOTT, who ..."): the name answers "who?" wherever the description does, so it
    takes the description's score when that is higher (the name is what a reader cites),
    and the description, the same person, is no rival to it."""
    by_start = {c.start: c for c in scored}
    lifted: dict[int, float] = {}
    described: set[int] = set()
    for c in scored:
        if _NAMED.search(paragraph[c.start : c.end]):
            continue  # a name already
        comma = re.match(r",\s+", paragraph[c.end : c.end + 4])
        name = by_start.get(c.end + comma.end()) if comma else None
        if name is not None and name.fit >= c.fit and _NAMED.search(paragraph[name.start : name.end]) and re.match(r"\s*(?:,|\(|$|;|\.)", paragraph[name.end : name.end + 2]):
            lifted[name.start] = max(lifted.get(name.start, -math.inf), c.score)
            described.add(c.start)
    return [replace(c, score=max(c.score, lifted[c.start])) if c.start in lifted else c for c in scored if c.start not in described]


#: How far the typed-phrase terms can move a sentence's score: up by at most 0.25 + 0.25 (a
#: phrase found, its score capped at 5), down by at most 0.15 (no phrase, or a phrase whose
#: years disagree: +0.25 - 0.4); so a sentence more than 0.65 behind cannot overtake. At most
#: MAX_READ sentences are read for phrases (a cap for very long paragraphs).
TYPED_SWING, MAX_READ = 0.65, 12

#: A question answered by a sentence reads this many leading sentences for meaning as well
#: (their cosine to the question, this much of it added to the sentence's score). Set on the
#: development questions: 0.5-2.0 all moved the same few answers (2.0 one more factbook
#: question); 1.0 keeps the words the main evidence.
SEMANTIC_READ, SEMANTIC_WEIGHT = 4, 1.0
#: ... each read to this many words: a sentence says what it is about early, and encoding
#: a 200-word field list would cost more than the rest of the question.
SEMANTIC_WORDS = 40
#: ... and only when words leave them close: sentences within this much of the best one
#: (0.15, 0.3 and 0.5 gave the same development answers; 0.15 encodes least: p95 40 ms vs 71).
SEMANTIC_MARGIN = 0.15

#: Cosines of sentences to the question (the engine's encoder; None to read words only).
SentenceSimilarity = Callable[[Sequence[str]], Sequence[float]]

#: What a sentence from outside the question's topic scope gives up in the choice.
OFF_SCOPE_PENALTY = 0.5
#: A table of contents, a list of figures or a back-of-book index says where a thing is
#: written, never what it is ("Standard mileage rate . . . 26"): a line of one (under such a
#: heading, ending in its page number) weighs less than the page it points to. (A section
#: named "Index" that reports an index's measures writes sentences, not page numbers.)
NAVIGATION = re.compile(
    r"(?i)(?:(?:table of )?contents|index|list of (?:tables|figures|charts|exhibits|boxes|illustrations|maps))(?:\s*\(continued\))?"
)
_PAGE_NUMBER_AT_END = re.compile(r"\d+\W*$")
NAVIGATION_PENALTY = 0.5

#: What a sentence that is itself a question gives up in the choice: a guideline or FAQ
#: that asks "Should Ki67 testing be performed as a reflex test?" before answering it holds
#: all of the question's words and none of its answer.
ASKING_PENALTY = 0.3
_ASKS = re.compile(r"\?[\"'\u201d)\]]*$")
#: A run-in heading opens a paragraph with a few words and a full stop ("Standard mileage
#: rates. The 2007 rate for use of your vehicle to move is 20 cents a mile."): it names the
#: topic, so it holds the question's words, and states nothing, so it is no answer. Without
#: a parse, a subject, an article, an auxiliary, a number or an adverb marks a sentence.
_RUN_IN = re.compile(r"[^\W\d_][\w'’()/,-]*(?:\s+[^\W\d][\w'’()/,-]*){0,5}\.")
_CLAUSE_WORDS = frozenset(
    "the a an it we you they he she i this these that those your our their his her its there "
    "is are was were be been being has have had must may might can will would shall should could "
    "does do did not no yes".split()
)


def _run_in_heading(sentence: str) -> bool:
    """Whether a paragraph's first sentence is a run-in heading (see _RUN_IN)."""
    if not sentence[:1].isupper() or _RUN_IN.fullmatch(sentence) is None:
        return False
    words = re.findall(r"[\w'’]+", sentence.lower())
    return not (_CLAUSE_WORDS & set(words)) and not any(w.endswith("ly") for w in words)


def _opening_run_in(text: str) -> str:
    """The run-in heading a paragraph's text opens with ("Standard mileage rates."), "" when
    it opens with a sentence."""
    first = next(iter(answer_sentences(text)), None)
    if first is None or first[0] != 0 or first[1] >= len(text.rstrip()) or not _run_in_heading(text[: first[1]]):
        return ""
    return text[: first[1]]


def _run_in_over(paragraphs: Sequence[Paragraph], at: int, before: bool = False) -> str:
    """The run-in heading the paragraph at ``at`` stands under: the one opening it, else one
    opening the paragraph just before it under the same section heading ("Individuals. If you
    were an employee ... | If you did not receive wages ..."; further back the reader's
    undetected sub-headings, "Line 32-Student loan interest deduction", lie between); ""
    when there is none. ``before``: "" when the paragraph opens with its own (its sentences
    after it are given it as they are read)."""
    if own := _opening_run_in(paragraphs[at].text):
        return "" if before else own
    return _run_in_before(paragraphs, at)


def _run_in_before(paragraphs: Sequence[Paragraph], at: int) -> str:
    """The run-in heading opening the paragraph just before ``at`` under the same section
    heading ("" when none): what a paragraph opening with none of its own stands under."""
    if at > 0 and paragraphs[at - 1].section == paragraphs[at].section:
        return _opening_run_in(paragraphs[at - 1].text)
    return ""


#: Candidates that could be taken for the answer (the margin is kept over these).
RIVAL_FIT = 0.7

#: A short answer needs a candidate of the right kind ...
SHORT_FIT = 0.8
#: ... that beats the best other, non-overlapping candidate by this much; otherwise the
#: sentence is the answer (highlighted), since a wrong short answer is worse than a sentence.
SHORT_MARGIN = 0.25


def decide_short(scored: Sequence[Scored], question: Question) -> Scored | None:
    """The short answer, when one candidate clearly beats the others; else None."""
    fitting = [c for c in scored if c.fit >= (0.9 if question.type == ENTITY else SHORT_FIT)]
    if not fitting:
        return None
    best = fitting[0]
    if candidate_margin(scored, best) < SHORT_MARGIN:
        return None
    return best


def candidate_margin(scored: Sequence[Scored], best: Scored) -> float:
    """How far ``best`` leads the best other plausible, non-overlapping candidate (capped
    at 2; 2 when it has no rival)."""
    rivals = [c for c in scored if c is not best and (c.end <= best.start or c.start >= best.end) and c.fit >= RIVAL_FIT]
    return min(2.0, best.score - rivals[0].score) if rivals else 2.0


def list_items(scored: Sequence[Scored], paragraph: str) -> list[Scored]:
    """The enumeration around the best fitting candidate, in text order: its neighbours
    joined to it only by separators, numbers and short unit words ("Belize 276 km;
    Guatemala 958 km; US 3,155 km", "Russia, Kazakhstan and China"), not every place the
    sentence also names."""
    fitting = [c for c in scored if c.fit >= LIST_FIT and paragraph[c.start : c.end].strip()]
    if not any(c.fit >= SHORT_FIT for c in fitting):
        return []
    chosen: list[Scored] = []
    for candidate in sorted(fitting, key=lambda c: -(c.end - c.start)):  # longest of overlapping ones
        if all(candidate.end <= other.start or candidate.start >= other.end for other in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    strong = [c for c in chosen if c.fit >= SHORT_FIT]
    if not strong:  # every fitting item was inside a longer, weaker phrase
        return []
    best = max(strong, key=lambda c: c.score)
    i = j = chosen.index(best)
    while i > 0 and _joins(paragraph[chosen[i - 1].end : chosen[i].start]):
        i -= 1
    while j + 1 < len(chosen) and _joins(paragraph[chosen[j].end : chosen[j + 1].start]):
        j += 1
    return chosen[i : j + 1][:MAX_LIST_ITEMS]


_JOINER = re.compile(r"(?i)\b(and|or|km|mi|m|nm|est)\b|[\d.,;:()%$&\s\-\u2013\u2014/]")


def _joins(gap: str) -> bool:
    """Whether the text between two items only joins them: separators, numbers, 'and'."""
    return len(gap) <= 30 and not _JOINER.sub("", gap).strip()


#: How well a list item's kind must fit (a list takes a capitalised name the tagger missed
#: beside the entities it found), and how many items at most.
LIST_FIT, MAX_LIST_ITEMS = 0.6, 8

#: The words a date question names its answer's kind with ("in what year", "on what date").
_YEAR_WORDS = frozenset({"year", "date"})

#: The share of the question's weight a sum's sentence holds of its own to continue the one
#: before ("Under section 1204 penalties range up to a $500,000 fine for a first offense": the
#: fine, the first offense; not "The council's annual budget for new buildings is $5 million")
CONTINUES_SHARE = 0.25
#: The words for money itself, which a sentence giving an amount of it says ("253,670
#: somoni ... for the shelter" is the shelter's money, its funding)
_MONEY_TERMS = frozenset(terms("money fund funds funding finance finances financing"))
#: A sentence opening that points back at the sentence before ("Of these students",
#: "Among them", "This figure", "They", "It does not entitle you ..."; not "It is clear that").
_POINTS_BACK = re.compile(r"^\W*(?:(?:(?:of|among|for|in|from)\s+)?(?:these|those|this|that|them|they|such)\b|it\b(?!\s+(?:is|was)\s+\w+\s+(?:that|to)\b))", re.IGNORECASE)


@dataclass(frozen=True)
class Choice:
    hit_index: int
    sentence: tuple[int, int]  # paragraph characters
    parts: tuple[tuple[int, int], ...]  # the short answer's spans (several for a list); () for the sentence
    form: str  # "short", "list", "yes", "no" or "sentence"
    score: float
    # a sentence answer's likeliest phrase (not clear enough to give short): the page it is
    # printed on is the one to cite when the sentence runs over a page break
    focus: tuple[int, int] | None = None


def choose(
    question: str,
    hits: Sequence[Hit],
    stats: TermStats,
    documents: Mapping[str, Document],
    wanted: set[str] | None = None,
    one_part: bool = False,
    sentence_similarity: SentenceSimilarity | None = None,
    analysed: Question | None = None,
    called: Mapping[int, tuple[int, int]] | None = None,
    retrieved: int | None = None,
    brought: Mapping[int, int] | None = None,
) -> tuple[Choice | None, dict[str, float]]:
    """The best answer sentence among the hits' paragraphs, its short answer if one is
    clear, and the features confidence is computed from.

    Whole paragraphs are read, not only the retrieved window: the window that matched
    best overall need not hold the sentence that answers. ``called``: the hits that are
    notes another hit calls (``called_notes``), each with (that hit, the call's character);
    the first ``retrieved`` hits were retrieved, the others are notes read with them, and
    rows of their tables (``brought``: each by the hit whose table it is; ``read_along``).
    """
    analysed = analysed or analyse(question)
    retrieved = len(hits) if retrieved is None else retrieved
    q_terms = question_terms(question, stats)
    asks_non = bool(_NON.search(question))
    wanted = constraints(question) if wanted is None else wanted
    name_years = named_years(question) & wanted
    # the numbers a sentence must state to answer: not those that say where to look
    # ("line 40", "section 1203", "Table 2"), which the row or the section holds for it
    runs = located_runs(question)
    asserted = wanted - set().union(*runs)  # (located_numbers, from the runs already read)
    labelled = table_numbers(question)  # ("per Table 2" names no row ranked 2)
    asked_months = _months(question)
    total_weight = sum(stats.idf(t) for t in q_terms) or 1.0
    asked_terms = set(q_terms)
    paragraph_texts = [documents[h.passage.doc].paragraphs[h.passage.paragraph - 1].text for h in hits[:retrieved]]
    absent_named, absent_other = absent_weights(question, q_terms, stats, paragraph_texts)
    named = named_terms(question, stats)
    role = role_terms(question, stats)
    lead = lead_terms(question)
    now_asked = bool(role) and _asked_now(question, analysed)
    named_weight = sum(stats.idf(t) for t in named) or 1.0
    typed = analysed.typed
    asked_lower = question.lower()
    uncased = question == asked_lower
    # (asked of an amount or whether it paid for something: "which organization provides
    # funding?" asks who, and a fine's amount is nobody's funding)
    money_asked = _MONEY_TERMS & set(q_terms) if analysed.type in (AMOUNT, YESNO) else frozenset()
    future_asked = _FUTURE_ASKED.search(asked_lower) is not None or _PAST_ASKED.search(asked_lower) is None
    # a kind of body whose names say it ("which ministry ...?"): a sentence naming none lacks it
    kind = analysed.focus if analysed.type == ORGANISATION and analysed.focus in SELF_NAMING else None
    # "which international organization funds most services?" of a report that says only "an
    # international organization continued to fund most victim protection services"
    unnamed = _spoken_of_unnamed(asked_kind(question, analysed), paragraph_texts)
    part = partitive_part(question, stats) if analysed.type == COUNT else set()
    subject = count_subject(question) if analysed.type == COUNT else set()
    asks_year = analysed.type == DATE and bool(_YEAR_WORDS & set(q_terms))
    front = front_question(question) if analysed.type == DATE else None
    said_by_a_date = front.said_by_a_date if front is not None else frozenset()
    # a year naming the document is no year of its own record: "the 2015 paper" was
    # received in November 2014
    # ... nor is a year dating the report asked about the time of a fact when the question
    # gives that time too: "the shelter allocation in 2019, per the 2021 TIP report" asks
    # 2019's figure, not 2021's (but "In 2019 Tajikistan identified ..." dates the fact)
    report_years = _report_years(question) & wanted
    if front is not None and front.asks_date:
        record_wanted = wanted - name_years
    elif report_years and any(YEAR.fullmatch(w) for w in wanted - report_years - _compared_years(question)):
        record_wanted = wanted - report_years
    else:
        record_wanted = wanted
    spelled = spelled_initials(question)
    # "the data model, edition 1.0": the designation a document's cover gives it holds for
    # all of it, as its title's numbers do
    designated = {(word.lower(), number) for word, number in _DESIGNATED.findall(normalize(question))}
    # "no information was available on such deportations in 2020": a figure the report
    # says it lacks, for the year asked, is not given by a sentence that never speaks of
    # the rarest thing asked ("10,000 migrant workers ... returned" for "how many did
    # Tajikistan deport in 2020?")
    scoped = any(h.in_scope for h in hits)
    asked_years = {w for w in wanted if YEAR.fullmatch(w)}
    rarest = max((t for t in q_terms if t in stats.df and not YEAR.fullmatch(t)), key=stats.idf, default=None)
    lacked = None
    if analysed.type in NUMERIC and asked_years and rarest:
        read = [text for hit, text in zip(hits[:retrieved], paragraph_texts, strict=True) if hit.in_scope or not scoped]
        if any(_unreported_years(lower_same_length(normalize(text)), with_related([rarest])) & asked_years for text in read):
            lacked = rarest

    best: Choice | None = None
    best_features: dict[str, float] = {}
    # each note read: the sentence that calls it, (its hit, start, end)
    calling = {note: _calling_span(hits, documents, call) for note, call in (called or {}).items()}
    # First every sentence on the cheap evidence (words, passage, years), then the typed
    # phrases of only those that could still win: the phrase terms below move a sentence
    # by at most TYPED_SWING, so a sentence further behind cannot overtake.
    pool = []
    named_by: dict[str, frozenset[str]] = {}  # document -> the terms the question names it by
    peoples: dict[str, set[str]] = {}  # document -> the question's names of the people of its place
    naming_years: dict[str, set[str]] = {}  # document -> the question's years naming it
    callers: dict[int, str] = {}  # a note's hit -> the sentence calling it
    for hit_index, hit in enumerate(hits):
        # the question is about a place the index knows ("... in Freedonia?"): a sentence
        # from elsewhere answers it only when it is much the better sentence
        off_topic = OFF_SCOPE_PENALTY if scoped and not hit.in_scope else 0.0
        paragraph_record = documents[hit.passage.doc].paragraphs[hit.passage.paragraph - 1]
        paragraph = paragraph_record.text
        navigation = NAVIGATION_PENALTY if _navigation(paragraph_record) else 0.0
        # numbers its heading, its document's title or its file's name give hold for all of
        # it: a table row under "Checks, November 2015" (or in "nics-checks-2015-11.pdf")
        # states 2015 though the row never says it
        context = f"{_heading(paragraph_record, documents[hit.passage.doc])} {hit.passage.doc}"
        context_numbers = _numbers(context)
        if designated:
            context_numbers |= {n for _, n in designated & _per_document("designations", documents[hit.passage.doc], _designations)}
        if name_years:  # ... and so does the document for a year that names what it is about
            # (a year the document gives only as a date to come names nothing it reports:
            # "the 2025 Greenland election" of a profile whose 2025 is the next election's)
            context_numbers = context_numbers | (name_years & document_terms(documents[hit.passage.doc]) - (set() if future_asked else _document_future_years(documents[hit.passage.doc])))
        paragraph_numbers = _numbers(paragraph) | context_numbers
        context_years = {n for n in context_numbers if YEAR.fullmatch(n)}
        # (... and so is a year the question writes beside a word of the document's title or
        # file name, which it names with them: "tip 2021 tajikistan" of tip-2021-tajikistan.txt)
        if hit.passage.doc not in naming_years:
            naming_years[hit.passage.doc] = name_years | years_beside(question, documents[hit.passage.doc]) & wanted
        hit_name_years = naming_years[hit.passage.doc]
        # ... and the words that named the document the question is about ("Sao Tome and
        # Principe", "the GAO cybersecurity report") are said by each of its sentences: a
        # field line that never repeats the country's name loses nothing to one that does
        # (and the words beside its title naming it, "the 2015 Sci. Rep. paper on ...": read
        # once per document, not for each of its passages). Where the question names no
        # scope, the names in each document's own title are said by its sentences too ("...
        # in tajikistan" of tip-2021-tajikistan-protection among 159 profiles: the sentence
        # that answers need not repeat the country its report is about); not its other
        # words ("protection" is a topic the question may ask of any document) nor its
        # numbers, which date the document, not each fact in it
        if hit.passage.doc not in named_by and (hit.in_scope or not scoped):
            named_by[hit.passage.doc] = _named_by(question, documents[hit.passage.doc])
            if not scoped:
                named_by[hit.passage.doc] &= _per_document("names", documents[hit.passage.doc], _capitalised_terms)
        titled = named_by[hit.passage.doc] if hit.in_scope or not scoped else frozenset()
        missing = sum(1 for c in asserted if c not in paragraph_numbers)
        similarity = hit.dense_score or 0.0
        previous_terms: set[str] = set()
        previous_numbers: set[str] = set()
        previous_gives: bool | None = None  # (None: no sentence before it)
        # a note says more of the sentence calling it: its sentences hold that sentence's
        # terms and numbers as a sentence pointing back holds the one before's ("23 Due to
        # the limited availability of ... reporting prior to 1900, this year was selected"
        # of "the incident occurred between January 1, 1900 [23] and ...")
        carried = _sentence_of(hits, documents, calling[hit_index]) if hit_index in calling else ""
        if carried:
            callers[hit_index] = carried
        carried_terms, carried_numbers = set(terms(carried)), _numbers(carried)
        asked: set[str] = set()  # terms of the question the paragraph last asked itself
        # the run-in heading a paragraph stands under, its own or one opening a paragraph
        # before it ("Individuals. If you were an employee ... | If you did not receive
        # wages ...": both say what is due of individuals); its sentences hold its terms
        opening = _opening_run_in(paragraph)
        headed = set() if opening else set(terms(_run_in_before(documents[hit.passage.doc].paragraphs, paragraph_record.number - 1)))
        # ... and so does the heading of its section, the nearest one ("Andrew Prout Albert
        # Reuther" over "MIT Lincoln Laboratory" on a title page)
        headed |= set(terms((paragraph_record.section or "").rsplit(": ", 1)[-1]))
        # a date alone on the cover or title page of the document asked about is when it was
        # issued: "June 2023" says "When was GAO-23-106826 issued?" as a sentence would
        # ... and so does a short dated line there naming the record asked ("Received 3
        # November 2014" for "When was the article received by the journal?"; neither
        # "Received: ..." nor "Revised: ..." for "the revised version ... received")
        cover_terms = (
            said_by_a_date
            if said_by_a_date and hit.in_scope
            and (bare_date(paragraph) or (date_line(paragraph) and front.record and front.record <= set(terms(paragraph))))
            and on_front(paragraph_record.page, _per_document("first page", documents[hit.passage.doc], first_page))
            else frozenset()
        )
        for s_start, s_end in answer_sentences(paragraph):
            sentence = paragraph[s_start:s_end]
            own_terms = set(terms(sentence)) | cover_terms
            gives_money = bool(money_asked or analysed.type == AMOUNT) and gives_amount(sentence)
            if money_asked and gives_money:
                own_terms |= money_asked
            own_terms |= spelled_out(sentence, spelled)  # "GDP" says "gross domestic product"
            if not asks_non:  # "White, non-Hispanic" does not say "Hispanic"
                own_terms -= _negated_only(sentence, question)
            own_numbers = _numbers(sentence) | _compared_with_year_before(sentence, context_years)
            if not future_asked:  # ("expected date of next election: 2025" gives no 2025 results)
                own_numbers -= _future_only_years(sentence)
            # "Of these students, 42.7 percent were male": a sentence that opens by
            # pointing back is about what the one before it names (its terms and years)
            points_back = bool(_POINTS_BACK.match(sentence))
            # a sum of money asked for, in the sentence after one that gives none and that
            # speaks of the question itself, is about what that one said: "... a criminal
            # offense to violate section 1201 or 1202 wilfully ... | Under section 1204
            # penalties range up to a $500,000 fine for a first offense" (its words, not its
            # numbers: the year the one before gives is not the sum's; a count or a share
            # after a sentence giving none is as often of another thing)
            gives = analysed.type == AMOUNT and gives_money
            continues = (
                gives and previous_gives is False and not points_back
                and sum(stats.idf(t) for t in (own_terms - money_asked) & asked_terms) >= CONTINUES_SHARE * total_weight
            )
            previous_gives = gives
            asks = bool(_ASKS.search(sentence))
            # a run-in heading holds the question's words and says nothing of them: it is no
            # answer (the sentences under it hold its words for the choice: see headed)
            heads = s_start == 0 and sentence == opening
            # the sentences after a question the document asks itself answer it ("Should
            # Ki67 testing be a reflex test? ... There is no need or capacity for reflex
            # testing."): they hold its terms, at half weight as a pointing-back sentence does
            # and its words' families count at half weight too ("born" for "date of birth")
            sentence_terms = with_related(own_terms) | (previous_terms if points_back or continues else set()) | (asked if not asks else set()) | carried_terms
            if asks_year and YEAR.search(sentence):
                own_terms = own_terms | _YEAR_WORDS  # "in what year": a year stated says it, not the word "year"
                sentence_terms = sentence_terms | _YEAR_WORDS
            coverage = sum(stats.idf(t) * (1.0 if t in own_terms else 0.5) for t in q_terms if t in sentence_terms) / total_weight
            # (the choice counts the document's name as said; the confidence, fitted on
            # what sentences themselves say, does not: a near miss in the right document
            # is no likelier right for it)
            # (... nor the run-in heading it stands under, at half weight: said of it, not by it)
            chosen_by = coverage
            if titled or headed:
                said = own_terms | titled
                chosen_by = sum(stats.idf(t) * (1.0 if t in said else 0.5) for t in q_terms if t in said or t in sentence_terms or t in headed) / total_weight
            dated = any(YEAR.fullmatch(n) for n in own_numbers)
            # a year the heading, title or file name gives is the time of a sentence that
            # names none of its own: "compared with 53 in 2019" in the 2021 report is not of 2021
            # (but a year naming the document asked about, "the 2021 TIP report", is said by
            # every sentence of it: the one that also dates an event is no likelier to answer)
            held = (context_numbers - context_years) | (context_years & hit_name_years) if context_years and _DATED.search(sentence) else context_numbers
            sentence_numbers = own_numbers | held | (previous_numbers if points_back else set()) | carried_numbers
            # a narrative's time holds until it names another ("... in April 1994. The event
            # sparked a genocide in which ..."): not the year stated, but no other year either
            time_before = set() if dated else {n for n in previous_numbers if YEAR.fullmatch(n)}
            previous_terms, previous_numbers = own_terms, own_numbers | time_before
            if asks:
                asked = own_terms
            if heads:
                headed = set(terms(sentence))
            # (the numbers of one place named count once: the sentence citing "section 1201 or
            # 1202" is no more about the question than the one citing "section 1204")
            stated = len(asserted & sentence_numbers) + sum(1 for run in runs if run & wanted & sentence_numbers)
            base = chosen_by + 0.35 * _agreement(hit) + SENTENCE_WEIGHT * similarity + 0.3 * (stated + bool(cover_terms)) - off_topic - navigation
            if asked_months and (stated_months := _months(sentence)):
                # "the December 2003 draft": the row dated December, not January of that year
                base += MONTH_WEIGHT if asked_months & stated_months else -MONTH_WEIGHT
            if s_start == 0 and _row_named(sentence, asked_terms - labelled) and _in_table(documents[hit.passage.doc].paragraphs, paragraph_record.number - 1):
                # the row the question names, all of its name: "Virginia", not "West Virginia"
                # (nor "Male — Asian/Pacific Islander" for the Asian/Pacific Islander householders);
                # a table's row, not a profile's field line ("Nationality - noun: Ecuadorian(s)")
                base += ROW_NAMED_WEIGHT
            base -= ASKING_PENALTY if asks or heads else 0.0
            # a tie goes to the passage retrieval put first (rows alike but for their group); a
            # note or a row read along comes after every retrieved one
            base -= 0.002 * hit_index
            pool.append((base, hit_index, paragraph_record, s_start, s_end, sentence_terms, sentence_numbers, time_before, coverage, similarity, missing))
    if analysed.type == REASON and calling:
        pool = _causes_for_callers(pool, calling)
    pool.sort(key=lambda row: -row[0])
    if sentence_similarity is not None and not typed:
        pool = _read_for_meaning(pool, sentence_similarity, callers)
    cutoff = pool[0][0] - TYPED_SWING if pool else 0.0
    round_asked = _asked_round(normalize(question).lower())
    # a note and the sentence calling it say one thing: neither is the other's rival (the
    # margin by which the choice won is over what else was read)
    rivals: dict[tuple[int, int], float] = {}  # (hit, sentence start) -> its best score
    for base, hit_index, paragraph_record, s_start, s_end, sentence_terms, sentence_numbers, time_before, coverage, similarity, missing in pool[:MAX_READ]:
        if base < cutoff:
            break
        paragraph = paragraph_record.text
        sentence = paragraph[s_start:s_end]
        heading = _heading(paragraph_record, documents[hits[hit_index].passage.doc])
        scored: list[Scored] = []
        if typed and not (lacked and lacked not in sentence_terms):
            found = candidates(paragraph, paragraph_record.spans, s_start, s_end, analysed)
            scored = score_candidates(paragraph, (s_start, s_end), found, analysed, q_terms, record_wanted, stats, heading, paragraph_record.spans)
        fitting = [c for c in scored if c.fit >= SHORT_FIT]
        top = fitting[0] if fitting else None
        constraint_ok = top.constraint_ok if top else True
        score = (
            base
            + (0.25 if top else (-0.15 if typed else 0.0))
            + 0.05 * min(5.0, max(0.0, top.score) if top else 0.0)
            - (0.4 if not constraint_ok else 0.0)
            # "who is the president?": the sentence that gives someone the office as a title
            # ("chief of state: President Claudia SHEINBAUM") over one where the word stands
            # alone or tells a story ("succeeded by his vice president, John MAHAMA, who ...")
            + (ROLE_WEIGHT * _titled(sentence, role, stats, now_asked) if role and role <= sentence_terms else 0.0)
            # ... and a sentence that never says the role over one that does ("Vol." of a
            # running head for "who is the corresponding author?")
            - (ROLE_WEIGHT if role and not role <= sentence_terms else 0.0)
        )
        said_by = calling[hit_index][:2] if hit_index in calling else (hit_index, s_start)
        rivals[said_by] = max(rivals.get(said_by, -math.inf), score)
        # (a yes/no question's sentence that holds more of its words than the one chosen so
        # far, which settles nothing, is read for whether it says yes: below)
        if best is not None and score <= best.score and (analysed.type != YESNO or best.form != "sentence" or coverage <= best_features["coverage"]):
            continue
        form, parts = "sentence", ()
        if analysed.type == YESNO:
            # the heading and title count as said ("Is Botswana landlocked?" of "Coastline:
            # 0 km (landlocked)" in Botswana's profile)
            heading_terms = set(terms(heading))
            # ... and so does the people's name for the place its document is about
            # ("Guyanese" in Guyana's profile: "Can Guyanese citizens hold dual
            # citizenship?"), written as a name ("civilians" is no people of "Civil ..."), or,
            # in a question typed all in lower case, which writes no name as one, written as
            # a name by the document ("can guyanese citizens hold dual citizenship" of a
            # profile writing "Guyanese"; not "civilians" of a "Civil Code" writing "civilians")
            doc = hits[hit_index].passage.doc
            if doc not in peoples:  # (read once per document, not for each sentence that leads)
                peoples[doc] = _peoples_named([t for t in q_terms if t in named], documents[doc].title, stats)
                if uncased and (lower_cased := _peoples_named([t for t in q_terms if t not in named], documents[doc].title, stats)):
                    peoples[doc] |= lower_cased & _per_document("names", documents[doc], _capitalised_terms)
            heading_terms |= peoples[doc]
            told = sentence_terms | heading_terms
            said = polarity(
                sentence, analysed, sum(stats.idf(t) for t in q_terms if t in told) / total_weight, stats, q_terms, heading_terms,
                # (called lazily, at most once, before polarity returns: its first call reads the whole document)
                lambda: _holds_the_focus(q_terms, sentence_terms, heading_terms, stats, documents[doc]),  # noqa: B023
            )
            if best is not None and score <= best.score and (
                said != "Yes" or not asserted <= sentence_numbers or hits[hit_index].passage.doc != hits[best.hit_index].passage.doc
            ):
                # the sentence chosen so far stays, unless this one says yes: "all residents
                # were female" for "were all the residents women or girls?" over the sentence
                # closer in meaning "... to repatriate hundreds of Tajikistani women and
                # children". (Not a "No": the denial a sentence holding a few more of the
                # question's words gives is as often of something else, "did not report
                # screening any of these returnees" for "were all the residents women?"; nor
                # a "Yes" leaving out the year asked, "before 2015 ..." for "... in 2021?", or
                # from another document than the one chosen)
                continue
            if said:
                form = said.lower()
        elif analysed.is_list and typed and not one_part:
            items = list_items(scored, paragraph)
            if len(items) >= 2:
                form, parts = "list", tuple((c.start, c.end) for c in items)
        shown = top  # the phrase shown or pointed at
        if form == "sentence" and typed:
            short = decide_short(scored, analysed)
            if short is not None:
                form, parts, shown = "short", ((short.start, short.end + _coordinated(paragraph, short, scored, analysed)),), short
        focus = (top.start, top.end) if top is not None and form == "sentence" else None
        best = Choice(hit_index, (s_start, s_end), parts, form, score, focus)
        best_said_by = said_by
        hit = hits[hit_index]
        missing_terms = [stats.idf(t) for t in q_terms if t not in sentence_terms and t in stats.df]
        kind_unnamed = kind is not None and not names_kind(sentence, kind)
        best_features = {
            "coverage": coverage,
            "similarity": similarity,
            "typed": 1.0 if top else 0.0,
            # a typed question (amount, date, ...) left with no phrase of that kind
            "untyped": 1.0 if typed and not top else 0.0,
            "numeric_untyped": 1.0 if analysed.type in NUMERIC and not top else 0.0,
            "date_untyped": 1.0 if analysed.type == DATE and not top else 0.0,  # "when ...?" and no date
            "missing": float(missing),
            "constraint_ok": 1.0 if constraint_ok else 0.0,
            # +1 the numbers the question names are in the sentence itself, -1 they are
            # not ("identified in 2018?" answered from a sentence about 2020), 0 none named
            # (a place the question points at, "line 40", counts when stated, not when left out)
            "stated": (1.0 if wanted <= sentence_numbers or (asserted and asserted <= sentence_numbers) else 0.0 if asserted <= sentence_numbers | time_before else -1.0) if wanted else 0.0,
            "absent_named": absent_named,
            "absent": absent_other,
            # the names and numbers the question gives that the answer sentence lacks:
            # "who defeated Ortega?" answered by a sentence that never names Ortega
            "unmatched_named": sum(stats.idf(t) for t in named if t not in sentence_terms) / named_weight if named else 0.0,
            # "who is the vice president?" answered by a sentence that never says "vice president"
            # (and "which ministry oversees it?" by one that names no ministry; "who chairs
            # it?" by one that says nothing of leading it)
            # "how many of the 24 victims were children?" of a sentence that never speaks of children
            # (... and "how many seats did the DPFI win?" of one that never names the DPFI)
            "part_missing": 1.0 if (part and not part & sentence_terms) or (subject and subject_unnamed(subject, paragraph, f"{heading} {documents[hit.passage.doc].title} {name_words(hit.passage.doc)}", spelled)) else 0.0,
            "role_missing": 1.0 if (role and not (role <= sentence_terms and role_named(sentence, role, stats))) or (lead and not lead & sentence_terms) or kind_unnamed or unnamed else 0.0,
            "short": 1.0 if form in ("short", "list") else 0.0,
            # --- evidence for the calibrated probability (qa/answer/confidence.py) ---
            "form_short": 1.0 if form == "short" else 0.0,
            "form_list": 1.0 if form == "list" else 0.0,
            # a "No" read off a negation of the asked predicate is surer than a "Yes", which
            # only says that nothing in the sentence denies it
            "form_yes": 1.0 if form == "yes" else 0.0,
            "form_no": 1.0 if form == "no" else 0.0,
            "fit": top.fit if top else 0.0,  # how well the best phrase's kind fits the asked type
            "candidate_margin": candidate_margin(scored, top) if top else 0.0,
            # how strongly the best phrase answers on its own (its kind, the question's
            # words around it, its years), and how many phrases of the kind compete
            "candidate_score": max(-2.0, min(5.0, top.score)) if top else 0.0,
            # the phrase hangs on a word the question uses: a date of the signing asked
            # "when was it signed?", not of the issuing
            "attached": 1.0 if shown is not None and shown.attached else 0.0,
            "rivals": math.log1p(len(fitting)),
            # where the sentence's passage ranked, and whether both retrievers found it
            "hit_rank": 1.0 / (1 + _origin(hit_index, retrieved, called, brought)),  # (a note or row read: its caller's)
            "hit_score": _agreement(hit),
            "keyword_hit": 1.0 if hit.keyword_score else 0.0,
            "passage_margin": (_agreement(hits[0]) - _agreement(hits[1])) if retrieved > 1 else 1.0,
            # the rarest question word the sentence lacks ("vice" in "who is the vice president?")
            "missing_rare": max(missing_terms, default=0.0) / max((stats.idf(t) for t in q_terms if t in stats.df), default=1.0),
            "sentence_words": math.log1p(len(sentence.split())),
            # what kind of answer was asked for: some kinds are easier to get right than others
            "asks_number": 1.0 if analysed.type in NUMERIC or analysed.type == DATE else 0.0,
            "asks_name": 1.0 if analysed.type in (PERSON, ORGANISATION, PLACE, ENTITY) else 0.0,
            "asks_sentence": 0.0 if typed or analysed.type == YESNO else 1.0,
        }
        if not typed and analysed.type != YESNO and value_asked(question) and not gives_value(sentence):
            # "what minimum accuracy, in metres ...?", "what did it cost ...?" of a sentence
            # with no figure: a value is asked, and none is stated
            best_features["stated"] = -1.0
        if analysed.type != YESNO and date_precision_lacking(question, sentence):
            best_features["stated"] = -1.0  # (as a year asked about that the sentence does not give)
        if round_asked and round_asked not in _rounds_named(sentence.lower()):
            # "in the first round" of a sentence giving only the second round, or no round:
            # the round asked about is not stated, as a year asked about that is not
            best_features["stated"] = -1.0
    if best is not None:
        runner_up = max((score for said_by, score in rivals.items() if said_by != best_said_by), default=-math.inf)
        # (a "Yes" chosen over a higher sentence that settled nothing: no margin either way)
        best_features["sentence_margin"] = max(0.0, min(2.0, best.score - runner_up)) if runner_up > -math.inf else 2.0
        # the chosen phrase recurs in other retrieved passages: several passages agree (read
        # once, for the final choice: it scans every other retrieved paragraph)
        chosen = hits[best.hit_index].passage
        text = documents[chosen.doc].paragraphs[chosen.paragraph - 1].text
        best_features["recurs"] = _recurs(text[best.parts[0][0] : best.parts[0][1]] if best.parts else "", hits[:retrieved], chosen, documents)
        # the names and numbers asked about that the answer's whole document never gives:
        # "Japan's response rate in PIRLS 2011" answered from a PIRLS report without Japan
        vocabulary = document_terms(documents[chosen.doc])
        # (words the answer writes by their initials it gives too: "gross domestic product" as "GDP")
        vocabulary = vocabulary | spelled_out(text, spelled)
        off = [t for t in named if not (with_related([t]) & vocabulary)]
        best_features["named_off_document"] = sum(stats.idf(t) for t in off) / named_weight if named else 0.0
        # the attribute asked for that the answer's whole document never speaks of: "the
        # population of Tajikistan" answered from a report that gives none
        attribute = attribute_terms(question, stats)
        best_features["attribute_off_document"] = 1.0 if attribute_off_document(attribute, vocabulary) else 0.0
        # ... and so is a field other documents of the corpus label that the answer's
        # document never names ("the real GDP growth rate" of a profile giving only real GDP),
        # or that it gives elsewhere than in the answer's paragraph (for a year it lacks)
        if field_not_given(question, text, documents[chosen.doc], documents, attribute):
            best_features["attribute_off_document"] = 1.0
        # so is a count as large as the whole the question asks a part of ("of the 25
        # children assessed, how many ...?" answered "84 children returned")
        if analysed.type == COUNT and best.parts and not part_fits_whole(question, text[best.parts[0][0] : best.parts[0][1]]):
            best_features["attribute_off_document"] = 1.0
        # so is a month asked with its year that the document never writes ("in October
        # 2015" of the FBI's November 2015 table: its rows are of another month)
        if month_not_in_document(question, documents[chosen.doc]):
            best_features["attribute_off_document"] = 1.0
        # so is a figure for the other sex than the one asked ("the literacy rate for men"
        # answered by "Literacy - female: 94.1%" of a profile giving no figure for men; to
        # "were there any men?" it is the answer: "all residents were female")
        if analysed.type != YESNO and other_sex_only(question, text[best.sentence[0] : best.sentence[1]]):
            best_features["attribute_off_document"] = 1.0
        # so is the expansion of an acronym the document never spells out ("what does NRM
        # stand for?" of a report that only ever writes "NRM")
        acronym = _EXPANSION_ASKED.search(normalize(question))
        if acronym and not _expands(next(g for g in acronym.groups() if g), [p.text for p in documents[chosen.doc].paragraphs]):
            best_features["attribute_off_document"] = 1.0
        # ... and so is what the document says it does not know ("did not report if ...",
        # "lyrics/music: unknown/Rageh DAOUD" for who wrote the lyrics)
        if cell_not_known(text[best.sentence[0] : best.sentence[1]], set(q_terms), stats):
            best_features["attribute_off_document"] = 1.0
        # (what the answer's own document says it does not know, wherever it says it: the
        # disclaimer under a table is seldom retrieved with its rows; read once per document;
        # the answer says what its heading says: "NICS Firearm Background Checks" over a row)
        clauses = _per_document("not known", documents[chosen.doc], _document_not_known)
        answer_context = f"{text[best.sentence[0] : best.sentence[1]]} {_heading(documents[chosen.doc].paragraphs[chosen.paragraph - 1], documents[chosen.doc])}"
        if clauses and said_not_known(question, q_terms, stats, clauses, answer_context, yes_no=analysed.type == YESNO):
            best_features["attribute_off_document"] = 1.0
    return best, best_features


#: A cause given: "due to ...", "because", "owing to", "as a result of", "in order to", "so that"
_CAUSE = re.compile(r"\b(?:due to|because|owing to|as a result of|in order to|so that)\b", re.IGNORECASE)
#: ... and a note that reads as a reference, whose title's words are no cause ("... in Order to ...", 2020. Retrieved ...)
_REFERENCE_NOTE = re.compile(r"\bRetrieved\b|https?://|\bet al\.|\(\d{4}\)|\b(?:19|20)\d\d[a-z]?\.\s|\bGAO-\d|\bpp?\.\s*\d", re.IGNORECASE)


def _causes_for_callers(pool: list[tuple], calling: Mapping[int, tuple[int, int, int]]) -> list[tuple]:
    """For a "why?" question, a note's sentence giving a cause takes the place of the
    sentence calling the note when that states no cause itself: "... between January 1, 1900
    [23] and December 31, 2008" says what was chosen and holds more of "Why did the study
    pick 1900 as the start?"; its note says why ("23 Due to the limited availability of ...
    reporting prior to 1900, this year was selected"). Not a note that reads as a reference
    (a title's "in Order to" is no cause)."""
    out = list(pool)
    for i, row in enumerate(pool):
        if row[1] not in calling:
            continue
        sentence = row[2].text[row[3] : row[4]]
        if not _CAUSE.search(sentence) or _REFERENCE_NOTE.search(row[2].text):
            continue
        caller, start, end = calling[row[1]]
        callers = [other[0] for other in pool if other[1] == caller and other[3] < end and other[4] > start and not _CAUSE.search(other[2].text[other[3] : other[4]])]
        if callers and max(callers) >= row[0]:
            out[i] = (max(callers) + 0.001, *row[1:])
    return out


def _origin(hit_index: int, retrieved: int, called: Mapping[int, tuple[int, int]] | None, brought: Mapping[int, int] | None) -> int:
    """Where a hit read stands among those retrieved: its own rank, or for a note or a table
    row read along, the rank of the hit that brought it."""
    if hit_index < retrieved:
        return hit_index
    if called and hit_index in called:
        return called[hit_index][0]
    return (brought or {}).get(hit_index, hit_index)


_PER_DOCUMENT: dict[tuple[str, int], tuple[Document, Any]] = {}
_CACHE_LOCK = threading.Lock()
DOCUMENT_TERMS_KEPT = 16


def _per_document(kind: str, document: Document, compute: Callable[[Document], Any]) -> Any:
    """``compute(document)``, kept for the last DOCUMENT_TERMS_KEPT documents of each kind
    (by identity: a rebuilt index has new documents)."""
    key = (kind, id(document))
    with _CACHE_LOCK:  # (the app answers several questions at once)
        cached = _PER_DOCUMENT.get(key)
    if cached is not None and cached[0] is document:
        return cached[1]
    value = compute(document)
    with _CACHE_LOCK:
        if sum(1 for k, _ in _PER_DOCUMENT if k == kind) >= DOCUMENT_TERMS_KEPT:
            _PER_DOCUMENT.pop(next(k for k in _PER_DOCUMENT if k[0] == kind))
        _PER_DOCUMENT[key] = (document, value)
    return value


def document_terms(document: Document) -> frozenset[str]:
    """Every term of a document, its title, file name and sections included, and the
    short names it writes in full (computed once per document and kept for the last
    DOCUMENT_TERMS_KEPT answered from: the 50-page 1040NR instructions take 5.5 MB and 0.25 s)."""
    return _per_document("terms", document, _document_terms)


def _document_terms(document: Document) -> frozenset[str]:
    parts = [document.title, name_words(document.id)]
    sections = {p.section for p in document.paragraphs if p.section}
    text = " ".join(parts + sorted(sections) + [p.text for p in document.paragraphs])
    return frozenset(terms(text)) | _initials(text)


#: a designation the question gives a document ("the data model, edition 1.0", "Version 2")
_DESIGNATED = re.compile(rf"\b({DESIGNATION_WORDS})\s+(\d+(?:\.\d+)*|[IVX]+)\b", re.IGNORECASE)


def _designations(document: Document) -> set[tuple[str, str]]:
    """The designation a document's first page gives it on a line of its own, as (word,
    number): ("edition", "1.0") of the cover's "Edition 1.0"; none when the page has several
    (a change log's "Version 2" and "Version 1" name no one document)."""
    first = first_page(document)
    found = {
        (match.group(1).lower(), match.group(2)) for paragraph in document.paragraphs
        if first is not None and paragraph.page == first and (match := DESIGNATION.match(paragraph.text))
    }
    return found if len(found) == 1 else set()


_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def _initials(text: str) -> set[str]:
    """The short names a document gives in full: "U.S." is "us", "United States" "us",
    "international organization" "io", "Ministry of Health" "moh" (and "mh")."""
    found = {m.group(0).replace(".", "").lower() for m in _DOTTED.finditer(text)}
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    for i in range(len(words)):
        letters, plain = "", ""
        for word in words[i : i + 5]:
            letters += word[0].lower()
            if word.lower() in INITIAL_JOINERS:
                continue  # "Ministry of Health": "moh" and "mh", never ending on "of"
            plain += word[0].lower()
            if 2 <= len(plain) <= 4:
                found.update((letters, plain))
    return found


_NON = re.compile(r"\bnon[-\s][a-z]", re.IGNORECASE)  # the question itself asks about a "non-X"
_NON_WORD = re.compile(r"\bnon-([A-Za-z][\w-]*)", re.IGNORECASE)
#: a table row's label that answers its characteristic with "No": "Disability status — No"
_LABEL_NO = re.compile(r"^(?:[^;:]{1,60}:\s*)?([^;:—–]{2,60}?)\s*[—–-]\s*No\s*(?:;|$)")


def _negated_only(sentence: str, question: str = "") -> set[str]:
    """Terms the sentence says only after "non-" ("White, non-Hispanic"), or only in a
    table row's label answered "No" ("Disability status — No", unless the question asks
    about those without it): it denies them."""
    label_no = _LABEL_NO.match(sentence)
    if label_no and any(
        re.search(rf"\b(?:without|no|not|non)[-\s]+(?:[a-z]+\s+){{0,2}}{re.escape(word[:5])}", question.lower())
        for word in re.findall(r"[a-z]{3,}", label_no.group(1).lower())
    ):
        label_no = None  # "householders without a disability": the "No" row is the one asked about
    if "non-" not in sentence.lower() and not label_no:
        return set()
    denied = {t for m in _NON_WORD.finditer(sentence) for t in terms(m.group(1))}
    rest = _NON_WORD.sub(" ", sentence)
    if label_no:
        denied |= set(terms(label_no.group(1)))
        rest = rest[: label_no.start(1)] + rest[label_no.end() :]
    if not denied:
        return set()
    plain = Counter(terms(rest))
    return {t for t in denied if not plain[t]}


def _named_by(question: str, document: Document) -> frozenset[str]:
    """The terms of a document's title, of the phrase the question names it by, and of
    its authors the question names ("Wang, Shen and Duan's paper")."""
    title = frozenset(terms(document.title or ""))
    named = title | naming_phrase_terms(question, title) if title else title
    return named | _authors_named(question, document)


#: what stands between two names of an author list: initials, affiliation marks, and a
#: comma, "&" or "and" ("Wang¹,², C. Shen & L.-M. Duan", "Wang, S.-T., Shen, C. and Duan")
_BETWEEN_AUTHORS = re.compile(r"(?=.*(?:[,&]|\band\b))(?:[\s*†‡,&]|\d{1,2}(?!\d))*(?:(?:[A-Z]\.(?:-[A-Z]\.)?|and\b)(?:[\s*†‡,&]|\d{1,2}(?!\d))*)*")
#: how far into its paragraph a byline's first name may stand (after initials, "By")
BYLINE_START = 12
#: an author's initials, just before the name ("L.-M. Duan") or after it ("Duan, L.-M.")
_INITIALS_BEFORE = re.compile(r"\b[A-Z]\.(?:-[A-Z]\.)?\s*$")
_INITIALS_AFTER = re.compile(r"^[\d,*†‡]*,?\s*[A-Z]\.")
#: how far into the first page an author list is looked for (a paper's title, journal
#: lines and subject areas may come first)
AUTHOR_LIST_PARAGRAPHS = 12


def _authors_named(question: str, document: Document) -> frozenset[str]:
    """The names the question gives that the first page of a paged document (a paper)
    lists as its authors: two or more written one after another, each with its initials,
    only a comma, "&" or "and" between ("S.-T. Wang, C. Shen & L.-M. Duan"). They say
    which paper, as its title does, so its byline does not answer for them."""
    names = {w for w in re.findall(r"(?<=\W)[A-Z][a-z][\w-]*(?=['’]s\b|[^\w'’-]|$)", f" {question}") if w.lower() not in STOPWORDS}  # ("Duan's": Duan)
    if len(names) < 2 or not document.paragraphs or document.paragraphs[0].page is None:
        return frozenset()
    first_page = document.paragraphs[0].page
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")(?![^\W\d_])")  # ("Wang1,2": a mark may follow)
    for paragraph in document.paragraphs[:AUTHOR_LIST_PARAGRAPHS]:
        if paragraph.page != first_page:
            break
        text = paragraph.text
        initialled = [m for m in pattern.finditer(text) if _INITIALS_BEFORE.search(text, 0, m.start()) or _INITIALS_AFTER.match(text[m.end() :])]
        if not initialled or initialled[0].start() > BYLINE_START:
            continue  # (a citation inside a sentence, "(Smith, J. and Jones, K., 2019)", is no byline)
        listed = {m.group(1) for pair in itertools.pairwise(initialled) if _BETWEEN_AUTHORS.fullmatch(text[pair[0].end() : pair[1].start()]) for m in pair}
        if len(listed) >= 2:
            return frozenset(t for name in listed for t in terms(name))
    return frozenset()


def _navigation(paragraph: Paragraph) -> bool:
    """Whether the paragraph is a line of a table of contents or an index (see NAVIGATION)."""
    heading = (paragraph.section or "").rsplit(":", 1)[-1].strip()
    return NAVIGATION.fullmatch(heading) is not None and _PAGE_NUMBER_AT_END.search(paragraph.text) is not None


def _heading(paragraph: Paragraph, document: Document) -> str:
    """What a paragraph stands under: its section heading and its document's title."""
    return f"{paragraph.section or ''} {document.title}"


def _agreement(hit: Hit) -> float:
    """How far both retrievers put the hit first (reciprocal-rank fusion, 0..1)."""
    return hit.agreement if hit.agreement is not None else hit.score


def _recurs(phrase: str, hits: Sequence[Hit], own: Passage, documents: Mapping[str, Document]) -> float:
    """The share of the other retrieved paragraphs that also hold ``phrase``."""
    phrase = normalize(phrase).lower().strip()
    others = {(h.passage.doc, h.passage.paragraph) for h in hits}
    others.discard((own.doc, own.paragraph))
    if len(phrase) < 2 or not others:
        return 0.0
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
    found = sum(1 for doc, number in others if pattern.search(normalize(documents[doc].paragraphs[number - 1].text).lower()))
    return found / len(others)


def _read_for_meaning(pool: list[tuple], sentence_similarity: SentenceSimilarity, callers: Mapping[int, str] | None = None) -> list[tuple]:
    """The sentence pool re-ranked with meaning where words leave the leaders close.

    For an answer that is a sentence (yes/no, why, what ...): words alone miss "men" for
    "male victims" and "accept" for "accommodate". Only sentences within SEMANTIC_MARGIN of
    the best are encoded (their first SEMANTIC_WORDS words), so a clear lead costs nothing."""
    if not pool:
        return pool
    leading = [row for row in pool[:SEMANTIC_READ] if row[0] >= pool[0][0] - SEMANTIC_MARGIN]
    if len(leading) < 2:
        return pool
    cosines = sentence_similarity([" ".join(row[2].text[row[3] : row[4]].split()[:SEMANTIC_WORDS]) for row in leading])
    # a note means what the sentence calling it means, and more: it reads as close to the
    # question as that sentence ("23 Due to the limited availability of ... reporting prior to
    # 1900, this year was selected" of "the incident occurred between January 1, 1900 [23] ...")
    noted = [i for i, row in enumerate(leading) if callers and row[1] in callers]
    if noted:
        called = sentence_similarity([" ".join(callers[leading[i][1]].split()[:SEMANTIC_WORDS]) for i in noted])
        caller_cosine = dict(zip(noted, called, strict=True))
        cosines = [max(c, caller_cosine.get(i, c)) for i, c in enumerate(cosines)]
    reread = [(row[0] + SEMANTIC_WEIGHT * float(c), *row[1:]) for row, c in zip(leading, cosines, strict=True)]
    return sorted(reread + pool[len(leading) :], key=lambda row: -row[0])


def named_terms(question: str, stats: TermStats) -> set[str]:
    """Terms of the names (capitalised words after the first, acronyms) and numbers a question gives."""
    text = folded(without_currency_owner(normalize(question)))  # ("Brasília" is one name, as its terms are one word)
    names = {t for w in _NAMES.findall(text) if w.upper() not in _ONE_WORD_ABBREVIATIONS for t in _name_terms(w, stats)}
    numbers = {stats.canonical(stem(n.replace(",", "")), name=True) for n in re.findall(r"\b\d[\d,]*\b", text)}
    return (names | numbers) - STOPWORDS


def _name_terms(name: str, stats: TermStats) -> set[str]:
    """A name's terms as the documents have them: its capitalised parts, split as their
    terms are ("CMS-" of "CMS-1490S" is "cms", "Guinea-Bissau" "guinea" and "bissau";
    "Medicare-approved" names only "medicare"), or written closed where the documents write
    it so and never apart ("Wal-Mart" is their "walmart"). Kept whole, "cms-" was a term no
    document has: the form's own name counted as named nowhere in the form."""
    parts = {stats.canonical(t, name=True) for part in re.findall(r"[^\W_]+", name) if part[:1].isupper() for t in terms(_bare(part))}
    closed = stem(_bare(name).replace("-", ""))
    if "-" in name and closed in stats.df and not all(part in stats.df for part in parts):
        return {closed}
    return parts


#: The words that end a role's name in a question ("the general *behind* the coup"): a
#: preposition or a clause after it, or a comma before one or before a name ("vice president,
#: elected on the same ticket", "president, and what party ...", "prime minister, Kenya's head
#: of government"; not one between its words: "the first female, socialist president")
_ROLE_ENDS = r"(?:of|in|for|at|on|from|to|who|that|when|before|after|since|behind|during|under|with|by|over|against|among|between|through|within|across)"
#: "Who is/was (the) X of ...?": the role X a person is asked for
_ROLE = re.compile(r"^\W*who(?:\s+(?:currently|now|presently))?(?:\s+(?:(?:is|was|are|were)\s+)?(?:serves|served|serving|acts|acted|acting|sits|sat|sitting)\s+as|\s+is|\s+was|\s+are|\s+were|'s|\s+(?:holds|held)\s+the\s+(?:post|office|position|role)\s+of)\s+(?:the\s+)?(.+?)(?:\s+" + _ROLE_ENDS + r"\b|\s*[;(]|,(?=\s*(?:(?:\w+ed|\w+ing|who|which|whose|according|and|namely)\b|(?-i:[A-Z])))|\?|$)", re.IGNORECASE)


#: "What is the name of the chief justice ...?", "Name Lesotho's deputy prime minister":
#: the role asked about by the name it goes with, not by "who"
_NAMED_ROLE = re.compile(
    r"^\W*(?:(?:what|which)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+the\s+names?\s+of|(?:please\s+)?name|"
    r"(?:(?:can|could)\s+you\s+)?(?:tell\s+me|give(?:\s+me)?)\s+the\s+names?\s+of)\s+(?:the\s+|an?\s+)?(.+?)"
    r"(?:\s+" + _ROLE_ENDS + r"\b|[?.]|$)",
    re.IGNORECASE,
)
#: The words that make a named thing someone's role ("name of the chief justice"), where
#: "name of the law" or "name the river" asks for the name of no one
_PERSON_ROLE_WORDS = ROLE_NOUNS | {"justice", "chief", "head", "deputy", "speaker", "mayor"}
#: ... of which these are offices ("the man" of "who was the man arrested in 2019?" names anyone)
_OFFICE_WORDS = _PERSON_ROLE_WORDS - {"man", "woman", "person", "official"}


#: a role's words written as a title: capitalised words, no possessive ("Cuba's President")
_TITLED_ROLE = re.compile(r"(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+")


def role_terms(question: str, stats: TermStats) -> set[str]:
    """The terms of the role a "who is the ...?" question asks about ("vice president",
    "foreign minister"), without the names that say whose ("Cuba's"); empty otherwise.
    "What is the name of the vice president?" asks the same."""
    text = normalize(question)
    if _NAMED_AFTER.search(text.lower()):
        return set()  # "who is Port Moresby, the capital, named after?": whom a name honours, no office
    match = _ROLE.match(text)
    if not match:
        match = _NAMED_ROLE.match(text)
        if not match or not _PERSON_ROLE_WORDS & {w.lower() for w in match.group(1).split()}:
            return set()
    phrase = match.group(1)
    if re.search(r",\s*(?:i\.\s?e\.|e\.\s?g\.|or\b)", phrase):
        return set()  # a role said two ways ("the first commoner, i.e. non-noble"): a sentence may say either
    *before, last = phrase.split()
    if (
        before and _PARTICIPLE.fullmatch(last.lower()) and before[-1].lower() in _OFFICE_WORDS
        and not re.search(r"\bby\W*$", text, re.IGNORECASE)
    ):
        # "the president elected in 2016", "the National Cyber Director confirmed by the
        # Senate": the participle after an office says what befell its holder, no part of it
        # (not after "the man", who holds no office, nor when the question asks by whom:
        # "who was the president succeeded by?" asks for someone else)
        phrase = " ".join(before)
    words = [w.strip(",;:") for w in phrase.split() if not w[:1].isupper()]
    if not words and _TITLED_ROLE.fullmatch(phrase) and phrase.split()[-1].lower() in _PERSON_ROLE_WORDS:
        # "Who is the Chief Justice of ...?", "who was the National Cyber Director who ...?": a
        # role written with capitals, as titles are, is the role "chief justice"
        words = [w.lower() for w in phrase.split()]
    described = bool(words) and re.search(rf"\b(?:the|an?)\s+{re.escape(words[0])}\b", text, re.IGNORECASE) is not None
    if not words or (words[0].endswith(("ed", "ing")) and not described) or (len(words) >= 2 and _PARTICIPLE.fullmatch(words[-1])):
        # "who is named as ...", "who was elected ...": a verb, not a role ("who is the
        # corresponding author?", "the acting president": a role); so is the verb after a
        # name typed in lower case ("who is brazzaville named after?")
        return set()
    if len(words) >= 2 and re.fullmatch(r"[a-z]+s", words[0]) and not words[0].endswith("ss"):
        words = words[1:]  # "who is guatemalas president": a possessive typed without its apostrophe
    # (a hyphenated role is its parts, as a sentence's terms are: "non-noble", "vice-president")
    return {
        stats.canonical(stem(part)) for w in words
        if re.match(r"^[a-z][a-z-]*$", w) and w not in STOPWORDS and w not in _GENERIC_MODIFIERS and w not in _WHEN_WORDS
        for part in w.split("-") if part and part not in STOPWORDS
    }


#: "who chairs / heads / runs ...?" asks who holds the lead of something: the question opens
#: with it (after a lead-in clause at most; not "when did the general who led the coup
#: die?"), and what is led is a body, not an event ("who led the coup?", "who ran against
#: him?" ask who did something, which a sentence may say in any words)
_LEAD_ASKED = re.compile(
    r"^\W*(?:[^,?]{0,80},\s*)?who\s+(?:(?:currently|now|still|actually)\s+)?"
    r"(?:chair(?:s|ed)?|head(?:s|ed)?|leads?|led|runs?|ran|manage[sd]?|direct(?:s|ed)?|oversees?|oversaw|govern(?:s|ed)?"
    r"|command(?:s|ed)?|supervise[sd]?|preside[sd]?|administer(?:s|ed)?)\b"
    r"(?!\s+(?:to|for|against|away|off|out|into|north|south|east|west)\b)"
    r"(?!\s+(?:the\s+|an?\s+|[\w-]+'s\s+)?(?:[\w-]+\s+)?(?:coups?|attacks?|raids?|protests?|revolts?|uprisings?|rebellions?"
    r"|invasions?|expeditions?|campaigns?|investigations?|operations?|strikes?|marches|march|mutin(?:y|ies)|assaults?|offensives?)\b)",
    re.IGNORECASE,
)
#: the words that say who leads something, any of which a sentence naming its leader holds
#: ("head of government: Prime Minister ...", "the working group, chaired by ...", "operated
#: by the NGO ..."), with the offices' own names ("Labour Minister Jane Doe")
_LEADING_WORDS = (
    "chair chaired chairman chairwoman chairperson chairmanship head headed lead leader leadership run ran manage"
    " managed manager management managerial director directorate oversee oversaw overseen oversight governor command"
    " commander supervise supervisor supervision preside presided president presidency administer administrator"
    " administration control operate operated operator chief helm"
).split()
#: ... but not the words of what is led or of how, which any sentence about it holds
#: ("government", "direct"), nor their families ("govern" is "government"'s verb)
_NOT_LEADING = ("government", "governmental", "administrative", "direct", "directly")
_LEADING_TERMS = frozenset(stem(w) for w in (*_LEADING_WORDS, *_OFFICE_WORDS)) - with_related({stem(w) for w in _NOT_LEADING})


def lead_terms(question: str) -> frozenset[str]:
    """The terms of leading something, when the question asks who leads it ("who chairs the
    working group set up in 2018?"); empty otherwise. A sentence holding none of them names
    nobody in that place ("the government established a working group"): as a role unsaid.
    (The sentence's own stems, not the corpus's spelling fixes: a fixed list is spelled right.)"""
    return _LEADING_TERMS if _LEAD_ASKED.search(normalize(question)) else frozenset()


#: A past participle: the question's verb after the thing asked about ("who is brazzaville
#: named after?", "what was the colony called?")
_PARTICIPLE = re.compile(r"[a-z]+ed|known|made|held|done|set|born|given|taken|written|built|seen|chosen|led|paid|kept|won|sent")

#: Words saying when, not what ("who is the prime minister now?"): no part of a role
_WHEN_WORDS = frozenset("now today currently presently nowadays still then formerly previously once".split())


#: "What is/was (the) X of ...?", "What is Y's X ...?": the attribute X whose value is asked
_ATTRIBUTE = re.compile(
    r"^\W*(?:what|which)\s+(?:is|was|are|were)\s+(?:(?:the|a|an)\s+|[\w.'’-]+(?:\s+[\w.'’-]+)?['’]s?\s+)?(.+?)"
    r"(?:\s+(?:of|as|for|in|on|at|by|to|from|with|under|per|among|amongst|between|across|within|during|according|that|which|who|when|can|could|did|does|do|has|have|had|will|would)\b|[?,;]|$)",
    re.IGNORECASE,
)
#: words that say what kind of value is asked, not what it is of: no evidence of a near miss
#: ("what were the exports worth?" asks the exports' value: a document never writes "worth")
_MEASURE_WORDS = frozenset(
    """name title number count total amount date year time day month average mean median rate level share percentage percent
    proportion value figure size length term kind type form sort main largest biggest highest lowest latest earliest first
    last current official estimated one maximum minimum approximate exact overall annual yearly new old top worth""".split()
)
#: ... as terms ("rate" in the field "inflation rate")
_MEASURE_TERMS = frozenset(stem(w) for w in _MEASURE_WORDS)


_COPULA = re.compile(r"^\W*(?:what|which)\s+(?:is|was|are|were)\s+", re.IGNORECASE)


def attribute_terms(question: str, stats: TermStats) -> list[str]:
    """The terms of the attribute a "what is the X of ...?" question asks the value of
    ("population", "operating budget"), in order, the head noun last, without the words
    that only say what kind of value ("number", "rate", "maximum"); empty for any other
    question."""
    match = _ATTRIBUTE.match(normalize(question))
    if not match:
        return []
    words = match.group(1).split()
    if words and _PARTICIPLE.fullmatch(words[0].lower()) and match.start(1) == _COPULA.match(normalize(question)).end():
        return []  # "what is known as ...", "what was used as ...": a passive verb, no attribute
    verb = next((i for i, w in enumerate(words) if i and _PARTICIPLE.fullmatch(w)), len(words))
    words = words[:verb]  # "what was the colony called": the noun, not the verb after it
    if any(w[:1].isupper() or not re.fullmatch(r"[a-z][a-z-]*", w) for w in words) or len(words) > 4:
        return []  # a name, a number or a clause ("the longest someone can be held"): no attribute
    return list(dict.fromkeys(
        stats.canonical(stem(w)) for w in words
        if w not in STOPWORDS and w not in _MEASURE_WORDS and w not in _GENERIC_MODIFIERS and not w.endswith("est")  # "the longest", "the greatest"
        and not re.fullmatch(r"(?:some|any|every|no)(?:one|body|thing)", w)
    ))


#: The whole a count question asks a part of, named first: "of the 24 victims, how many
#: ...?", "out of the 24 ...", "how many of the 6,563 institutions ...?" (not "how many
#: people over the age of 65", "in each of the 5 regions", "among 15-24 year olds")
_SCALED = rf"({NUM})(?:\s+(million|billion|thousand))?(?![\d.,]*\s*(?:%|percent|-\s*\d|–))"
_WHOLE = re.compile(
    rf"^\W*(?:of|out of|among)\s+(?:the|these|those|its|their|all)?\s*{_SCALED}|\bhow many of\s+(?:the|these|those|its|their|all)?\s*{_SCALED}",
    re.IGNORECASE,
)
_SCALE_FACTOR = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _scaled_value(number: str, scale: str | None) -> float:
    return float(number.replace(",", "")) * _SCALE_FACTOR.get((scale or "").lower(), 1.0)


def part_fits_whole(question: str, answer: str) -> bool:
    """Whether a counted answer is no larger than the whole the question asks a part of
    (True when the question names no whole or the answer no number): "of the 25 children
    assessed, how many ...?" is not answered by "84 children returned"."""
    question = normalize(question)
    whole = _WHOLE.search(question)
    value = re.search(rf"{NUM}(?:\s+(million|billion|thousand))?", normalize(answer), re.IGNORECASE)
    if whole is None or value is None or not re.search(r"\bhow many\b", question, re.IGNORECASE):
        return True
    number, scale = (whole.group(1), whole.group(2)) if whole.group(1) else (whole.group(3), whole.group(4))
    if YEAR.fullmatch(number):
        return True  # ("of the 2019 cohort": a year is no whole)
    return _scaled_value(value.group(0).split()[0], value.group(1)) <= _scaled_value(number, scale)


#: A month and the year it is of, as a question or a document dates a thing: "October
#: 2015", "November - 2015", "Sept. 22, 2020", "3 May 2020", "the 3rd of May 2020"
_MONTH_THEN_YEAR = re.compile(
    rf"\b({_MONTH_NAME})(?!\w)[\s,\-–]*(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?({_MODERN_YEAR})\b", re.IGNORECASE
)
_DAY_MONTH_YEAR = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAME})(?!\w),?\s+({_MODERN_YEAR})\b", re.IGNORECASE)
#: ... and in figures: "2024-02", "2/25/2023", "15.10.2015" (either of the first two may be
#: the month), "10/2015"
_YEAR_MONTH_FIGURES = re.compile(rf"\b({_MODERN_YEAR})[-/](\d\d?)\b")
_DAY_MONTH_FIGURES = re.compile(rf"\b(\d{{1,2}})[/.](\d{{1,2}})[/.]({_MODERN_YEAR})\b")
_MONTH_FIGURES = re.compile(rf"\b(\d{{1,2}})/({_MODERN_YEAR})\b")
_ANY_MONTH = re.compile(rf"\b{_MONTH_NAME}(?!\w)", re.IGNORECASE)
_MONTH_NUMBERS = {name: i + 1 for i, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name.lower()[:3]]


def _named_month_years(text: str) -> set[tuple[int, str]]:
    """The (month, year) pairs a text writes with the month's name."""
    return {(_month_number(m.group(1)), m.group(2)) for pattern in (_MONTH_THEN_YEAR, _DAY_MONTH_YEAR) for m in pattern.finditer(text)}


def _document_dates(document: Document) -> tuple[frozenset[int], frozenset[tuple[int, str]]]:
    """The months a document writes (by name, any case, full or short), and the (month,
    year) pairs it dates things by, by name or in figures."""
    text = " ".join([document.title or "", *(p.text for p in document.paragraphs)])
    figures = [(int(m.group(2)), m.group(1)) for m in _YEAR_MONTH_FIGURES.finditer(text)]
    figures += [(int(n), m.group(3)) for m in _DAY_MONTH_FIGURES.finditer(text) for n in m.group(1, 2)]
    figures += [(int(m.group(1)), m.group(2)) for m in _MONTH_FIGURES.finditer(text)]
    pairs = _named_month_years(text) | {(month, year) for month, year in figures if 1 <= month <= 12}
    named = {_month_number(m.group(0)) for m in _ANY_MONTH.finditer(text)}
    return frozenset(named | {month for month, _ in pairs}), frozenset(pairs)


def month_not_in_document(question: str, document: Document) -> bool:
    """Whether the question dates what it asks by a month the document never writes, of
    a document that dates things of that year by their month ("in October 2015" of the
    FBI's November 2015 table: its rows are another month's; a document that gives only
    years leaves the month unsaid, not contradicted)."""
    written, pairs = _per_document("dates", document, _document_dates)
    dated_years = {year for _, year in pairs}
    return any(month not in written and year in dated_years for month, year in _named_month_years(normalize(question)))


_SEXES = (
    frozenset({"male", "males", "men", "boy", "boys"}),  # (not "man": the Isle of Man, "to man")
    frozenset({"female", "females", "woman", "women", "girl", "girls"}),
)


def other_sex_only(question: str, sentence: str) -> bool:
    """Whether the question asks about one sex only and the sentence speaks of the other
    only: its figure is not the one asked for."""
    asked, said = (frozenset(re.findall(r"[a-z]+", normalize(t).lower())) for t in (question, sentence))
    named = [bool(asked & sex) for sex in _SEXES]
    if sum(named) != 1:
        return False
    wanted, other = _SEXES if named[0] else reversed(_SEXES)
    return bool(said & other) and not said & wanted


def attribute_off_document(attribute: Sequence[str], vocabulary: Set[str]) -> bool:
    """Whether the document never speaks of the attribute asked for: its head noun (the
    last word: ``attribute_terms`` cuts the phrase before "of", "for", "in") is missing,
    or most of its words are. A modifier alone may be said otherwise ("human
    trafficking tier rating" of a profile that writes "trafficking in persons - tier
    rating"); "the population" of a report without one is missing its head."""
    missing = [not (with_related([t]) & vocabulary) for t in attribute]
    return bool(attribute) and (missing[-1] or 2 * sum(missing) > len(missing))


#: A field's label: "Real GDP growth rate: 2.1%", "Land boundaries - total: 4,616 km",
#: "...; border countries: Cambodia": the words before a colon, after the line's start, a
#: " - " or a "; " (a subfield after " - " is the field's own)
_FIELD_LABEL = re.compile(r"(?:^|;\s+|\s-\s)([^:;\n]{2,60}?)(?:\s+-\s+[^:;\n]{1,60}?)?:\s")
#: A label of two words or more that this many documents use is a field of the corpus:
#: each document names the fields it gives.
SHARED_FIELD_DOCUMENTS = 3
_SHARED_FIELDS: dict[int, tuple[Mapping[str, Document], frozenset[tuple[str, ...]], dict[str, frozenset[tuple[str, ...]]], frozenset[str]]] = {}


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def field_labels(text: str) -> set[tuple[str, ...]]:
    """The labels of the text's fields, as term sequences of two terms or more (a year in
    a label, "Real GDP per capita 2023", is the value's, not the field's)."""
    # (... and its words before a qualifier in brackets name it too: "inflation rate" is the
    # field "Inflation rate (consumer prices)", as a reader calls it)
    found = (
        tuple(t for t in terms(name) if not t.isdigit())
        for m in _FIELD_LABEL.finditer(text)
        for name in {m.group(1), _QUALIFIER.sub("", m.group(1))}
    )
    return {label for label in found if len(label) >= 2}


def _fields_of(
    documents: Mapping[str, Document],
) -> tuple[frozenset[tuple[str, ...]], dict[str, frozenset[tuple[str, ...]]], frozenset[str]]:
    """The labels at least SHARED_FIELD_DOCUMENTS documents give a field, a cache of the
    ones each document writes, and the documents that label fields of the corpus themselves
    (read once per corpus: a reloaded index has a new mapping)."""
    with _CACHE_LOCK:
        cached = _SHARED_FIELDS.get(id(documents))
    if cached is not None and cached[0] is documents:
        return cached[1], cached[2], cached[3]
    labels = {document.id: set().union(*(field_labels(p.text) for p in document.paragraphs)) for document in documents.values()}
    counts = Counter(label for found in labels.values() for label in found)
    shared = frozenset(label for label, n in counts.items() if n >= SHARED_FIELD_DOCUMENTS)
    labelling = frozenset(doc for doc, found in labels.items() if found & shared)
    written: dict[str, frozenset[tuple[str, ...]]] = {}
    with _CACHE_LOCK:
        _SHARED_FIELDS.clear()
        _SHARED_FIELDS[id(documents)] = (documents, shared, written, labelling)
    return shared, written, labelling


def _runs_of(sequence: Sequence[str], wanted: Set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The term runs of ``wanted`` that occur in ``sequence`` as they are."""
    lengths = {len(run) for run in wanted}
    return {tuple(sequence[i : i + n]) for n in lengths for i in range(len(sequence) - n + 1)} & wanted


#: Words a question may put between those of a field's label it spreads out ("the share
#: of the population that lives below the poverty line": "population ... poverty line")
SPREAD_GAP = 2


def _spread_runs(sequence: Sequence[str], wanted: Set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The labels of three terms or more of ``wanted`` that ``sequence`` holds in their order
    with at most SPREAD_GAP other terms between two of them (read only when no label is
    written as it is: "real GDP per capita growth rate" names the per-capita field, not
    also "real GDP growth rate")."""
    found, held = set(), set(sequence)
    for label in wanted:
        if len(label) < NAMED_FIELD_WORDS or not set(label) <= held:
            continue
        for start in (i for i, t in enumerate(sequence) if t == label[0]):
            at, ok = start, True
            for term in label[1:]:
                following = [i for i in range(at + 1, min(len(sequence), at + 2 + SPREAD_GAP)) if sequence[i] == term]
                if not following:
                    ok = False
                    break
                at = following[0]
            if ok:
                found.add(label)
                break
    return found


#: A field of the corpus named with this many words is asked for wherever the question
#: names it; a shorter one only as the attribute asked ("what was Botswana's public debt?",
#: not "which political party does the president belong to?", whose profile may list its
#: parties without the label)
NAMED_FIELD_WORDS = 3


def field_not_given(
    question: str, paragraph: str, document: Document, documents: Mapping[str, Document], attribute: Sequence[str] = ()
) -> bool:
    """Whether the question names a field of the corpus ("real GDP growth rate") that the
    answer's document never writes, as a label or anywhere (the profile has no such field,
    and the nearest one, "Real GDP per capita", answers another question), or that the
    answer's paragraph does not write while the document does ("the real GDP growth rate in
    2023" answered from the per-capita line, which gives 2023: the growth line does not)."""
    shared, written, labelling = _fields_of(documents)
    asked_terms = terms(question)
    asked = _runs_of(asked_terms, shared) or _spread_runs(asked_terms, shared)
    asked = {run for run in asked if not any(len(other) > len(run) and _runs_of(other, {run}) for other in asked)}
    if not asked:
        return False
    # (a field named with two words, "political party", may be one a document gives without
    # its label: a profile lists its parties on a line of their own)
    # (... and so is one naming the attribute asked with a word for its kind of value,
    # "inflation rate" of "what was Liberia's inflation rate in 2024?", of a document that
    # labels fields itself: a report's "inflation rose to 10 percent" gives it unlabelled)
    measured = bool(attribute) and document.id in labelling
    named = {
        run for run in asked
        if len(run) >= NAMED_FIELD_WORDS or set(run) <= set(attribute) or (measured and set(attribute) <= set(run) <= set(attribute) | _MEASURE_TERMS)
    }
    if not named:
        return False
    if document.id not in written:  # (the fields a document writes, read once per corpus)
        written[document.id] = frozenset().union(*(_runs_of(terms(p.text), shared) for p in document.paragraphs))
    return not named <= written[document.id] or not named <= _runs_of(terms(paragraph), named)


def asked_kind(question: str, analysed: Question) -> str | None:
    """The noun naming the kind of someone or something whose name is asked: "which
    international organization ...?" (organization), "what was the name of the Portuguese
    explorer who ...?" (explorer); None for other questions, and for one asking what kind
    ("what kind of organization ...?" is answered by "an international organization") or
    naming a group of people rather than a body ("which group was expelled?")."""
    if _KIND_ASKED.search(question):
        return None
    if analysed.type in (ORGANISATION, PERSON) and analysed.focus:
        kind = analysed.focus
    else:
        match = _NAMED_ROLE.match(normalize(question))
        words = re.findall(r"[\w-]+", match.group(1)) if match else []
        kind = words[-1] if words and not words[-1][:1].isdigit() else None
    return None if kind is None or kind.lower() in _NOT_NAMED_KINDS else kind


_KIND_ASKED = re.compile(r"\b(?:kinds?|types?|sorts?|categor(?:y|ies)|forms?)\s+of\b", re.IGNORECASE)
#: kinds a question asks by without asking a name: a group of people, anyone
_NOT_NAMED_KINDS = _ANYONE | frozenset("group groups persons one ones someone individuals population".split())


#: what makes a mention of a kind one unnamed: "an international organization", "a
#: Portuguese explorer", "another NGO"
_INDEFINITE = re.compile(r"\b(?:an?|another|one)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
#: a name given with a mention, in its clause: "an NGO, the Foo Society,", "an NGO (Foo)",
#: "the NGO Foo Aid", "a military junta called the Derg", "a coalition of opposing forces,
#: the Ethiopian People's ...", "a one party--the Lao People's Revolutionary Party"
_NAME_GIVEN = re.compile(
    r"^\s+[A-Z“\"]"  # the name right after it
    r"|^(?:\s+[a-z][\w'’-]*){0,5}\s*(?:,|--|[—–(])\s*(?:the\s+)?[A-Z“\"]"  # set off after a few words that say which
    r"|^[^,;.()]{0,40}?\b(?:called|named|known\s+as)\s+(?:the\s+)?[A-Z“\"]"
)


#: ... or set before it: "Foo Aid, an NGO"
_NAMED_BEFORE = re.compile(r"[A-Z][\w'’.-]*\)?\s*,\s*$")


def _spoken_of_unnamed(kind: str | None, texts: Sequence[str]) -> bool:
    """Whether the passages speak of the asked kind as one unnamed ("an international
    organization continued to fund most victim protection services") and never with a
    name: in one ("International Organization for Migration") or given in its clause
    ("an NGO, Foo Aid,"). Other mentions ("the NGO", "NGO providers") tell neither. Reports leave
    some bodies unnamed on purpose; a name asked of one is a near miss."""
    if not kind or len(kind) < 3:
        return False
    pattern = re.compile(rf"\b{re.escape(kind)}(?:s|es)?\b", re.IGNORECASE)
    unnamed = False
    for text in texts:
        for mention in pattern.finditer(text):
            if (mention.group()[:1].isupper() and not kind[:1].isupper()) or _NAME_GIVEN.match(text[mention.end() : mention.end() + 80]):
                return False
            before = text[max(0, mention.start() - 60) : mention.start()]
            indefinite = _INDEFINITE.search(before)
            if indefinite and _NAMED_BEFORE.search(before[: indefinite.start()]):
                return False  # "Foo Aid, an NGO, ran the shelter"
            unnamed = unnamed or indefinite is not None
    return unnamed


_MONTH_NAME = re.compile(rf"(?:{MONTH_WORDS})\.?", re.IGNORECASE)
_THE_BEFORE = re.compile(r"(?:^|\W)the\s+$", re.IGNORECASE)


def role_named(sentence: str, role: set[str], stats: TermStats) -> bool:
    """Whether the sentence names someone in the role: a capitalised name near the role's
    words in the same clause ("Vice President Jane DOE", "DOE, the vice president").
    "The president and vice president are elected on one ballot" holds the role's words
    but names nobody in it: a near miss for "who is the vice president?". A body's name
    ("chief justice appointed by the People's National Congress") is not someone."""
    if _labelled(sentence, role, stats):
        return True
    for clause in re.split(r"[;:()\[\]]", sentence):
        bodies = [m.span() for m in _CAPITALISED_RUN.finditer(clause) if any(BODY_WORDS.fullmatch(w) for w in _WORD.findall(m.group()))]
        # (term, whether the word could be a name) of each content word, in order
        # (a hyphenated word is its parts, as the role's are: "first non-noble prime minister")
        # (nor is a thing "the" goes before, "approved by the SCJ", nor a month: "the
        # National Cyber Director resigned in February")
        found = [
            (
                stats.canonical(stem(part.lower())),
                part[:1].isupper() and not any(a <= m.start() < b for a, b in bodies)
                and not _THE_BEFORE.search(clause[max(0, m.start() - 8) : m.start()]) and not _MONTH_NAME.fullmatch(part),
            )
            for m in _WORD.finditer(clause) for part in m.group().split("-") if part and part.lower() not in STOPWORDS
        ]
        is_role = [term in role for term, _ in found]
        for i in range(len(found)):
            window = range(i, min(len(found), i + len(role) + 2))
            if not is_role[i] or not role <= {found[j][0] for j in window if is_role[j]}:
                continue
            last = max(j for j in window if is_role[j])
            near = [*range(max(0, i - 4), i), *range(last + 1, min(len(found), last + 4))]
            if any(found[j][1] and not is_role[j] for j in near):
                return True
    return False


def _titled(sentence: str, role: set[str], stats: TermStats, now: bool = False) -> int:
    """1 when the sentence writes the role as a title before a name ("President Claudia
    SHEINBAUM", "Vice President Jane DOE"), 2 when the holder is also said to hold it now
    ("... (since 1 October 2024)") and the question asks who holds it now; else 0."""
    titled = 1 if _labelled(sentence, role, stats) else 0
    for found in _TITLE.finditer(sentence):
        if role <= {stats.canonical(stem(w.lower())) for w in found.group(1).split()}:
            if now and _HELD_NOW.match(sentence, found.end()):
                return 2
            titled = 1
    return titled


def _labelled(sentence: str, role: set[str], stats: TermStats) -> bool:
    """Whether the sentence gives the role as a label before a name: "Corresponding author:
    Mary Jean Brown, ScD, ..." (a front page's way), "Editor: Jane Roe"."""
    for label in _LABEL.finditer(sentence):
        if role <= {stats.canonical(stem(w.lower())) for w in _WORD.findall(label.group(1))}:
            return True
    return False


#: a label and the capitalised name after its colon, opening the sentence or a clause
_LABEL = re.compile(r"(?:^|[;.]\s+)\W*([A-Za-z][A-Za-z ,'’-]{1,60}?)\s*:\s*(?:(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)?[A-Z][a-z]")


#: a name (a few words) and then the sign that its holder holds the office now
_HELD_NOW = re.compile(r"[^;()]{1,60}?\(since\b|[^;()]{1,60}?\b(?:since|currently|now)\b")
#: "who is the president?", "who's ...": asked of now, unless the question says otherwise
_ASKED_NOW = re.compile(r"^\W*who(?:['’]s|\s+is|\s+are)\b", re.IGNORECASE)


def _asked_now(question: str, analysed: Question) -> bool:
    """Whether a "who is ...?" question asks who holds the role now (not "who was ...", nor
    "who is the former ...")."""
    return analysed.time != "past" and _ASKED_NOW.match(normalize(question)) is not None


_TITLE = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,4})(?=[A-Z])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: capitalised words in a row, "of", "for" or "and" allowed between two ("Bank of Ghana")
_CAPITALISED_RUN = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:(?:of|for|and)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*)*")


_GENERIC_MODIFIERS = frozenset(
    "main current present former new top principal largest biggest leading major key huge vast big large great small tiny little enormous".split()
)


def _bare(name: str) -> str:
    """A name as the question's terms have it: lower case, without a possessive ("Chile's"),
    in full ("Nov": "november")."""
    return expand(re.sub(r"['’]s?$", "", name.lower()))


#: The share of the question's weight, over the words of the document's own that are not
#: its subject, that the sentence a plain "No" is read from must hold
FOCUS_COVERAGE = 0.35


def _holds_the_focus(q_terms: Sequence[str], said: Set[str], subject: Set[str], stats: TermStats, document: Document) -> bool:
    """Whether the sentence a "No" is read off a negation in holds what the question asks
    about, not only the words naming what the whole document is about: "... authorities
    reportedly did not have sufficient resources to screen any of these returnees for
    trafficking indicators" holds "Tajikistan", "trafficking" and "2020" of "Were any men
    living in Tajikistan's trafficking shelter in 2020?", and none of "men", "living" or
    "shelter". Each word weighs its weight in the index times the share of the document's
    sentences that lack it ("trafficking", in most sentences of a report on it, weighs
    little); the words the document's heading and title give it (its ``subject``) not at
    all, nor the years (when, not what, is asked), nor the words it never uses (the
    question's own phrasing: no sentence of it holds them). A document that uses none of
    the question's other words holds no focus: its negations deny something else."""
    counts, sentences = _per_document("sentence terms", document, _sentence_term_counts)
    # (a word counts as the document's by its family too: "custody" of a report writing "detained")
    held = {t: max(counts.get(r, 0) for r in with_related({t})) for t in q_terms if t not in subject and not YEAR.fullmatch(t)}
    weight = {t: stats.idf(t) * (1.0 - n / sentences) for t, n in held.items() if n}
    total = sum(weight.values())
    return total > 0 and sum(w for t, w in weight.items() if t in said) / total >= FOCUS_COVERAGE


def _sentence_term_counts(document: Document) -> tuple[Counter[str], int]:
    """How many of the document's sentences hold each term, and how many sentences it has."""
    counts: Counter[str] = Counter()
    sentences = 0
    for paragraph in document.paragraphs:
        for start, end in sentence_spans(paragraph.text):
            counts.update(set(terms(paragraph.text[start:end])))
            sentences += 1
    return counts, sentences


def _capitalised_terms(document: Document) -> frozenset[str]:
    """The terms of the words a document writes capitalised inside a sentence, twice or
    more, and nowhere in lower case: its names ("Nationality - noun: Guyanese", "the
    Guyanese dollar"), not a word opening a sentence nor a term a code defines once
    ("Civilians means ...")."""
    # (an address's words are no words of the text: "kenya_acs@state.gov", ".../bolivia/")
    text = re.sub(r"\S*(?:@|://|www\.)\S*", " ", "\n".join(p.text for p in document.paragraphs))
    lower = set(re.findall(r"\b[a-z][a-z'-]+", text))
    inside = Counter(re.findall(r"(?<=[^\s.!?])[ \t]+([A-Z][a-z'-]+)", text))
    return frozenset(terms(" ".join(w for w, n in inside.items() if n >= 2 and w.lower() not in lower)))


def _peoples_named(q_terms: Sequence[str], title: str, stats: TermStats) -> set[str]:
    """The question's terms that are the people's name for a place the document's title
    names ("guyanese" of "Guyana"), unless a longer place the corpus knows is theirs
    ("nigerian" is Nigeria's, not Niger's)."""
    places = set(terms(title))
    return {
        t for t in q_terms
        if any(people_of(t, place) and not any(t[:n] in stats.df and people_of(t, t[:n]) for n in range(len(place) + 1, len(t))) for place in places)
    }


#: How much the passage's meaning-similarity to the question counts against a
#: sentence's word overlap (coverage, 0..1) when choosing the answer sentence.
SENTENCE_WEIGHT = 0.5


def _opens_note(text: str, marker: str) -> bool:
    """Whether a paragraph is the note ``marker`` calls: it opens with the marker (a number
    set apart by a space) and then a note's words ("23 Due to ...", "*This includes ...",
    "† Inadequate ...": ``NOTE_OPENING``, as the notes scope reads them)."""
    if not text.startswith(marker):
        return False
    rest = text[len(marker) :]
    return (not marker[0].isdigit() or rest[:1].isspace()) and re.match(NOTE_OPENING, rest) is not None


def called_notes(hits: Sequence[Hit], documents: Mapping[str, Document], windows: Callable[[str, int], Sequence[Passage]]) -> tuple[list[Hit], dict[int, tuple[int, int]]]:
    """The notes the hits' paragraphs call and retrieval did not bring, as hits to read after
    them ("Why was 1900 chosen as the start?" is answered by the note the sentence with 1900
    calls, which shares too few of the question's words to be retrieved itself), and for
    each note read, retrieved or not, by its place among hits + notes: (the calling hit,
    the call's character).

    A note is the first paragraph after the calling one, on the call's page or the next,
    that opens with the marker."""
    notes: list[Hit] = []
    called: dict[int, tuple[int, int]] = {}
    seen = {(h.passage.doc, h.passage.paragraph): i for i, h in enumerate(hits)}
    for index, hit in enumerate(hits):
        document = documents[hit.passage.doc]
        paragraph = document.paragraphs[hit.passage.paragraph - 1]
        for at, markers in paragraph.notes:
            page = paragraph.page_at(at)
            if page is None:
                continue
            for marker in filter(None, markers.split(",")):
                note = None
                for p in document.paragraphs[paragraph.number :]:
                    if p.page is not None and p.page > page + 1:
                        break  # (notes are printed on the page of their call, or the next)
                    if _opens_note(p.text, marker):
                        note = p
                        break
                if note is None:
                    continue
                key = (hit.passage.doc, note.number)
                if key in seen:  # (retrieved itself, or called before: the first call holds)
                    called.setdefault(seen[key], (index, at))
                elif passages := windows(*key):
                    seen[key] = len(hits) + len(notes)
                    called[seen[key]] = (index, at)
                    notes.append(replace(hit, passage=passages[0]))
    return notes, called


#: How many rows of a retrieved table are read beside the retrieved passages, at most
TABLE_ROWS_READ = 2
#: ... and how far from the retrieved row (or caption) the table is read, in paragraphs
TABLE_REACH = 120


def _first_column(paragraph: Paragraph) -> str | None:
    """The name of a table row's first column ("Payroll Period" of "Payroll Period: Weekly;
    Add Additional: $ 40.40"), None for a paragraph that is no row: the rows of one table
    share it, where a field list's lines each name their own field."""
    cell = _first_cell(paragraph.text)
    return cell.group(1) if cell else None


def _row_like(paragraph: Paragraph, section: str | None, column: str) -> bool:
    """Whether a paragraph is a row of the table whose rows stand under ``section`` and name
    their first column ``column``."""
    return paragraph.section == section and _first_column(paragraph) == column


def _in_table(paragraphs: Sequence[Paragraph], at: int) -> bool:
    """Whether paragraph ``at`` is a row of a table: a row beside another of its table, as
    ``_table_at`` finds them (only its neighbours read: this is asked of every row sentence)."""
    column = _first_column(paragraphs[at])
    return column is not None and any(0 <= i < len(paragraphs) and _row_like(paragraphs[i], paragraphs[at].section, column) for i in (at - 1, at + 1))


def _table_at(paragraphs: Sequence[Paragraph], at: int) -> list[Paragraph]:
    """The table whose row (or caption) paragraph ``at`` is: the run of rows around it,
    under one heading, whose first columns have one name; empty when there is none (one
    line naming a field is no table)."""
    if (column := _first_column(paragraphs[at])) is None:
        if at + 1 >= len(paragraphs) or (column := _first_column(paragraphs[at + 1])) is None:
            return []
        if paragraphs[at + 1].section != paragraphs[at].section:
            return []  # (a last line of the section before, a source note: no caption)
        at += 1  # a caption: its table follows
    section = paragraphs[at].section
    first, last = at, at + 1
    while first > 0 and at - first < TABLE_REACH and _row_like(paragraphs[first - 1], section, column):
        first -= 1
    while last < len(paragraphs) and last - at < TABLE_REACH and _row_like(paragraphs[last], section, column):
        last += 1
    return list(paragraphs[first:last]) if last - first >= 2 else []


def _missing_terms(q_terms: Sequence[str], hits: Sequence[Hit], documents: Mapping[str, Document], stats: TermStats) -> set[str]:
    """The question's terms (known to the index, not years) that no hit's paragraph holds, nor
    its heading, its document's title or its file's name (which say what all of it is about)."""
    held: set[str] = set()
    for hit in hits:
        document = documents[hit.passage.doc]
        paragraph = document.paragraphs[hit.passage.paragraph - 1]
        held |= set(terms(f"{paragraph.text} {_heading(paragraph, document)} {hit.passage.doc}"))
    return {t for t in q_terms if t in stats.df and t not in held and not YEAR.fullmatch(t)}


#: A table the question names by its number ("per Table 2 of the report", "Exhibit A-1",
#: "Table 2.1": the whole number, not its first part)
_NAMED_TABLE = re.compile(r"\b(table|exhibit|chart|schedule)\s+([a-z]?-?\d+(?:[.\-–]\d+)*[a-z]?)\b", re.IGNORECASE)


def table_numbers(question: str) -> set[str]:
    """The figures of the tables a question names by number ("2" and "3" of "Table 2-3"):
    they say which table, and name none of its rows (a line's, an item's or a step's number
    does: "line 4" of a worksheet is its row 4)."""
    return {n for _, number in _NAMED_TABLE.findall(question) for n in re.findall(r"\d+", number)}


def _named_tables(question: str, hits: Sequence[Hit], documents: Mapping[str, Document]) -> list[tuple[int, list[Paragraph]]]:
    """The tables the question names by their number, in the documents the hits are from
    (in the scope the question names), each with the first hit from its document: "how
    many burglaries in 2007, per Table 2?" retrieves the prose that says what Table 2
    depicts, while the table's year rows, alike but for their numbers, rank below. For each
    label, the first table whose caption (its rows' section) opens with it, else the first
    whose caption paragraph does (not "Table 2.1" for "Table 2"; a list of tables, whose
    rows open with their labels, only when no caption does)."""
    labels = [re.compile(rf"{kind}\s+{re.escape(number)}(?!\w|[.\-–]\d)", re.IGNORECASE) for kind, number in _NAMED_TABLE.findall(question)]
    if not labels:
        return []
    first: dict[str, int] = {}
    for index, hit in enumerate(hits):
        if hit.in_scope is not False:
            first.setdefault(hit.passage.doc, index)
    named: list[tuple[int, list[Paragraph]]] = []
    for doc, index in first.items():
        paragraphs = documents[doc].paragraphs
        for label in labels:
            table = next(
                (table for at, p in enumerate(paragraphs) if label.match(p.section or "") and (table := _table_at(paragraphs, at))), None
            ) or next((table for at, p in enumerate(paragraphs) if label.match(p.text) and (table := _table_at(paragraphs, at))), None)
            if table:
                named.append((index, table))
    return named


def table_rows(
    question: str, hits: Sequence[Hit], documents: Mapping[str, Document], windows: Callable[[str, int], Sequence[Passage]], stats: TermStats
) -> tuple[list[Hit], dict[int, int]]:
    """The rows of a retrieved table that hold a question word no retrieved passage holds,
    or whose name the question says, as hits to read after them, each with the hit whose
    table it is ("how much is added to biweekly wages?" retrieves the chart's caption and
    its weekly row; the biweekly row, one row among eight alike, ranks fourth; "the totals
    line" is a row though every row has a "Totals" column); a field list's lines name each
    their own field, and are no table (``_table_at``); and the rows of a table the question
    names by its number ("per Table 2", ``_named_tables``). The rows holding the rarest such
    words are read, TABLE_ROWS_READ at most."""
    tables = [(index, _table_at(documents[hit.passage.doc].paragraphs, hit.passage.paragraph - 1)) for index, hit in enumerate(hits)]
    tables += _named_tables(question, hits, documents)
    if not any(table for _, table in tables):
        return [], {}  # (prose: nothing to read along, and the words the hits hold need not be read)
    read = {(h.passage.doc, h.passage.paragraph) for h in hits}
    # (a table's number, "per Table 2", names no row "2" of a ranked table)
    asked = set(question_terms(question, stats)) - table_numbers(question)
    missing = _missing_terms(list(asked), hits, documents, stats)
    found: dict[tuple[str, int], tuple[float, int]] = {}  # row -> (weight, the hit whose table)
    scanned: set[tuple[str, int]] = set()  # (each row once: hits are often rows of one table)
    for index, table in tables:
        hit = hits[index]
        for row in table:
            key = (hit.passage.doc, row.number)
            if key in read or key in scanned:
                continue
            scanned.add(key)
            weight = sum(stats.idf(t) for t in missing & set(terms(row.text))) if missing else 0.0
            # ... and the row the question names whole, though its name is also a column's
            # ("the totals line" of a table whose every row ends in "Totals: ..."), by the
            # weight of its name's words
            weight += sum(stats.idf(t) for t in _row_named(row.text, asked))
            if weight > 0:
                found[key] = (weight, index)
    rows: list[Hit] = []
    brought: dict[int, int] = {}
    for (doc, number), (_, index) in sorted(found.items(), key=lambda item: -item[1][0])[:TABLE_ROWS_READ]:
        if passages := windows(doc, number):
            brought[len(hits) + len(rows)] = index
            rows.append(replace(hits[index], passage=passages[0]))
    return rows, brought


def role_line(
    question: str, read: Sequence[Hit], documents: Mapping[str, Document], windows: Callable[[str, int], Sequence[Passage]], stats: TermStats,
    analysed: Question | None = None,
) -> list[Hit]:
    """The paragraph of the first hit's document that gives the role a "who is the ...?"
    question asks for as a label or a title before a name, when nothing read names the
    role: "Who is the corresponding author of the 2011 MMWR supplement ...?" retrieves the
    running head "MMWR / January 14, 2011 / Vol. 60" and the title page's lines, which the
    question's naming words favour, before "Corresponding author: Mary Jean Brown, ScD, ...".
    Only a label or a title ("Administrator Farzian ZAINAL"), not a story ("its first
    president, Jean Dupont, who ruled until 1975"), and only in the document the first hit is
    from when that is in the scope the question names (not Uganda's profile for Kenya's
    president), nor another office's or a past holder's (``_another_holder``). The paragraph
    that titles the role best (when the question asks who is, one saying its holder holds it
    now, "(since 2020)", first; else the first) is read after the others, as the first hit's."""
    role = role_terms(question, stats)
    if not role or not read or read[0].in_scope is False:
        return []
    if any(role <= set(terms(documents[h.passage.doc].paragraphs[h.passage.paragraph - 1].text)) for h in read):
        return []
    document = documents[read[0].passage.doc]
    if not role <= document_terms(document):
        return []
    seen = {(h.passage.doc, h.passage.paragraph) for h in read}
    held = _per_document("paragraph terms", document, _paragraph_terms)
    now = _asked_now(question, analysed or analyse(question))
    asked = set(terms(question))
    best, best_titled = None, 0
    for paragraph, own in zip(document.paragraphs, held, strict=True):
        if not role <= own or (document.id, paragraph.number) in seen or _another_holder(paragraph.text, role, asked, stats):
            continue
        if (titled := _titled(paragraph.text, role, stats, now)) > best_titled:
            best, best_titled = paragraph, titled
    if best is None or not (passages := windows(document.id, best.number)):
        return []
    return [replace(read[0], passage=passages[0])]


#: words before a role that make it another office or a past holder ("Vice President Anne
#: Roe", "Former President Jean Dupont"), unless the question says them
_ROLE_QUALIFIERS = frozenset(terms("vice deputy former acting assistant associate interim late ex"))
#: a span of years after a name: a past holder's term ("President Jean Dupont (1990-1995)")
_PAST_TERM = re.compile(r"\(\s*(?:1[5-9]|20)\d\d\s*[-–—]\s*(?:1[5-9]|20)\d\d\s*\)")


def _another_holder(text: str, role: set[str], asked: Set[str], stats: TermStats) -> bool:
    """Whether a paragraph gives the role only to another office or a past holder: a
    qualifier the question does not say just before the role's words, or a span of years."""
    words = [stats.canonical(stem(w.lower())) for w in _WORD.findall(text)]
    qualified = any(w in role and i and words[i - 1] in _ROLE_QUALIFIERS - asked for i, w in enumerate(words))
    return qualified or _PAST_TERM.search(text) is not None


def _paragraph_terms(document: Document) -> list[frozenset[str]]:
    """Each paragraph's terms (read once per document)."""
    return [frozenset(terms(p.text)) for p in document.paragraphs]


def read_along(
    question: str, hits: Sequence[Hit], documents: Mapping[str, Document], windows: Callable[[str, int], Sequence[Passage]], stats: TermStats,
    analysed: Question | None = None,
) -> tuple[list[Hit], dict[int, tuple[int, int]], dict[int, int]]:
    """What the answer reads: the retrieved hits, then the notes they call
    (``called_notes``), then the rows of their tables, or of a table the question names by
    its number, that hold what they lack or that the question names (``table_rows``), then
    the paragraph naming the role asked when none of them does (``role_line``); with, for
    each note, its call, and for each row (and the role's paragraph), the hit it is read as."""
    notes, called = called_notes(hits, documents, windows)
    rows, brought = table_rows(question, hits, documents, windows, stats)
    offset = len(notes)
    brought = {index + offset: origin for index, origin in brought.items()}
    # (the paragraph naming the role asked, read as the first hit's: ``role_line``)
    named = role_line(question, [*hits, *notes, *rows], documents, windows, stats, analysed)
    if named:
        brought[len(hits) + len(notes) + len(rows)] = 0
    return [*hits, *notes, *rows, *named], called, brought


def _read_with_caller(citation: Citation) -> Citation:
    """A passage read along with a retrieved one (a note its sentence calls, a row of its
    table), cited: no retriever scored it, so it claims no similarity, no keyword match (nor
    their absence) and no retrieval score, by which a rank would be shown."""
    return replace(citation, score=0.0, similarity=None, keyword=None)


def _calling_span(hits: Sequence[Hit], documents: Mapping[str, Document], call: tuple[int, int]) -> tuple[int, int, int]:
    """(the calling hit, the start and end of the sentence that calls the note; -1, -1 when none holds the call)."""
    hit = hits[call[0]]
    text = documents[hit.passage.doc].paragraphs[hit.passage.paragraph - 1].text
    start, end = next(((start, end) for start, end in sentence_spans(text) if start < call[1] <= end), (-1, -1))
    return call[0], start, end


def _sentence_of(hits: Sequence[Hit], documents: Mapping[str, Document], span: tuple[int, int, int]) -> str:
    """The text of a (hit, start, end) sentence span ("" for none)."""
    index, start, end = span
    hit = hits[index]
    return documents[hit.passage.doc].paragraphs[hit.passage.paragraph - 1].text[start:end] if start >= 0 else ""


def extract(
    question: str,
    hits: Sequence[Hit],
    stats: TermStats,
    documents: Mapping[str, Document],
    windows: Callable[[str, int], Sequence[Passage]],
    min_confidence: float,
    sentence_similarity: SentenceSimilarity | None = None,
    short_threshold: float | None = None,
) -> Answer:
    """A cited answer from the retrieved hits, or an abstention with the closest passages.

    A question naming two or more years ("how much in 2019 and 2021?") is answered once
    per year and the parts joined, each highlighted where it stands. A short answer (or
    list, or Yes/No) is given only when its probability of being right clears
    ``short_threshold`` (default: the fitted model's, one for phrases and one for a Yes or
    a No); otherwise the sentence is the answer, with the sentence's own probability as
    the confidence (a phrase's, when higher: the sentence holds it)."""
    calibrated = confidence_model()
    thresholds = {"yes": calibrated.yes_no_threshold, "no": calibrated.yes_no_threshold} if short_threshold is None else {}
    short_threshold = calibrated.short_threshold if short_threshold is None else short_threshold
    analysed = analyse(question)
    citations = [_citation(hit, None, documents) for hit in hits]
    # (label, years wanted, the question answered) of each part: one per named year, one
    # per sub-question ("how many in 2020, and how many in 2019?"), or the whole question
    subquestions = split_parts(question)
    years = [y for y in analysed.years] if analysed.is_list and len(analysed.years) >= 2 and analysed.typed else []
    if len(subquestions) > 1:
        plans = [(None, None, part) for part in subquestions]
    else:
        plans = [(year, {year} | (constraints(question) - set(analysed.years)), question) for year in years] or [(None, None, question)]
    parts: list[tuple[str | None, Choice, float]] = []  # (year, choice, confidence)
    read, called, brought = read_along(question, hits, documents, windows, stats, analysed)
    for year, wanted, asked in plans:
        best, features = choose(
            asked, read, stats, documents, wanted, one_part=len(plans) > 1, sentence_similarity=sentence_similarity,
            analysed=analysed if asked is question else None, called=called, retrieved=len(hits), brought=brought,
        )
        if best is not None:
            probability = calibrated.sentence_probability(features)
            if best.form != "sentence":
                short = calibrated.short_probability(features)
                if short >= thresholds.get(best.form, short_threshold):
                    probability = short
                else:  # not sure enough of the phrase to commit to it: the sentence that holds it
                    if best.form in ("short", "list"):
                        # (it holds the phrase: right at least as often)
                        probability = max(probability, min(short, calibrated.sentence_cap(features)))
                    best = replace(best, form="sentence", parts=(), focus=best.parts[0] if best.form == "short" else None)
            parts.append((year, best, probability))
    if not parts:
        return Answer(question, None, True, 0.0, tuple(citations), answer_type=analysed.type)
    confidence = min(c for _, _, c in parts)
    if confidence < min_confidence:  # closest passages in retrieval order, none marked as the answer
        return Answer(question, None, True, confidence, tuple(citations), answer_type=analysed.type)

    # One window per cited paragraph, covering every part answered from it, so all the
    # highlights index into the same cited text.
    cited: dict[int, Passage] = {}
    for hit_index in dict.fromkeys(choice.hit_index for _, choice, _ in parts):
        hit = read[hit_index]
        bounds = [b for _, choice, _ in parts if choice.hit_index == hit_index for b in (choice.sentence, *choice.parts)]
        paragraph_text = documents[hit.passage.doc].paragraphs[hit.passage.paragraph - 1].text
        cited[hit_index] = _window_for(
            windows(hit.passage.doc, hit.passage.paragraph), hit, min(a for a, _ in bounds), max(b for _, b in bounds), paragraph_text
        )
    marks: dict[int, list[tuple[int, int]]] = {i: [] for i in cited}
    texts: list[str] = []
    sentences: list[str] = []
    for year, choice, _ in parts:
        window = cited[choice.hit_index]
        s_start, s_end = choice.sentence
        shifted = [(a - window.start, b - window.start) for a, b in (choice.parts or (choice.sentence,))]
        marks[choice.hit_index] += [m for m in shifted if m not in marks[choice.hit_index]]
        sentence_text = window.text[s_start - window.start : s_end - window.start]
        sentences.append(sentence_text)
        if choice.form in ("yes", "no"):  # the verdict, then the words that settle it
            text = f"{choice.form.capitalize()} \u2014 {sentence_text}"
        else:
            text = ", ".join(window.text[a:b] for a, b in shifted)
        texts.append(f"{text} ({year})" if year is not None and choice.form != "sentence" else text)
    focus = {choice.hit_index: choice.focus[0] for _, choice, _ in reversed(parts) if choice.focus is not None}
    for _, choice, _ in parts:
        if choice.form in ("sentence", "yes", "no") and choice.focus is None and choice.hit_index not in focus:
            hit = read[choice.hit_index]
            telling = _telling_part(documents[hit.passage.doc].paragraphs[hit.passage.paragraph - 1], *choice.sentence, question)
            if telling is not None:
                focus[choice.hit_index] = telling
    lead = []
    for i, window in cited.items():
        # (the sentence of the first part answered from this paragraph, which the first mark is in)
        evidence = next(choice.sentence for _, choice, _ in parts if choice.hit_index == i)
        citation = replace(_citation(replace(read[i], passage=window), marks[i][0], documents, focus.get(i), evidence), highlights=tuple(marks[i]))
        lead.append(citation if i < len(hits) else _read_with_caller(citation))
    ordered = lead + [c for i, c in enumerate(citations) if i not in cited]
    forms = [choice.form for _, choice, _ in parts]
    form = forms[0] if len(forms) == 1 else ("list" if all(f != "sentence" for f in forms) else "sentence")
    return Answer(
        question, "; ".join(dict.fromkeys(texts)), False, confidence, tuple(ordered), sentence=" ".join(dict.fromkeys(sentences)),
        form=form, answer_type=analysed.type,
    )


_NAMED = re.compile(r"\b(?!The\b|An?\b)[A-Z]")
#: a sentence telling its own time: a year after a preposition or a month ("compared
#: with 53 in 2019", "since March 2020"), not a count in a table's cell ("Handgun: 1,995")
_DATED = re.compile(
    r"\b(?:in|since|during|by|from|until|till|through|before|after|of|for|between|and|to|"
    rf"{MONTH_WORDS})"
    rf"\.?\s+{_MODERN_YEAR}\b",
    re.IGNORECASE,
)


def _telling_part(paragraph: Paragraph, start: int, end: int, question: str) -> int | None:
    """Where a sentence printed across a page break tells its news: the start of the part
    (one per page) holding most of its words the question does not use. "Homer orders his
    son to forget what he learned, | prompting Bart to strike himself over the head ...":
    the question says Homer and forgetting, the next page what Bart did. None for a
    sentence on one page, or one whose parts tell as much."""
    breaks = [at for at, _ in paragraph.page_breaks if start < at < end]
    if not breaks:
        return None  # (most answers: the question's terms are not even read)
    asked_terms = with_related(terms(question))
    bounds = [start, *breaks, end]
    news = [sum(1 for t in terms(paragraph.text[a:b]) if t not in asked_terms) for a, b in itertools.pairwise(bounds)]
    most = max(news)
    return bounds[news.index(most)] if news.count(most) == 1 else None  # (a tie: the page of its middle)


def _citation(
    hit: Hit, highlight: tuple[int, int] | None, documents: Mapping[str, Document], focus: int | None = None, evidence: tuple[int, int] | None = None
) -> Citation:
    """``focus``: the paragraph offset whose page to cite, else that of the highlight's middle;
    ``evidence``: the paragraph span of the sentence answering, whose first and last pages
    are cited too when it runs over a page break."""
    p = hit.passage
    document = documents[p.doc]
    paragraph = document.paragraphs[p.paragraph - 1]
    middle = focus if focus is not None else (p.start + (highlight[0] + highlight[1]) // 2 if highlight else None)
    pages = (paragraph.page_at(evidence[0]), paragraph.page_at(max(evidence[0], evidence[1] - 1))) if evidence and paragraph.page_breaks else None
    return Citation(
        doc=p.doc,
        paragraph=p.paragraph,
        text=p.text,
        score=hit.score,
        highlight=highlight,
        start=p.start,
        end=p.end,
        title=document.title,
        section=p.section,
        # the page most of the highlighted words are printed on (a sentence may cross a page break)
        page=paragraph.page_at(middle) if middle is not None else p.page,
        pages=pages if pages and pages[0] is not None and pages[0] != pages[1] else None,
        meta=dict(document.meta),
        similarity=hit.dense_score,
        keyword=hit.keyword_score is not None,
    )

