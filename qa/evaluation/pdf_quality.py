"""`qa eval --pdf-quality [DIR]`: how well the PDF reader rebuilds paragraphs, file by file.

Answers cite paragraphs, so a paragraph cut in the middle of a sentence, or words the
reader lost, cost answers no matter how good retrieval is. This report reads every PDF
in DIR with the project's own reader (``qa.ingest.load_document``) and gives one row:

- pages, paragraphs;
- broken: the share of paragraphs that end mid-sentence while the next paragraph (same
  section, same or next page) carries on in lower case: the tell-tale of a paragraph
  split at a page, column or figure break;
- kept / extra: the reader's words against ``pdftotext`` (poppler, plain mode) as a
  reference that no code of ours wrote: kept is the share of pdftotext's words the reader
  also has, extra the share of the reader's words pdftotext lacks. Dropping page
  furniture (running heads, page numbers) lowers kept a little, and heading words live
  in the section, not the text, so kept is not meant to reach 100%;
- headings (distinct sections) and tables (paragraphs written as table rows,
  ``Name: value; Name: value``);
- pages read per second (best of 3 runs for files under 20 pages);
- prose: whether most of pdftotext's lines are long, i.e. whether the "broken <= 2%"
  target applies (a form or a page of tables is not prose).

The metric functions are pure (text in, numbers out) so a test can check them by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

from qa.config import DEFAULT_EVAL_OUT as EVAL_OUT
from qa.types import Paragraph

DEFAULT_DIR = Path("eval/corpora/pdf-dev")
DEFAULT_OUT = Path("eval/results/pdf-quality")
BROKEN_TARGET = 0.02  # the target for prose PDFs
PROSE_SHARE = 0.5  # a PDF is prose when more than this share of its lines ...
PROSE_WORDS = 6  # ... have at least this many words
REPEAT_BELOW_PAGES = 20  # smaller files are timed best of 3: one run is too noisy

# a sentence or clause ended: . ! ? : ; possibly followed by closing quotes or brackets
_CLOSED = re.compile(r"[.!?:;][\"'”’»)\]]*$")
# a word hyphenated at a line end ("govern-\nment", also soft hyphen and U+2010)
_LINE_END_HYPHEN = re.compile(r"(?<=\w)[-\u00ad\u2010][ \t]*\n\s*(?=\w)")
_TABLE_CELL = re.compile(r"^[^:;]{1,80}:\s+\S")


# ------------------------------------------------------------------ pure metrics


def is_broken(paragraph: Paragraph, following: Paragraph) -> bool:
    """``paragraph`` stops mid-sentence and ``following`` carries the sentence on.

    Only pairs in the same section and on the same or the next page count: across a
    heading or a jump of pages a lower-case start is a list item or a caption, not a
    split. A page that is not known (None) is not held against the pair.
    """
    if paragraph.section != following.section:
        return False
    if paragraph.page is not None and following.page is not None and following.page - paragraph.page not in (0, 1):
        return False
    start = following.text.lstrip()[:1]
    return start.isalpha() and start.islower() and not _CLOSED.search(paragraph.text.rstrip())


def broken_count(paragraphs: Sequence[Paragraph]) -> int:
    """How many paragraphs are broken mid-sentence (see ``is_broken``)."""
    return sum(is_broken(a, b) for a, b in zip(paragraphs, paragraphs[1:], strict=False))


def broken_share(paragraphs: Sequence[Paragraph]) -> float:
    """The share of paragraphs broken mid-sentence; 0 for no paragraphs."""
    return broken_count(paragraphs) / len(paragraphs) if paragraphs else 0.0


def word_counts(text: str) -> Counter[str]:
    """The words of ``text`` as a multiset: NFKC (ligatures "ﬁ" to "fi"), lower case,
    line-end hyphens joined, every character that is not a letter or digit removed
    ("anti-trafficking" and "anti-\\ntrafficking" both count as "antitrafficking")."""
    text = _LINE_END_HYPHEN.sub("", unicodedata.normalize("NFKC", text))
    words = ("".join(c for c in token if c.isalnum()) for token in text.lower().split())
    return Counter(w for w in words if w)


class WordMatch(NamedTuple):
    """The reader's words against a reference's, as counts (so totals can be pooled)."""

    shared: int  # sum over words of min(reader count, reference count)
    reference: int  # words in the reference
    reader: int  # words in the reader's text

    @property
    def kept(self) -> float:
        """Share of the reference's words the reader also has."""
        return self.shared / self.reference if self.reference else 0.0

    @property
    def extra(self) -> float:
        """Share of the reader's words the reference lacks."""
        return (self.reader - self.shared) / self.reader if self.reader else 0.0


