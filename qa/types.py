"""The records carried through the pipeline, from file to cited answer.

They are plain frozen dataclasses so every stage can be tested on its own and no
stage returns a shape that changes with configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Span(NamedTuple):
    """A typed phrase of a paragraph, found at build time (qa/parse.py)."""

    start: int  # paragraph characters
    end: int
    label: str  # entity type (PERSON, ORG, GPE, DATE, MONEY, ...) or NP (noun phrase)
    dep: str  # dependency of the phrase's head word: nsubj, nsubjpass, dobj, pobj, ...
    head: str  # lemma of the word it attaches to (the verb, for subjects and objects)
    prep: str  # the preposition it hangs from ("in", "from"; "agent": the "by" of a passive), or ""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document, as the reader rebuilt it."""

    number: int  # 1-based within its document, the number users cite
    text: str
    section: str | None = None
    page: int | None = None
    spans: tuple[Span, ...] = ()  # typed phrases, sorted by start
    # (character, page) where a paragraph running over a page break reaches each later
    # page: a sentence it holds is cited on the page it is printed on, not the first.
    page_breaks: tuple[tuple[int, int], ...] = ()
    # (character, marker) of each note the paragraph calls, the marker raised right after
    # that character ("1900" then "23"): the note "23 Due to the limited ..." says more of
    # the sentence that calls it, which a question may ask about
    notes: tuple[tuple[int, str], ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page the character at ``offset`` is printed on."""
        page = self.page
        for start, later in self.page_breaks:
            if offset < start:
                break
            page = later
        return page


@dataclass(frozen=True)
class Document:
    id: str  # stable name used in citations, e.g. the file name
    title: str
    paragraphs: tuple[Paragraph, ...]
    fingerprint: str  # sha256 of the source bytes: unchanged files are not re-embedded
    source: str = ""
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Passage:
    """A window of a paragraph small enough for the embedding model.

    Invariant: ``paragraph_text[start:end] == text``, so a citation always points at
    the exact words of the report.
    """

    doc: str
    paragraph: int
    start: int
    end: int
    text: str
    section: str | None = None
    page: int | None = None
    # For a later window of a table row, the row's first cell ("State: California"): what
    # the window's numbers are about. The retrievers read it; citations never show it.
    lead: str = ""


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with the evidence for its rank."""

    passage_id: int
    passage: Passage
    score: float  # fused score scaled to 0..1 (1 = ranked first by every retriever)
    dense_score: float | None  # cosine similarity to the question
    keyword_score: float | None  # BM25 score, when the passage matched any term
    # inside the scope the question is about ("... in Freedonia?"); None when it names none
    in_scope: bool | None = None
    # how far the two retrievers agree on it: reciprocal-rank fusion scaled to 0..1 (1 =
    # first in both lists), whatever ordered the hits; evidence for the confidence model
    agreement: float | None = None


@dataclass(frozen=True)
class Citation:
    doc: str
    paragraph: int
    text: str
    score: float
    highlight: tuple[int, int] | None  # answer span within ``text`` (the first, for a list)
    start: int  # span of ``text`` within the paragraph
    end: int
    title: str = ""
    section: str | None = None
    page: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    highlights: tuple[tuple[int, int], ...] = ()  # every part of the answer within ``text``
    # Evidence comparable across questions (``score`` is scaled within one question):
    similarity: float | None = None  # cosine similarity of the passage to the question
    keyword: bool | None = None  # among the passages the keyword search (BM25) found
    # the first and last page of the evidence (the sentences answering) when it runs over a
    # page break: "pp. 17-18", where a reader finds the sentence begin and the answer end
    pages: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "paragraph": self.paragraph,
            "text": self.text,
            "score": round(self.score, 4),
            "highlight": list(self.highlight) if self.highlight else None,
            "highlights": [list(h) for h in (self.highlights or ((self.highlight,) if self.highlight else ()))],
            "title": self.title,
            "section": self.section,
            "page": self.page,
            "meta": dict(self.meta),
            "similarity": None if self.similarity is None else round(float(self.similarity), 4),
            "keyword": self.keyword,
            "pages": list(self.pages) if self.pages else None,
        }


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str | None  # None exactly when the engine abstains
    abstained: bool
    confidence: float
    citations: tuple[Citation, ...]
    sentence: str | None = None  # the whole sentence the short answer came from
    # The self-contained question actually answered: a follow-up ("and in 2019?")
    # resolved against the conversation; equal to ``question`` when nothing was resolved.
    resolved_question: str = ""
    # "short" (a phrase), "list" (several phrases), "yes"/"no" (with the sentence that
    # settles it) or "sentence" (no short answer was clear enough: the sentence is the answer)
    form: str = "sentence"
    answer_type: str = "description"  # what the question asks for (qa/question.py)

    def __post_init__(self) -> None:
        if not self.resolved_question:
            object.__setattr__(self, "resolved_question", self.question)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `qa ask --json` and the app's /ask endpoint."""
        return {
            "question": self.question,
            "resolved_question": self.resolved_question,
            "answer": self.answer,
            "form": None if self.abstained else self.form,
            "answer_type": self.answer_type,
            "sentence": self.sentence,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "citations": [c.to_dict() for c in self.citations],
        }
