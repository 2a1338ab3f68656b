"""Candidate answers inside a sentence: typed phrases, each with how well its kind fits.

Two sources, merged: the phrases the parser found at build time (entities and noun
phrases with their grammatical role, qa/parse.py) and patterns for what a parser labels
unreliably in reports: amounts with their currency ("253,670 Tajikistani somoni
($22,400)"), percentages, durations ("15 days", "third consecutive year"), dates and
counts ("24 victims"). A candidate is scored later (qa/answer.py); here it only gets
its kind and the fit of that kind to the question's expected type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from qa.answer.question import (
    AMOUNT,
    COUNT,
    DATE,
    DURATION,
    ENTITY,
    IDENTIFIER,
    LIST,
    NUMERIC,
    ORGANISATION,
    PERCENT,
    PERSON,
    PLACE,
    ROLE_NOUNS,
    Question,
    singular,
)
from qa.text import CARDINALS, NOTE_SIGN, STOPWORDS, caption_label_end, normalize, terms
from qa.types import Span

NUMBER_WORDS = rf"(?:{'|'.join(CARDINALS)}|hundreds|thousands|millions|dozens|several)"
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
#: a number or a range of two ("10-14 business days", "70–75%", "5 to 10 years", "394 out of 400"): the
#: range is the answer, its first number alone a wrong one
RANGE = rf"{NUM}(?:(?:-|\u2013|\u2014| to | out of ){NUM})?"
#: The months by name, as an alternation for patterns.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: ... in full or shortened, for patterns read in any case ("Feb", "NOVEMBER"; "Sept" apart)
MONTH_WORDS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
#: The ordinals by name, first to tenth (a place in a run, a rank).
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL = rf"(?:{'|'.join(ORDINALS)})"
_QUALIFIER = r"(?:(?:more than|less than|fewer than|at least|over|under|about|approximately|nearly|almost|roughly|around|some|up to|an estimated) )?"
_CURRENCY = (
    r"(?:somoni|dollars?|euros?|rubles?|roubles?|manat|tenge|soms?|lari|drams?|hryvnias?|pounds?|francs?|yen|yuan|"
    r"rupees?|pesos?|dinars?|dirhams?|riyals?|shillings?|naira|lira|zloty|forints?|korunas?|krona|kronor|"
    r"rials?|taka|kyats?|baht|ringgit|rupiah|birr|cedis?|kwacha|afghanis?|reais|kwanza"
    # (currencies that are English words too, not as a verb or an adjective: "in 2019 won
    # 45 seats", "45 won by the party", "2019 real GDP", "rand-denominated")
    r"|(?:rand|leva?|lei|dong|won|real)(?!-|\s+\d|\s+(?i:by|the|gdp|growth|terms|estate|wages?|income|output|power)\b"
    r"|\s+(?i:a|an)\b(?!\s+(?:month|year|day|week|hour|person|head|unit|kg|litre)\b)|\s+[a-z]+ed\b))"
    r"(?![A-Za-z])"  # (a word, not the start of one: "2019 some", "12 random")
)
_SCALE = r"(?: (?:million|billion|trillion|thousand))?"

#: A form's version or revision, month and year: "Form CMS-1490S (version 01/18)", "(Rev.
#: 12-2010)" (a two-digit year only after "version" or "Rev."); not "Conversion 1/16 of the
#: dose", "Revised 12/10/2019" cut short, "revised 10-15 percent", "revised 10-12 times"
_VERSION = "|".join(rf"(?<=\b{word} )" for word in ("[Vv]ersion", "VERSION", r"[Rr]ev\.", r"REV\.", "[Rr]ev", "REV"))
_REVISED = "|".join(rf"(?<=\b{word} )" for word in ("[Rr]evised", "REVISED", "[Rr]evision", "REVISION"))
_FORM_DATE = (
    # (a digit after a space first: the look-behinds are read only there, not at every character)
    rf"(?=\d)(?<= )(?:(?:{_VERSION})(?:0[1-9]|1[0-2])[/-]\d\d|(?:{_VERSION}|{_REVISED})(?:0?[1-9]|1[0-2])[/-](?:1[5-9]\d\d|20\d\d))"
    r"(?![/-]?\d|\s*(?:percent|per cent|pct|%|times|days|weeks|months|years|of)\b)"
)

PATTERNS: dict[str, re.Pattern[str]] = {
    AMOUNT: re.compile(
        rf"{_QUALIFIER}(?:{NUM}{_SCALE} (?:[A-Z][a-z]+ )?{_CURRENCY}(?: \((?:[A-Z]{{0,3}}\$|€|£){NUM}{_SCALE}\))?"
        rf"|(?:[A-Z]{{0,3}}\$|€|£) ?{NUM}{_SCALE})"
    ),
    PERCENT: re.compile(rf"{_QUALIFIER}-?{RANGE} ?(?:percent|per cent|%)"),
    DURATION: re.compile(
        # "2 years and 38 days", "two years and thirty-eight days": a length in two units
        rf"\b(?:{RANGE}|{NUMBER_WORDS}(?:-{NUMBER_WORDS})?|a|an)[ -](?:years?|months?|weeks?) and "
        rf"(?:{RANGE}|{NUMBER_WORDS}(?:-{NUMBER_WORDS})?|a|an)[ -](?:months?|weeks?|days?|hours?)\b"
        # "8 of the last 15 consecutive tax years": a count of periods within a span
        rf"|\b(?:{RANGE}|{NUMBER_WORDS}) (?:out )?of the (?:last|past|previous|preceding|first|next) (?:{RANGE}|{NUMBER_WORDS})"
        rf"(?: (?:consecutive|calendar|tax|fiscal|full|business|working))* (?:days|weeks|months|years)\b"
        # ("two and a half years", "a two-and-a-half-year war", "a year and a half")
        # ("half an hour" whole: not "an hour")
        rf"|\b{_QUALIFIER}(?:(?:[Hh]alf (?=an? )|(?:[Aa]|[Tt]hree) quarters? of (?=an? ))?(?:{RANGE}|{NUMBER_WORDS}|a|an)(?:[ -]and[ -]a[ -]half)?[ -](?:(?:business|working|calendar) )?(?:days?|weeks?|months?|years?|hours?|decades?|centuries)(?: and a half)?"
        # minutes and seconds only counted: "a second term" is the next one, not a length
        rf"|(?:{RANGE}|{NUMBER_WORDS})[ -](?:minutes?|seconds?)"
        # ... and in figures with a unit's abbreviation ("6 to 72 h", "15 min", "2 yrs")
        rf"|{RANGE} (?:h|hrs?|mins?|yrs?)(?![\w-])"
        rf"|{_ORDINAL} (?:consecutive |straight |successive |running )?(?:days?|weeks?|months?|years?))\b"
    ),
    DATE: re.compile(
        # ("May–August 2010", "January to March 2021": months of one year)
        rf"\b(?:(?:{MONTHS})\s*(?:[-\u2013\u2014]|to|through)\s*(?:{MONTHS}) (?:1[5-9]\d\d|20\d\d)"
        rf"|(?:early |late |mid-)?(?:{MONTHS})"
        rf"(?: \d{{1,2}},?)? (?:1[5-9]\d\d|20\d\d)|\d{{1,2}} (?:{MONTHS}) (?:1[5-9]\d\d|20\d\d)"
        r"|(?:1[5-9]\d\d|20\d\d)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # ISO 8601: 2024-02-02
        rf"|{_FORM_DATE}"
        r"|(?:1[5-9]\d\d|20\d\d)(?:-\d{2,4})?s?)\b"
    ),
    # "no such cases" and "the sole shelter" are counts too (zero, one)
    # (a number glued to letters is no count: "4th-grade", "3rd", "50mg"); a plural third
    # word ends it too, after two describing the thing counted ("11 equal horizontal
    # stripes"; not after a plural or a verb in -ed: "three women received threats")
    COUNT: re.compile(rf"\b{_QUALIFIER}(?:{RANGE}(?![A-Za-z])|{NUMBER_WORDS}\b|no(?: such)?\b|sole\b|single\b|only one\b)(?:(?<!\bone)(?<!single)(?<!sole)(?: (?![a-z-]*(?:s|ed)\b)[a-z][a-z-]+){{2}} [a-z][a-z-]*[a-z]s\b|(?: [a-z][a-z-]+){{0,2}})"),
    # a capitalised name after a locative preposition: "outside of Dushanbe", "to Russia"
    PLACE: re.compile(
        r"\b(?:in|to|from|at|of|outside|within|across|throughout|near|into) "
        rf"(?P<span>(?!(?:{MONTHS}|The|This|These)\b)"
        r"[A-Z][\w']+(?:-[A-Z][\w']+)*(?: [A-Z][\w']+(?:-[A-Z][\w']+)*)*)"
    ),
}
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")

#: Words that make a noun phrase a body ("the Ministry of Health", "an NGO").
BODY_WORDS = re.compile(
    r"\b(ministry|ministries|department|office|center|centre|committee|commission|council|agency|court|prosecutor|parliament|"
    r"police|service|inspectorate|bureau|directorate|unit|commissioner|ombudsman|assembly|government|ngos?|organi[sz]ations?|"
    r"authorities|party|union|bank|army|front|movement|company|association|institute|university|congress|senate|cabinet)\b",
    re.IGNORECASE,
)

_DEMONYM = re.compile(r"[A-Z][a-z]+(?:i|ese|ish)")
_QUOTED = re.compile(r"^[\"\u201c\u2018'][^\"\u201c\u201d\u2018\u2019]{1,60}[\"\u201d\u2019']$")
_NAMING = re.compile(r"\b(?:called|named|known as|renamed|titled|dubbed)\s+(?:the\s+)?$")
_NAME_TAIL = re.compile(r"(?:\s\([A-Z][\w.'-]*\))?(?:\s[A-Z][A-Z'-]+\b)+|(?:\s\([A-Z][\w.'-]*\))")
#: An honorific that is part of a person's name, just before the tagged name ("Sir Francis COCKBURN")
_NAME_HEAD = re.compile(r"\b(?:Sir|Dame|Lord|Lady)\s+$")

#: How well an entity label fits each expected type (absent: 0).
_FIT: dict[str, dict[str, float]] = {
    PERSON: {"PERSON": 1.0, "ORG": 0.8, "NORP": 0.5, "GPE": 0.3, "BODY": 0.8, "NP": 0.2, "NAME_GUESS": 0.8},
    ORGANISATION: {"ORG": 1.0, "BODY": 0.9, "NORP": 0.4, "GPE": 0.4, "PERSON": 0.2, "NP": 0.2, "NAME_GUESS": 0.8},
    PLACE: {"GPE": 1.0, "LOC": 1.0, "FAC": 0.8, "pattern:place": 0.8, "ORG": 0.2, "NORP": 0.3, "NP": 0.2, "NAME_GUESS": 0.6},
    DATE: {"DATE": 1.0, "TIME": 0.5, "pattern:date": 1.0, "DATE_VAGUE": 0.3},
    AMOUNT: {"MONEY": 1.0, "pattern:amount": 1.0, "pattern:cell": 0.8, "QUANTITY": 0.5, "CARDINAL": 0.3},
    COUNT: {"CARDINAL": 1.0, "QUANTITY": 0.8, "pattern:count": 1.0},
    DURATION: {"pattern:duration": 1.0, "DATE": 0.5, "TIME": 0.5},
    PERCENT: {"PERCENT": 1.0, "pattern:percent": 1.0, "pattern:cell": 0.8},
    # the locative pattern backs up the parser's entity types for places
    ENTITY: {"PERSON": 0.8, "ORG": 0.8, "GPE": 0.8, "LOC": 0.8, "FAC": 0.8, "NORP": 0.8, "EVENT": 0.8, "LAW": 0.8,
             "PRODUCT": 0.8, "WORK_OF_ART": 0.8, "LANGUAGE": 0.8, "BODY": 0.7, "NP": 0.5, "NAME_GUESS": 0.6},
}


#: The fit of a noun phrase that is the agent of a passive verb, for a "who" question.
SHORT_ROLE_FIT = 0.8

#: "How long is Suriname's border with Guyana?" asks a length as often as a time: a distance
#: answers it ("Guyana 836 km"), below a length of time where the sentence gives one ("a
#: 5-year term"). Not "how long does it take / did it last", which ask a time only ...
_LENGTH_ASKED = re.compile(r"\bhow long (?:is|are|was|were)\b(?!.*\b(?:take|took|taken|last|lasted)\b)", re.IGNORECASE)
#: ... nor "how long is X" of a stretch of time ("the sentence for trafficking", "the
#: mayor's term", "the flight to Moscow")
_TIMED = re.compile(
    r"\bhow long (?:is|are|was|were)\s+(?:[\w-]+'s\s+|the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?(?:terms?|sentences?|leave|flights?|trips?"
    r"|journey|delay|wait|visit|stay|season|course|programme|program|detention|ban|mandate|tenure|process|period|contract"
    r"|lease|shift|break|holiday|vacation|semester|war|reign|anthem|song|speech|life|lifespan)\b",
    re.IGNORECASE,
)
#: a distance's unit ending the phrase: not an area ("sq km") nor a volume ("cubic metres")
_LENGTH_UNIT = re.compile(
    r"(?<!sq )(?<!sq\. )(?<!square )(?<!cubic )(?<!cu\. )(?<!cu )\b(?:km|kilomet(?:er|re)s?|mi|miles?|m|met(?:er|re)s?|ft|feet|nm|nautical miles?)$"
)
LENGTH_FIT = 0.8


def _length_of_asked(paragraph: str, sentence_start: int, at: int, question: str) -> bool:
    """Whether the distance at ``at`` is the length of the thing a "how long is X?" question
    names: the words it stands after in its clause, within its sentence (from
    ``sentence_start``), name it ("Guyana 836 km", "Lake Nyasa, about 580 km long"), not
    another ("Libya 989 km" for the border with Chad, "extending 1,650 km" for a cave)."""
    if not _LENGTH_ASKED.search(question) or _TIMED.search(question):
        return False
    clause = re.split(r"[;:,(]", paragraph[max(sentence_start, at - 80) : at])
    label = next((said for part in reversed(clause) if (said := set(terms(part)))), set())  # ("about 580 km": the words before it)
    return bool(label & set(terms(question)))

#: A noun phrase naming people by what they are ("their advocates", "foreign workers"):
#: no name, but an answer to "who else ...?" where a thing is none.
_PEOPLE = re.compile(
    r"\b(?:people|persons?|children|child|wom[ae]n|m[ae]n|victims?|witness(?:es)?|advocates?|officials?|officers?|"
    r"workers?|members?|staff|famil(?:y|ies)|relatives?|citizens?|residents?|migrants?|refugees?|students?|parents?|"
    r"journalists?|activists?|lawyers?|judges?|prosecutors?|investigators?|survivors?|employees?|volunteers?|nationals?|"
    r"minors?|girls?|boys?|adults?|teachers?|doctors?|nurses?|soldiers?|troops|civilians?|individuals?|experts?|observers?)$",
    re.IGNORECASE,
)
PEOPLE_FIT = 0.8
#: ... for a "who" question that asks whom something was done to ("who else did the
#: government fail to protect?"), not who did it ("who met at the port?": the names and
#: bodies of the sentence), nor "who is X?" (a name), nor "which official ...?" (a role)
_ASKS_ANYONE = re.compile(
    r"\bwho(?:m)?\s+(?:else\s+)?(?:did|does|do|has|have|had|will|would|can|could|should|must)\s+(?!been\b)\w", re.IGNORECASE
)


#: A person written by initials, as papers' author contributions do ("C.S.", "L.-M.D."),
#: but not the abbreviations written the same way.
_PERSON_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.(?:-?[A-Z]\.){1,3}(?![\w])")
_NOT_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "A.D.", "B.C.", "P.O.", "U.S.A.", "N.B.", "P.S.", "A.M.", "P.M.", "I.E.", "E.G."})


@dataclass(frozen=True)
class Candidate:
    start: int  # paragraph characters
    end: int
    label: str  # entity label, NP, BODY, or pattern:<type>
    fit: float  # 0..1: how well its kind fits the expected type
    dep: str = ""
    head: str = ""
    prep: str = ""


_DATE_LIKE = re.compile(
    rf"\b(1[5-9]\d\d|20\d\d|\d{{1,2}}(st|nd|rd|th)? century|\d{{3,4}}s|{MONTHS}|B\.C\.|A\.D\.)",
    re.IGNORECASE,
)


def fit_of(label: str, expected: str, text: str, focus: str | None) -> float:
    """How well a phrase of ``label`` answers a question expecting ``expected``."""
    if expected == LIST:
        expected = ENTITY
    if label == "DATE" and not _DATE_LIKE.search(text):
        # the tagger's DATE covers "7 years" and "the present day": a length, or no date at all
        label = "pattern:duration" if PATTERNS[DURATION].search(text) else "DATE_VAGUE"
    elif label == "TIME" and PATTERNS[DURATION].fullmatch(text.strip()):
        label = "pattern:duration"  # the tagger's TIME covers "almost five minutes" (a length) and "five minutes to midnight" (a time)
    table = _FIT.get(expected, {})
    fit = table.get(label, 0.0)
    if expected == PERSON and focus in ROLE_NOUNS and label in ("ORG", "BODY"):
        fit = min(fit, _FIT[PERSON]["GPE"])
    if focus and expected not in (AMOUNT, COUNT, DURATION, PERCENT, DATE, IDENTIFIER) and re.search(rf"\b{re.escape(focus)}", text, re.IGNORECASE):
        fit = max(fit, 0.9)  # "which river": "the Nile River"
    elif expected == ORGANISATION and focus in SELF_NAMING and not names_kind(text, focus):
        fit = min(fit, 0.5)  # "which ministries sit on it?": "the government" is no ministry
    return fit


#: Kinds of body whose names say their kind ("Ministry of Health", "Supreme Court"): a
#: body named without it is another kind. (Not parties: "United Seychelles", "MPLA".)
SELF_NAMING = frozenset("ministry court university college hospital council committee commission department institute academy".split())


def names_kind(text: str, kind: str) -> bool:
    """Whether ``text`` says the kind of body ("ministry" in "Ministry of Health" or "the ministries")."""
    return re.search(rf"\b{re.escape(kind.removesuffix('y'))}", text, re.IGNORECASE) is not None


def _trim_count(text: str, start: int, end: int) -> tuple[int, int]:
    """A count ends at its counted noun: "24 victims during" -> "24 victims" ("394 out of
    400 votes" whole)."""
    number = re.search(rf"{RANGE}|{NUMBER_WORDS}", text[start:end])
    if number:
        for word in re.finditer(r"[A-Za-z'-]+", text[start + number.end() : end]):
            if word.group(0).lower() in STOPWORDS:
                return start, start + number.end() + word.start() - 1
    return start, end


def _adjective_before_noun(paragraph: str, match: re.Match[str]) -> bool:
    """A capitalised demonym modifying a noun ("Tajikistani nationals"): no name."""
    return bool(_DEMONYM.fullmatch(match.group(0))) and re.match(r" [a-z]", match.string[match.end() :]) is not None


#: a length's unit abbreviated ("72 h", "15 min") ...
_ABBREVIATED_UNIT = re.compile(r" (?:h|hrs?|mins?|yrs?)$")
#: ... after a figure's or table's label, a panel's letter instead ("Fig. 2 h")
_FIGURE_LABEL = re.compile(r"\b(?:[Ff]ig(?:ure)?s?\.?|FIG(?:URE)?S?\.?|[Tt]able|[Pp]anel)\s*$")


#: an age as written after its word: "at age 75", "ages 18-70", "aged 16-17"
_AGE_AFTER_WORD = re.compile(rf"(?<=\b[Aa]ge )(?=\d){RANGE}\b|(?<=\b[Aa]ges )(?=\d){RANGE}\b|(?<=\b[Aa]ged )(?=\d){RANGE}\b")


#: a bare year before a currency's name that is an English word too: "In 2017 Macron won",
#: "2019 real output" (a sum is "2,000 won", "12 billion real")
_YEAR_THEN_WORD = re.compile(r"(?:1[5-9]\d\d|20\d\d)\s(?:[A-Z][a-z]+\s)?(?:rand|leva?|lei|dong|won|real)")


def is_amount(phrase: str) -> bool:
    """Whether a match of the amount pattern is a sum, not a year and a word."""
    return _YEAR_THEN_WORD.fullmatch(phrase.strip()) is None


def gives_amount(text: str) -> bool:
    """Whether the text gives a sum of money."""
    return any(is_amount(m.group(0)) for m in PATTERNS[AMOUNT].finditer(text))


def pattern_candidates(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, pattern:<type>) of the numeric phrases in ``text[start:end]``."""
    sentence = normalize(text[start:end])
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind in (AMOUNT, PERCENT, DURATION, DATE, COUNT, PLACE):
        for match in PATTERNS[kind].finditer(sentence):
            s, e = match.span("span") if kind == PLACE else match.span()
            if kind == PLACE and re.match(r"[A-Z][a-z]+(?:i|an|ese|ish)$", sentence[s:e].split()[-1]) and re.match(r" [a-z]", sentence[e:]):
                continue  # "Tajikistani women": an adjective, not a place
            if kind == AMOUNT and not is_amount(sentence[s:e]):
                continue
            if kind == COUNT:
                first = re.search(rf"{NUM}|{NUMBER_WORDS}", sentence[s:e])
                if first and _YEAR.match(first.group(0)):
                    continue
                if sentence[e : e + 1] == "-":
                    continue  # "one-year extension" is a modifier
                s, e = _trim_count(sentence, s, e)
                if any(a < e and s < b for a, b in taken):
                    continue
            elif kind == DURATION and sentence[e : e + 1] == "-":
                continue
            elif kind == DURATION and _ABBREVIATED_UNIT.search(sentence, s, e) and _FIGURE_LABEL.search(sentence, max(0, s - 30), s):
                continue  # "Supplementary Fig. 2 h": a figure's panel, not two hours
            while e > s and sentence[e - 1] in " ,.;:":
                e -= 1
            found.append((start + s, start + e, f"pattern:{kind}"))
            if kind in (AMOUNT, PERCENT, DATE, DURATION):
                taken.append((s, e))
    return found


#: a cell of a table row read as "Name: value; Name: value" whose whole value is a number
#: (in brackets too, as tables print percentages: "(11.4)")
_NUMBER_CELL = re.compile(rf"(?:^|;\s)([^;:]{{1,60}}):\s\(?({NUM})\)?(?=;|\s*$)")
_PERCENT_NAME = re.compile(r"%|\bper ?cent", re.IGNORECASE)


def cell_numbers(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, column name) of the numbers that fill a whole cell of a table row (two
    named cells at least). A column of amounts carries its currency sign on its first row
    only, and a column named "(%)" holds percentages that never say so: "142.31" under
    "$ 71.15" is an amount, "(11.4)" under "no working (%)" a percentage."""
    sentence = text[start:end]
    if len(re.findall(r"(?:^|;\s)[^;:]{1,60}:\s", sentence)) < 2:
        return []
    return [(start + m.start(2), start + m.end(2), m.group(1)) for m in _NUMBER_CELL.finditer(sentence)]


#: a value a code list gives a name: "+ Ford = 7:", "Fish Ladder =8:", "Unknown = -1:" (a
#: diagram's list of codes, read as text)
_CODED = re.compile(r"(?<![\w=])([A-Za-z][^=;:+«»]{0,60}?)\s*=\s*(-?\d+)\s*:")


def coded_values(text: str, start: int, end: int, question: str) -> list[tuple[int, int]]:
    """(start, end) of the values a code list in ``text[start:end]`` gives the names the
    question asks about, every word of the name in it ("what code value does the quay list
    give to a ferry slip?": the 3 of "Ferry Slip =3:", not the 2 of "Dock = 2:")."""
    asked = set(terms(question))
    found = []
    for match in _CODED.finditer(text, start, end):
        name = set(terms(match.group(1)))
        if name and name <= asked:
            found.append((start + match.start(2), start + match.end(2)))
    return found


#: A telephone number: "770-488-3635", "+01-819-564-4857", "(202) 512-3000"
_PHONE = r"(?:\+?\d{1,2}[-. ])?(?:\(\d{3}\)\s?\d{3}[-.]\d{4}|\d{3}[-.]\d{3}[-.]\d{4})"
#: A number that names: a telephone number, a code of digits with letters or joined by
#: hyphens, dots or slashes ("GAO-20-629", "11368V", "116-283"), or digits alone ("16302"),
#: never part of a larger number, an amount or a percentage ("$1,500", "12.5%")
_IDENTIFIER = re.compile(
    rf"(?<![\w/.@$,-])(?:{_PHONE}"
    r"|(?=[\w./-]*\d)(?=[\w./-]*[A-Za-z-])[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)+|(?=[A-Za-z]*\d)\d+[A-Za-z]+\d*|[A-Za-z]+\d+[A-Za-z\d]*"
    r"|\d{2,})(?![\w@-])(?![.,]\d)(?!\s*(?:%|percent\b))"
)
#: ... but unlabelled, a year, a span of years, a decade or a date is none ("2019-2020",
#: "1990s", "2020-12-05", "FY2019-2020")
_NOT_IDENTIFIER = re.compile(r"(?:FY)?(?:1[5-9]|20)\d\d(?:[-/](?:\d\d|\d{4})(?:[-/]\d\d)?|s)?")
#: How well a code fits "what X number ...?": labelled with the kind asked just before it
#: ("Fax: 770-488-3635", "Cat. No. 11368V", "Pub. L. No. 116-283"), after "No." alone, a
#: telephone number when one is asked, a code with capitals and four digits or more for any
#: other kind ("GAO-20-629", not the mail stop "F-60"), any other code least (digits alone
#: never, unlabelled).
IDENTIFIER_FITS = {"labelled": 1.0, "numbered": 0.9, "lettered": 0.8, "phone": 0.8, "other": 0.4}
#: the kinds of number a telephone number is, unlabelled (a fax number goes by its label), and
#: the words the plain ones are labelled with
_PHONE_KINDS = frozenset("phone telephone tel toll-free toll hotline helpline contact mobile cell tty tdd".split())
_PHONE_WORDS = {"phone": ("telephone",), "telephone": ("phone",), "contact": ("telephone", "phone")}
#: the words before a code that may label it: a word, perhaps abbreviated ("Cat."), another
#: initial ("Pub. L."), then "No.", "number", "#", "ID" and a verb ("number is"), or a colon
_LABEL_BEFORE = re.compile(
    r"(?P<word>[A-Za-z][\w-]*)(?P<stop>[.\"”’']?)(?:\s+[A-Z]\.)?"
    r"(?P<number>\s*(?:No\.?|number|#|iD|ID|code))?(?P<verb>\s+(?:is|was))?(?P<colon>\s*:)?\s*$"
)


def _labels(before: str, kinds: Sequence[str]) -> bool:
    """Whether ``before`` ends with a label of one of the ``kinds`` of number: the kind's
    word ("Fax:", "Buddy number is"), or a shortening of it that a stop, "No." or a colon
    marks ("Cat. No." for catalog, "Pub. L. No." for public law, "Tel.:" for telephone);
    "is" only after "number" ("the ferry tariff is 15" labels nothing)."""
    label = _LABEL_BEFORE.search(before)
    if label is None or (label.group("verb") and not label.group("number")):
        return False
    word = label.group("word").lower()
    if word in kinds or word.rstrip("s") in kinds:
        return True
    marked = label.group("stop") or label.group("number") or label.group("colon")
    return bool(marked) and len(word) >= 2 and any(kind.startswith(word) for kind in kinds)


def identifiers(text: str, start: int, end: int, kind: str | None) -> list[tuple[int, int, float]]:
    """(start, end, fit) of the codes in ``text[start:end]`` that could be the number of the
    ``kind`` asked ("fax", "catalog", "public law"), labelled right before it (``_labels``)."""
    words = (kind or "").lower().split()
    kinds = [*words, *(w for k in words for w in _PHONE_WORDS.get(k, ()))]
    phone_asked = any(w in _PHONE_KINDS for w in words)
    dialled = phone_asked or "fax" in words  # (a number to dial is no code of capitals)
    found: list[tuple[int, int, float]] = []
    for match in _IDENTIFIER.finditer(text, start, end):
        code = match.group(0)
        before = text[max(start, match.start() - 40) : match.start()]
        if kinds and _labels(before, kinds):
            fit = IDENTIFIER_FITS["labelled"]
        elif re.search(r"\bNo\.?\s*$", before):
            fit = IDENTIFIER_FITS["numbered"]
        elif _NOT_IDENTIFIER.fullmatch(code) or code.isdigit():
            continue
        elif re.fullmatch(_PHONE, code):
            fit = IDENTIFIER_FITS["phone"] if phone_asked else IDENTIFIER_FITS["other"]
        elif not dialled and re.search(r"[A-Z]", code) and len(re.findall(r"\d", code)) >= 4:
            fit = IDENTIFIER_FITS["lettered"]
        else:
            fit = IDENTIFIER_FITS["other"]
        found.append((match.start(), match.end(), fit))
    return found


#: The fit of a phrase that only restates what "which X?" asks for ("an international
#: organization" for "which international organization ...?"): it names no one.
RESTATED_FIT = 0.2


def _restates_focus(phrase: str, question: Question) -> bool:
    """Whether the phrase is the question's own focus noun left unnamed: "an NGO" or "an
    international organization" for "which NGO/organization ...?" (the report that says
    "an NGO" never says which), not "the Ministry of Health" for "which ministry?"."""
    if question.wh not in ("which", "what") or not question.focus or question.type not in (PERSON, ORGANISATION, PLACE):
        return False
    words = phrase.split()
    return bool(words) and singular(words[-1].lower().strip(".,;:")) == question.focus and not any(w[:1].isupper() for w in words[:-1])


def designations(text: str, start: int, end: int, focus: str) -> list[tuple[int, int]]:
    """(start, end) of the things of the asked kind named by their number or numeral:
    "which section ...?" is answered by "section 106", "which form" by "Form 8854", "which
    title" by "Title III", the word and its number together (the word alone repeats the
    question)."""
    pattern = rf"\b(?i:{re.escape(focus)})s?\.?\s+(?:(?i:no)\.?\s*)?(?:[A-Z]{{0,3}}-?\d[\w.-]*\w|[A-Z]{{0,3}}-?\d|[IVXLC]{{1,6}}\b)"
    return [(start + m.start(), start + m.end()) for m in re.finditer(pattern, text[start:end])]


#: The fit of a place standing only as the owner of what follows it ("Tajikistan’s
#: administrative code"): whose thing, not where anything is or went ...
OWNER_FIT = 0.2
#: ... unless a question asks whose ("which country's flag ...?")
_ASKS_OWNER = re.compile(r"\b(?:which|what|whose)\s+(?:\w+\s+)?\w+['’]s?\s", re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])$")
#: a preposition of place before it: "worked in Russia's construction sector" says where
#: ("amendments to Tajikistan's code" does not: "to" goes with the code)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|within|across|throughout|inside|outside)\s+(?:the\s+)?$", re.IGNORECASE)