def compare_words(reader_text: str, reference_text: str) -> WordMatch:
    reader, reference = word_counts(reader_text), word_counts(reference_text)
    shared = sum(min(n, reader[w]) for w, n in reference.items())
    return WordMatch(shared, sum(reference.values()), sum(reader.values()))


def long_line_share(text: str) -> float:
    """Share of the non-empty lines with at least PROSE_WORDS words: running text wraps
    in long lines, forms and tables break into short ones."""
    lines = [line for line in text.splitlines() if line.strip()]
    return sum(len(line.split()) >= PROSE_WORDS for line in lines) / len(lines) if lines else 0.0


def is_table_row(text: str) -> bool:
    """``Name: value; Name: value``: two or more ``; ``-separated ``key: value`` parts,
    the form the reader writes a table row in, so it reads as a sentence."""
    return sum(bool(_TABLE_CELL.match(part)) for part in text.split("; ")) >= 2


# ------------------------------------------------------------------ one file


@dataclass
class Row:
    """Every number for one PDF; None where it could not be measured."""

    file: str
    pages: int | None = None
    paragraphs: int | None = None
    broken: int | None = None
    broken_share: float | None = None
    reference_words: int | None = None  # pdftotext's
    reader_words: int | None = None
    shared_words: int | None = None
    kept: float | None = None
    extra: float | None = None
    headings: int | None = None
    tables: int | None = None
    seconds: float | None = None  # best of the timed runs
    runs: int | None = None
    pages_per_second: float | None = None
    long_lines: float | None = None
    prose: bool | None = None
    error: str | None = None  # why the reader refused the file


