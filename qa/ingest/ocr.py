"""OCR for PDF pages without a text layer (scanned reports), with Tesseract.

Opt-in (``qa build --ocr``): OCR is slow (about a second a page per core) and needs
Tesseract, a system program (Debian's ``tesseract-ocr``, Apache-2.0), so a default
build never runs it and a scanned file is skipped with a hint instead.

Each page is rendered to a 300 dpi grayscale image by PDFium (the engine that reads
the text layers) and sent to the ``tesseract`` binary, whose TSV output gives every
word with its box and its block, paragraph and line. The words become the same
positioned ``Line``s a text layer gives, so running headers, hyphenation, paragraph
and page-break rules apply to scanned pages unchanged. Pages are recognised in
parallel, one Tesseract process per core (each on one thread: Tesseract's own
threading gains little and fights the other processes), with a progress bar per page.

What OCR cannot say: font weight (no bold headings on scanned pages; a line at least
40% taller than the page's usual line is still a heading by size).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from statistics import median

from qa.ingest.pdf_lines import EDGE, Line

DPI = 300
LANGUAGE = os.environ.get("QA_OCR_LANG", "eng")  # Tesseract language codes, e.g. "eng+fra"
INSTALL_HINT = (
    "install Tesseract (Debian/Ubuntu: `apt-get install tesseract-ocr tesseract-ocr-eng`, "
    "macOS: `brew install tesseract`) and index again with --ocr"
)
TIMEOUT = 300  # seconds for one page: a page that takes longer is not a text page
TALLER = 1.4  # a line this much taller than the page's median line is set larger (a heading)


class OCRFailed(Exception):
    """Tesseract could not read a page; the message says which and why."""


def available() -> bool:
    """Whether the ``tesseract`` program is on PATH."""
    return shutil.which("tesseract") is not None


def _words(tsv: str) -> Iterator[dict[str, str]]:
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip() and row.get("conf") != "-1":
            yield row


def tsv_lines(tsv: str, number: int, scale: float, page_height: float) -> list[Line]:
    """Tesseract's TSV words grouped into its lines, boxes in PDF points (image pixels / ``scale``)."""
    grouped: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for word in _words(tsv):
        grouped.setdefault((word["block_num"], word["par_num"], word["line_num"]), []).append(word)
    lines = []
    for words in grouped.values():
        left = min(int(w["left"]) for w in words)
        top = min(int(w["top"]) for w in words)
        right = max(int(w["left"]) + int(w["width"]) for w in words)
        bottom = max(int(w["top"]) + int(w["height"]) for w in words)
        y0, y1 = top / scale, bottom / scale
        lines.append(
            Line(
                page=number,
                text=" ".join(w["text"].strip() for w in words),
                x0=left / scale, y0=y0, x1=right / scale, y1=y1,
                size=round(y1 - y0, 1),
                bold=False,
                edge=y1 < page_height * EDGE or y0 > page_height * (1 - EDGE),
            )
        )
    # A line's box height varies with its letters (ascenders, descenders, capitals):
    # lines near the page's usual height are one body size, clearly taller ones keep theirs.
    if lines:
        usual = median(x.size for x in lines)
        for x in lines:
            x.size = x.size if x.size >= TALLER * usual else usual
    return lines


def _tesseract(image: bytes, number: int) -> str:
    environment = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "tsv"],
            input=image, capture_output=True, timeout=TIMEOUT, env=environment, check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise OCRFailed(f"OCR of page {number} took over {TIMEOUT} s: run `ocrmypdf` on the file first and index its output") from error
    if done.returncode != 0:
        reason = (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise OCRFailed(f"Tesseract failed on page {number} ({reason}): check `tesseract --list-langs` holds {LANGUAGE}, or run `ocrmypdf` first")
    return done.stdout.decode("utf-8", errors="replace")


def _render(document, number: int) -> tuple[bytes, float]:
    """Page ``number`` as a grayscale PGM image and its height in points (uncompressed: cheap to write and for Tesseract to read)."""
    page = document[number - 1]
    try:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    return buffer.getvalue(), image.height * 72 / DPI  # the page's displayed height in points


def ocr_pages(document, numbers: list[int], *, progress: bool = False, label: str = "OCR") -> dict[int, list[Line]]:
    """Lines read by OCR from pages ``numbers`` (1-based) of a pypdfium2 ``document``.

    Pages are rendered here one at a time (PDFium is not thread-safe) and recognised
    by one Tesseract process per core, at most two images per process in flight, so
    memory stays flat on a long scan. Raises OCRFailed with the page and what to do.
    """
    from tqdm import tqdm

    workers = max(1, min(os.cpu_count() or 1, len(numbers)))
    results: dict[int, list[Line]] = {}
    with ThreadPoolExecutor(workers) as pool, tqdm(total=len(numbers), desc=label, unit="page", disable=not progress, leave=False) as bar:
        running: dict[int, tuple[Future[str], float]] = {}

        def collect(number: int) -> None:
            future, height = running.pop(number)
            results[number] = tsv_lines(future.result(), number, DPI / 72, height)
            bar.update(1)

        for number in numbers:
            image, height = _render(document, number)
            running[number] = (pool.submit(_tesseract, image, number), height)
            while len(running) >= 2 * workers:
                collect(min(running))
        for number in sorted(running):
            collect(number)
    return results
