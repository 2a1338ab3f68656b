"""Retrieved passages in, a cited extractive answer out (or an honest abstention).

Nothing is generated. The answer is a sentence of a retrieved passage, and where the
question asks for an amount, a count, a date, a duration, a place or a body, the
short span of that kind inside it. Confidence combines how much of the question the
sentence covers, how close the passage is in meaning, and whether the question's own
constraints (a year, a number) hold in the passage: "how much in 2018?" is not
answered by the 2020 figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from .text import STOPWORDS, normalize, sentence_spans, stem, terms, words
from .types import Answer, Citation, Document, Hit, Passage

# ---------------------------------------------------------------- question analysis

MONEY, COUNT, DATE, DURATION, PLACE, BODY, PERCENT = "money", "count", "date", "duration", "place", "body", "percent"

_KIND_CUES: list[tuple[str, re.Pattern[str]]] = [
    (PERCENT, re.compile(r"\b(what|which) (percentage|percent|share|proportion)\b")),
    (DURATION, re.compile(r"\bhow long\b|\b(period|duration|length|term)\b|\bhow many (days|weeks|months|years|hours)\b")),
    (MONEY, re.compile(r"\bhow much\b.*\b(fund|money|pay|paid|spen[dt]|cost|budget|allocat|give|gave|provid|receiv|grant|contribut|financ)|\b(how much|what amount|which amount|what sum)\b|\b(budget|funding|allocation|cost)s? (was|were|of)\b")),
    (COUNT, re.compile(r"\bhow many\b|\b(what|the) number of\b|\bhow much\b")),
    (DATE, re.compile(r"\bwhen\b|\b(what|which) (year|month|date|day)\b|\bsince when\b")),
    (PLACE, re.compile(r"\bwhere\b|\b(what|which) (country|countries|city|cities|region|regions|place|places|location|locations|destination|destinations)\b")),
    (BODY, re.compile(r"\bwho\b|\bwhom\b|\b(what|which) (ministry|ministries|agency|agencies|organi[sz]ation|organi[sz]ations|body|bodies|institution|institutions|office|group|department|center|centre|entity|entities|authority|authorities|ngo|ngos)\b")),
]


def answer_kind(question: str) -> str | None:
    q = normalize(question).lower()
    for kind, cue in _KIND_CUES:
        if cue.search(q):
            return kind
    return None


# Numbers and years named in a question are constraints the answer must satisfy.
_CONSTRAINT = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b\d[\d,]*(?:\.\d+)?\b")


def constraints(question: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in _CONSTRAINT.finditer(normalize(question))}


# ----------------------------------------------------------------- span patterns

_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds|thousands|dozens|several)"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_QUALIFIER = r"(?:(?:more than|less than|fewer than|at least|over|under|about|approximately|nearly|almost|roughly|around|some|up to) )?"
_CURRENCY = (
    r"(?:somoni|dollars?|euros?|rubles?|roubles?|manat|tenge|soms?|lari|drams?|hryvnias?|pounds?|francs?|yen|yuan|"
    r"rupees?|pesos?|dinars?|dirhams?|riyals?|shillings?|naira|rand|lira|leva?|lei|zloty|forints?|korunas?|krona|kronor|"
    r"rials?|taka|kyats?|baht|dong|won|ringgit|rupiah|birr|cedis?|kwacha|afghanis?)"
)
_SCALE = r"(?: (?:million|billion|thousand))?"
_PATTERNS: dict[str, re.Pattern[str]] = {
    MONEY: re.compile(
        rf"{_QUALIFIER}(?:{_NUM}{_SCALE} (?:[A-Z][a-z]+ )?{_CURRENCY}(?: \((?:[A-Z]{{0,3}}\$|€|£){_NUM}{_SCALE}\))?"
        rf"|(?:[A-Z]{{0,3}}\$|€|£) ?{_NUM}{_SCALE})"
    ),
    PERCENT: re.compile(rf"{_QUALIFIER}{_NUM} ?(?:percent|per cent|%)"),
    DURATION: re.compile(rf"{_QUALIFIER}(?:{_NUM}|{_NUMBER_WORDS}|a|an)[ -](?:days?|weeks?|months?|years?|hours?)\b"),
    DATE: re.compile(
        r"\b(?:(?:early |late |mid-)?(?:January|February|March|April|May|June|July|August|September|October|November|December)"
        r"(?: \d{1,2},?)? (?:1[89]\d\d|20\d\d)|(?:1[89]\d\d|20\d\d))\b"
    ),
    COUNT: re.compile(
        rf"{_QUALIFIER}(?:{_NUM}|{_NUMBER_WORDS}(?: of)?)(?: [a-z][a-z-]+){{0,2}}"
    ),
    BODY: re.compile(
        r"\b(?:the )?(?:[A-Z][\w'-]+ )*(?:Ministry|Ministries|Department|Office|Center|Centre|Committee|Commission|Council|Agency|"
        r"Court|Prosecutor|Parliament|Police|Service|Inspectorate|Bureau|Directorate|Unit|Commissioner|Ombudsman|Assembly|Government)"
        r"(?: (?:of|for|on|in|and|the|against|[A-Z][\w'-]*)){0,8}(?<![ ,])"
        r"|\b(?:an? |the )?(?:international organi[sz]ations?|NGOs?|civil society(?: organi[sz]ations| observers)?|"
        r"(?:the )?government|authorities|law enforcement(?: agencies| officials| officers)?|observers|officials)\b"
    ),
    PLACE: re.compile(
        r"\b(?:in|to|from|at|of|outside|within|across|throughout|near) "
        r"(?P<span>(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|The|This|These)\b)"
        r"[A-Z][a-z]+(?: [A-Z][a-z]+)*)"
    ),
}
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:i|an|ese|ish)$")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_TRAILING_WORDS = re.compile(r"(?: (?:" + "|".join(sorted(STOPWORDS, key=len, reverse=True)) + r"))+$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop trailing stopwords a greedy pattern swallowed ("24 victims during" -> "24 victims")."""
    match = _TRAILING_WORDS.search(text[start:end])
    if match and match.start() > 0:
        end = start + match.start()
    return start, end