def _owner_only(paragraph: str, start: int, end: int) -> bool:
    """Whether the phrase ends in a possessive ("Tajikistan’s", "the Netherlands'") with no
    preposition of place before it."""
    phrase, after = paragraph[start:end], paragraph[end : end + 3]
    owner = _POSSESSIVE_END.search(phrase) or re.match(r"['’]s\b", after) or (phrase.endswith("s") and re.match(r"['’]\s", after))
    return bool(owner) and not _LOCATIVE_BEFORE.search(paragraph[max(0, start - 20) : start])


#: a reference's number, which cites and neither counts nor dates: "[21]", "[20, 35]",
#: "[4–6]", or "(3)" closing a sentence after a year or a bracket ("... for 2007 and 2009
#: (3)."); not a count after a word, "seats in the assembly (12)." or "Move Forward (151);"
_REFERENCE = re.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]|(?:(?<=[12]\d{3} )|(?<=[)\]] ))\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)(?=\.(?:\s|$))")


#: The kinds of work a report cites ("which study ...?", "which NIST publication ...?")
CITED_KINDS = frozenset("study publication paper report article source work guide guideline standard document survey table".split())
#: ... asked for by "which/what" and up to two words before the kind ("which NIST publication",
#: "what ACS table"; not "which groups does the report list ...?", which asks for groups)
_ASKS_CITED = re.compile(
    rf"\b(?:which|what)\s+(?:(?!(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would)\b)[\w.'-]+\s+){{0,2}}?"
    rf"(?:{'|'.join(sorted(CITED_KINDS))})s?\b",
    re.IGNORECASE,
)
#: ... named by an author and year, as the text cites them ("Greene and Ondrich (1990)",
#: "Bitter et al. (2005)", "(Hoff, 2004)")
_AUTHOR_YEAR = re.compile(
    rf"(?<![\w-])(?!(?i:{MONTH_WORDS}|sept)\b)[A-Z][a-z][\w'-]*"
    r"(?:(?:,\s+|,?\s+(?:and|&)\s+)[A-Z][a-z][\w'-]*)*(?:\s+et\s+al\.?)?,?\s+"
    r"(?:\((?:19|20)\d\d[a-z]?\)|(?:19|20)\d\d[a-z]?(?=\)))"
)
#: ... or by its series and number ("SP 800-190", "GAO-20-629", "NCES 2009-020", "S2601B"),
#: not a postal code ("DC 20521-6030"), a span of years ("2019-2020") or a share ("MILEI 55.7")
_SERIES_NUMBER = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,6}[ -])?[A-Z]{0,6}-?\d{2,}(?:-\d+)+[A-Z]?(?![\w.-])|(?<![\w-])[A-Z]{1,4}\d{3,}[A-Z\d]*(?![\w-])"
)
_CITING = frozenset("see cf also in by from and".split())
_NOT_SERIES = re.compile(r"FY(?:19|20)?\d\d|(?:[A-Z]{2} )?\d{5}-\d{4}|(?:[A-Z]+[ -])?(?:19|20)\d\d-(?:\d\d|(?:19|20)\d\d)|[A-Z]{1,3}\d{3}")
#: How well a cited work fits "which study/publication ...?"
CITED_FIT = 0.9
#: The kinds of answer a number is for, which a caption's label never gives
_MEASURED = NUMERIC | {DATE}


