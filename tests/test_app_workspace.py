"""Issue 17, without a browser: what a reply says it searched, numbers with a meaning
(rank, similarity, keyword match; "Answer from" apart from "Also retrieved"), the brief in
Markdown and Word with its header (the same from the app and from `qa ask --format md`),
the build's progress stages with real counts, and the index generation the panels poll."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timezone

import numpy as np
import pytest

from qa.present import ui
from qa.present.brief import Header, Scope, _md, brief_blocks, docx_text, evidence, ranks, render_docx, render_markdown, sources
from qa.types import Answer, Citation
from tests.conftest import DOC_ID, REPORT
from tests.test_app import CARD_QUESTION, PAYLOAD_TEXT

MADE = datetime(2021, 6, 1, 9, 30, tzinfo=timezone.utc)


def cite(text: str, highlight=None, *, doc: str = "d.txt", paragraph: int = 1, score: float = 0.5, similarity=None, keyword=None) -> Citation:
    return Citation(
        doc=doc, paragraph=paragraph, text=text, score=score, highlight=highlight, start=0, end=len(text), similarity=similarity, keyword=keyword
    )


def answer_with_three() -> Answer:
    source = cite("It gave 253,670 somoni to the shelter.", (8, 22), paragraph=2, score=0.9, similarity=0.62, keyword=True)
    better_ranked = cite("The shelter was run by an NGO.", paragraph=1, score=1.0, similarity=0.55, keyword=True)
    unrelated = cite("Victims stranded abroad.", paragraph=4, score=0.3, similarity=0.12, keyword=False)
    return Answer("How much?", "253,670 somoni", False, 0.86, (source, better_ranked, unrelated), sentence=source.text)


# ---- what was searched -----------------------------------------------------------------


def test_a_scope_says_what_was_searched():
    assert Scope.of(documents=3).searched() == "all 3 documents"
    assert Scope.of(documents=1).searched() == "the one document in the index"
    assert Scope.of().searched() == "all documents"
    assert Scope.of(["a.txt", "b.txt"]).searched() == "only a.txt, b.txt"
    assert Scope.of(where={"country": "Zembla", "year": "2020"}).searched() == "only documents with country = Zembla and year = 2020"
    assert Scope.of(["z.md"], {"year": "2020", "country": ""}).searched() == "only z.md, where year = 2020"  # "any" is no filter
    assert not Scope.of(documents=2).filtered and Scope.of(["a"]).filtered and Scope.of(where={"y": "1"}).filtered
    assert Scope.of(min_confidence=0.5).threshold() == "confidence at least 0.50" and Scope.of().threshold() == ""


def test_a_reply_says_what_it_searched_and_a_filtered_refusal_says_how_to_widen_it():
    answer = answer_with_three()
    everything = ui.render_answer(answer, scope=Scope.of(min_confidence=0.5, documents=2))
    assert '<span class="qa-searched">Searched all 2 documents</span>' in everything and "qa-filter-hint" not in everything

    refusal = Answer("How much?", None, True, 0.2, (cite("Near miss."),))
    filtered = ui.render_answer(refusal, scope=Scope.of(["other.txt"], min_confidence=0.5, documents=2))
    assert '<span class="qa-searched qa-filtered">Searched only other.txt</span>' in filtered
    assert "qa-filter-hint" in filtered and "outside the filter" in filtered and "Search only in" in filtered
    assert "below the minimum 0.50" in filtered  # why it declined

    nothing = ui.render_answer(Answer("How much?", None, True, 0.0, ()), scope=Scope.of(where={"country": "Atlantis"}))
    assert "Nothing was found there" in nothing and "Searched only documents with country = Atlantis" in nothing


def test_document_names_and_facets_in_the_scope_line_are_escaped():
    hostile = Scope.of(['<img src=x onerror=alert(1)>.txt'], {"<b>k</b>": "<script>alert(1)</script>"})
    out = ui.render_answer(Answer("q?", None, True, 0.1, (cite(PAYLOAD_TEXT),)), scope=hostile)
    assert "<img" not in out and "<script" not in out and "<b>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out


# ---- numbers with a meaning ------------------------------------------------------------


def test_ranks_follow_the_fused_score_and_evidence_reads_the_same_for_every_question():
    answer = answer_with_three()
    assert ranks(answer.citations) == [2, 1, 3]  # the answer's source was moved first; it was retrieved second
    assert evidence(answer.citations[0], 2) == "rank 2 · similarity 0.62 · keyword match"
    assert evidence(answer.citations[2], 3) == "rank 3 · similarity 0.12 · no keyword match"
    assert evidence(cite("old"), None) == ""  # a citation from before the fields existed shows nothing made up
    assert sources(answer) == [0] and sources(Answer("q", None, True, 0.1, answer.citations)) == []
    listed = Answer("q", "a; b", False, 0.9, (cite("a x", (0, 1)), cite("y"), cite("b z", (0, 1))), form="list")
    assert sources(listed) == [0, 2]


def test_a_passage_read_along_with_a_retrieved_one_shows_no_rank():
    """A note the retrieved sentence calls, or a row of its table, is cited when it answers,
    but no retriever ranked it: it shows no rank (nor similarity, nor keyword match), and the
    retrieved passages keep theirs."""
    three = answer_with_three().citations
    row = cite("Payroll Period: Biweekly; Add Additional: 80.80", (44, 49), paragraph=32, score=0.0)
    assert ranks((row, *three)) == [0, 2, 1, 3]
    assert evidence(row, 0) == ""


def test_the_reply_sets_the_source_apart_from_the_passages_also_retrieved():
    answer = answer_with_three()
    out = ui.render_answer(answer, scope=Scope.of(documents=1))
    assert "score 1.00" not in out and "score 0.90" not in out  # the scaled score misled (issue 17)
    source, also = out.split('<details class="qa-also">')
    assert "Answer from" in source and "rank 2 · similarity 0.62 · keyword match" in source and "¶ 2" in source
    assert "Also retrieved: 2 passages, not what the answer rests on" in also
    assert "rank 1 · similarity 0.55" in also and "no keyword match" in also
    assert 'class="qa-cite qa-source"' in source and also.count('class="qa-cite qa-also-cite"') == 2
    assert 'class="qa-conf qa-conf-likely"' in out and "confidence 0.86, likely right" in out
    assert "calibrated probability" in out  # the scale, in the confidence's tooltip

    check = ui.render_answer(Answer("q", "x", False, 0.6, (cite("x y", (0, 1)),)))
    assert "confidence 0.60, check the passage" in check and "qa-conf-check" in check and "<details class=\"qa-also\"" not in check


def test_citation_json_gains_similarity_and_keyword_and_loses_nothing(engine):
    before = ["doc", "paragraph", "text", "score", "highlight", "highlights", "title", "section", "page", "meta"]
    result = engine.ask(CARD_QUESTION).to_dict()
    for citation in result["citations"]:
        assert list(citation)[: len(before)] == before  # additions only, at the end
        assert isinstance(citation["similarity"], float) and -1.0 <= citation["similarity"] <= 1.0
        assert isinstance(citation["keyword"], bool)
    assert json.loads(json.dumps(result)) == result
    assert cite("x").to_dict()["similarity"] is None and cite("x").to_dict()["keyword"] is None


# ---- the brief ---------------------------------------------------------------------------


def test_the_brief_has_a_title_date_index_scope_and_each_question_as_asked_and_understood():
    header = Header.of({"index": "index/default", "passages": 15, "model": "sentence-transformers/all-MiniLM-L6-v2",
                        "documents": [{"id": DOC_ID, "title": "Tajikistan 2021"}]})
    first = answer_with_three()
    follow = Answer("and in 2019?", "242,000 somoni", False, 0.55, (cite("242,000 somoni in 2019.", (0, 14), paragraph=2, similarity=0.6, keyword=True),),
                    resolved_question="How much in 2019?")
    refused = Answer("Capital of France?", None, True, 0.1, (cite("Near miss.", similarity=0.1, keyword=False),))
    scope = Scope.of(min_confidence=0.5, documents=1)
    md = render_markdown([first, follow, refused], header=header, scope=scope, made=MADE)

    assert md.startswith("# Brief: d.txt\n")  # the document the answers come from (no title in these citations)
    assert "- **Date:** 2021-06-01 09:30 UTC\n" in md
    assert "- **Index:** index/default (1 document, 15 passages, model all-MiniLM-L6-v2)\n" in md
    assert "- **Searched:** the one document in the index\n" in md
    assert "- **Answered when:** confidence at least 0.50 (the confidence is a calibrated probability" in md
    assert "## 2. How much in 2019?\n\n_Asked as:_ “and in 2019?”\n" in md
    assert "**Answer:** 253,670 somoni [1] (confidence 0.86, likely right)" in md
    one = md.split("## 1. ")[1].split("## 2. ")[0]
    assert one.index("Answer from:") < one.index("**[1] d.txt, ¶ 2** (rank 2 · similarity 0.62 · keyword match)")
    assert one.index("**[1] d.txt, ¶ 2**") < one.index("Also retrieved") < one.index("**[2] d.txt, ¶ 1**") < one.index("**[3] d.txt, ¶ 4**")
    assert "“It gave **253,670 somoni** to the shelter.”" in one
    three = md.split("## 3. ")[1]
    assert "_The report does not seem to answer this._ (confidence 0.10, not answered)" in three
    assert "Closest passages (not an answer):" in three and "Answer from" not in three
    # Spaces stay outside the marks: CommonMark ignores "**Answer: **".
    assert _md([("Answer: ", "b"), ("words", ""), (" kept ", "i")]) == "**Answer:** words _kept_ "

    # Questions searched differently say so each; the header says they differ.
    mixed = render_markdown([first, refused], header=header, scope=[scope, Scope.of(["other.txt"], min_confidence=0.5)], made=MADE)
    assert "- **Searched:** not the same for every question: see each one" in mixed
    assert "_Searched:_ only other.txt; answered when confidence at least 0.50" in mixed


def test_the_word_brief_says_what_the_markdown_brief_says(tmp_path):
    answers = [answer_with_three(), Answer("q?", None, True, 0.1, (cite(PAYLOAD_TEXT),))]
    header = Header.of({"index": "i", "passages": 3, "documents": [{"id": "d.txt"}]})
    path = render_docx(answers, tmp_path / "brief.docx", header=header, scope=Scope.of(["d.txt"], min_confidence=0.5), made=MADE)
    text = docx_text(path)
    for kind, runs in brief_blocks(answers, header=header, scope=Scope.of(["d.txt"], min_confidence=0.5), made=MADE):
        line = "".join(t for t, _ in runs) if kind != "field" else f"{runs[0][0]}: " + "".join(t for t, _ in runs[1:])
        assert line in text, line
    assert "<script>alert(1)</script>" in text  # words, in a document that runs nothing
    import docx

    bold = [r.text for p in docx.Document(str(path)).paragraphs for r in p.runs if r.bold]
    assert "253,670 somoni" in bold  # the answer's words bold in its passage, as in the Markdown


def test_qa_ask_format_md_writes_the_same_brief_as_the_app(engine, bundled_index, tmp_path, capsys):
    """The same questions, index and filter through the app's chat handler and through the CLI."""
    from qa import cli
    from qa.app.chat import Chat

    chat = Chat(engine)
    questions = [CARD_QUESTION, "How many trafficking victims did authorities identify?"]
    answers, scopes, folder = [], [], None
    minimum = engine.settings.min_confidence
    for question in questions:
        answers, scopes, folder, markdown, word = chat.run(question, answers, scopes, folder, [DOC_ID], engine.settings.top_k, minimum, [], (), None)
    app_brief = open(markdown, encoding="utf-8").read()

    (tmp_path / "q.txt").write_text("\n".join(questions) + "\n", encoding="utf-8")
    assert cli.main(["ask", "--file", str(tmp_path / "q.txt"), "--format", "md", "--doc", DOC_ID, "--index", str(bundled_index)]) == 0
    cli_brief = capsys.readouterr().out

    def undated(text: str) -> str:
        return re.sub(r"- \*\*Date:\*\* .*", "- **Date:** -", text)

    assert undated(app_brief) == undated(cli_brief)
    assert f"- **Searched:** only {DOC_ID}" in cli_brief and f"- **Index:** {bundled_index} (1 document" in cli_brief
    assert "## 2. How many trafficking victims did authorities identify?" in cli_brief
    assert "Answer from" in docx_text(word) and CARD_QUESTION in docx_text(word)