def candidate_spans(sentence: str, kind: str) -> list[tuple[int, int]]:
    """Character spans in ``sentence`` that could answer a question of ``kind``."""
    text = normalize(sentence)
    spans: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    if kind == COUNT:  # amounts and years are not counts
        taken = [m.span() for m in _PATTERNS[MONEY].finditer(text)] + [m.span() for m in _PATTERNS[PERCENT].finditer(text)]
    pattern = _PATTERNS[kind]
    for match in pattern.finditer(text):
        start, end = match.span("span") if "span" in pattern.groupindex else match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        if kind in (COUNT, DURATION) and text[end : end + 1] == "-":
            continue  # "one-year extension" is a modifier, not a count
        if kind == PLACE and _DEMONYM.match(text[start:end].split()[-1]) and re.match(r" [a-z]+", text[end:]):
            follower = re.match(r" ([a-z]+)", text[end:]).group(1)
            if follower not in STOPWORDS:
                continue  # "Tajikistani women": an adjective, not a place
        if kind == COUNT:
            first = re.search(rf"{_NUM}|{_NUMBER_WORDS}", text[start:end])
            if first and _YEAR.match(first.group(0)):
                continue
            start, end = _trim(text, start, end)
        spans.append((start, end))
    return spans


# ------------------------------------------------------------------ term statistics


class TermStats:
    """IDF of corpus terms, and a typo-tolerant lookup for question words."""

    def __init__(self, document_frequency: dict[str, int], documents: int):
        self.df = document_frequency
        self.n = max(documents, 1)
        self.max_idf = self.idf_of(0)
        self._by_prefix: dict[str, list[str]] = {}
        for term in self.df:
            self._by_prefix.setdefault(term[:1], []).append(term)

    @classmethod
    def from_keyword_index(cls, index) -> TermStats:
        """Document frequencies read off a bm25s index (its CSC column lengths)."""
        if index is None:
            return cls({}, 0)
        indptr = index.scores["indptr"]
        frequencies = [int(indptr[i + 1] - indptr[i]) for i in range(len(indptr) - 1)]
        return cls({t: frequencies[i] for t, i in index.vocab_dict.items() if i < len(frequencies)}, int(index.scores["num_docs"]))

    def idf_of(self, df: int) -> float:
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of(self.df[term]) if term in self.df else self.max_idf

    def canonical(self, term: str) -> str:
        """The corpus term a question word means: itself, or a one-edit typo of it."""
        if term in self.df or len(term) < 5 or term.isdigit():
            return term
        candidates = self._by_prefix.get(term[:1], ())
        for candidate in candidates:
            if abs(len(candidate) - len(term)) <= 1 and _one_edit(term, candidate):
                return candidate
        # A derived form the light stemmer leaves apart: "allocated" ~ "allocation".
        related = [c for c in candidates if _shared_prefix(term, c) >= max(5, min(len(term), len(c)) - 3)]
        if related:
            return max(related, key=lambda c: (self.df[c], -len(c)))
        return term


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :])
    return a[i:] == b[i + 1 :]


