"""Bad files: each gives one warning line naming the file and what to do, the rest of
the folder is indexed, and a failed build never leaves a half-written index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa import cli
from qa.errors import InputError
from qa.index.build import build_index
from qa.index.store import read_index
from qa.ingest import UnreadableFile, load_documents
from qa.ingest.pdf import read_pdf
from tests.conftest import REPORT


def _pdf(path: Path, text: str | None = None, image: bool = False, user_pw: str | None = None) -> Path:
    """A one-page PDF (fpdf2): with ``text``, an ``image`` only (a scan), or nothing;
    encrypted when ``user_pw`` is given ("" = owner password only)."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(unit="pt")
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.text(72, 72, text)
    if image:
        pdf.image(Image.new("RGB", (40, 40), (180, 180, 180)), x=72, y=72, w=228, h=228)
    if user_pw is not None:
        pdf.set_encryption(owner_password="owner", user_password=user_pw)  # RC4: built into fpdf2
    pdf.output(str(path))
    return path


def _encrypted(path: Path, user_pw: str) -> Path:
    return _pdf(path, "The shelter received funding.", user_pw=user_pw)


BAD = {
    "locked.pdf": ("encrypted", "qpdf --decrypt"),
    "scan.pdf": ("no text layer", "ocrmypdf scan.pdf"),
    "blank.pdf": ("no text on its 1 page(s)", "nothing to index"),
    "garbage.pdf": ("damaged or not a PDF", "qpdf garbage.pdf"),
    "error-page.pdf": ("not a PDF (the file holds HTML", "re-download"),
    "truncated.pdf": ("damaged or not a PDF", "re-download"),
    "zero.pdf": ("empty (0 bytes)", "nothing to index"),
    "broken.docx": ("not a Word .docx file", "re-save it as .docx"),
}


@pytest.fixture()
def bad_folder(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REPORT, folder / REPORT.name)
    _encrypted(folder / "locked.pdf", user_pw="secret")
    _pdf(folder / "scan.pdf", image=True)
    _pdf(folder / "blank.pdf")
    (folder / "garbage.pdf").write_bytes(bytes(range(256)) * 8)
    (folder / "error-page.pdf").write_bytes(b"<html><body>404 Not Found</body></html>")
    (folder / "truncated.pdf").write_bytes(_pdf(tmp_path / "whole.pdf", "Some text.").read_bytes()[:300])
    (folder / "zero.pdf").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return folder


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_gives_one_line_naming_it_and_what_to_do(bad_folder, name):
    documents, warnings = load_documents([bad_folder])
    assert [d.id for d in documents] == [REPORT.name]
    [warning] = [w for w in warnings if f"{name}:" in w]
    assert "\n" not in warning
    assert str(bad_folder / name) in warning
    for expected in BAD[name]:
        assert expected in warning


def test_each_bad_pdf_raises_unreadable_file_from_the_reader(bad_folder):
    for name in (n for n in BAD if n.endswith(".pdf")):
        with pytest.raises(UnreadableFile):
            read_pdf(bad_folder / name)


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    """Permissions-only encryption (no password to open) is common in published reports."""
    [document], warnings = load_documents([_encrypted(tmp_path / "owner.pdf", user_pw="")])
    assert warnings == []
    assert [p.text for p in document.paragraphs] == ["The shelter received funding."]


def test_build_indexes_the_rest_and_the_cli_prints_one_warning_per_file(bad_folder, tmp_path, encoder, capsys):
    report = build_index([bad_folder], tmp_path / "index", encoder=encoder)
    assert report.documents == 1 and len(report.warnings) == len(BAD)
    assert list(read_index(tmp_path / "index").documents) == [REPORT.name]

    assert cli.main(["build", str(bad_folder), "--index", str(tmp_path / "index"), "--quiet"]) == 0
    err = capsys.readouterr().err.splitlines()
    warnings = [line for line in err if line.startswith("qa: warning: skipped")]
    assert len(warnings) == len(BAD)
    assert any("scan.pdf" in w and "run OCR first" in w for w in warnings)


def test_a_build_of_only_bad_files_leaves_the_previous_index(bad_folder, tmp_path, encoder):
    index = tmp_path / "index"
    build_index([REPORT], index, encoder=encoder)
    (bad_folder / REPORT.name).unlink()
    with pytest.raises(InputError) as error:
        build_index([bad_folder], index, encoder=encoder)
    assert "locked.pdf" in str(error.value)
    assert list(read_index(index).documents) == [REPORT.name]


def test_a_build_that_fails_while_embedding_leaves_the_previous_index(tmp_path, encoder):
    class Failing:
        name, dimension, max_seq_length = encoder.name, encoder.dimension, encoder.max_seq_length

        def count_tokens(self, text):
            return encoder.count_tokens(text)

        def encode(self, *args, **kwargs):
            raise RuntimeError("out of memory half-way")

    index = tmp_path / "index"
    build_index([REPORT], index, encoder=encoder)
    before = (index / "CURRENT").read_text()
    extra = tmp_path / "more"
    extra.mkdir()
    shutil.copy(REPORT, extra / REPORT.name)
    (extra / "new.txt").write_text("A paragraph the model must embed.", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build_index([extra], index, encoder=Failing())
    assert (index / "CURRENT").read_text() == before
    data = read_index(index)
    assert list(data.documents) == [REPORT.name] and len(data.passages) == data.dense.ntotal
