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
    (DURATION, re.compile(r"\bhow long\b|(?<!-)\b(period|duration|length|term)\b|\bhow many (days|weeks|months|years|hours)\b")),
    (MONEY, re.compile(r"\bhow much\b.*\b(fund|money|pay|paid|spen[dt]|cost|budget|allocat|give|gave|provid|receiv|grant|contribut|financ)|\b(how much|what amount|which amount|what sum)\b|\b(budget|funding|allocation|cost)s? (was|were|of)\b")),
    (COUNT, re.compile(r"\bhow many\b|\b(what|the) number of\b|\bhow much\b")),
    (DATE, re.compile(r"\bwhen\b|\b(what|which) (year|month|date|day)\b|\bsince when\b")),
    (PLACE, re.compile(r"\bwhere\b|\b(what|which) (country|countries|city|cities|region|regions|place|places|location|locations|destination|destinations)\b")),
    # "who" opens the question or follows a preposition; "victims who cooperate" is a relative clause
    (BODY, re.compile(r"^\W*(?:who|whom|whose)\b|\b(?:by|from|to|with|for) whom?\b|\b(what|which) (ministry|ministries|agency|agencies|organi[sz]ation|organi[sz]ations|body|bodies|institution|institutions|office|group|department|center|centre|entity|entities|authority|authorities|ngo|ngos)\b")),
]


NUMERIC_KINDS = frozenset({MONEY, COUNT, PERCENT})


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
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
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
    DURATION: re.compile(
        rf"\b{_QUALIFIER}(?:(?:{_NUM}|{_NUMBER_WORDS}|a|an)[ -](?:days?|weeks?|months?|years?|hours?)"
        rf"|{_ORDINAL} (?:consecutive |straight |successive |running )?(?:days?|weeks?|months?|years?))\b"
    ),
    DATE: re.compile(
        r"\b(?:(?:early |late |mid-)?(?:January|February|March|April|May|June|July|August|September|October|November|December)"
        r"(?: \d{1,2},?)? (?:1[89]\d\d|20\d\d)|(?:1[89]\d\d|20\d\d))\b"
    ),
    COUNT: re.compile(
        # "no such cases" and "the sole shelter" are counts too (zero, one)
        rf"\b{_QUALIFIER}(?:{_NUM}|{_NUMBER_WORDS}\b(?: of)?|no(?: such)?\b|sole\b|single\b|only one\b)(?: [a-z][a-z-]+){{0,2}}"
    ),
    BODY: re.compile(
        r"\b(?:the )?(?:[A-Z][\w'-]+ (?:(?:of|in|for|on|and) )?)*(?:Ministry|Ministries|Department|Office|Center|Centre|Committee|Commission|Council|Agency|"
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
_NAMED = re.compile(r"\b(?!The\b|An?\b)[A-Z]")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:i|an|ese|ish)$")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_TRAILING_WORDS = re.compile(r"(?: (?:" + "|".join(sorted(STOPWORDS, key=len, reverse=True)) + r"))+$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """End a count at the first stopword after its number: the counted noun phrase is
    the words right after it ("24 victims during" -> "24 victims", "15 to protection" -> "15")."""
    number = re.search(rf"{_NUM}|{_NUMBER_WORDS}", text[start:end])
    if number:
        for word in re.finditer(r"[A-Za-z'-]+", text[start + number.end() : end]):
            if word.group(0).lower() in STOPWORDS:
                return start, start + number.end() + word.start() - 1
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
        if kind == BODY and text[end : end + 2] == "'s":
            continue  # "the government's Trafficking in Persons Center": the possessor is not the actor
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
    for x, y in zip(a, b, strict=False):
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


_CLAUSE = re.compile(r";")
_PHRASE = re.compile(r";|,\s+(?!\d)|\s\(|\)")  # commas inside numbers ("253,670") do not split


