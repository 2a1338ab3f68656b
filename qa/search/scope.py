"""A question that names a scope prefers it; it never hides the rest.

"How much did the government fund the shelter in Tajikistan?" over fifty country
narratives: every PROTECTION section has a shelter-funding sentence, and the word
"Tajikistan" is one term among many to the retrievers, so another country's sentence
can win. When a question names a value the index knows as metadata (a document's
``country=Tajikistan``) or as a heading (the section "Tajikistan: PROTECTION"), the
passages in that scope are ranked up.

Only a scope that is the question's topic counts. "How many children were returned
from camps in Syria?" mentions Syria as where the children were, not as what the
question is about: a Syria profile must not outrank the report that answers it. And
even a topic is a preference: the scoped and the unscoped rankings are fused, so the
best evidence from outside the scope stays in the list. Numbers are never scopes: the
year in "fund the shelter in 2020" is the year of the funding, not of the report.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from qa.answer.question import YEAR
from qa.index.store import IndexData
from qa.search.front import bare_date, date_line, first_page, front_question, naming_phrase_terms, on_front
from qa.search.retrieve import Retriever, same_text
from qa.text import NOTE_OPENING, NOTE_SIGN, expanded, name_words, people_of, terms
from qa.types import Document, Hit

_NOT_A_SCOPE = frozenset({"true", "false", "yes", "no", "none", "null"})
#: A caption's or part's label alone ("Table 1" of "Table 1: Student Enrollment, by Age
#: Group"): every document numbers its tables so, and "Table 1" in a question names no topic.
_LABEL_ONLY = re.compile(
    r"^\s*(?i:table|tab|figure|fig|exhibit|chart|box|map|appendix|annex|attachment|section|chapter|part|schedule|form)\.?\s*[\dA-Z]{1,4}(?:[.-]\d{1,3})*\.?\s*$"
)

#: A name after one of these (within a few words) is where something went or came from,
#: or what it is compared with: an object of the question, not its topic.
_OBJECT_WORDS = frozenset("from to into toward towards via through between against than with across onto versus vs unlike like".split())
#: Words that close the look-back: past them the name is the question's own subject.
#: A phrase naming parts of more documents than this (at least BROAD_DOCUMENTS) is broad.
BROAD_DOCUMENTS, BROAD_SHARE = 3, 0.1

_CLAUSE_START = frozenset("what which who whom whose when where why how does did do is are was were has have had".split())

#: How much a topic scope's ranking counts beside the unscoped one (weight 1) in the fusion:
#: a strong cue (a possessive, "of X", the subject, the last words) and a weaker one (a
#: name inside the question). Set on the development questions (1.0/0.5 and 1.5/0.75
#: ranked fewer factbook answers first; 3.0/1.5 no more than 2.0/1.0).
STRONG_TOPIC, WEAK_TOPIC = 2.0, 1.0
#: The weight of the document a question names by its title's words (``ScopeIndex.naming``).
NAMED_DOCUMENT = WEAK_TOPIC
#: ... and of the notes, for a question that asks what a footnote says
NOTES = WEAK_TOPIC
#: ... and of the named document's front matter, for a question about the document's own
#: record (qa/search/front.py)
FRONT = WEAK_TOPIC

#: "according to a footnote", "the footnote to Table 2", "the note under the table"
_ASKS_NOTE = re.compile(r"\b(?:foot-?notes?|end-?notes?|notes?\s+(?:to|under|below|beneath|of)\s+(?:the\s+|this\s+)?(?:table|figure|chart|exhibit))\b", re.IGNORECASE)
#: a paragraph that is a note: it opens with its number or sign ("23 Due to ...", "† Unhealthy housing: ...")
_NOTE = re.compile(rf"^{NOTE_SIGN}{NOTE_OPENING}")

#: A section phrase whose rarest word stands in more than this many times as many passages
#: as the section has is a word of the whole text, not a topic (a country's name over its
#: profile stands in about 1-2 times as many passages; a character's in a biography, 4).
WIDE_SECTION = 3.0

#: A word names a document when it stands in at least this share of the document's
#: passages (its title, carried as every passage's section, or its subject) and this
#: share of the word's passages are the document's, in at least NAMING_PASSAGES of them.
#: A question names a document so with NAMING_WORDS such words or more (fewer only narrow
#: a scope it names otherwise: a profile's country).
NAMING_SHARE, NAMING_CONCENTRATION, NAMING_PASSAGES, NAMING_WORDS = 0.5, 0.8, 5, 2
#: A question names a document by its title (or its file's name) with NAMING_WORDS words
#: of it that no other document's title has, each standing in the document more than in
#: all others together: "per the Census disability report" of census-sipp-disability-2010.pdf.
TITLE_SHARE = 0.5


#: Metadata keys whose values are places: a follow-up inherits them ("... in Kenya"), and a
#: question may write them by their initials ("US").
PLACE_KEYS = frozenset({"country", "region", "place", "city", "state", "province", "territory"})

#: Initials in a question: two to five capitals standing alone, not a roman numeral ("Title VI")
#: nor part of a hyphenated or numbered code ("WI-FI", "SP800").
_INITIALS = re.compile(r"(?<![\w-])(?![IVXLCDM]+(?![\w-]))[A-Z]{2,5}(?![\w-])")


def _phrase(value: str) -> tuple[str, ...] | None:
    """The terms a question must contain, in order, to name ``value``."""
    value = value.strip()
    if len(value) < 3 or not re.search(r"[^\W\d_]", value) or value.lower() in _NOT_A_SCOPE:
        return None
    phrase = tuple(terms(value))
    return phrase or None


def spelled_out_in(value: str, document: Document) -> str | None:
    """What a place named by its initials ("DRC") stands for, as its own document writes it
    out before them: "... renamed the country the Democratic Republic of the Congo (DRC)"."""
    if not re.fullmatch(r"[A-Z]{2,6}", value):
        return None
    for paragraph in document.paragraphs:
        for found in re.finditer(rf"((?:[\w'-]+\s+){{1,12}})\({value}\)", paragraph.text):
            words = found.group(1).split()
            for start in range(len(words)):
                capitals = [w[0] for w in words[start:] if w[0].isupper()]
                if words[start][0].isupper() and "".join(capitals) == value:
                    return " ".join(words[start:])
    return None


def wide_sections(sections: dict[tuple[str, ...], np.ndarray], frequency: Callable[[str], int]) -> set[tuple[str, ...]]:
    """The section phrases whose rarest word stands in more than WIDE_SECTION times as many
    passages as the section has (``frequency``: passages holding a term)."""
    return {phrase for phrase, mask in sections.items() if min(frequency(t) for t in phrase) > WIDE_SECTION * int(mask.sum())}


#: The apparatus every kind of document has, named by a word questions use for other
#: things: a question's "linear reference system" is not about a paper's References.
_DOCUMENT_PARTS = re.compile(
    r"^\s*(?i:references?|bibliography|notes?|endnotes|footnotes|sources?|acknowledge?ments?|appendix|appendices|"
    r"contents|table of contents|glossary|abbreviations|acronyms|index|preface|foreword)\s*$"
)


def section_phrases(section: str) -> list[tuple[str, ...]]:
    """The scopes a section names: each part of "Tajikistan: PROTECTION", but not a
    caption's label ("Table 1" of "Table 1: Student Enrollment, by Age Group") nor a part
    every document has ("References")."""
    phrases = [_phrase(part) for part in section.split(":") if not _LABEL_ONLY.match(part) and not _DOCUMENT_PARTS.match(part)]
    return [p for p in phrases if p is not None]


def _same(word: str, term: str) -> bool:
    """A word names a scope term: the term itself, or its demonym ("Brazilian" for Brazil,
    "Chilean" for Chile, "Cubans" for Cuba, "Japanese" for Japan)."""
    return word == term or people_of(word, term)


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(all(_same(w, t) for w, t in zip(words[i : i + n], phrase, strict=True)) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class ScopeIndex:
    """Per facet (a metadata key, or "section"), the passages each named value covers."""

    facets: dict[str, dict[tuple[str, ...], np.ndarray]]
    # phrases that name a part of many documents ("GOVERNMENT" in every profile): they
    # narrow a scope the question names otherwise, and are no scope on their own
    broad: frozenset[tuple[str, tuple[str, ...]]] = frozenset()
    # (facet, phrase) by the first three letters of the phrase's first term: a question
    # is matched against the few phrases that could start at one of its words
    by_prefix: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    # each passage's document (a number), each document's passage count, and the passages
    # holding a term (None where the index cannot say: PostgreSQL); for ``naming``
    doc_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    doc_sizes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    postings: Callable[[str], np.ndarray] | None = None
    # a place in the metadata of two words or more by its initials, where no other place
    # has them ("US": "United States", "PNG": "Papua New Guinea")
    initials: dict[str, str] = field(default_factory=dict)
    # each document's words of its title and file name, and those no other document's have
    titles: tuple[frozenset[str], ...] = ()
    title_words: tuple[frozenset[str], ...] = ()
    # the documents whose title or file name holds a term (each spelling: "program", "programme")
    title_docs: dict[str, frozenset[int]] = field(default_factory=dict)
    # the passages of notes (a paragraph opening with its note's number or sign)
    notes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # the passages on a paged document's first two pages (its cover, title page, dates),
    # and those of them that are a date line
    front: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    front_dates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @classmethod
    def build(cls, data: IndexData) -> ScopeIndex:
        count = len(data.passages)
        doc_rows: dict[str, list[int]] = {}
        for row, passage in enumerate(data.passages):
            doc_rows.setdefault(passage.doc, []).append(row)
        facets: dict[str, dict[tuple[str, ...], np.ndarray]] = {}

        def mark(facet: str, phrase: tuple[str, ...] | None, rows: Sequence[int]) -> None:
            if phrase is None or not rows:
                return
            mask = facets.setdefault(facet, {}).setdefault(phrase, np.zeros(count, dtype=bool))
            mask[list(rows)] = True

        spelled: dict[str, set[str]] = {}
        for doc_id, document in data.documents.items():
            for key, value in document.meta.items():
                phrase = _phrase(str(value))
                mark(f"meta:{key.lower()}", phrase, doc_rows.get(doc_id, []))
                if phrase and 2 <= len(phrase) <= 5 and key.lower() in PLACE_KEYS:
                    spelled.setdefault("".join(t[0] for t in phrase).upper(), set()).add(str(value))
                if key.lower() in PLACE_KEYS and (written_out := spelled_out_in(str(value), document)):
                    mark(f"meta:{key.lower()}", _phrase(written_out), doc_rows.get(doc_id, []))  # "DRC": "Democratic Republic of the Congo"
        by_section: dict[str, list[int]] = {}
        for row, passage in enumerate(data.passages):
            if passage.section:
                by_section.setdefault(passage.section, []).append(row)
        for section, rows in by_section.items():
            for phrase in section_phrases(section):
                mark("section", phrase, rows)
        number = {doc_id: i for i, doc_id in enumerate(doc_rows)}
        doc_of = np.fromiter((number[p.doc] for p in data.passages), dtype=np.int64, count=count)
        many = max(BROAD_DOCUMENTS, int(BROAD_SHARE * len(data.documents)))
        broad = {
            (facet, phrase) for facet, phrases in facets.items() for phrase, mask in phrases.items() if len(np.unique(doc_of[mask])) > many
        }
        # A section named after something the document mentions all through ("Homer" in
        # Bart Simpson's article, under "Relationships") is not what a question naming it
        # is about: its words stand in far more passages than the section holds.
        postings = _postings(data)
        if postings is not None:
            passages_holding = lambda term: len(postings(term))  # noqa: E731
            broad |= {("section", phrase) for phrase in wide_sections(facets.get("section", {}), passages_holding)}
        sizes = np.bincount(doc_of, minlength=len(number))
        initials = {short: next(iter(values)) for short, values in spelled.items() if len(values) == 1}
        titled = [frozenset(terms(f"{data.documents[doc_id].title} {name_words(doc_id)}")) for doc_id in number]
        titles_holding = Counter(t for words in titled for t in words)
        own_titles = tuple(frozenset(t for t in words if titles_holding[t] == 1) for words in titled)
        notes = np.fromiter((bool(_NOTE.match(data.paragraph(p.doc, p.paragraph).text)) for p in data.passages), dtype=bool, count=count)
        first_pages = {doc_id: first_page(document) for doc_id, document in data.documents.items()}
        front = np.fromiter((on_front(p.page, first_pages[p.doc]) for p in data.passages), dtype=bool, count=count)
        front_dates = np.fromiter((bool(at_front) and date_line(p.text) for p, at_front in zip(data.passages, front, strict=True)), dtype=bool, count=count)
        return replace(
            cls.of(facets, frozenset(broad)), doc_of=doc_of, doc_sizes=sizes, postings=postings, initials=initials, titles=tuple(titled), title_words=own_titles,
            title_docs=_holding(titled),
            notes=notes, front=front, front_dates=front_dates,
        )

    @classmethod
    def of(cls, facets: dict[str, dict[tuple[str, ...], np.ndarray]], broad: frozenset = frozenset()) -> ScopeIndex:
        by_prefix: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for facet, phrases in facets.items():
            for phrase in phrases:
                by_prefix.setdefault(phrase[0][:3], []).append((facet, phrase))
        return cls(facets, broad, by_prefix)

    def spelled_out(self, question: str) -> str:
        """The question with a place written by its initials written out: "US senators" is
        "United States senators" (capitals only: "us" is a pronoun)."""
        letters = [c for c in question if c.isalpha()]
        if not self.initials or sum(c.isupper() for c in letters) > 0.5 * len(letters):
            return question  # a question typed in capitals has no initials to tell apart
        return _INITIALS.sub(lambda m: self.initials.get(m.group(0), m.group(0)), question)

    def weighted_layers(self, question: str) -> list[tuple[np.ndarray, float, frozenset[str]]]:
        """(passage mask, weight, the words naming it) of each topic scope the question
        names, narrowest first.

        Facets combine with AND, smallest first (a country and a section: that
        country's section, then the whole country); a facet that would leave nothing
        is skipped, so a country named in metadata still counts when its document has
        no headings. Values of one facet combine with OR. A name the question mentions
        only as an object ("returned from Iraq") is no scope at all.
        """
        words = terms(question)
        named: list[np.ndarray] = []
        weights: list[float] = []
        naming: list[frozenset[str]] = []
        possible: dict[str, list[tuple[str, ...]]] = {}
        for prefix in {w[:3] for w in words}:
            for facet, phrase in self.by_prefix.get(prefix, ()):
                possible.setdefault(facet, []).append(phrase)
        for facet, candidates in possible.items():
            phrases = self.facets[facet]
            matched = [phrase for phrase in dict.fromkeys(candidates) if _contains(words, phrase)]
            # "Nigerian" names Nigeria, not Niger: of two names one word matches, the longer
            matched = [p for p in matched if not any(q != p and len(q) == len(p) and "".join(q).startswith("".join(p)) for q in matched)]
            # a broad phrase ("government": every profile's GOVERNMENT section) is no scope:
            # the word is as likely the question's subject as the section's name, and the
            # retrievers see section headings anyway
            hits = [(phrases[p], topic_weight(question, p), p) for p in matched if (facet, p) not in self.broad]
            hits = [(mask, weight, p) for mask, weight, p in hits if weight > 0]
            if hits:
                named.append(np.logical_or.reduce([mask for mask, _, _ in hits]))
                weights.append(max(weight for _, weight, _ in hits))
                naming.append(frozenset(t for _, _, p in hits for t in p))
        layers: list[tuple[np.ndarray, float, frozenset[str]]] = []
        for mask, weight, words in sorted(zip(named, weights, naming, strict=True), key=lambda row: int(row[0].sum())):
            narrowed = mask if not layers else layers[-1][0] & mask
            if narrowed.any() and not narrowed.all() and not (layers and np.array_equal(narrowed, layers[-1][0])):
                layers.append((narrowed, min(weight, layers[-1][1]) if layers else weight, words | (layers[-1][2] if layers else frozenset())))
        return layers[::-1]

    def naming_words(self, question: str, words: frozenset[str]) -> frozenset[str]:
        """The keyword terms of the question that name a scope by ``words`` (its phrases'
        terms): those it writes once ("state" twice in "the chief of state of the United
        States" is asked besides naming), and initials written out to them ("US" for
        "united", "state", whose "chief of state" is still asked)."""
        said = Counter(terms(question))
        named = {w for w in words if said[w] == 1}
        for short in _INITIALS.findall(question):
            if short in self.initials and set(terms(self.initials[short])) <= words:
                named |= set(terms(short))
        return frozenset(expanded(sorted(named)))

    def naming(self, question: str) -> tuple[np.ndarray, frozenset[str], bool] | None:
        """The one document the question names by its own words, those words, and whether
        its title (or file name) names it too, so surely that one word is enough.

        "When was the Ki67 CAP task force recommendation published?": "Ki67", "task",
        "force" and "recommendation" stand in nearly every passage of one paper (its
        title is their section) and hardly elsewhere. They tell which document is asked
        about; inside it they tell its passages apart no better than "the", yet each
        passage that repeats them outscores the one line that says "Published: 6 March
        2023". So the document is a scope, searched without them."""
        if self.postings is None or len(self.doc_sizes) < 2:
            return None
        named: dict[int, set[str]] = {}
        asked = list(dict.fromkeys(terms(question)))
        for term in asked:
            rows = self.postings(term)
            if len(rows) < NAMING_PASSAGES:
                continue
            counts = np.bincount(self.doc_of[rows], minlength=len(self.doc_sizes))
            doc = int(counts.argmax())
            if counts[doc] >= max(NAMING_PASSAGES, NAMING_CONCENTRATION * len(rows), NAMING_SHARE * self.doc_sizes[doc]):
                named.setdefault(doc, set()).add(term)
        titled = self._titled(asked, _named_terms(question))
        if titled is not None:  # the title names it: it outranks a word that only abounds in another
            words = named.get(titled, set())
            return self.doc_of == titled, frozenset(words if len(words) < len(asked) else ()), True
        if len(named) > 1:
            # "the 2015 Sci. Rep. planar ion crystal paper": a year that abounds in another
            # document (a 2015 data sheet) does not name it beside one named by its words
            worded = {doc: words for doc, words in named.items() if any(not YEAR.fullmatch(term) for term in words)}
            named = worded if len(worded) == 1 else named
        if len(named) != 1:  # none, or a question about two documents
            return None
        doc, words = next(iter(named.items()))
        if len(words) == len(asked):  # nothing left to search for inside it
            return None
        return self.doc_of == doc, frozenset(words), False

    def names_another_title(self, question: str, mask: np.ndarray, weight: float, words: frozenset[str]) -> bool:
        """Whether a scope's naming words are words of another document's title that the
        question names by a word only that title has, written as a name and standing mostly
        in that document: "Highlights from PIRLS 2011" names the PIRLS report
        (nces-pirls-2011-highlights-appendix.pdf), not the Census report's section
        "HIGHLIGHTS" ("2011" or "appendix" alone names nothing)."""
        if not words or not self.title_docs:
            return False
        # (the scope's words come expanded, "programme" beside "program": any spelling names it)
        holding = [self.title_docs.get(word, frozenset()) for word in words]
        titled = frozenset.intersection(*holding) if all(holding) else frozenset()
        if not titled:
            return False
        inside = set(np.unique(self.doc_of[mask]).tolist())
        names = {t for t in _named_terms(question) - words if not t.isdigit()}  # (a year alone names no document)
        return any(
            any(self._mostly_in(word, doc) for word in names & self.title_words[doc])
            for doc in titled - inside
        )

    def _titled(self, asked: Sequence[str], names: set[str]) -> int | None:
        """The one document whose title's own words the question uses (NAMING_WORDS or
        more, each mostly found in that document, one of them written as a name or a
        code: "Census", "SP 800-223"), else None. Common words alone ("high", "analysis")
        are what the question asks about, not which document."""
        if self.postings is None or not self.title_words:
            return None
        found, asked_set = [], set(asked)
        for doc, own in enumerate(self.title_words):
            words = [t for t in asked_set & own if self._mostly_in(t, doc)]
            # (or most of a long title's own words, though none is written as a name: "the
            # paper on quantum computation in a planar ion crystal")
            if len(words) >= NAMING_WORDS and (names & set(words) or len(words) >= max(NAMING_WORDS + 1, len(own) / 2)):
                found.append(doc)
        return found[0] if len(found) == 1 else None

    def _mostly_in(self, term: str, doc: int) -> bool:
        rows = self.postings(term) if self.postings is not None else np.zeros(0, dtype=np.int64)
        return len(rows) > 0 and (self.doc_of[rows] == doc).sum() >= TITLE_SHARE * len(rows)


def _holding(titles: Sequence[frozenset[str]]) -> dict[str, frozenset[int]]:
    """Each title term, in each of its spellings, with the documents whose title holds it."""
    docs: dict[str, set[int]] = {}
    for doc, title in enumerate(titles):
        for term in expanded(sorted(title)):
            docs.setdefault(term, set()).add(doc)
    return {term: frozenset(held) for term, held in docs.items()}


_NAME = re.compile(r"[A-Z][\w'’.-]*(?:[ /][A-Z][\w'’.-]*)*")


def _named_terms(question: str) -> set[str]:
    """Terms the question writes as names or codes: capitalised past its first word
    ("Census", "NIST"), or holding a digit ("800-223", "1040NR")."""
    first = re.match(r"\W*\w+", question)
    rest = question[first.end() :] if first else question
    return {t for name in _NAME.findall(rest) for t in terms(name)} | {t for t in terms(question) if any(c.isdigit() for c in t)}


def _whole_name(question: str, title_words: frozenset[str]) -> bool:
    """Whether one of the question's names (its run of capitalised words) is all title words.

    One title word alone names a document only as a whole name ("Nigeria's"): "Mount
    Cook" is not the Cook Islands, and "tax" is not the 1040-NR instructions because most
    of their passages say it."""
    for name in _NAME.findall(question):
        found = set(terms(name))
        if found and found <= title_words:
            return True
    return False


def _postings(data: IndexData) -> Callable[[str], np.ndarray] | None:
    """The passages holding a term, read off the bm25s index (None without one)."""
    index = getattr(data, "keyword", None)
    if index is None or not hasattr(index, "vocab_dict"):
        return None
    indptr, indices, vocabulary = index.scores["indptr"], index.scores["indices"], index.vocab_dict
    empty = np.zeros(0, dtype=np.int64)

    def postings(term: str) -> np.ndarray:
        column = vocabulary.get(term)
        return empty if column is None or column + 1 >= len(indptr) else indices[indptr[column] : indptr[column + 1]]

    return postings


def topic_weight(question: str, phrase: tuple[str, ...]) -> float:
    """How surely ``phrase`` (a scope's terms) is the topic of ``question``: 0 for an object.

    Read from the words before the name: a possessive ("Mexico's exports"), "of X",
    the question's subject ("does Angola export") or a name closing the question ("...
    in Tajikistan?") is the topic; a name after "from", "to", "than", ... within four
    words is an object ("returned from camps in Syria", "exports to the US").
    """
    raw = re.findall(r"[\w']+", question.lower())
    content = []  # (position in raw, term) of the words that are terms; stopwords skipped
    for position, word in enumerate(raw):
        found = terms(word)
        if found:
            content.append((position, found[0]))
    n = len(phrase)
    for i in range(len(content) - n + 1):
        if not all(_same(term, want) for (_, term), want in zip(content[i : i + n], phrase, strict=True)):
            continue
        first, last = content[i][0], content[i + n - 1][0]
        before = raw[max(0, first - 4) : first]
        for word in reversed(before):
            if word in _OBJECT_WORDS:
                return 0.0
            if word in _CLAUSE_START:
                break
        after = raw[last + 1 : last + 2]
        if not before or before[-1] in ("of", "for") or (after and after[0] in ("s", "'s")) or raw[last].endswith("'s"):
            return STRONG_TOPIC
        if before[-1] in _CLAUSE_START or last + 1 == len(raw):
            return STRONG_TOPIC
        return WEAK_TOPIC
    return WEAK_TOPIC


_CACHE: dict[int, tuple[weakref.ref, ScopeIndex]] = {}


def scope_index(data: IndexData) -> ScopeIndex:
    """Built once per loaded index (a reload brings a new IndexData, hence a new scope)."""
    key = id(data)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is data:
        return cached[1]
    index = ScopeIndex.build(data)
    _CACHE[key] = (weakref.ref(data, lambda _ref: _CACHE.pop(key, None)), index)
    return index


#: "in US dollars", "in Canadian dollars": the unit the answer is asked in, not what it is about
_IN_CURRENCY = re.compile(
    r"\b[Ii]n\s+(?:U\.?S\.?|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?=(?:dollars?|euros?|pounds?|francs?|pesos?|rupees?|yen|yuan|shillings?|dinars?|riyals?|rubles?|roubles?)\b)"
)


#: ... and the US dollar wherever a question names it ("the US dollar equivalent", "how
#: many US dollars", "the US dollar amounts"): the unit most reports give sums in beside their
#: own currency, and every profile's exchange rates are "per US dollar"; it names the US no
#: more than "the euro" names the EU
_US_DOLLAR = re.compile(r"\b(?:U\.?\s?S\.?|American)\s+(?=dollars?\b)", re.IGNORECASE)


def without_units(question: str) -> str:
    """The question without the place naming the currency it asks its answer in: "In US
    dollars, how much did Tajikistan put toward the shelter?" is about Tajikistan."""
    return _US_DOLLAR.sub("", _IN_CURRENCY.sub(lambda m: m.group()[:2] + " ", question))


def _dated_lines(retriever: Retriever, mask: np.ndarray, record: frozenset[str], query_vector: np.ndarray) -> list[Hit]:
    """The dated lines of a document's front matter, listed rather than searched (a date
    alone, "2004-08", is too short for either retriever): the line saying what the question
    asks ("Received 3 November 2014") first, then a date alone, then the rest in page order.
    Their score is 0: a list, not evidence of relevance."""
    passages = retriever.data.passages
    cosine = retriever.similarity(query_vector)

    def order(row: int) -> tuple[bool, bool, int, int]:
        passage = passages[row]
        return (not record & set(terms(passage.text)), not bare_date(passage.text), passage.page or 0, passage.paragraph)

    rows = sorted((int(row) for row in np.flatnonzero(mask)), key=order)
    return [Hit(passage_id=row, passage=passages[row], score=0.0, dense_score=cosine(row), keyword_score=None) for row in rows]


#: A heading scope over at most this many passages, all of one document, and named in that
#: document's title or file-name words, is that document.
TINY_SCOPE = 2


def _opened(scope: ScopeIndex, mask: np.ndarray, words: frozenset[str]) -> np.ndarray:
    """The whole document a tiny heading scope names; any other scope as it is. A heading
    in other words is a topic of the document ("Sexuality", "Strategic objective 2"), kept
    to; a document that is the whole index is no scope."""
    if not 0 < mask.sum() <= TINY_SCOPE or len(scope.doc_of) != len(mask) or not words:
        return mask
    documents = np.unique(scope.doc_of[mask])
    if len(documents) != 1 or int(documents[0]) >= len(scope.titles) or not words <= set(expanded(scope.titles[int(documents[0])])):
        return mask
    document = scope.doc_of == documents[0]
    return mask if document.all() else document


def scoped_search(
    retriever: Retriever,
    question: str,
    query_vector: np.ndarray,
    top_k: int | None = None,
    where: dict[str, str] | None = None,
    docs: Sequence[str] | None = None,
) -> list[Hit]:
    """Retriever.search with the question's topic scope ranked up, never filtered to.

    The unscoped ranking and one ranking inside each topic scope (narrowest first) are
    fused by reciprocal rank, a scope's list weighted by how surely it is the topic. A
    passage inside the scope gets both contributions, so the Tajikistan narrative's
    shelter sentence beats the other countries' ones; a passage outside it keeps its
    unscoped rank, so a report that answers "children returned from Iraq" is not
    hidden behind an Iraq profile. Each scope is searched without the words that name it;
    a document the question names by its title's words (``ScopeIndex.naming``) is one
    more scope, searched without those words. Hit.score is the fused score scaled to 0..1."""
    k = top_k or retriever.settings.top_k
    scope = scope_index(retriever.data)
    topic = without_units(question)
    # inside a scope the words that name it ("US Virgin Islands") tell its passages apart no
    # better than "the": each line saying "territory of the US" would outrank the governor's
    layers = [(mask, weight, scope.naming_words(topic, words)) for mask, weight, words in scope.weighted_layers(scope.spelled_out(topic))]
    layers = [layer for layer in layers if not scope.names_another_title(topic, *layer)]
    # a heading over a passage or two of one document, in the words of that document's
    # title or file name ("Notice 1036" over the cover's "(Rev. December 2010)"), names the
    # document: the rest of it is no elsewhere
    layers = [(_opened(scope, mask, words), weight, words) for mask, weight, words in layers]
    named = scope.naming(topic)
    if named is not None:
        doc_mask, named_words, by_title = named
        document_title = scope.titles[int(scope.doc_of[doc_mask.argmax()])]
        # ... and so do the words of the phrase naming it, beside its title's and its title's
        # own ("the 2015 Sci. Rep. paper on ...", "NIST SP 800-223 on HPC security"), while
        # some word is left to search for
        phrase = naming_phrase_terms(topic, document_title, with_title=by_title)
        title_words = named_words | phrase if set(terms(topic)) - named_words - phrase else named_words
        named = (doc_mask, title_words, by_title)
        if by_title:
            # words of the title naming a section of the document ("the NHNC1 packages in the
            # National Hydro Network data model", under "Hydro Network"): the document is meant
            title = scope.naming_words(topic, document_title)
            layers = [
                (m, w, words) for m, w, words in layers
                if not (words and words <= title and not (m & ~doc_mask).any() and not np.array_equal(m, doc_mask))
            ]
        same = [i for i, (mask, _, _) in enumerate(layers) if np.array_equal(mask, doc_mask)]
        if same:
            layers[same[0]] = (doc_mask, layers[same[0]][1], title_words)
        elif by_title or len(named_words) >= NAMING_WORDS or _whole_name(question, named_words):
            layers.append((doc_mask, NAMED_DOCUMENT, title_words))
    front = front_question(question) if named is not None else None
    dated: tuple[np.ndarray, frozenset[str]] | None = None  # the dated lines listed, and the record asked
    if front is not None and named is not None:
        # "When was the Ki67 task force recommendation published?": the document's front
        # matter ("Published: 6 March 2023") is one more scope
        dates = scope.front_dates & named[0]
        if front.asks_date and dates.any():
            # weighed as all the other lists together: the date line asked for ranks beside a
            # passage first in every one of them, so it is read
            dated = (dates, front.record)
            layers.append((dates, 1.0 + sum(weight for _, weight, _ in layers), named[1]))
        elif (pages := scope.front & named[0]).any():
            layers.append((pages, FRONT, named[1]))
    topics = len(layers)  # (the front matter is inside the document named; the notes may not be)
    if _ASKS_NOTE.search(question) and scope.notes.any():
        # "what does the footnote say ...?": the notes (of the document named) are one more scope
        notes = scope.notes & named[0] if named is not None else scope.notes
        if notes.any():
            layers.append((notes, NOTES, named[1] if named is not None else frozenset()))
    if not layers:
        return retriever.search(question, query_vector, top_k=k, where=where, docs=docs)
    depth = max(4 * k, 20)
    lists: list[tuple[list[Hit], float]] = [(retriever.search(question, query_vector, top_k=depth, where=where, docs=docs), 1.0)]
    for mask, weight, title_words in layers:
        if dated is not None and mask is dated[0]:
            found = _dated_lines(retriever, mask, dated[1], query_vector)
        else:
            found = retriever.search(question, query_vector, top_k=depth, where=where, docs=docs, within=mask, without=title_words)
        lists.append((found, weight))
    rrf_k = retriever.settings.rrf_k
    fused: dict[tuple[str, int], float] = {}
    best_hit: dict[tuple[str, int], Hit] = {}
    for hits, weight in lists:
        for rank, hit in enumerate(hits):
            key = (hit.passage.doc, hit.passage.paragraph)
            fused[key] = fused.get(key, 0.0) + weight / (rrf_k + rank + 1)
            if key not in best_hit or hit.score > best_hit[key].score:
                best_hit[key] = hit
    best_possible = sum(weight for hits, weight in lists if hits) / (rrf_k + 1) or 1.0
    order, texts = [], set()
    for key in sorted(fused, key=lambda key: -fused[key]):  # (a repeat of a passage already in counts once)
        if len(order) == k:
            break
        words = same_text(best_hit[key].passage)
        if words not in texts:
            order.append(key)
            texts.add(words)
    inside = {(h.passage.doc, h.passage.paragraph) for hits, _ in lists[1 : 1 + topics] for h in hits}
    return [
        replace(best_hit[key], score=fused[key] / best_possible, agreement=fused[key] / best_possible, in_scope=key in inside) for key in order
    ]