# ---------------------------------------------------------------------- extraction

_ABBREVIATIONS = {"govt": "government", "gov": "government", "gvt": "government", "intl": "international", "org": "organization", "orgs": "organization", "ngos": "ngo", "dept": "department", "min": "ministry", "yr": "year", "yrs": "year", "ppl": "people", "kids": "children"}


def question_terms(question: str, stats: TermStats) -> list[str]:
    out = []
    for word in words(question):
        word = _ABBREVIATIONS.get(word, word)
        if word in STOPWORDS:
            continue
        out.append(stats.canonical(stem(word)))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Candidate:
    hit_index: int
    sentence: tuple[int, int]  # within the passage text
    span: tuple[int, int] | None  # short answer within the passage text
    coverage: float
    score: float


def _clause_bounds(text: str, position: int, separators: str) -> tuple[int, int]:
    left = max(text.rfind(sep, 0, position) for sep in separators)
    rights = [r for r in (text.find(sep, position) for sep in separators) if r != -1]
    return left + 1, min(rights) if rights else len(text)


def _best_span(sentence: str, kind: str, question: str, q_terms: Sequence[str], wanted: set[str], stats: TermStats) -> tuple[tuple[int, int] | None, bool]:
    """The span of ``kind`` in ``sentence`` whose clause best matches the question.

    Returns (span, constraint_ok): constraint_ok is False when the best span sits next
    to a year other than the one asked about.
    """
    spans = candidate_spans(sentence, kind)
    text = normalize(sentence).lower()
    question_lower = normalize(question).lower()
    spans = [s for s in spans if text[s[0] : s[1]].strip() not in question_lower]
    if not spans:
        return None, True
    wanted_terms = set(q_terms)
    anchors = [m.start() for m in re.finditer(r"[a-z0-9]+", text) if stem(m.group(0)) in wanted_terms]
    best: tuple[float, tuple[int, int], bool] | None = None
    for span in spans:
        clause = text[slice(*_clause_bounds(text, span[0], ";"))]
        small_start, small_end = _clause_bounds(text, span[0], ";")
        # the comma clause of the span (commas inside numbers are not separators)
        parts = re.split(r",\s+(?![\d])", text[small_start:small_end])
        offset = small_start
        small = clause
        for part in parts:
            if offset <= span[0] < offset + len(part) + 2:
                small = part
                break
            offset += len(part) + 2
        clause_terms = set(terms(clause))
        score = sum(stats.idf(t) for t in q_terms if t in clause_terms) / (1 + sum(stats.idf(t) for t in q_terms))
        years_near = set(re.findall(r"\b(?:1[89]\d\d|20\d\d)\b", small))
        ok = True
        if wanted:
            if wanted & years_near:
                score += 2.0
            elif wanted & set(re.findall(r"\b(?:1[89]\d\d|20\d\d)\b", clause)) and not years_near - wanted:
                score += 1.0
            elif years_near:
                score -= 2.0
                ok = False
        if anchors:  # the answer sits near the words the question shares with the sentence
            centre = (span[0] + span[1]) / 2
            score -= 0.003 * min(abs(a - centre) for a in anchors)
        score -= 0.0005 * span[0]  # earlier mention wins ties: reports lead with the fact
        if best is None or score > best[0]:
            best = (score, span, ok)
    assert best is not None
    return best[1], best[2]


def _window_for(windows: Sequence[Passage], hit: Hit, start: int, end: int) -> Passage:
    """The passage to cite for a sentence at paragraph offsets [start, end)."""
    if hit.passage.start <= start and end <= hit.passage.end:
        return hit.passage
    for window in windows:
        if window.start <= start and end <= window.end:
            return window
    return hit.passage