def _piece(text: str, position: int, separator: re.Pattern[str]) -> tuple[int, int]:
    """Bounds of the piece of ``text`` (split at ``separator``) that holds ``position``."""
    start, end = 0, len(text)
    for match in separator.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() > position:
            end = match.start()
            break
    return start, end


_COUNTED = re.compile(r"\b(?:how many|number of)\s+(?:of\s+(?:the|these|those)\s+)?((?:[a-z'-]+\s*){1,3})")
_TIME_UNITS = frozenset({"day", "week", "month", "year", "hour"})


def counted_terms(question: str) -> set[str]:
    """What a "how many X" question counts: the terms of X ("trafficking victims")."""
    match = _COUNTED.search(normalize(question).lower())
    if not match:
        return set()
    counted = []
    for word in match.group(1).split():
        if word in STOPWORDS:
            break
        counted.append(stem(word))
    return set(counted)


def _counts_something_else(text: str, span: tuple[int, int], counted: set[str]) -> bool:
    """True when a count span names what it counts and that is not what was asked:
    "how many victims ...?" is not answered by "hundreds of ... women" or "15 days"."""
    tail = re.sub(rf"^\D*?(?:{_NUM}|{_NUMBER_WORDS})", "", text[span[0] : span[1]])
    of_phrase = re.match(r"\s+of\s+((?:[a-z'-]+\s*){1,3})", text[span[1] :])
    nouns = set(terms(tail + (" " + of_phrase.group(1) if of_phrase else "")))
    if nouns & _TIME_UNITS and not counted & _TIME_UNITS:
        return True  # a duration, not a count
    return bool(counted and nouns and not nouns & counted)


def _best_span(sentence: str, kind: str, question: str, q_terms: Sequence[str], wanted: set[str], stats: TermStats) -> tuple[tuple[int, int] | None, bool]:
    """The span of ``kind`` in ``sentence`` whose clause best matches the question.

    Returns (span, constraint_ok): constraint_ok is False when the best span sits next
    to a year other than the one asked about.
    """
    spans = candidate_spans(sentence, kind)
    text = normalize(sentence).lower()
    question_lower = normalize(question).lower()
    spans = [s for s in spans if text[s[0] : s[1]].strip() not in question_lower]
    if kind == COUNT:
        counted = counted_terms(question)
        spans = [s for s in spans if not _counts_something_else(text, s, counted)]
    if not spans:
        return None, True
    wanted_terms = set(q_terms)
    anchors = [m.start() for m in re.finditer(r"[a-z0-9]+", text) if stem(m.group(0)) in wanted_terms]
    best: tuple[float, tuple[int, int], bool] | None = None
    # only words the corpus has can match anywhere; absent ones would just dilute
    weight = 1 + sum(stats.idf(t) for t in q_terms if t in stats.df)
    for span in spans:
        clause = text[slice(*_piece(text, span[0], _CLAUSE))]
        small = text[slice(*_piece(text, span[0], _PHRASE))]
        clause_terms, small_terms = set(terms(clause)), set(terms(small))
        score = sum(stats.idf(t) for t in q_terms if t in clause_terms) / weight
        # the comma clause holding the span is the sharper evidence: in "identified 24
        # victims, ..., and referred 15 to protection services" the referral count is 15
        score += sum(stats.idf(t) for t in q_terms if t in small_terms) / weight
        if kind in (BODY, PLACE):
            # an answer names something the question did not: "who ran the shelter before
            # the ministry?" is not answered by "the Ministry of Health"
            span_terms = set(terms(text[span[0] : span[1]]))
            if span_terms:
                repeated = sum(stats.idf(t) for t in span_terms & wanted_terms)
                score -= 0.5 * repeated / sum(stats.idf(t) for t in span_terms)
        if kind == BODY and _NAMED.search(normalize(sentence)[span[0] : span[1]]):
            score += 0.15  # a named body ("Ministry of Health") over a generic one ("the government")
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
            score -= 0.0015 * min(abs(a - centre) for a in anchors)
        score -= 0.0001 * span[0]  # earlier mention wins ties: reports lead with the fact
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


