"""Answers as text for people: the terminal view and the brief (Markdown and Word).

Shared by `qa ask --format md` and the app's brief downloads, so a brief reads the
same wherever it was made: ``brief_blocks`` decides what a brief says (title, date,
index, what was searched, each question as asked and as understood, the answer with the
passage it comes from, the other passages as "also retrieved"), and ``render_markdown``
and ``render_docx`` only lay those blocks out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from qa.types import Answer, Citation


def where(citation: Citation) -> str:
    """"doc (2021), section, p. 3, ¶ 2": everything a reader needs to find the words ("pp.
    3–4" for a sentence printed over a page break).

    The year (document metadata) keeps two near-identical reports of different years apart."""
    year = citation.meta.get("year")
    parts = [f"{citation.doc} ({year})" if year else citation.doc]
    if citation.section:
        parts.append(citation.section)
    if citation.pages:
        parts.append(f"pp. {citation.pages[0]}\u2013{citation.pages[1]}")
    elif citation.page is not None:
        parts.append(f"p. {citation.page}")
    parts.append(f"¶ {citation.paragraph}")
    return ", ".join(parts)


def _marked(citation: Citation, before: str, after: str) -> str:
    if not citation.highlight:
        return citation.text
    start, end = citation.highlight
    return citation.text[:start] + before + citation.text[start:end] + after + citation.text[end:]


NO_ANSWER = "The report does not seem to answer this."

#: The confidence is the probability that the answer is right (qa/answer/confidence.py),
#: calibrated on development questions; these words say what to do with it.
LIKELY = 0.8
CHECK = 0.5

#: What the confidence means, for a tooltip or a brief's header.
CONFIDENCE_SCALE = (
    f"the confidence is a calibrated probability that the answer is right: from {LIKELY:.2f} likely right, "
    f"from {CHECK:.2f} check the passage, below that unlikely"
)


def confidence_words(answer: Answer) -> str:
    """"confidence 0.86, likely right": the number with what it means for a reader."""
    if answer.abstained:
        return f"confidence {answer.confidence:.2f}, not answered"
    if answer.confidence >= LIKELY:
        return f"confidence {answer.confidence:.2f}, likely right"
    if answer.confidence >= CHECK:
        return f"confidence {answer.confidence:.2f}, check the passage"
    return f"confidence {answer.confidence:.2f}, unlikely: read the passages"


# ---- what was searched, and the evidence for each passage -----------------------------


@dataclass(frozen=True)
class Scope:
    """What a question was asked within: the documents picked, the metadata filters, the
    minimum confidence to answer and how many documents the index held at the time."""

    docs: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    min_confidence: float | None = None
    documents: int | None = None  # documents in the index when asked

    @classmethod
    def of(
        cls,
        docs: Iterable[str] | None = None,
        where: Mapping[str, str] | None = None,
        min_confidence: float | None = None,
        documents: int | None = None,
    ) -> Scope:
        return cls(tuple(docs or ()), tuple((str(k), str(v)) for k, v in (where or {}).items() if v), min_confidence, documents)

    @property
    def filtered(self) -> bool:
        return bool(self.docs or self.where)

    def searched(self) -> str:
        """"all 3 documents", "only a.txt, b.txt", "only documents with year = 2020"."""
        if not self.filtered:
            if self.documents == 1:
                return "the one document in the index"
            return f"all {self.documents} documents" if self.documents else "all documents"
        facets = " and ".join(f"{key} = {value}" for key, value in self.where)
        if self.docs and facets:
            return f"only {', '.join(self.docs)}, where {facets}"
        return f"only {', '.join(self.docs)}" if self.docs else f"only documents with {facets}"

    def threshold(self) -> str:
        """"confidence at least 0.50" (below it the engine declines), or "" when not known."""
        return "" if self.min_confidence is None else f"confidence at least {self.min_confidence:.2f}"


def sources(answer: Answer) -> list[int]:
    """Indexes of the citations the answer comes from: those with the answer marked (a
    list answer may come from several), else the first; none for an abstention."""
    if answer.abstained or not answer.citations:
        return []
    marked = [i for i, c in enumerate(answer.citations) if c.highlight or c.highlights]
    return marked or [0]


def ranks(citations: Sequence[Citation]) -> list[int]:
    """Each citation's rank among the passages retrieved (fused keyword and meaning
    score, the order before the answer's source was moved first), 1 = best; 0 for a passage
    read along with a retrieved one (a note, a table's row), which no retriever ranked."""
    retrieved = [i for i, c in enumerate(citations) if c.score > 0 or c.keyword is not None or c.similarity is not None]
    order = sorted(retrieved, key=lambda i: (-citations[i].score, -(citations[i].similarity or 0.0), i))
    rank = [0] * len(citations)
    for position, i in enumerate(order, start=1):
        rank[i] = position
    return rank


def evidence(citation: Citation, rank: int | None) -> str:
    """"rank 1 · similarity 0.62 · keyword match": numbers that mean the same for every
    question (the fused score is scaled within one question, so it is not shown)."""
    parts = [f"rank {rank}"] if rank else []
    if citation.similarity is not None:
        parts.append(f"similarity {citation.similarity:.2f}")
    if citation.keyword is not None:
        parts.append("keyword match" if citation.keyword else "no keyword match")
    return " · ".join(parts)


# ---- the terminal ----------------------------------------------------------------------


def render_text(answer: Answer, color: bool = False) -> str:
    bold, dim, reset = ("\033[1m", "\033[2m", "\033[0m") if color else ("", "", "")
    lines = [f"Q: {answer.question}"]
    if answer.abstained:
        lines.append(f"A: {NO_ANSWER} ({confidence_words(answer)}); closest passages:")
    else:
        lines.append(f"A: {bold}{answer.answer}{reset} [1] ({confidence_words(answer)})")
    rank = ranks(answer.citations)
    for n, citation in enumerate(answer.citations, start=1):
        lines.append(f"{dim}[{n}] {where(citation)} ({evidence(citation, rank[n - 1])}){reset}")
        lines.append("    " + _marked(citation, bold + ">>", "<<" + reset))
    return "\n".join(lines)


# ---- the brief -------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """What a brief says about where its answers come from (``Engine.info()``)."""

    index: str
    documents: tuple[str, ...]  # ids
    titles: tuple[str, ...]  # the same documents' titles
    passages: int
    model: str = ""
    made: datetime | None = None

    @classmethod
    def of(cls, info: Mapping[str, Any], made: datetime | None = None) -> Header:
        docs = info.get("documents", [])
        return cls(
            index=str(info.get("index", "")),
            documents=tuple(d["id"] for d in docs),
            titles=tuple(d.get("title") or d["id"] for d in docs),
            passages=int(info.get("passages", 0)),
            model=str(info.get("model", "")).rsplit("/", 1)[-1],
            made=made,
        )


# A block is (kind, runs): kind "title", "field" (label, value), "heading", "text",
# "item" (a numbered passage) or "label"; runs are (text, style) with style "", "b"
# (bold) or "i" (italic).
Run = tuple[str, str]
Block = tuple[str, list[Run]]


def _quote(text: str) -> str:
    return text.replace("\n", " ")


def _passage_runs(number: int, citation: Citation, rank: int) -> list[Run]:
    runs: list[Run] = [(f"[{number}] {where(citation)}", "b")]
    numbers = evidence(citation, rank)
    if numbers:
        runs.append((f" ({numbers})", ""))
    runs.append((": \u201c", ""))
    text = _quote(citation.text)
    if citation.highlight:
        start, end = citation.highlight
        runs += [(text[:start], ""), (text[start:end], "b"), (text[end:], "")]
    else:
        runs.append((text, ""))
    runs.append(("\u201d", ""))
    return [r for r in runs if r[0]]


def _title(answers: Sequence[Answer], header: Header | None) -> str:
    """"Brief: <the document>" when the answers come from one or two documents."""
    cited = list(dict.fromkeys(a.citations[i].title or a.citations[i].doc for a in answers for i in sources(a)))
    if not cited and header is not None and len(header.titles) <= 2:
        cited = list(header.titles)
    if 1 <= len(cited) <= 2:
        return "Brief: " + "; ".join(cited)
    return f"Brief: {len(cited)} documents" if cited else "Brief"


def brief_blocks(
    answers: Iterable[Answer],
    title: str | None = None,
    *,
    header: Header | None = None,
    scope: Scope | Sequence[Scope] | None = None,
    made: datetime | None = None,
) -> list[Block]:
    """What a brief says, in order (see ``Block``).

    ``scope`` is what was searched, one for all the answers or one per answer; a brief
    whose answers were searched differently says so under each question."""
    answers = list(answers)
    scopes: list[Scope | None] = list(scope) if isinstance(scope, Sequence) else [scope] * len(answers)
    scopes += [None] * (len(answers) - len(scopes))
    same = len(set(scopes)) <= 1
    made = made or (header.made if header else None) or datetime.now().astimezone()
    out: list[Block] = [("title", [(title or _title(answers, header), "")])]
    out.append(("field", [("Date", ""), (made.strftime("%Y-%m-%d %H:%M %Z").strip(), "")]))
    if header is not None:
        n = len(header.documents)
        held = f"{n} document{'s' if n != 1 else ''}, {header.passages} passages" + (f", model {header.model}" if header.model else "")
        out.append(("field", [("Index", ""), (f"{header.index} ({held})", "")]))
    first = next((s for s in scopes if s is not None), None)
    if first is not None:
        out.append(("field", [("Searched", ""), (first.searched() if same else "not the same for every question: see each one", "")]))
        if same and first.threshold():
            out.append(("field", [("Answered when", ""), (f"{first.threshold()} ({CONFIDENCE_SCALE})", "")]))
    for number, (answer, searched) in enumerate(zip(answers, scopes, strict=True), start=1):
        out.append(("heading", [(f"{number}. {_quote(answer.resolved_question)}", "")]))
        if answer.question != answer.resolved_question:
            out.append(("text", [("Asked as: ", "i"), (f"\u201c{_quote(answer.question)}\u201d", "")]))
        if searched is not None and not same:
            answered = f"; answered when {searched.threshold()}" if searched.threshold() else ""
            out.append(("text", [("Searched: ", "i"), (searched.searched() + answered, "")]))
        rank = ranks(answer.citations)
        source = sources(answer)
        if answer.abstained:
            out.append(("text", [("Answer: ", "b"), (NO_ANSWER, "i"), (f" ({confidence_words(answer)})", "")]))
            if answer.citations:
                out.append(("label", [("Closest passages (not an answer):", "")]))
            elif searched is not None and searched.filtered:
                out.append(("text", [(f"No passage was found in {searched.searched()}.", "i")]))
        else:
            refs = " ".join(f"[{i + 1}]" for i in source)
            out.append(("text", [("Answer: ", "b"), (_quote(answer.answer or ""), ""), (f" {refs} ({confidence_words(answer)})", "")]))
            out.append(("label", [("Answer from:", "")]))
            for i in source:
                out.append(("item", _passage_runs(i + 1, answer.citations[i], rank[i])))
            if len(answer.citations) > len(source):
                out.append(("label", [("Also retrieved (not what the answer rests on):", "")]))
        for i, citation in enumerate(answer.citations):
            if i not in source:
                out.append(("item", _passage_runs(i + 1, citation, rank[i])))
    return out


def _md(runs: Sequence[Run]) -> str:
    """Runs as Markdown; spaces stay outside the ** and _ (CommonMark ignores "** x**")."""
    out = []
    for text, style in runs:
        mark = {"b": "**", "i": "_"}.get(style, "")
        core = text.strip()
        if not mark or not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)


def render_markdown(
    answers: Iterable[Answer],
    title: str | None = None,
    *,
    header: Header | None = None,
    scope: Scope | Sequence[Scope] | None = None,
    made: datetime | None = None,
) -> str:
    """A brief to paste into a document (``brief_blocks`` in Markdown)."""
    out: list[str] = []

    def paragraph(text: str) -> None:
        if out and out[-1] != "":
            out.append("")  # a list before it ends
        out.extend([text, ""])

    for kind, runs in brief_blocks(answers, title, header=header, scope=scope, made=made):
        if kind == "title":
            paragraph(f"# {_md(runs)}")
        elif kind == "heading":
            paragraph(f"## {_md(runs)}")
        elif kind == "field":
            out.append(f"- **{runs[0][0]}:** {_md(runs[1:])}")
        elif kind == "item":
            out.append(f"- {_md(runs)}")
        else:
            paragraph(_md(runs))
    return "\n".join(out).rstrip() + "\n"


def render_docx(
    answers: Iterable[Answer],
    path: str | Path,
    title: str | None = None,
    *,
    header: Header | None = None,
    scope: Scope | Sequence[Scope] | None = None,
    made: datetime | None = None,
) -> Path:
    """The same brief as a Word document at ``path`` (python-docx)."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)

    def add(paragraph, runs: Iterator[Run] | Sequence[Run]) -> None:
        for text, style in runs:
            run = paragraph.add_run(text)
            run.bold = style == "b" or None
            run.italic = style == "i" or None

    for kind, runs in brief_blocks(answers, title, header=header, scope=scope, made=made):
        if kind == "title":
            document.add_heading("".join(t for t, _ in runs), level=0)
        elif kind == "heading":
            document.add_heading("".join(t for t, _ in runs), level=2)
        elif kind == "field":
            paragraph = document.add_paragraph(style="List Bullet")
            add(paragraph, [(f"{runs[0][0]}: ", "b"), *runs[1:]])
        elif kind == "item":
            add(document.add_paragraph(style="List Bullet"), runs)
        elif kind == "label":
            add(document.add_paragraph(), [(t, "b") for t, _ in runs])
        else:
            add(document.add_paragraph(), runs)
    path = Path(path)
    document.save(str(path))
    return path


def docx_text(path: str | Path) -> str:
    """The text of a brief written by ``render_docx``, one line per paragraph (for tests
    and checks)."""
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


__all__ = [
    "CONFIDENCE_SCALE",
    "NO_ANSWER",
    "Header",
    "Scope",
    "brief_blocks",
    "confidence_words",
    "docx_text",
    "evidence",
    "ranks",
    "render_docx",
    "render_markdown",
    "render_text",
    "sources",
    "where",
]