@lru_cache(maxsize=256)
def asks_cited(question: str) -> bool:
    """Whether the question asks which work is cited (read once per question, not per sentence)."""
    return _ASKS_CITED.search(question) is not None


def cited_works(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the works ``text[start:end]`` cites by author and year or by series
    and number: what "which study does the report cite ...?" asks for (a code standing for a
    year span, "2019-2020", is none)."""
    found = [  # (not the last words of a title: "the Global Slavery Index (2023)")
        m.span() for m in _AUTHOR_YEAR.finditer(text, start, end)
        if not ((before := re.search(r"([A-Z][\w'-]*)\s+$", text[max(start, m.start() - 30) : m.start()])) and before.group(1).lower() not in _CITING)
    ]
    for match in _SERIES_NUMBER.finditer(text, start, end):
        code = match.group(0)
        if re.search(r"[A-Z]", code) and not _NOT_SERIES.fullmatch(code) and not any(a <= match.start() < b for a, b in found):
            found.append(match.span())
    return found


#: The number or sign a note opens with ("12 S2601B. Characteristics ...", "† Unhealthy
#: housing: ..."), before a capital, dropped from a work it cites (a paragraph may open with
#: a count or a day as well: "26 April 1964 (Tanganyika united with Zanzibar)")
_NOTE_MARK = re.compile(rf"{NOTE_SIGN}\s+(?=[A-Z\u201c\"(])")


def candidates(paragraph: str, spans: Sequence[Span], start: int, end: int, question: Question) -> list[Candidate]:
    """Every phrase of the sentence ``paragraph[start:end]`` that could answer, with its fit."""
    out: dict[tuple[int, int], Candidate] = {}
    references = [m.span() for m in _REFERENCE.finditer(paragraph, start, end)]
    cited_asked = question.type in (ENTITY, LIST) and asks_cited(question.text)
    mark = _NOTE_MARK.match(paragraph) if start == 0 and cited_asked else None
    note_mark = mark.span() if mark else (-1, -1)
    label_end = caption_label_end(paragraph, start) if question.type in _MEASURED else start

    def add(s: int, e: int, label: str, dep: str = "", head: str = "", prep: str = "", fit: float | None = None) -> None:
        if any(a <= s and e <= b for a, b in references):
            return  # "rminer [21] has 150 software dependencies": a reference's number counts nothing
        if s < label_end:
            return  # "11 Table 186. Enrollment, staff, ...": the table's number and the note's count nothing
        if s == note_mark[0] and e > note_mark[1]:
            s = note_mark[1]  # "2 SP 800-190, Application Container Security Guide": the note's number is not part of it
        if question.type in (PERSON, ORGANISATION) and _DEMONYM.fullmatch(paragraph[s:e]):
            follower = re.match(r" ([a-z][a-z-]+)", paragraph[e : e + 30])
            if follower and follower.group(1) not in STOPWORDS:
                return  # "Tajikistani trafficking victims": an adjective, even when tagged a person
        fit = fit_of(label, question.type, paragraph[s:e], question.focus) if fit is None else fit
        if question.type == PLACE and _owner_only(paragraph, s, e) and not _ASKS_OWNER.search(question.text):
            fit = min(fit, OWNER_FIT)  # "Tajikistan's administrative code": whose code, not where anything is or went
        if question.type == DURATION and label == "QUANTITY" and _LENGTH_UNIT.search(paragraph[s:e]) and _length_of_asked(paragraph, start, s, question.text):
            fit = max(fit, LENGTH_FIT)
        if prep == "agent" and label == "NP" and question.type in (PERSON, ORGANISATION):
            fit = max(fit, SHORT_ROLE_FIT)  # the agent of a passive verb is a doer, named or not
        if label == "NP" and question.type == PERSON and _PEOPLE.search(paragraph[s:e]) and _ASKS_ANYONE.search(question.text):
            fit = max(fit, PEOPLE_FIT)
        if question.type == ENTITY and _NAMING.search(paragraph, max(0, s - 16), s):
            fit = max(fit, 0.9)  # "a port known as Temasek", "the colony, then known as German South West Africa"
        if question.type == ENTITY and _QUOTED.match(paragraph[max(0, s - 1) : e + 1]):
            fit = max(fit, 0.9)  # set in quotes, the document's own name for it: "urban fringe/large town" was chosen
        if _restates_focus(paragraph[s:e], question):
            fit = min(fit, RESTATED_FIT)
        if fit <= 0:
            return
        previous = out.get((s, e))
        if previous is None or fit > previous.fit:
            out[(s, e)] = Candidate(s, e, label, fit, dep or (previous.dep if previous else ""), head or (previous.head if previous else ""), prep or (previous.prep if previous else ""))

    patterns = pattern_candidates(paragraph, start, end)
    if question.focus == "age" or question.wh == "how old":
        # an age written after its word answers how old, and only that ("mandatory
        # retirement at age 75", "Aged 15-24"; not "how long do judges serve?")
        patterns += [(m.start(), m.end(), "pattern:duration") for m in _AGE_AFTER_WORD.finditer(paragraph, start, end)]
    measures = [(s, e) for s, e, label in patterns if label in ("pattern:amount", "pattern:percent", "pattern:date", "pattern:duration")]
    entities = {(sp.start, sp.end) for sp in spans if sp.label != "NP"}
    for span in spans:
        if span.start >= start and span.end <= end:
            label = span.label
            if label == "PERSON":  # "Samantha (Sam) MOSTYN": the tagger stops at a nickname or a capitalised surname
                tail = _NAME_TAIL.match(paragraph, span.end, end)
                if tail:
                    span = span._replace(end=tail.end())
                head = _NAME_HEAD.search(paragraph, max(start, span.start - 8), span.start)
                if head:
                    span = span._replace(start=head.start())
            if label in ("CARDINAL", "QUANTITY") and any(s <= span.start and span.end <= e for s, e in measures):
                continue  # the number inside an amount, a percentage or a date is not a count
            if label == "NP" and BODY_WORDS.search(paragraph[span.start : span.end]):
                label = "BODY"
            elif (
                label == "NP" and (span.start, span.end) not in entities and span.start > start
                and not re.search(r"\d", paragraph[span.start : span.end])
                and any(not _adjective_before_noun(paragraph, m) for m in re.finditer(r"\b[A-Z][A-Za-z]+", paragraph[span.start : span.end]))
            ):
                label = "NAME_GUESS"  # a proper name the entity tagger missed ("the Weavers Guild")
            add(span.start, span.end, label, span.dep, span.head, span.prep)
            if label in ("BODY", "NAME_GUESS"):  # the NP is also a plain noun phrase for other types
                add(span.start, span.end, "NP", span.dep, span.head, span.prep)
    if question.type in (AMOUNT, PERCENT):
        for s, e, name in cell_numbers(paragraph, start, end):
            if any(a <= s and e <= b for a, b in measures):
                continue
            if question.type == AMOUNT or _PERCENT_NAME.search(name):
                add(s, e, "pattern:cell")
        for s, e in coded_values(paragraph, start, end, question.text):
            add(s, e, "pattern:cell")
    for s, e, label in patterns:
        role = next((sp for sp in spans if sp.start <= s < sp.end), None)
        add(s, e, label, role.dep if role else "", role.head if role else "", role.prep if role else "")
    if question.type == PERSON:  # people by their initials ("S.-T.W. and C.S. carried out the calculations")
        for match in _PERSON_INITIALS.finditer(paragraph, start, end):
            if match.group(0) not in _NOT_INITIALS:
                add(match.start(), match.end(), "NAME_GUESS")
    if question.type == IDENTIFIER:
        for s, e, fit in identifiers(paragraph, start, end, question.focus):
            add(s, e, "pattern:identifier", fit=fit)
    if question.focus and question.type in (ENTITY, LIST):
        for s, e in designations(paragraph, start, end, question.focus):
            add(s, e, "pattern:designation")  # the focus word in it gives the fit
    if cited_asked:
        for s, e in cited_works(paragraph, start, end):
            add(s, e, "pattern:cited", fit=CITED_FIT)
    if not spans:  # no parser output: capitalised runs as named phrases, bodies by their words
        for match in re.finditer(r"\b(?:the )?[A-Z][\w'-]+(?: (?:of|for|and|the|de|on) [A-Z][\w'-]+| [A-Z][\w'-]+)*", paragraph[start:end]):
            s, e = start + match.start(), start + match.end()
            if s == start and " " not in match.group(0):
                continue  # a sentence's first word is capitalised anyway
            add(s, e, "BODY" if BODY_WORDS.search(match.group(0)) else "NAME_GUESS")
    found = list(out.values())
    # "the Ministry" inside "the Ministry of Health": the whole name, when it fits as well
    found = [
        c for c in found
        if not any(o is not c and o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start) and o.fit >= c.fit for o in found)
    ]
    return sorted(found, key=lambda c: (c.start, -c.end))
