"""Scanned reports (`qa build --ocr`): the bundled report rendered to page images only,
as a scanner would give it, must come back through Tesseract well enough that a
question finds its paragraph and cites the page it starts on; without --ocr, or
without Tesseract, the file is skipped with a line saying what to do."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from qa import cli
from qa.ingest import load_documents, ocr
from tests.test_readers import make_pdf, report_blocks

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed: `make test` installs Debian's tesseract-ocr (apt-get install tesseract-ocr tesseract-ocr-eng)",
)
SHELTER = "How much did the government fund the shelter in 2020?"


def scan(source: Path, target: Path, dpi: int = 200) -> Path:
    """An image-only copy of ``source``: each page rendered by PDFium, saved by Pillow as a PDF of images."""
    import pypdfium2

    document = pypdfium2.PdfDocument(source)
    try:
        images = [document[n].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in range(len(document))]
    finally:
        document.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def words_right(source: list[str], read: list[str]) -> float:
    """Share of the source words read back (as a multiset: each source word counts once
    per occurrence, punctuation and case included; robust to repeated text, which
    throws an in-order alignment off)."""
    return sum((Counter(source) & Counter(read)).values()) / len(source)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, report_paragraphs) -> tuple[Path, dict[int, int]]:
    """The report as a 3-page scan, and the page each paragraph starts on."""
    folder = tmp_path_factory.mktemp("scan")
    layout = make_pdf(folder / "typed.pdf", report_blocks(report_paragraphs), lines_per_page=28)
    first_page: dict[int, int] = {}
    for block, page in layout:
        first_page.setdefault(block - 2, page)  # blocks 0 and 1 are the headings
    return scan(folder / "typed.pdf", folder / "scan.pdf"), first_page


def test_a_scan_without_ocr_is_skipped_with_the_hint(scanned):
    documents, [warning] = load_documents([scanned[0]])
    assert documents == []
    assert "no text layer" in warning and "--ocr" in warning and "ocrmypdf scan.pdf" in warning


def test_ocr_without_tesseract_says_how_to_install_it(scanned, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    documents, [warning] = load_documents([scanned[0]], ocr=True)
    assert documents == []
    assert "needs Tesseract" in warning and "apt-get install tesseract-ocr" in warning and "\n" not in warning


def test_qa_build_and_add_take_ocr():
    assert cli.parser().parse_args(["build", "scans/", "--ocr"]).ocr is True
    assert cli.parser().parse_args(["add", "scan.pdf", "--ocr"]).ocr is True
    assert cli.parser().parse_args(["build", "scans/"]).ocr is False


@needs_tesseract
@pytest.mark.slow
def test_ocr_reads_the_scan_back(scanned, report_paragraphs):
    path, first_page = scanned
    [document], warnings = load_documents([path], ocr=True)
    assert warnings == []
    head = "Trafficking in Persons Report"
    # the running header leaves the text on scans too (it may follow the text once, alone)
    assert all(head not in p.text or p.text == head for p in document.paragraphs)
    read = " ".join(p.text for p in document.paragraphs if p.text != head).split()
    assert words_right(" ".join(report_paragraphs).split(), read) >= 0.97
    for n, source in enumerate(report_paragraphs):  # each paragraph comes back whole, with the page it starts on
        best = max(document.paragraphs, key=lambda p: words_right(source.split(), p.text.split()))
        assert words_right(source.split(), best.text.split()) >= 0.95
        assert best.page == first_page[n]
    assert sorted(set(first_page.values())) == [1, 2, 3]


@needs_tesseract
@pytest.mark.slow
def test_a_question_finds_the_scanned_paragraph_and_cites_its_page(scanned, tmp_path, encoder):
    from qa.engine import Engine
    from qa.index.build import build_index

    path, first_page = scanned
    build_index([path], tmp_path / "index", encoder=encoder, ocr=True)
    answer = Engine.load(tmp_path / "index", encoder=encoder).ask(SHELTER)
    assert not answer.abstained and "253,670" in answer.answer
    top = answer.citations[0]
    assert top.doc == "scan.pdf" and "253,670 Tajikistani somoni" in top.text
    assert top.page == first_page[1] and top.page > 1  # the shelter paragraph, the report's second, starts on page 2
