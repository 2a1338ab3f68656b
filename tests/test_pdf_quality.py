"""`qa eval --pdf-quality`: the metrics by hand, then one report on two real PDFs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.cli import main
from qa.evaluation.pdf_quality import (
    broken_count,
    broken_share,
    compare_words,
    is_table_row,
    long_line_share,
    word_counts,
)
from qa.types import Paragraph

PDF_DEV = Path(__file__).resolve().parents[1] / "eval" / "corpora" / "pdf-dev"


def test_broken_share_counts_only_a_lower_case_carry_on_nearby():
    paragraphs = [
        Paragraph(1, "The fund grew in", "A", 1),  # broken: 2 goes on in lower case, same section and page
        Paragraph(2, "many ways and then it shrank", "A", 1),  # not: 3 starts upper case
        Paragraph(3, "Then the grants", "A", 1),  # broken: 4 goes on, on the next page
        Paragraph(4, "were cut (see below:)", "A", 2),  # not: closed by ":" before the ")"
        Paragraph(5, "and more", "A", 2),  # not: the last paragraph
    ]
    assert broken_count(paragraphs) == 2
    assert broken_share(paragraphs) == pytest.approx(2 / 5)


def test_broken_share_ignores_other_sections_far_pages_and_closed_sentences():
    assert broken_share([]) == 0.0
    assert broken_share([Paragraph(1, "Cut here", "A", 1), Paragraph(2, "then on", "B", 1)]) == 0.0  # another section
    assert broken_share([Paragraph(1, "Cut here", "A", 1), Paragraph(2, "then on", "A", 3)]) == 0.0  # two pages on
    assert broken_share([Paragraph(1, 'He said "stop."', "A", 1), Paragraph(2, "then on", "A", 1)]) == 0.0
    assert broken_share([Paragraph(1, "Items;", None, None), Paragraph(2, "then on", None, None)]) == 0.0
    assert broken_share([Paragraph(1, "Cut here", None, None), Paragraph(2, "then on", None, None)]) == 0.5


def test_words_kept_joins_line_end_hyphens_and_counts_a_multiset():
    reference = "The govern-\nment funded the shel-\nter, the anti-\ntrafficking unit."
    # pdftotext words: the, government, funded, the, shelter, the, antitrafficking, unit  (8)
    assert word_counts(reference) == {"the": 3, "government": 1, "funded": 1, "shelter": 1, "antitrafficking": 1, "unit": 1}
    reader = "The Government funded the anti-trafficking unit. Page 3"
    # reader words: the x2, government, funded, antitrafficking, unit, page, 3  (8)
    # shared: the 2 (of 3), government, funded, antitrafficking, unit = 6 of 8; extra: page, 3 = 2 of 8
    match = compare_words(reader, reference)
    assert (match.shared, match.reference, match.reader) == (6, 8, 8)
    assert match.kept == pytest.approx(6 / 8)
    assert match.extra == pytest.approx(2 / 8)
    assert compare_words("", "").kept == 0.0


def test_ligatures_fold_and_prose_and_table_rows():
    assert word_counts("ﬁnal ofﬁce") == {"final": 1, "office": 1}
    assert long_line_share("one two three four five six\nshort line\n\n") == pytest.approx(0.5)
    assert is_table_row("State: Texas; Checks: 1,024; Permits: 12")
    assert not is_table_row("Note: one part only")
    assert not is_table_row("A sentence; with a semicolon, but no keys.")


def test_report_on_two_real_pdfs(tmp_path, capsys):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    names = ["gao-23-106826-cybersecurity-strategy.pdf", "irs-notice-1036-2011.pdf"]
    for name in names:
        shutil.copy(PDF_DEV / name, folder / name)
    out = tmp_path / "out"
    assert main(["eval", "--pdf-quality", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| file |" in printed and "| total |" in printed
    report = json.loads((out / "pdf-quality.json").read_text(encoding="utf-8"))
    assert (out / "pdf-quality.md").read_text(encoding="utf-8") in printed
    rows = {row["file"]: row for row in report["files"]}
    assert sorted(rows) == sorted(names)
    for row in rows.values():
        assert row["error"] is None
        assert row["pages"] > 0 and row["paragraphs"] > 0 and row["pages_per_second"] > 0
        assert 0.0 <= row["broken_share"] <= 1.0
        if report["pdftotext"]:
            assert 0.5 <= row["kept"] <= 1.0  # the reader keeps most of the words
            assert 0.0 <= row["extra"] <= 1.0
            assert isinstance(row["prose"], bool)
    assert report["total"]["pages"] == sum(row["pages"] for row in rows.values())


def test_a_refused_file_gets_a_reason_and_no_pdftotext_leaves_words_empty(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    shutil.copy(PDF_DEV / "fbi-nics-background-checks-2015-11.pdf", folder / "fbi.pdf")
    monkeypatch.setattr("qa.evaluation.pdf_quality.shutil.which", lambda name: None)
    out = tmp_path / "out"
    assert main(["eval", "--pdf-quality", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "pdftotext not found" in printed and "Traceback" not in printed
    rows = {row["file"]: row for row in json.loads((out / "pdf-quality.json").read_text(encoding="utf-8"))["files"]}
    assert rows["empty.pdf"]["error"] and rows["empty.pdf"]["paragraphs"] is None
    assert rows["fbi.pdf"]["paragraphs"] > 0 and rows["fbi.pdf"]["kept"] is None and rows["fbi.pdf"]["prose"] is None