# ---- progress by stage -------------------------------------------------------------------


def test_build_reports_each_stage_with_real_counts_and_the_same_vectors(encoder, tmp_path):
    from qa.index.build import build_index
    from qa.index.store import read_index

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(REPORT, folder / REPORT.name)
    (folder / "notes.txt").write_text("\n\n".join(f"Well {n} in district {n % 7} gave {n * 13} litres on day {n}." for n in range(300)) + "\n", encoding="utf-8")
    seen: list[tuple[str, int, int, str]] = []
    counted = build_index([folder / REPORT.name, folder / "notes.txt"], tmp_path / "counted", encoder=encoder, on_progress=lambda *a: seen.append(a))
    plain = build_index([folder / REPORT.name, folder / "notes.txt"], tmp_path / "plain", encoder=encoder)

    assert [s for s, *_ in seen if s == "reading"] and seen[0] == ("reading", 0, 2, REPORT.name) and ("reading", 1, 2, "notes.txt") in seen
    stages = list(dict.fromkeys(s for s, *_ in seen))
    assert stages == ["reading", "parsing", "embedding", "writing"]
    parsing = [e for e in seen if e[0] == "parsing"]
    assert parsing == [("parsing", 0, 305, "")]  # 5 paragraphs of the report, 300 of the notes
    embedding = [(done, total) for stage, done, total, _ in seen if stage == "embedding"]
    assert embedding[0] == (0, counted.embedded) and embedding[-1] == (counted.embedded, counted.embedded)
    assert len(embedding) > 2 and all(a[0] < b[0] for a, b in zip(embedding, embedding[1:], strict=False))
    assert seen[-1] == ("writing", 1, 1, "")

    a, b = read_index(tmp_path / "counted"), read_index(tmp_path / "plain")
    assert [p.text for p in a.passages] == [p.text for p in b.passages] and counted.embedded == plain.embedded
    assert np.allclose(a.vectors(), b.vectors(), atol=1e-5)


