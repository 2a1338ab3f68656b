"""OCR of scanned reports (`qa build --ocr`): pages/s and words right on image-only PDFs.

    .venv/bin/python bench/ocr.py [--copies 2] [--scan-dpi 150 200 300]

Typesets the bundled report (``--copies`` country sections, running header, page
numbers, hyphenated words, paragraphs over page breaks), renders every page to a
grayscale image at each ``--scan-dpi`` (what a scanner gives), saves the images as an
image-only PDF and reads it with the qa PDF reader and OCR (pages rendered at 300 dpi
for Tesseract, one Tesseract process per core). Reported per scan resolution:

- pages/s: scanned pages read per second of wall time (rendering + Tesseract + rebuild);
- words right: share of the source words read back, word for word with punctuation
  (multiset recall over all rebuilt paragraphs; the running header and page numbers,
  dropped by the reader, are not source words);
- exact paragraphs: source paragraphs rebuilt word for word;
- right page: source paragraphs whose best-matching rebuilt paragraph (in reading
  order) starts on the page the paragraph starts on in the typeset PDF.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.ingest import ocr  # noqa: E402
from qa.ingest.pdf import read_pdf  # noqa: E402
from tests.test_ocr import scan, words_right  # noqa: E402
from tests.test_readers import make_pdf  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--copies", type=int, default=2, help="country sections (about 2 pages each)")
    options.add_argument("--scan-dpi", type=int, nargs="+", default=[150, 200, 300], help="resolutions of the page images")
    args = options.parse_args(argv)
    if not ocr.available():
        print(f"bench/ocr.py: Tesseract is not installed: {ocr.INSTALL_HINT}", file=sys.stderr)
        return 1

    source = [line for line in (ROOT / "data" / "tip-2021-tajikistan-protection.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    blocks = []
    for n in range(args.copies):
        blocks += [("h1", f"Country {n + 1}"), ("h2", "PROTECTION")] + [("p", p) for p in source]
    paragraph_of = [n for n, (kind, _) in enumerate(blocks) if kind == "p"]
    truth = [p for _ in range(args.copies) for p in source]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        typed = Path(folder) / "typed.pdf"
        layout = make_pdf(typed, blocks, break_words={"governmental": 6, "international": 5}, lines_per_page=40)
        first_page: dict[int, int] = {}
        for block, page in layout:
            first_page.setdefault(block, page)
        for dpi in args.scan_dpi:
            scanned = scan(typed, Path(folder) / f"scan-{dpi}.pdf", dpi=dpi)
            started = time.perf_counter()
            result = read_pdf(scanned, ocr=True)
            seconds = time.perf_counter() - started
            pages = max(first_page.values())
            rebuilt = result.paragraphs
            read = " ".join(p.text for p in rebuilt).split()
            right = words_right(" ".join(truth).split(), read)
            exact = sum((Counter(p.text for p in rebuilt) & Counter(truth)).values())
            on_page, start = 0, 0
            for text, block in zip(truth, paragraph_of, strict=True):  # in order: the copies repeat the text
                words = text.split()
                ratios = [difflib.SequenceMatcher(None, words, p.text.split(), autojunk=False).ratio() for p in rebuilt[start : start + 3]]  # the next few: headings may read as paragraphs
                if ratios:
                    best = start + ratios.index(max(ratios))
                    on_page += rebuilt[best].page == first_page[block]
                    start = best + 1
            rows.append((dpi, pages, seconds, right, exact, on_page, len(truth)))

    version = os.popen("tesseract --version 2>&1").readline().strip()  # noqa: S605 - fixed command, for the table header
    print(f"{version} ({shutil.which('tesseract')}), {os.cpu_count()} cores, OCR render {ocr.DPI} dpi, language {ocr.LANGUAGE}\n")
    print("| scan dpi | pages | seconds | pages/s | words right | exact paragraphs | right page |")
    print("| -------: | ----: | ------: | ------: | ----------: | ---------------: | ---------: |")
    for dpi, pages, seconds, right, exact, on_page, total in rows:
        print(f"| {dpi:8} | {pages:5} | {seconds:7.1f} | {pages / seconds:7.2f} | {right:11.4f} | {exact:>12}/{total} | {on_page:>7}/{total} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
