"""Which PDF engine? Speed (pages/s) and text quality on a generated report.

    .venv/bin/python bench/pdf_readers.py [--copies 40] [--justify --columns 2]

Builds a report-like PDF (running header, page numbers, hyphenated words, paragraphs
over page breaks) from the bundled report's paragraphs repeated under different
country headings, then times each installed library's raw text extraction (pypdfium2,
and if installed PyMuPDF, pypdf, pdfplumber) and our full reader (lines -> rebuilt
paragraphs) on PDFium lines (the default) and, when PyMuPDF is installed, on PyMuPDF
lines (the engine used before; AGPL, not a dependency: `pip install pymupdf` to
compare), and scores the text against the source:

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

from qa.ingest.pdf import Line, read_pdf, rebuild  # noqa: E402
from qa.ingest.pdf_lines import EDGE  # noqa: E402
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


def mupdf_lines(page, number: int) -> list[Line]:
    """The previous reader's line extraction (PyMuPDF), kept here to measure against."""
    import pymupdf

    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_LIGATURES & ~pymupdf.TEXT_PRESERVE_IMAGES
    height = page.rect.height or 1.0
    lines = []
    for block in page.get_text("dict", flags=flags)["blocks"]:
        for line in block.get("lines", []):
            spans = [s for s in line["spans"] if s["text"].strip()]
            if abs(line["dir"][1]) > 0.01 or not spans:
                continue
            weights: Counter[float] = Counter()
            for span in spans:
                weights[round(span["size"], 1)] += len(span["text"].strip())
            bold = all(span["flags"] & 16 or "bold" in span["font"].lower() for span in spans)
            x0, y0, x1, y1 = line["bbox"]
            text = " ".join("".join(s["text"] for s in line["spans"]).split())
            lines.append(Line(number, text, x0, y0, x1, y1, weights.most_common(1)[0][0], bold, y1 < height * EDGE or y0 > height * (1 - EDGE)))
    return lines


def installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


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

    import pypdfium2

    source = [line for line in (ROOT / "data" / "tip-2021-tajikistan-protection.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    blocks, headings = [], {"PROTECTION"}
    for n in range(args.copies):
        blocks += [("h1", f"Country {n + 1}"), ("h2", "PROTECTION")] + [("p", p) for p in source]
        headings.add(f"Country {n + 1}")
    breaks = {"governmental": 6, "international": 5, "organization": 6, "reintegration": 2}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        make_pdf(path, blocks, break_words=breaks, justify=args.justify, columns=args.columns)
        pages = len(pypdfium2.PdfDocument(path))
        truth = " ".join(p for _ in range(args.copies) for p in source)
        truth_words = _words(truth)
        apostrophes = truth.count("’")

        def pdfium_text() -> str:
            document = pypdfium2.PdfDocument(path)
            try:
                return "\n".join(page.get_textpage().get_text_range().replace("\ufffe", "-") for page in document)
            finally:
                document.close()

        def mupdf_text() -> str:
            import pymupdf

            with pymupdf.open(path) as document:
                return "\n".join(page.get_text() for page in document)

        def pypdf_text() -> str:
            import pypdf

            return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)

        def pypdf_layout() -> str:
            import pypdf

            return "\n".join(page.extract_text(extraction_mode="layout") for page in pypdf.PdfReader(path).pages)

        def plumber_text() -> str:
            import pdfplumber

            with pdfplumber.open(path) as document:
                return "\n".join(page.extract_text() or "" for page in document.pages)

        def mupdf_reader():
            import pymupdf

            with pymupdf.open(path) as document:
                return rebuild([mupdf_lines(page, n) for n, page in enumerate(document, start=1)])

        raw = [
            ("pypdfium2 get_text_range() (raw)", "pypdfium2", pdfium_text),
            ("PyMuPDF get_text() (raw)", "pymupdf", mupdf_text),
            ("pypdf extract_text() (raw)", "pypdf", pypdf_text),
            ("pypdf layout mode (raw)", "pypdf", pypdf_layout),
            ("pdfplumber extract_text() (raw)", "pdfplumber", plumber_text),
        ]
        rows = []
        for name, module, function in raw:
            if not installed(module):
                continue
            seconds, text = best_of(args.repeat, function)
            body = _body(text, headings)
            ratio = difflib.SequenceMatcher(None, truth_words, _words(body), autojunk=False).ratio()
            rows.append((name, pages / seconds, ratio, body.count("’") / apostrophes, None))
        readers = [("qa reader: PDFium lines + rebuild", lambda: read_pdf(path).paragraphs)]
        if installed("pymupdf"):
            readers.append(("qa reader: PyMuPDF lines + rebuild", mupdf_reader))
        for name, function in readers:
            seconds, paragraphs = best_of(args.repeat, function)
            rebuilt = [p.text for p in paragraphs]
            exact = sum((Counter(rebuilt) & Counter(p for _ in range(args.copies) for p in source)).values())
            words = " ".join(rebuilt).split()
            ratio = difflib.SequenceMatcher(None, truth_words, words, autojunk=False).ratio()
            rows.append((name, pages / seconds, ratio, " ".join(rebuilt).count("’") / apostrophes, f"{exact}/{len(source) * args.copies}"))

    print(f"{pages} pages, {len(truth_words)} words, {apostrophes} typographic apostrophes; best of {args.repeat}\n")
    print(f"| {'extraction':<38} | pages/s | word similarity | apostrophes kept | exact paragraphs |")
    print(f"| {'-' * 38} | ------: | --------------: | ---------------: | ---------------: |")
    for name, speed, ratio, kept, exact in rows:
        print(f"| {name:<38} | {speed:7.0f} | {ratio:15.4f} | {kept:16.0%} | {exact or '-':>16} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
