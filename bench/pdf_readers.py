"""PyMuPDF or pypdf for PDF text? Speed (pages/s) and text quality on a generated report.

    .venv/bin/python bench/pdf_readers.py [--copies 40]

Builds a report-like PDF (running header, page numbers, hyphenated words, paragraphs
over page breaks) from the bundled report's paragraphs repeated under different
country headings, then times each library's raw text extraction and our full reader
(PyMuPDF lines -> rebuilt paragraphs), and scores the text against the source:

- word similarity: difflib ratio between the source words and the extracted words
  (header, page numbers and headings removed from both sides, so it measures the body);
- apostrophes: how many of the source's typographic apostrophes survive;
- exact paragraphs (our reader only): source paragraphs found, word for word, among
  the rebuilt ones.

Timings on a shared machine are noisy: the table prints the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.readers.pdf import read_pdf  # noqa: E402
from tests.test_readers import make_pdf  # noqa: E402

HEADER = "Trafficking in Persons Report"


def _words(text: str) -> list[str]:
    return text.split()


def _body(text: str, headings: set[str]) -> str:
    lines = [line for line in text.splitlines() if line.strip() and line.strip() != HEADER and not re.fullmatch(r"\s*\d+\s*", line)]
    lines = [line for line in lines if line.strip() not in headings]
    joined = "\n".join(lines)
    # Undo line-end hyphenation the naive way, the same for both libraries.
    joined = re.sub(r"(\w)-\n(\w)", r"\1\2", joined)
    return joined.replace("\n", " ")


def best_of(repeat: int, function) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--copies", type=int, default=60, help="country sections (about 3 pages each)")
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--justify", action="store_true", help="justified body text (word spacing stretched)")
    options.add_argument("--columns", type=int, default=1, help="text columns per page (the TIP report has 2)")
    args = options.parse_args(argv)

    import pymupdf
    import pypdf

    source = [line for line in (ROOT / "data" / "tip-2021-tajikistan-protection.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    blocks, headings = [], {"PROTECTION"}
    for n in range(args.copies):
        blocks += [("h1", f"Country {n + 1}"), ("h2", "PROTECTION")] + [("p", p) for p in source]
        headings.add(f"Country {n + 1}")
    breaks = {"governmental": 6, "international": 5, "organization": 6, "reintegration": 2}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        make_pdf(path, blocks, break_words=breaks, justify=args.justify, columns=args.columns)
        with pymupdf.open(path) as document:
            pages = document.page_count
        truth = " ".join(p for _ in range(args.copies) for p in source)
        truth_words = _words(truth)
        apostrophes = truth.count("’")

        def mupdf_text() -> str:
            with pymupdf.open(path) as document:
                return "\n".join(page.get_text() for page in document)

        def pypdf_text() -> str:
            return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)

        def pypdf_layout() -> str:
            return "\n".join(page.extract_text(extraction_mode="layout") for page in pypdf.PdfReader(path).pages)

        rows = []
        for name, function in (("PyMuPDF get_text()", mupdf_text), ("pypdf extract_text()", pypdf_text), ("pypdf layout mode", pypdf_layout)):
            seconds, text = best_of(args.repeat, function)
            body = _body(text, headings)
            ratio = difflib.SequenceMatcher(None, truth_words, _words(body), autojunk=False).ratio()
            rows.append((name, pages / seconds, ratio, body.count("’") / apostrophes, None))
        seconds, result = best_of(args.repeat, lambda: read_pdf(path))
        rebuilt = [p.text for p in result.paragraphs]
        exact = sum((Counter(rebuilt) & Counter(p for _ in range(args.copies) for p in source)).values())
        words = " ".join(rebuilt).split()
        ratio = difflib.SequenceMatcher(None, truth_words, words, autojunk=False).ratio()
        rows.append(("qa reader (PyMuPDF lines + rebuild)", pages / seconds, ratio, " ".join(rebuilt).count("’") / apostrophes, f"{exact}/{len(source) * args.copies}"))

    print(f"{pages} pages, {len(truth_words)} words, {apostrophes} typographic apostrophes; best of {args.repeat}\n")
    print(f"| {'extraction':<36} | pages/s | word similarity | apostrophes kept | exact paragraphs |")
    print(f"| {'-' * 36} | ------: | --------------: | ---------------: | ---------------: |")
    for name, speed, ratio, kept, exact in rows:
        print(f"| {name:<36} | {speed:7.0f} | {ratio:15.4f} | {kept:16.0%} | {exact or '-':>16} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