def pdftotext(path: Path, program: str | None) -> str | None:
    """pdftotext's plain text of ``path`` (UTF-8), or None without the program or on failure."""
    if program is None:
        return None
    run = subprocess.run([program, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=300, check=False)
    return run.stdout.decode("utf-8", "replace") if run.returncode == 0 else None


def page_count(path: Path) -> int | None:
    """Pages, from PDFium directly (not the reader), so a refused file still has its count."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except Exception:  # a file PDFium cannot open: the reader will say why
        return None
    try:
        return len(document)
    finally:
        document.close()


def measure(path: Path, program: str | None) -> Row:
    """One row: read ``path`` with the project's reader (timed) and compare with pdftotext."""
    from qa.ingest import UnreadableFile, load_document

    row = Row(path.name, pages=page_count(path))
    row.runs = 3 if (row.pages or 0) < REPEAT_BELOW_PAGES else 1
    times = []
    try:
        for _ in range(row.runs):
            start = time.perf_counter()
            document = load_document(path, path.name)
            times.append(time.perf_counter() - start)
    except UnreadableFile as reason:
        row.error, row.runs = str(reason), None
        return row
    paragraphs = document.paragraphs
    row.paragraphs = len(paragraphs)
    row.broken = broken_count(paragraphs)
    row.broken_share = broken_share(paragraphs)
    row.headings = len({p.section for p in paragraphs if p.section})
    row.tables = sum(is_table_row(p.text) for p in paragraphs)
    row.seconds = min(times)
    if row.pages:
        row.pages_per_second = row.pages / row.seconds
    reference = pdftotext(path, program)
    if reference is not None:
        match = compare_words("\n".join(p.text for p in paragraphs), reference)
        row.shared_words, row.reference_words, row.reader_words = match
        row.kept, row.extra = match.kept, match.extra
        row.long_lines = long_line_share(reference)
        row.prose = row.long_lines > PROSE_SHARE
    return row


# ------------------------------------------------------------------ the report


def total(rows: Sequence[Row]) -> Row:
    """All files pooled: shares over all paragraphs and words, pages per second as
    sum of pages / sum of seconds (so a long file weighs as much as its pages)."""
    read = [r for r in rows if r.error is None]
    row = Row("total", pages=sum(r.pages or 0 for r in read), paragraphs=sum(r.paragraphs or 0 for r in read))
    row.broken = sum(r.broken or 0 for r in read)
    row.broken_share = row.broken / row.paragraphs if row.paragraphs else 0.0
    row.headings, row.tables = sum(r.headings or 0 for r in read), sum(r.tables or 0 for r in read)
    row.seconds = sum(r.seconds or 0.0 for r in read)
    row.pages_per_second = row.pages / row.seconds if row.seconds else None
    compared = [r for r in read if r.reference_words is not None]
    if compared:
        match = WordMatch(*(sum(getattr(r, k) for r in compared) for k in ("shared_words", "reference_words", "reader_words")))
        row.shared_words, row.reference_words, row.reader_words = match
        row.kept, row.extra = match.kept, match.extra
    return row


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _cells(row: Row) -> list[str]:
    prose = "" if row.long_lines is None else f"{'yes' if row.prose else 'no'} ({row.long_lines:.0%})"
    if row.error is not None:
        return [row.file, prose, str(row.pages or ""), *[""] * 7, row.error.replace("|", "\\|")]
    rate = "" if row.pages_per_second is None else f"{row.pages_per_second:.1f}"
    return [
        row.file, prose, str(row.pages or ""), str(row.paragraphs), _pct(row.broken_share), _pct(row.kept), _pct(row.extra),
        str(row.headings), str(row.tables), rate, "",
    ]


def render_markdown(rows: Sequence[Row], folder: str, program: str | None) -> str:
    header = ["file", "prose", "pages", "paragraphs", "broken", "kept", "extra", "headings", "tables", "pages/s", "refused"]
    lines = [
        "# PDF paragraph quality",
        "",
        f"Folder: `{folder}` ({len(rows)} PDFs), read with `qa.ingest.load_document`.",
        "broken: paragraphs ending mid-sentence (no . ! ? : ;) whose next paragraph in the same section,",
        "on the same or next page, starts in lower case. kept: share of pdftotext's words (plain mode) the",
        "reader also has; extra: share of the reader's words pdftotext lacks. Dropping running heads and",
        "page numbers lowers kept a little, and heading words are in the section rather than the text, so",
        "kept below 100% is expected; a reader that turns body text into headings loses it here.",
        f"prose: more than {PROSE_SHARE:.0%} of pdftotext's lines (the share in brackets) have {PROSE_WORDS}+ words;",
        f"the target broken <= {BROKEN_TARGET:.0%} applies to prose PDFs. pages/s: best of 3 reads under",
        f"{REPEAT_BELOW_PAGES} pages, else 1; total: sum of pages / sum of seconds, shares pooled over all files.",
        "",
    ]
    if program is None:
        lines += ["pdftotext not found (install poppler-utils): the kept, extra and prose columns are empty.", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "|".join(["---", "---", *["---:"] * 8, "---"]) + "|"]
    lines += ["| " + " | ".join(_cells(row)) + " |" for row in [*rows, total(rows)]]
    prose = [r for r in rows if r.prose]
    over = [r.file for r in prose if (r.broken_share or 0) > BROKEN_TARGET]
    if program is not None:
        verdict = f"above it: {', '.join(over)}" if over else "all within it"
        lines += ["", f"Prose PDFs: {len(prose)} of {len(rows)}; broken <= {BROKEN_TARGET:.0%} target {verdict}."]
    return "\n".join(lines) + "\n"


def run(folder: Path) -> tuple[list[Row], str | None]:
    """A row per PDF in ``folder`` (sorted by name) and the pdftotext used (None: missing)."""
    program = shutil.which("pdftotext")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    return [measure(path, program) for path in files], program


def run_from_args(args: argparse.Namespace) -> int:
    """`qa eval --pdf-quality [DIR] [--out DIR]` (parsed by qa/evaluation/evaluate.py).

    ``--out`` left at `qa eval`'s default (eval/results) writes to eval/results/pdf-quality,
    so this report does not sit among the gold-set results.
    """
    folder = Path(args.pdf_quality)
    if not folder.is_dir():
        print(f"qa: error: no folder of PDFs at {folder}: give --pdf-quality DIR", file=sys.stderr)
        return 1
    rows, program = run(folder)
    if not rows:
        print(f"qa: error: no .pdf files in {folder}", file=sys.stderr)
        return 1
    markdown = render_markdown(rows, str(folder), program)
    print(markdown, end="")
    if not args.no_write:
        out = DEFAULT_OUT if args.out == EVAL_OUT else Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "pdf-quality.md").write_text(markdown, encoding="utf-8")
        payload = {
            "folder": str(folder), "pdftotext": program, "broken_target": BROKEN_TARGET,
            "files": [asdict(r) for r in rows], "total": asdict(total(rows)),
        }
        (out / "pdf-quality.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {out / 'pdf-quality.md'} and pdf-quality.json")
    return 0


__all__ = [
    "Row", "WordMatch", "broken_count", "broken_share", "compare_words", "is_broken", "is_table_row",
    "long_line_share", "measure", "render_markdown", "run", "run_from_args", "total", "word_counts",
]
