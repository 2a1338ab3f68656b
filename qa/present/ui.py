"""What the app shows and what it accepts, without Gradio.

Every piece of text that comes from a document, a file name or a question goes
through ``html.escape`` here before it is put into markup, so a report that contains
``<script>`` shows the tag as words instead of running it. Keeping this out of
``app.py`` lets it be tested without a server and keeps the app a thin wiring layer.
Upload checks live here for the same reason: they decide what reaches the index.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from qa.present.brief import CHECK, CONFIDENCE_SCALE, LIKELY, NO_ANSWER, Scope, confidence_words, evidence, ranks, sources, where
from qa.types import Answer, Citation

#: Uploads larger than this are refused (the app's --max-upload-mb overrides it).
MAX_UPLOAD_MB = 20


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _marked(text: str, spans: tuple[int, int] | Sequence[tuple[int, int]] | None) -> str:
    """``text`` escaped, with each span wrapped in <mark>; pieces are escaped separately
    so the tags we add are the only markup in the result. Overlapping spans merge."""
    if not spans:
        return esc(text)
    if isinstance(spans[0], int):
        spans = [spans]  # one (start, end)
    merged: list[list[int]] = []
    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(f"{esc(text[at:start])}<mark>{esc(text[start:end])}</mark>")
        at = end
    return "".join(out) + esc(text[at:])


def _spans(citation: Citation) -> list[tuple[int, int]]:
    """Every part of the answer in the citation: a list answer marks each item."""
    many = getattr(citation, "highlights", ()) or ()
    return [tuple(h) for h in many] or ([citation.highlight] if citation.highlight else [])


def render_question(question: str) -> str:
    return f'<div class="qa-question">{esc(question)}</div>'


def _paragraph_html(paragraph: str, citation: Citation) -> str:
    """The whole paragraph, the cited passage tinted and the answer span marked."""
    start, end = citation.start, citation.end
    inner = _marked(paragraph[start:end], _spans(citation))
    return f'{esc(paragraph[:start])}<span class="qa-span">{inner}</span>{esc(paragraph[end:])}'


#: What the numbers beside a passage mean (its tooltip).
EVIDENCE_HELP = (
    "rank: its place among the passages retrieved for this question (meaning and keywords together); "
    "similarity: how close its meaning is to the question (cosine, -1 to 1; the same scale for every question, "
    "above about 0.5 is close); keyword match: it shares the question's words"
)

#: Answers longer than this (a whole sentence) are shown at body size, not as a headline.
LONG_ANSWER = 110


def render_citation(number: int, citation: Citation, paragraph: str | None, answer: bool, rank: int | None = None, kind: str = "") -> str:
    """One numbered passage: where it is, the evidence for it, its words with the answer
    marked, and the whole paragraph behind an expander. ``answer`` False draws it as not
    an answer (an abstention's closest passages); ``kind`` adds a class (qa-source, qa-also)."""
    classes = " ".join(c for c in ("qa-cite", "" if answer else "qa-not-answer", kind) if c)
    numbers = evidence(citation, rank)
    score = f' <span class="qa-score" title="{esc(EVIDENCE_HELP)}">{esc(numbers)}</span>' if numbers else ""
    head = (
        f'<div class="qa-cite-head"><span class="qa-num">[{number}]</span> '
        f'<span class="qa-where">{esc(where(citation))}</span>{score}</div>'
    )
    body = f'<div class="qa-passage">{_marked(citation.text, _spans(citation))}</div>'
    more = ""
    if paragraph is not None and (citation.start > 0 or citation.end < len(paragraph)):
        more = (
            f'<details class="qa-more"><summary>Show the whole paragraph {citation.paragraph}</summary>'
            f'<div class="qa-paragraph">{_paragraph_html(paragraph, citation)}</div></details>'
        )
    return f'<div class="{classes}">{head}{body}{more}</div>'


def _confidence_html(answer: Answer, scope: Scope | None) -> str:
    level = "no" if answer.abstained else "likely" if answer.confidence >= LIKELY else "check" if answer.confidence >= CHECK else "unlikely"
    words = confidence_words(answer)
    if answer.abstained and scope is not None and scope.min_confidence is not None and answer.citations:
        words += f" (below the minimum {scope.min_confidence:.2f})"
    return f'<span class="qa-conf qa-conf-{level}" title="{esc(CONFIDENCE_SCALE)}">{esc(words)}</span>'


def render_searched(scope: Scope) -> str:
    """"Searched all 3 documents" / "Searched only payload.txt": what a question was asked within."""
    kind = "qa-searched qa-filtered" if scope.filtered else "qa-searched"
    return f'<span class="{kind}">Searched {esc(scope.searched())}</span>'


def render_answer(
    answer: Answer,
    paragraph_text: Callable[[str, int], str] | None = None,
    literal: bool = False,
    scope: Scope | None = None,
) -> str:
    """One chat reply: the short answer, its confidence in words and what was searched,
    then the passage it comes from ("Answer from") and the other passages retrieved,
    folded ("Also retrieved"), so the answer and its source fit on one screen.

    ``paragraph_text(doc, n)`` (``Engine.paragraph_text``) supplies the whole paragraph
    behind each citation for the expandable view; a paragraph that is gone (the index was
    rebuilt since) simply has no expander. ``literal`` adds, to a follow-up that was
    rewritten, the button that asks the typed words alone (the app wires it). ``scope``
    (what the question was asked within) is said under the answer.
    """
    parts = []
    source = sources(answer)
    if answer.abstained:
        parts.append(f'<div class="qa-noanswer">{esc(NO_ANSWER)}</div>')
    else:
        refs = " ".join(f"[{i + 1}]" for i in source)
        size = " qa-answer-long" if len(answer.answer or "") > LONG_ANSWER else ""
        parts.append(f'<div class="qa-answer{size}"><mark>{esc(answer.answer or "")}</mark> <span class="qa-ref">{refs}</span></div>')
    meta = [_confidence_html(answer, scope)]
    if scope is not None:
        meta.append(render_searched(scope))
    parts.append(f'<div class="qa-meta">{" ".join(meta)}</div>')
    if answer.abstained and scope is not None and scope.filtered:
        hint = "Nothing was found there" if not answer.citations else "The answer may be in a document outside the filter"
        parts.append(f'<div class="qa-filter-hint">{hint}: clear “Search only in” and the filters beside it to search all documents.</div>')
    if answer.resolved_question and answer.resolved_question != answer.question:
        # A follow-up was rewritten from the conversation: say what was actually answered.
        again = f' <button type="button" class="qa-literal">Ask “{esc(shorten(answer.question))}” literally</button>' if literal else ""
        parts.append(f'<div class="qa-understood">Understood as: <q>{esc(answer.resolved_question)}</q>{again}</div>')

    rank = ranks(answer.citations)

    def cite(i: int, kind: str) -> str:
        citation = answer.citations[i]
        paragraph = None
        if paragraph_text is not None:
            try:
                paragraph = paragraph_text(citation.doc, citation.paragraph)
            except (KeyError, IndexError, LookupError):
                paragraph = None
            if paragraph is not None and paragraph[citation.start : citation.end] != citation.text:
                paragraph = None  # the document was replaced since this answer: its offsets no longer apply
        return render_citation(i + 1, citation, paragraph, answer=not answer.abstained, rank=rank[i], kind=kind)

    if answer.abstained:
        if answer.citations:
            parts.append('<div class="qa-closest">Closest passages (not an answer):</div>')
            parts.append(cite(0, ""))
        rest = list(range(1, len(answer.citations)))
        label = f"{len(rest)} more closest passage{'s' if len(rest) != 1 else ''}"
    else:
        parts.append(f'<div class="qa-label qa-label-source">Answer from</div>{"".join(cite(i, "qa-source") for i in source)}')
        rest = [i for i in range(len(answer.citations)) if i not in source]
        label = f"Also retrieved: {len(rest)} passage{'s' if len(rest) != 1 else ''}, not what the answer rests on"
    if rest:
        parts.append(f'<details class="qa-also"><summary>{esc(label)}</summary>{"".join(cite(i, "qa-also-cite") for i in rest)}</details>')
    return f'<div class="qa-reply">{"".join(parts)}</div>'


def render_info(info: dict[str, Any]) -> str:
    """The side panel: what the index holds."""
    docs = info.get("documents", [])
    rows = "".join(
        f'<li><span class="qa-doc">{esc(d["id"])}</span>'
        f'<span class="qa-doc-n">{d["paragraphs"]} ¶ · {d["passages"]} passages</span></li>'
        for d in docs
    )
    model = str(info.get("model", "")).rsplit("/", 1)[-1]
    created = str(info.get("created", ""))
    updated = f" · updated {esc(created[:10])} {esc(created[11:16])}" if len(created) >= 16 else ""
    return (
        '<div class="qa-info">'
        f'<div class="qa-stats"><b>{len(docs)}</b> document{"s" if len(docs) != 1 else ""} · '
        f'<b>{info.get("passages", 0)}</b> passages</div>'
        f'<div class="qa-model">model {esc(model)}{updated}</div>'
        f'<ul class="qa-docs">{rows}</ul></div>'
    )


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut at a word to about ``limit`` characters, for button labels (plain text,
    not HTML: Gradio sets labels as text)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def render_feedback_prompt(rating: str, question: str) -> str:
    """Shown once a thumb is recorded: what was rated, and that a note may follow."""
    thumb = "Thumbs up" if rating == "up" else "Thumbs down"  # words: headless browsers may lack emoji fonts
    return (
        f'<div class="qa-note-label"><b>{thumb}</b> saved for <q>{esc(shorten(question, 80))}</q> '
        "in feedback.jsonl beside the index; nothing is sent anywhere. Add a note?</div>"
    )


def facets(info: dict[str, Any]) -> dict[str, list[str]]:
    """Metadata keys of the index's documents and the values each takes, sorted.

    Years sort as numbers would (they are strings of equal length); a key only some
    documents have is still a facet: picking a value leaves out those without it.
    """
    values: dict[str, set[str]] = {}
    for document in info.get("documents", []):
        for key, value in (document.get("meta") or {}).items():
            if str(value).strip():
                values.setdefault(str(key), set()).add(str(value))
    return {key: sorted(values[key]) for key in sorted(values)}


def render_remove_confirm(doc_id: str, info: dict[str, Any]) -> str:
    """The confirmation shown before a document is removed: what goes, what stays."""
    docs = {d["id"]: d for d in info.get("documents", [])}
    d = docs.get(doc_id, {"paragraphs": 0, "passages": 0})
    others = len(docs) - 1
    rest = "The other document stays as it is." if others == 1 else f"The other {others} documents stay as they are."
    return (
        f'<div class="qa-confirm">Remove <b>{esc(doc_id)}</b> ({d["paragraphs"]} ¶, {d["passages"]} passages) from the index? '
        f"{rest} This cannot be undone here (upload the file again to bring it back).</div>"
    )


def render_status(lines: list[tuple[str, str]]) -> str:
    """Upload outcome lines as (kind, text), kind "ok" or "error"."""
    return "".join(f'<div class="qa-status qa-{esc(kind)}">{esc(text)}</div>' for kind, text in lines)


def render_notice(kind: str, text: str) -> str:
    """One line under the question box (a refused question, a saved note), kind "ok" or "error"."""
    return f'<div class="qa-notice qa-{esc(kind)}">{esc(text)}</div>'


# ---- uploads -------------------------------------------------------------------------


def accepted_suffixes() -> list[str]:
    """The file types the engine can read right now (the ingest registry, not a copy)."""
    from qa.ingest import READERS

    return sorted(READERS)


_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(uploaded: str, max_length: int = 80) -> str:
    """A file name safe to create inside the uploads folder.

    The browser's file name is only a hint: any folder part (``../``, ``C:\\``) is
    dropped, characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_``,
    leading dots go (no hidden files), and the length is capped. The suffix is kept in
    lower case so the reader registry recognises it.
    """
    base = PurePosixPath(unicodedata.normalize("NFKC", uploaded).replace("\\", "/")).name
    path = PurePosixPath(base)
    suffix = _UNSAFE.sub("", path.suffix.lower())
    stem = _UNSAFE.sub("_", path.stem if suffix else base).strip("._-")
    stem = stem[: max(1, max_length - len(suffix))] or "upload"
    return stem + suffix


@dataclass(frozen=True)
class Checked:
    source: Path  # where Gradio put the upload
    name: str  # the safe name it will have in the uploads folder (and the document id)


def check_uploads(paths: list[Path], max_bytes: int) -> tuple[list[Checked], list[str]]:
    """Split uploads into those to index and one refusal line for each of the rest."""
    suffixes = accepted_suffixes()
    accepted: list[Checked] = []
    refused: list[str] = []
    seen: set[str] = set()
    for path in paths:
        name = safe_name(path.name)
        suffix = PurePosixPath(name).suffix
        if suffix not in suffixes:
            refused.append(f"{path.name}: cannot read {suffix or 'files without a type'}; accepted: {', '.join(suffixes)}")
            continue
        size = path.stat().st_size
        if size == 0:
            refused.append(f"{path.name}: the file is empty")
            continue
        if size > max_bytes:
            refused.append(f"{path.name}: {size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit; split it or index it with `qa build`")
            continue
        if name in seen:
            refused.append(f"{path.name}: another file in this upload has the same name")
            continue
        seen.add(name)
        accepted.append(Checked(path, name))
    return accepted, refused


__all__ = [
    "MAX_UPLOAD_MB",
    "Checked",
    "accepted_suffixes",
    "check_uploads",
    "esc",
    "facets",
    "render_answer",
    "render_citation",
    "render_info",
    "render_feedback_prompt",
    "render_notice",
    "render_question",
    "render_remove_confirm",
    "render_searched",
    "render_status",
    "safe_name",
    "shorten",
]
