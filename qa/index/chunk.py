"""Paragraphs into passages that fit the embedding model's window.

A paragraph that fits is one passage. A longer one becomes windows of whole
sentences overlapping by a sentence: the model would otherwise truncate the tail
silently, and a fact in the second half of a long paragraph would never be found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from qa.config import ChunkSettings
from qa.text import normalize, sentence_spans
from qa.types import Document, Paragraph, Passage

TokenCounter = Callable[[str], int]


def _split_long_sentence(text: str, start: int, end: int, max_tokens: int, count: TokenCounter) -> Iterator[tuple[int, int]]:
    """A sentence over the window is cut at word boundaries into pieces that fit.

    Each word is counted once and the counts summed: the tokenizer never joins
    word pieces across whitespace, so the sum is the count of the joined text,
    without re-tokenising a growing piece for every word."""
    piece_start: int | None = None
    piece_tokens = 0
    previous_end = start
    for match in re.finditer(r"\S+", text[start:end]):
        word_start, word_end = start + match.start(), start + match.end()
        word_tokens = count(text[word_start:word_end])
        if piece_start is None:
            piece_start, piece_tokens = word_start, word_tokens
        elif piece_tokens + word_tokens > max_tokens:
            yield piece_start, previous_end
            piece_start, piece_tokens = word_start, word_tokens
        else:
            piece_tokens += word_tokens
        previous_end = word_end
    if piece_start is not None:
        yield piece_start, previous_end


def windows(text: str, max_tokens: int, overlap: int, count: TokenCounter) -> list[tuple[int, int]]:
    """Character spans of sentence windows covering ``text``, each within ``max_tokens``.

    Every sentence is tokenised once; a window's size is the sum of its sentences'
    counts (exact for whitespace-split word pieces), so chunking stays a small
    fraction of build time however long the paragraphs are."""
    if count(text) <= max_tokens:
        return [(0, len(text))]
    units: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        if count(text[start:end]) > max_tokens:
            units.extend(_split_long_sentence(text, start, end, max_tokens, count))
        else:
            units.append((start, end))
    sizes = [count(text[start:end]) for start, end in units]

    spans: list[tuple[int, int]] = []
    first = 0
    while first < len(units):
        last, total = first, sizes[first]
        while last + 1 < len(units) and total + sizes[last + 1] <= max_tokens:
            last += 1
            total += sizes[last]
        spans.append((units[first][0], units[last][1]))
        if last == len(units) - 1:
            break
        # Start the next window `overlap` sentences back, but always move forward.
        first = max(first + 1, last + 1 - overlap)
    return spans


#: a paragraph read from a table row, "Name: value; Name: value; ..." (qa/ingest/pdf_tables.py)
_NAMED_ROW = re.compile(r"^([^;:]{1,60}: [^;]{1,80}); [^;:]{1,60}: ")


def row_lead(paragraph_text: str, start: int) -> str:
    """The first cell of a table row, for a window that starts after it.

    A long row (a state with twenty columns of counts) is cut into windows, and the
    later ones hold "Totals: 180 116" without the row's name: neither retriever could
    tell which state's total it is. Prose windows get nothing: their sentences carry
    their own subjects, and repeating the paragraph's opening would blur them."""
    if start == 0:
        return ""
    row = _NAMED_ROW.match(paragraph_text)
    return row.group(1) if row and row.end(1) <= start else ""


def passage_of(document_id: str, paragraph: Paragraph, start: int, end: int) -> Passage:
    """The passage ``paragraph.text[start:end]``, with what it inherits from its paragraph."""
    return Passage(
        doc=document_id,
        paragraph=paragraph.number,
        start=start,
        end=end,
        text=paragraph.text[start:end],
        section=paragraph.section,
        page=paragraph.page_at(start),
        lead=row_lead(paragraph.text, start),
    )


def chunk_document(document: Document, settings: ChunkSettings, count: TokenCounter) -> list[Passage]:
    return [
        passage_of(document.id, paragraph, start, end)
        for paragraph in document.paragraphs
        for start, end in windows(paragraph.text, settings.max_tokens, settings.overlap_sentences, count)
    ]


def chunk_documents(documents: Iterable[Document], settings: ChunkSettings, count: TokenCounter) -> list[Passage]:
    return [p for d in documents for p in chunk_document(d, settings, count)]


# What ``embedding_text`` makes of a passage, as a number kept in the index's manifest.
# Raise it whenever the recipe changes: vectors are reused by the text they embed, and a
# vector embedded under another recipe would be filed under the new text it never saw
# (a table row's window kept its vector from before the row's label was added).
EMBEDDING_TEXT_VERSION = 2


def embedding_text(passage: Passage) -> str:
    """What the model reads for a passage; also the key under which its vector is reused.

    The section heading goes first ("Brazil: GOVERNMENT. Capital - name: Brasilia"): among
    many documents a field's own words rarely say whose field it is, and the heading does."""
    text = normalize(f"{passage.lead}; {passage.text}" if passage.lead else passage.text)
    return f"{normalize(passage.section)}. {text}" if passage.section else text