def test_the_upload_bar_names_the_stage_and_its_counts():
    from qa.app.uploads import stage_progress, stage_text

    assert stage_text("reading", 0, 2, "report.pdf") == "Reading report.pdf (file 1 of 2)"
    assert stage_text("pages", 12, 34, "report.pdf") == "Reading report.pdf: page 12 of 34"
    assert stage_text("parsing", 0, 227) == "Parsing 227 paragraphs for typed answers"
    assert stage_text("embedding", 64, 306) == "Embedding passages: 64 of 306"
    assert stage_text("writing", 0, 1) == "Writing the index"
    calls = []
    report = stage_progress(lambda value, desc=None, unit=None: calls.append((value, desc, unit)))
    report("embedding", 64, 306, "")
    report("parsing", 0, 0, "")
    assert calls == [((64, 306), "Embedding passages: 64 of 306", "passages"), (None, "Parsing: nothing new", "paragraphs")]


# ---- the index panel follows the index ---------------------------------------------------


def test_the_generation_changes_with_the_index_and_a_tick_redraws_only_then(upload_engine, tmp_path):
    import gradio as gr

    import app
    from qa.app.index_panel import IndexPanel, generation

    engine = upload_engine
    uploads = app.Uploads(engine, engine.index_dir / "uploads", 2**20)
    panel = IndexPanel(engine, uploads)
    shown = generation(engine)
    assert generation(engine) == shown
    idle = panel.on_tick(shown, [], [], "", "", "", "")
    assert idle == [gr.skip()] * 9  # nothing sent, nothing redrawn

    notes = tmp_path / "notes.txt"
    notes.write_text("The lighthouse keeper counted 4,417 gulls in March.\n", encoding="utf-8")
    assert uploads.add([notes], lambda *a, **k: None)[0][0] == "ok"
    assert generation(engine) != shown
    redrawn = panel.on_tick(shown, [DOC_ID], [], "", "", "", "")
    assert "notes.txt" in redrawn[0] and "<b>2</b> documents" in redrawn[0] and redrawn[-1] == generation(engine)
    assert panel.on_tick(redrawn[-1], [], [], "", "", "", "") == idle


@pytest.fixture
def upload_engine(bundled_index, encoder, tmp_path):
    from qa.engine import Engine

    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    return Engine.load(index, encoder=encoder)


def test_a_refused_question_is_a_notice_under_the_box_not_a_toast(engine):
    from qa.app.chat import Chat

    out = Chat(engine).on_ask("   ", [], [], {}, None, [], 3, 0.5, [], "", "", "", "")
    notice, question = out[6], out[-1]
    assert 'class="qa-notice qa-error"' in notice and "question is empty" in notice and question == "   "
