"""Many documents: the synthetic corpus (data/synthetic/corpus) plus the bundled report
as a PDF, in four formats, with metadata; scoping, filters, two years of a near-identical
report, incremental updates and removal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa import cli
from qa.engine import Engine
from qa.errors import InputError
from qa.index.build import build_index
from qa.index.store import read_index
from qa.ingest import discover, load_documents
from qa.present.brief import render_text
from qa.search.scope import scoped_search
from qa.text import normalize
from tests.conftest import CORPUS, REPORT
from tests.test_readers import make_docx, make_html, make_pdf, report_blocks

SYNTHETIC = CORPUS / "synthetic" / "corpus"
QUESTION = "How much did the government fund the shelter in 2020 in Tajikistan?"
PDF = "tip-2021-tajikistan.pdf"


def _blocks(markdown: Path) -> list[tuple[str, str]]:
    out = []
    for line in markdown.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            out.append(("h2", line[3:]))
        elif line.startswith("# "):
            out.append(("h1", line[2:]))
        elif line.strip():
            out.append(("p", line.strip()))
    return out


def make_corpus(folder: Path, report_paragraphs: list[str]) -> dict[int, int]:
    """The synthetic narratives (two turned into DOCX and HTML) and the bundled report as
    a PDF; returns the PDF page each report paragraph starts on."""
    shutil.copytree(SYNTHETIC, folder)
    for name, make in (("genovia-2021", make_docx), ("freedonia-2021", make_html)):
        blocks = _blocks(folder / f"{name}.md")
        suffix = ".docx" if make is make_docx else ".html"
        # One section per file keeps the builders simple: the PROTECTION section.
        protection = []
        for kind, text in blocks[[t for _, t in blocks].index("PROTECTION") + 1 :]:
            if kind != "p":
                break
            protection.append(text)
        make(folder / f"{name}{suffix}", protection, country=blocks[0][1], section="PROTECTION")
        (folder / f"{name}.md.meta.json").rename(folder / f"{name}{suffix}.meta.json")
        (folder / f"{name}.md").unlink()
    layout = make_pdf(folder / PDF, report_blocks(report_paragraphs), title="Trafficking in Persons Report 2021: Tajikistan")
    (folder / f"{PDF}.meta.json").write_text(json.dumps({"country": "Tajikistan", "year": 2021, "source": "US State Department"}), encoding="utf-8")
    pages: dict[int, int] = {}
    for block, page in layout:
        pages.setdefault(block - 1, page)  # blocks 0 and 1 are headings: paragraph n is block n + 1
    return pages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, report_paragraphs) -> tuple[Path, dict[int, int]]:
    folder = tmp_path_factory.mktemp("multi") / "corpus"
    return folder, make_corpus(folder, report_paragraphs)


@pytest.fixture(scope="module")
def multi(corpus, tmp_path_factory, encoder) -> Engine:
    index = tmp_path_factory.mktemp("multi-index") / "index"
    report = build_index([corpus[0]], index, encoder=encoder)
    assert report.warnings == [] and report.documents == 8
    return Engine.load(index, encoder=encoder)


def test_the_tajikistan_question_cites_document_section_page_and_paragraph(multi, corpus, capsys):
    assert cli.main(["ask", QUESTION, "--index", str(multi.index_dir), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    first = answer["citations"][0]
    assert "253,670" in answer["answer"]
    assert (first["doc"], first["paragraph"], first["section"]) == (PDF, 2, "Tajikistan: PROTECTION")
    assert first["page"] == corpus[1][2] and isinstance(first["page"], int)
    assert first["title"] == "Trafficking in Persons Report 2021: Tajikistan"
    assert first["meta"] == {"country": "Tajikistan", "year": "2021", "source": "US State Department"}
    assert "253,670 Tajikistani somoni" in first["text"]


def test_every_format_keeps_its_structure(multi, report_paragraphs):
    documents = multi.data.documents
    assert [p.text for p in documents[PDF].paragraphs] == report_paragraphs
    assert {(p.section, p.page is None) for p in documents["genovia-2021.docx"].paragraphs} == {("Genovia: PROTECTION", True)}
    assert {p.section for p in documents["freedonia-2021.html"].paragraphs} == {"Freedonia: PROTECTION"}
    assert [p.section for p in documents["zembla-2021.md"].paragraphs] == ["Zembla: PROSECUTION", "Zembla: PROTECTION", "Zembla: PREVENTION"]
    assert documents["zembla-2021.md"].meta["synthetic"] == "true"


COUNTRIES = ["Tajikistan", "Ruritania", "Freedonia", "Elbonia", "Genovia", "Zubrowka"]


def test_a_named_country_is_searched_first(multi):
    def country(hit):
        return multi.data.documents[hit.passage.doc].meta["country"]

    for name in COUNTRIES:
        question = f"How much did the government fund the shelter in {name}?"
        vector = multi.encoder.encode([normalize(question)])[0]
        assert [country(h) for h in scoped_search(multi.retriever, question, vector)][0] == name
        assert multi.ask(question).citations[0].meta["country"] == name, question


def test_scope_narrows_but_never_to_nothing(multi):
    question = "How much did the government fund the shelter in Atlantis?"
    vector = multi.encoder.encode([normalize(question)])[0]
    assert [h.passage_id for h in scoped_search(multi.retriever, question, vector)] == [
        h.passage_id for h in multi.retriever.search(question, vector)
    ]
    # Country and section named: that country's PREVENTION section, then the rest of it.
    question = "What did the government of Ruritania do on prevention?"
    hits = scoped_search(multi.retriever, question, multi.encoder.encode([question])[0], top_k=4)
    assert (hits[0].passage.doc, hits[0].passage.section) == ("ruritania-2021.md", "Ruritania: PREVENTION")
    assert {h.passage.doc for h in hits} == {"ruritania-2021.md"} and len(hits) == 4
    # A filter wins over the scope a question names.
    answer = multi.ask("How much did the government fund the shelter in Zembla?", where={"country": "Ruritania"})
    assert {c.doc for c in answer.citations} == {"ruritania-2021.md"}


def test_where_and_doc_filters(multi, capsys):
    def docs(**kwargs):
        return {c.doc for c in multi.ask("How much did the government fund the shelter?", top_k=10, **kwargs).citations}

    assert docs(where={"country": "tajikistan"}) == {PDF}  # case-insensitive
    assert docs(where={"year": "2020"}) == {"zembla-2020.md"}
    assert docs(where={"country": "Zembla", "year": "2021"}) == {"zembla-2021.md"}
    synthetic = multi.retriever.allowed_mask({"synthetic": "TRUE"})
    assert {p.doc for p, keep in zip(multi.data.passages, synthetic, strict=True) if keep} == set(multi.data.documents) - {PDF}
    assert docs(docs=["elbonia-2021.md", "zubrowka-2021.md"]) == {"elbonia-2021.md", "zubrowka-2021.md"}
    nothing = multi.ask("How much did the government fund the shelter?", where={"country": "Atlantis"})
    assert nothing.abstained and nothing.citations == ()

    index = str(multi.index_dir)
    assert cli.main(["ask", QUESTION, "--index", index, "--json", "--top-k", "5", "--where", "country=Tajikistan", "--where", "year=2021"]) == 0
    citations = json.loads(capsys.readouterr().out)["citations"]
    assert len(citations) == 5 and {(c["meta"]["country"], c["meta"]["year"]) for c in citations} == {("Tajikistan", "2021")}
    assert cli.main(["ask", QUESTION, "--index", index, "--json", "--doc", "zembla-2020.md"]) == 0
    assert {c["doc"] for c in json.loads(capsys.readouterr().out)["citations"]} == {"zembla-2020.md"}


def test_near_identical_reports_from_two_years_stay_distinct(multi):
    question = "How much did the government of Zembla provide for the shelter's operating costs?"
    both = multi.ask(question)
    cited = [(c.doc, c.paragraph, c.meta["year"]) for c in both.citations[:2]]
    assert sorted(cited) == [("zembla-2020.md", 2, "2020"), ("zembla-2021.md", 2, "2021")]
    text = render_text(both)
    assert "zembla-2020.md (2020), Zembla: PROTECTION, ¶ 2" in text and "zembla-2021.md (2021), Zembla: PROTECTION, ¶ 2" in text
    assert "180,000" in multi.ask(question, where={"year": "2020"}).answer
    assert "205,000" in multi.ask(question, where={"year": "2021"}).answer


def test_folder_build_mirrors_adds_changes_and_removals(corpus, tmp_path, encoder, capsys):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus[0], folder)
    index = tmp_path / "index"
    first = build_index([folder], index, encoder=encoder)
    before = read_index(index)
    vectors = dict(zip([(p.doc, p.paragraph, p.start) for p in before.passages], before.vectors(), strict=True))

    text = (folder / "zubrowka-2021.md").read_text(encoding="utf-8")
    (folder / "zubrowka-2021.md").write_text(text.replace("assisted nine victims", "assisted 11 victims"), encoding="utf-8")
    (folder / "new-2021.md").write_text("# Nowhere\n\n## PROTECTION\n\nA new paragraph.\n\nAnother new one.\n", encoding="utf-8")
    (folder / "freedonia-2021.html").unlink()
    (folder / "ruritania-2021.md.meta.json").write_text('{"country": "Ruritania", "year": 2022}', encoding="utf-8")
    second = build_index([folder], index, encoder=encoder)
    assert (second.added, second.changed, second.removed) == (["new-2021.md"], ["zubrowka-2021.md"], ["freedonia-2021.html"])
    assert second.embedded == 3  # the edited paragraph and the two new ones, nothing else
    assert second.reused == second.passages - 3 and second.passages == first.passages - 1 + 2
    after = read_index(index)
    assert after.documents["ruritania-2021.md"].meta == {"country": "Ruritania", "year": "2022"}
    for passage, vector in zip(after.passages, after.vectors(), strict=True):
        key = (passage.doc, passage.paragraph, passage.start)
        if passage.doc in ("elbonia-2021.md", PDF):
            np.testing.assert_array_equal(vector, vectors[key])

    assert cli.main(["remove", "zembla-2020.md", "--index", str(index)]) == 0
    capsys.readouterr()
    assert cli.main(["info", "--index", str(index), "--json"]) == 0
    ids = [d["id"] for d in json.loads(capsys.readouterr().out)["documents"]]
    assert "zembla-2020.md" not in ids and "zembla-2021.md" in ids
    # The folder still has it, so a build brings it back (its vectors went with it).
    third = build_index([folder], index, encoder=encoder)
    assert third.added == ["zembla-2020.md"] and third.embedded == 3 and third.reused == third.passages - 3


def test_metadata_from_folder_files_sidecars_and_the_cli(tmp_path):
    root = tmp_path / "reports"
    (root / "2021").mkdir(parents=True)
    for name in ("a.txt", "2021/b.txt", "2021/c.txt"):
        (root / name).write_text("A paragraph.", encoding="utf-8")
    (root / "meta.json").write_text(json.dumps({"*": {"source": "TIP", "year": 2020}, "a.txt": {"country": "Kyrgyzstan"}}), encoding="utf-8")
    (root / "2021" / "_meta.json").write_text(json.dumps({"*": {"year": 2021}, "c.txt": {"country": "Tajikistan"}}), encoding="utf-8")
    (root / "2021" / "c.txt.meta.json").write_text(json.dumps({"source": "NGO", "pages": 12, "draft": True}), encoding="utf-8")
    documents, warnings = load_documents([root], meta={"source": "cli", "language": "en"})
    assert warnings == []
    assert {d.id: d.meta for d in documents} == {
        "a.txt": {"source": "TIP", "language": "en", "year": "2020", "country": "Kyrgyzstan"},
        "2021/b.txt": {"source": "TIP", "language": "en", "year": "2021"},
        "2021/c.txt": {"source": "NGO", "language": "en", "year": "2021", "country": "Tajikistan", "pages": "12", "draft": "true"},
    }
    # Indexing the subfolder alone does not read the parent's meta.json.
    [b, _] = load_documents([root / "2021"])[0]
    assert b.meta == {"year": "2021"}


def test_a_broken_metadata_file_stops_the_build_with_its_name(tmp_path):
    (tmp_path / "a.txt").write_text("A paragraph.", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text("{year: 2021", encoding="utf-8")
    with pytest.raises(InputError, match="a.txt.meta.json"):
        load_documents([tmp_path])
    (tmp_path / "a.txt.meta.json").write_text('{"year": [2020, 2021]}', encoding="utf-8")
    with pytest.raises(InputError, match="must be a string or number"):
        load_documents([tmp_path])


def test_the_synthetic_corpus_is_marked_and_kept_out_of_the_default_index():
    assert [doc_id for _, doc_id in discover([CORPUS])] == [REPORT.name]
    files = discover([SYNTHETIC])
    assert len(files) == 7
    for path, _ in files:
        meta = json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))
        assert meta["synthetic"] == "true" and meta["country"] and meta["year"]
    assert "NOT real report text" in (SYNTHETIC.parent / "README.md").read_text(encoding="utf-8")
