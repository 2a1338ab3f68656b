"""Answers as text for people: the terminal view and the Markdown brief.

Shared by `qa ask --format md` and the app's "Download brief", so a brief reads the
same wherever it was made.
"""

from __future__ import annotations

from collections.abc import Iterable

from qa.types import Answer, Citation


def where(citation: Citation) -> str:
    """"doc (2021), section, p. 3, ¶ 2": everything a reader needs to find the words.

    The year (document metadata) keeps two near-identical reports of different years apart."""
    year = citation.meta.get("year")
    parts = [f"{citation.doc} ({year})" if year else citation.doc]
    if citation.section:
        parts.append(citation.section)
    if citation.page is not None:
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


def confidence_words(answer: Answer) -> str:
    """"confidence 0.86, likely right": the number with what it means for a reader."""
    if answer.abstained:
        return f"confidence {answer.confidence:.2f}, not answered"
    if answer.confidence >= LIKELY:
        return f"confidence {answer.confidence:.2f}, likely right"
    if answer.confidence >= 0.5:
        return f"confidence {answer.confidence:.2f}, check the passage"
    return f"confidence {answer.confidence:.2f}, unlikely: read the passages"


def render_text(answer: Answer, color: bool = False) -> str:
    bold, dim, reset = ("\033[1m", "\033[2m", "\033[0m") if color else ("", "", "")
    lines = [f"Q: {answer.question}"]
    if answer.abstained:
        lines.append(f"A: {NO_ANSWER} ({confidence_words(answer)}); closest passages:")
    else:
        lines.append(f"A: {bold}{answer.answer}{reset} [1] ({confidence_words(answer)})")
    for n, citation in enumerate(answer.citations, start=1):
        lines.append(f"{dim}[{n}] {where(citation)} (score {citation.score:.2f}){reset}")
        lines.append("    " + _marked(citation, bold + ">>", "<<" + reset))
    return "\n".join(lines)


def _quote(text: str) -> str:
    return text.replace("\n", " ")


def render_markdown(answers: Iterable[Answer], title: str = "Brief") -> str:
    """A brief to paste into a document: question, answer, numbered citations."""
    out = [f"# {title}", ""]
    for number, answer in enumerate(answers, start=1):
        out.append(f"## {number}. {_quote(answer.question)}")
        out.append("")
        if answer.abstained:
            out.append(f"**Answer:** _{NO_ANSWER}_ ({confidence_words(answer)})")
            out.append("")
            out.append("Closest passages (not an answer):")
        else:
            out.append(f"**Answer:** {_quote(answer.answer or '')} [1] ({confidence_words(answer)})")
        out.append("")
        for n, citation in enumerate(answer.citations, start=1):
            out.append(f"{n}. {where(citation)}: \u201c{_quote(_marked(citation, '**', '**'))}\u201d")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