def extract(
    question: str,
    hits: Sequence[Hit],
    stats: TermStats,
    documents: Mapping[str, Document],
    windows: Callable[[str, int], Sequence[Passage]],
    min_confidence: float,
) -> Answer:
    """Pick the answer sentence among the retrieved paragraphs' sentences.

    Whole paragraphs are read, not only the retrieved window: the window that matched
    best overall need not hold the sentence that answers.
    """
    q_terms = question_terms(question, stats)
    kind = answer_kind(question)
    wanted = constraints(question)
    total_weight = sum(stats.idf(t) for t in q_terms) or 1.0
    absent_weight = sum(stats.idf(t) for t in q_terms if t not in stats.df) / total_weight

    best: Candidate | None = None
    best_features: dict[str, float] = {}
    for hit_index, hit in enumerate(hits):
        paragraph = documents[hit.passage.doc].paragraphs[hit.passage.paragraph - 1].text
        paragraph_numbers = {m.replace(",", "") for m in re.findall(r"\d[\d,]*(?:\.\d+)?", normalize(paragraph))}
        missing = [c for c in wanted if c not in paragraph_numbers]
        for s_start, s_end in sentence_spans(paragraph):
            sentence = paragraph[s_start:s_end]
            sentence_terms = set(terms(sentence))
            coverage = sum(stats.idf(t) for t in q_terms if t in sentence_terms) / total_weight
            span, constraint_ok = (None, True)
            if kind:
                span, constraint_ok = _best_span(sentence, kind, question, q_terms, wanted, stats)
            sentence_numbers = {m.replace(",", "") for m in re.findall(r"\d[\d,]*", normalize(sentence))}
            score = (
                coverage
                + 0.35 * hit.score
                + 0.5 * (hit.dense_score or 0.0)
                + (0.25 if span else (-0.15 if kind else 0.0))
                + 0.3 * len(wanted & sentence_numbers)
                - (0.4 if not constraint_ok else 0.0)
            )
            if best is None or score > best.score:
                absolute = (s_start + span[0], s_start + span[1]) if span else None
                best = Candidate(hit_index, (s_start, s_end), absolute, coverage, score)
                best_features = {
                    "coverage": coverage,
                    "dense": hit.dense_score or 0.0,
                    "typed": 1.0 if (span or not kind) else 0.0,
                    "missing": float(len(missing)),
                    "constraint_ok": 1.0 if constraint_ok else 0.0,
                    "absent": absent_weight,
                }

    citations = [_citation(hit, None, documents) for hit in hits]
    if best is None:
        return Answer(question, None, True, 0.0, tuple(citations))
    confidence = _confidence(best_features)
    abstained = confidence < min_confidence
    hit = hits[best.hit_index]
    s_start, s_end = best.sentence
    window = _window_for(windows(hit.passage.doc, hit.passage.paragraph), hit, s_start, s_end)
    hit = replace(hit, passage=window)
    sentence_text = window.text[s_start - window.start : s_end - window.start]
    highlight = None
    if not abstained:
        start, end = best.span or best.sentence
        highlight = (start - window.start, end - window.start)
    if abstained:  # closest passages in retrieval order, none marked as the answer
        return Answer(question, None, True, confidence, tuple(citations))
    lead = _citation(hit, highlight, documents)
    ordered = [lead] + [c for i, c in enumerate(citations) if i != best.hit_index]
    answer_text = window.text[highlight[0] : highlight[1]] if highlight else None
    return Answer(question, answer_text, abstained, confidence, tuple(ordered), sentence=None if abstained else sentence_text)


def _confidence(f: dict[str, float]) -> float:
    """A logistic blend of the evidence; weights set by hand on the bundled report's
    behaviour, then checked (not fitted) against the gold set."""
    z = -4.0 + 5.0 * f["coverage"] + 5.0 * f["dense"] + 0.8 * f["typed"] - 2.5 * f["missing"] - 1.5 * (1 - f["constraint_ok"]) - 3.0 * f["absent"]
    return 1.0 / (1.0 + math.exp(-z))


def _citation(hit: Hit, highlight: tuple[int, int] | None, documents: Mapping[str, Document]) -> Citation:
    p = hit.passage
    document = documents[p.doc]
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
        page=p.page,
        meta=dict(document.meta),
    )