def absent_weights(question: str, q_terms: Sequence[str], stats: TermStats) -> tuple[float, float]:
    """Shares of the question's term weight the corpus lacks: (named, other).

    A missing name ("Afghanistan", "UNICEF") is strong evidence the report does not
    answer; a missing common word ("give", "police") is often just a paraphrase.
    """
    total = sum(stats.idf(t) for t in q_terms) or 1.0
    named = {stats.canonical(stem(w.lower())) for w in re.findall(r"(?<=\w )[A-Z][A-Za-z-]+|\b[A-Z]{2,}\b", normalize(question))}
    absent = [t for t in q_terms if t not in stats.df]
    named_weight = sum(stats.idf(t) for t in absent if t in named) / total
    return named_weight, sum(stats.idf(t) for t in absent if t not in named) / total


def choose(
    question: str,
    hits: Sequence[Hit],
    stats: TermStats,
    documents: Mapping[str, Document],
) -> tuple[Candidate | None, dict[str, float]]:
    """The best answer sentence (and typed span) among the hits' paragraphs, with the
    features confidence is computed from.

    Whole paragraphs are read, not only the retrieved window: the window that matched
    best overall need not hold the sentence that answers.
    """
    q_terms = question_terms(question, stats)
    kind = answer_kind(question)
    wanted = constraints(question)
    total_weight = sum(stats.idf(t) for t in q_terms) or 1.0
    absent_named, absent_other = absent_weights(question, q_terms, stats)

    sentences: list[tuple[int, int, int]] = []  # (hit index, start, end) in the paragraph
    paragraphs = [documents[h.passage.doc].paragraphs[h.passage.paragraph - 1].text for h in hits]
    for hit_index, paragraph in enumerate(paragraphs):
        sentences.extend((hit_index, s, e) for s, e in sentence_spans(paragraph))
    # Meaning-similarity comes from the passage (its cosine to the question). Encoding
    # each candidate sentence at query time was measured (qa eval, both gold halves):
    # no gain in answers or abstentions, at the cost of encoding the sentences.
    similarities = [hits[i].dense_score or 0.0 for i, _, _ in sentences]

    best: Candidate | None = None
    best_features: dict[str, float] = {}
    missing_by_hit: dict[int, int] = {}
    for (hit_index, s_start, s_end), passage_similarity in zip(sentences, similarities, strict=True):
        hit, paragraph = hits[hit_index], paragraphs[hit_index]
        if hit_index not in missing_by_hit:
            paragraph_numbers = {m.replace(",", "") for m in re.findall(r"\d[\d,]*(?:\.\d+)?", normalize(paragraph))}
            missing_by_hit[hit_index] = sum(1 for c in wanted if c not in paragraph_numbers)
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
            + SENTENCE_WEIGHT * passage_similarity
            + (0.25 if span else (-0.15 if kind else 0.0))
            + 0.3 * len(wanted & sentence_numbers)
            - (0.4 if not constraint_ok else 0.0)
        )
        if best is None or score > best.score:
            absolute = (s_start + span[0], s_start + span[1]) if span else None
            best = Candidate(hit_index, (s_start, s_end), absolute, coverage, score)
            best_features = {
                "coverage": coverage,
                "similarity": passage_similarity,
                # a typed question (amount, date, ...) answered by a span of that type,
                # or left with a bare sentence: both are evidence, in opposite directions
                "typed": 1.0 if span else 0.0,
                "untyped": 1.0 if kind and not span else 0.0,
                "numeric_untyped": 1.0 if kind in NUMERIC_KINDS and not span else 0.0,
                "missing": float(missing_by_hit[hit_index]),
                "constraint_ok": 1.0 if constraint_ok else 0.0,
                # every number the question names appears in the sentence itself
                # +1 the numbers the question names are in the sentence itself, -1 they are
                # not ("identified in 2018?" answered from a sentence about 2020), 0 none named
                "stated": (1.0 if wanted <= sentence_numbers else -1.0) if wanted else 0.0,
                "absent_named": absent_named,
                "absent": absent_other,
            }
    return best, best_features


#: How much the passage's meaning-similarity to the question counts against a
#: sentence's word overlap (coverage, 0..1) when choosing the answer sentence.
SENTENCE_WEIGHT = 0.5


def extract(
    question: str,
    hits: Sequence[Hit],
    stats: TermStats,
    documents: Mapping[str, Document],
    windows: Callable[[str, int], Sequence[Passage]],
    min_confidence: float,
) -> Answer:
    """A cited answer from the retrieved hits, or an abstention with the closest passages."""
    best, features = choose(question, hits, stats, documents)
    citations = [_citation(hit, None, documents) for hit in hits]
    if best is None:
        return Answer(question, None, True, 0.0, tuple(citations))
    confidence = confidence_of(features)
    if confidence < min_confidence:  # closest passages in retrieval order, none marked as the answer
        return Answer(question, None, True, confidence, tuple(citations))
    hit = hits[best.hit_index]
    s_start, s_end = best.sentence
    window = _window_for(windows(hit.passage.doc, hit.passage.paragraph), hit, s_start, s_end)
    hit = replace(hit, passage=window)
    sentence_text = window.text[s_start - window.start : s_end - window.start]
    start, end = best.span or best.sentence
    highlight = (start - window.start, end - window.start)
    lead = _citation(hit, highlight, documents)
    ordered = [lead] + [c for i, c in enumerate(citations) if i != best.hit_index]
    answer_text = window.text[highlight[0] : highlight[1]]
    return Answer(question, answer_text, False, confidence, tuple(ordered), sentence=sentence_text)


def evidence(features: Mapping[str, float]) -> dict[str, float]:
    """The few combined signals confidence weighs (raw features from ``choose``).

    Few, so that a gold set of some tens of questions can set their weights without
    chasing single questions: with one weight per raw feature the fits on the two
    halves of the gold set disagreed even in sign.
    """
    return {
        "match": features["coverage"] + features["similarity"],  # the sentence (and its passage) is about the question
        # "how much", "when", ... left with a bare sentence: the typed answer is missing
        "untyped": features["untyped"],
        "numbers": features["stated"] - features["missing"] - (1.0 - features["constraint_ok"]),  # the years asked about hold
        "absent_named": features["absent_named"],  # a name the corpus never mentions
    }


#: Logistic weights of the evidence; how they were set is in eval/tune_confidence.py
#: (fitted on each half of the gold set, scored on the other, the two fits averaged).
CONFIDENCE_WEIGHTS: dict[str, float] = {
    "bias": -0.3,
    "match": 1.5,
    "untyped": -1.8,
    "numbers": 1.0,
    "absent_named": -0.6,
}

#: Below this "match" (coverage + cosine) the sentence is not about the question and
#: the engine abstains whatever else agrees (a year the question names, a typed span).
#: The gate sits under every right answer of the gold set (see eval/tune_confidence.py),
#: so it refuses only sentences further from the question than any right answer seen.
MIN_MATCH = 0.6


def confidence_of(features: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """A logistic blend of the evidence for the chosen sentence."""
    weights = CONFIDENCE_WEIGHTS if weights is None else weights
    signals = evidence(features)
    z = weights["bias"] + sum(weights[name] * value for name, value in signals.items())
    if signals["match"] < MIN_MATCH:
        z = min(z, -1.0)
    if features.get("numeric_untyped"):
        # "how many / how much" and the best sentence states no count or amount of
        # what was asked: the report does not give the number
        z = min(z, -1.0)
    if signals["absent_named"] > 0:
        # the question names something ("Afghanistan", "UNICEF") the corpus never
        # mentions, even allowing for a typo: whatever matches, it is about something else
        z = min(z, -1.0)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


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

