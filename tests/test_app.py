"""The app's rendering, upload checks and start-up, plus the helper that runs the real
app as a subprocess for the API and browser tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.present import ui
from qa.types import Answer, Citation
from tests.conftest import DOC_ID, ROOT

CARD_QUESTION = "How much did the government fund the shelter in 2020?"
PAYLOAD_TEXT = "The payload <img src=x onerror=alert(1)> and <script>alert(1)</script> appear here."


# ---- running the real app -------------------------------------------------------------


def free_port() -> int:
    """A free port in 7870-7899 (the range kept for this app's tests)."""
    for port in range(7870, 7900):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 7870-7899")


@contextlib.contextmanager
def running_app(index: Path, *extra: str, timeout: float = 240) -> Iterator[str]:
    """Start `python app.py` on ``index``; yield its URL once it prints that it is ready."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("QA_AUTH", None)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--index", str(index), "--port", str(port), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:  # keep reading so the pipe never fills and blocks the server
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("ready in "):
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        if not ready.wait(timeout) or proc.poll() is not None:
            raise RuntimeError("app did not start:\n" + "".join(lines))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_missing_index_is_one_line_telling_what_to_run(tmp_path):
    missing = tmp_path / "nothing"
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--index", str(missing), "--port", str(free_port())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"qa build data/ --index {missing}" in lines[0]


def test_auth_and_defaults_parse(monkeypatch):
    import app

    monkeypatch.delenv("QA_AUTH", raising=False)
    args = app.parse_args([])
    assert (args.host, args.port, args.index, args.auth) == ("127.0.0.1", 7860, "index/default", None)
    assert app.parse_auth("ana:s3cret:x") == ("ana", "s3cret:x")
    monkeypatch.setenv("QA_AUTH", "ana:pw")
    assert app.parse_auth(app.parse_args([]).auth) == ("ana", "pw")
    for bad in ("ana", ":pw", "ana:"):
        with pytest.raises(SystemExit):
            app.parse_auth(bad)


# ---- rendering ------------------------------------------------------------------------


def _citation(text: str, highlight, start: int = 0, doc: str = "d.txt", paragraph: int = 1, score: float = 0.5) -> Citation:
    return Citation(doc=doc, paragraph=paragraph, text=text, score=score, highlight=highlight, start=start, end=start + len(text))


def test_every_piece_of_document_text_is_escaped():
    text = PAYLOAD_TEXT
    span = (text.index("<img"), text.index("> and") + 1)  # the answer span is itself a payload
    doc = 'evil"><script>alert(2)</script>.txt'
    paragraph = "Before <b>bold</b>. " + text
    citation = _citation(text, span, start=paragraph.index(text), doc=doc)
    answer = Answer(question="<img src=x onerror=alert(3)>?", answer=text[span[0] : span[1]], abstained=False, confidence=0.9, citations=(citation,), sentence=text)

    out = ui.render_answer(answer, lambda d, n: paragraph) + ui.render_question(answer.question)
    for raw in ("<script", "<img", "<b>", 'evil"'):
        assert raw not in out
    assert "evil&quot;&gt;&lt;script&gt;alert(2)" in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in out
    assert "<mark>&lt;img src=x onerror=alert(1)&gt;</mark>" in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out  # the expanded paragraph is escaped too
    assert ui.render_question("<script>x</script>") == '<div class="qa-question">&lt;script&gt;x&lt;/script&gt;</div>'
    info = {"model": "m", "passages": 1, "documents": [{"id": "<img src=x>.txt", "paragraphs": 1, "passages": 1}]}
    assert "<img" not in ui.render_info(info) and "&lt;img src=x&gt;.txt" in ui.render_info(info)
    assert "<script" not in ui.render_status([("error", "refused <script>.exe")])


def test_answer_shows_short_answer_then_numbered_citations_with_marks():
    first = _citation("It gave 253,670 somoni to the shelter.", (8, 22), start=10, paragraph=2, score=1.0)
    second = _citation("Other words.", None, paragraph=3, score=0.42)
    answer = Answer("q?", "253,670 somoni", False, 0.99, (first, second), sentence=first.text)
    paragraph = "0123456789" + first.text + " More."
    out = ui.render_answer(answer, lambda d, n: paragraph if n == 2 else second.text)

    assert out.index('<div class="qa-answer"><mark>253,670 somoni</mark>') < out.index("[1]") < out.index("[2]")
    # Ranks, not the fused score scaled to 1 for the first (issue 17).
    assert "d.txt, ¶ 2" in out and ">rank 1<" in out and ">rank 2<" in out and "score 1.00" not in out
    assert out.index("Answer from") < out.index("[1]</span> <span class=\"qa-where\"") < out.index("Also retrieved") < out.index("[2]</span>")
    assert "It gave <mark>253,670 somoni</mark> to the shelter." in out
    # Expander only where the passage is part of a longer paragraph; it marks the passage and the answer.
    assert out.count('<details class="qa-more">') == 1
    assert '0123456789<span class="qa-span">It gave <mark>253,670 somoni</mark> to the shelter.</span> More.' in out
    assert "not an answer" not in out
    # A paragraph that changed since (a re-uploaded document) gets no expander rather than wrong marks.
    assert '<details class="qa-more">' not in ui.render_answer(answer, lambda d, n: "Rewritten paragraph.")


def test_a_list_answer_marks_every_part_and_escapes_between_them():
    from types import SimpleNamespace

    text = "Fines <b>and</b> detention of 15 days."
    # "of 15" and an overlapping "15 days" merge into one mark
    assert ui._marked(text, [(30, 37), (0, 5), (27, 32)]) == "<mark>Fines</mark> &lt;b&gt;and&lt;/b&gt; detention <mark>of 15 days</mark>."
    assert ui._marked(text, (0, 5)) == "<mark>Fines</mark> &lt;b&gt;and&lt;/b&gt; detention of 15 days."
    listed = SimpleNamespace(highlights=((0, 5), (24, 31)), highlight=(0, 5))
    assert ui._spans(listed) == [(0, 5), (24, 31)]
    assert ui._spans(SimpleNamespace(highlight=(0, 5))) == [(0, 5)]
    assert ui._spans(SimpleNamespace(highlights=(), highlight=None)) == []


def test_abstention_says_so_and_marks_passages_as_not_an_answer():
    answer = Answer("q?", None, True, 0.1, (_citation("Near miss.", None),))
    out = ui.render_answer(answer)
    assert "The report does not seem to answer this." in out
    assert "Closest passages (not an answer)" in out
    assert 'class="qa-cite qa-not-answer"' in out
    assert "<mark>" not in out


def test_a_resolved_follow_up_says_what_was_understood_and_offers_the_literal_question():
    citation = _citation("It gave 242,000 somoni in 2019.", (8, 23))
    hostile = Answer("and <b>in</b> 2019?", "242,000 somoni", False, 0.9, (citation,), resolved_question="How much <script>x</script> in 2019?")
    out = ui.render_answer(hostile, literal=True)
    assert "Understood as: <q>How much &lt;script&gt;x&lt;/script&gt; in 2019?</q>" in out
    assert '<button type="button" class="qa-literal">Ask “and &lt;b&gt;in&lt;/b&gt; 2019?” literally</button>' in out
    assert out.index("qa-answer") < out.index("Understood as") < out.index("qa-cite")
    assert "qa-literal" not in ui.render_answer(hostile)  # only the newest reply carries the button
    plain = Answer("q?", "242,000 somoni", False, 0.9, (citation,))
    assert plain.resolved_question == "q?" and "Understood as" not in ui.render_answer(plain, literal=True)
    prompt = ui.render_feedback_prompt("down", "<img src=x>?")
    assert "Thumbs down" in prompt and "&lt;img src=x&gt;?" in prompt and "<img" not in prompt
    assert ui.shorten("word " * 40).endswith("…") and len(ui.shorten("word " * 40)) <= 61


def test_facets_come_from_every_metadata_key_and_value():
    info = {
        "documents": [
            {"id": "a", "meta": {"country": "Zembla", "year": "2021"}},
            {"id": "b", "meta": {"country": "Zembla", "year": "2020", "synthetic": "true"}},
            {"id": "c", "meta": {"country": "Elbonia", "year": " "}},
            {"id": "d", "meta": {}},
        ]
    }
    assert ui.facets(info) == {"country": ["Elbonia", "Zembla"], "synthetic": ["true"], "year": ["2020", "2021"]}
    assert ui.facets({"documents": [{"id": "x", "meta": {}}]}) == {}


def test_the_removal_confirmation_names_what_goes_and_what_stays():
    info = {"documents": [{"id": "<i>x</i>.txt", "paragraphs": 3, "passages": 4}, {"id": "y.txt", "paragraphs": 1, "passages": 1}]}
    out = ui.render_remove_confirm("<i>x</i>.txt", info)
    assert "&lt;i&gt;x&lt;/i&gt;.txt" in out and "<i>" not in out
    assert "3 ¶, 4 passages" in out and "The other document stays as it is" in out
    info["documents"].append({"id": "z.txt", "paragraphs": 1, "passages": 1})
    assert "The other 2 documents stay as they are" in ui.render_remove_confirm("y.txt", info)


def test_render_answer_on_the_real_engine(engine):
    out = ui.render_answer(engine.ask(CARD_QUESTION), engine.paragraph_text)
    assert "<mark>253,670 Tajikistani somoni ($22,400)</mark>" in out
    assert f"{DOC_ID}, ¶ 2" in out.split("[2]")[0]


# ---- uploads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uploaded, safe",
    [
        ("report.txt", "report.txt"),
        ("../../etc/cron.d/evil.txt", "evil.txt"),
        ("..\\..\\Windows\\evil.MD", "evil.md"),
        (".bashrc.txt", "bashrc.txt"),
        ("a b<c>|d.txt", "a_b_c_d.txt"),
        ("Отчёт 2021.txt", "Отчёт_2021.txt"),
        ("....txt", "upload.txt"),
        ("x" * 300 + ".txt", "x" * 76 + ".txt"),
    ],
)
def test_safe_name_never_trusts_the_browser(uploaded, safe):
    assert ui.safe_name(uploaded) == safe


def test_accepted_types_come_from_the_reader_registry():
    from qa.ingest import READERS

    assert ui.accepted_suffixes() == sorted(READERS)
    assert {".txt", ".md"} <= set(ui.accepted_suffixes())


def test_check_uploads_refuses_type_size_empty_and_duplicates(tmp_path):
    def file(name: str, data: bytes) -> Path:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        (folder / name).write_bytes(data)
        return folder / name

    ok = file("a.txt", b"fine")
    paths = [ok, file("b.exe", b"MZ"), file("c.txt", b""), file("d.md", b"x" * 2000), file("a.txt", b"again")]
    accepted, refused = ui.check_uploads(paths, max_bytes=1000)
    assert accepted == [ui.Checked(ok, "a.txt")]
    assert len(refused) == 4
    assert refused[0].startswith("b.exe: cannot read .exe; accepted: ") and ".txt" in refused[0]
    assert "empty" in refused[1]
    assert "over the" in refused[2] and "limit" in refused[2]
    assert "same name" in refused[3]


class _Progress:
    def __call__(self, *args, **kwargs):
        pass


@pytest.fixture
def upload_engine(bundled_index, encoder, tmp_path):
    from qa.engine import Engine

    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    return Engine.load(index, encoder=encoder)


def test_upload_indexes_at_once_and_refuses_unreadable_files_without_loss(upload_engine, tmp_path):
    import app

    engine = upload_engine
    uploads = app.Uploads(engine, engine.index_dir / "uploads", 2**20)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "notes.txt").write_text("The lighthouse keeper counted 4,417 gulls in March.\n", encoding="utf-8")
    (incoming / "fake.pdf").write_text("this is not a PDF", encoding="utf-8")

    lines = uploads.add([incoming / "notes.txt", incoming / "fake.pdf"], _Progress())
    assert ("ok", "notes.txt: added, now searchable") in lines
    assert [kind for kind, text in lines if "fake.pdf" in text] == ["error"]
    assert sorted(engine.data.documents) == sorted([DOC_ID, "notes.txt"])
    assert sorted(p.name for p in uploads.folder.iterdir()) == ["notes.txt"]
    answer = engine.ask("How many gulls did the lighthouse keeper count?")
    assert answer.citations[0].doc == "notes.txt"
    assert engine.ask("how many gulls?", docs=[DOC_ID]).citations[0].doc == DOC_ID


def test_a_failed_upload_keeps_the_index_and_earlier_files(upload_engine, tmp_path, monkeypatch):
    import app
    import qa.index.build

    engine = upload_engine
    uploads = app.Uploads(engine, engine.index_dir / "uploads", 2**20)
    first = tmp_path / "one" / "notes.txt"
    first.parent.mkdir()
    first.write_text("Version one of the notes.\n", encoding="utf-8")
    assert uploads.add([first], _Progress())[0][0] == "ok"
    before = (sorted(engine.data.documents), engine.data.manifest.passages)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(qa.index.build, "build_index", disk_full)
    second = tmp_path / "two" / "notes.txt"
    second.parent.mkdir()
    second.write_text("Version two.\n", encoding="utf-8")
    lines = uploads.add([second], _Progress())
    assert lines[-1][0] == "error" and "index is unchanged" in lines[-1][1]
    engine.reload()
    assert (sorted(engine.data.documents), engine.data.manifest.passages) == before
    assert (uploads.folder / "notes.txt").read_text(encoding="utf-8") == "Version one of the notes.\n"
    assert sorted(p.name for p in uploads.folder.iterdir()) == ["notes.txt"]


def test_removing_a_document_keeps_the_others_and_their_answers(upload_engine, tmp_path):
    import app

    engine = upload_engine
    uploads = app.Uploads(engine, engine.index_dir / "uploads", 2**20)
    notes = tmp_path / "notes.txt"
    notes.write_text("The lighthouse keeper counted 4,417 gulls in March.\n", encoding="utf-8")
    assert uploads.add([notes], _Progress())[0][0] == "ok"
    vectors_before = {p.text for p in engine.data.passages if p.doc == DOC_ID}

    assert uploads.remove("notes.txt") == ("ok", "notes.txt: removed; 1 document left")
    assert sorted(engine.data.documents) == [DOC_ID]
    assert {p.text for p in engine.data.passages} == vectors_before
    assert not (uploads.folder / "notes.txt").exists()  # a rebuild from the sources will not bring it back
    assert "253,670" in engine.ask(CARD_QUESTION).answer

    assert uploads.remove("notes.txt")[0] == "error"  # gone already (e.g. removed in another tab)
    kind, text = uploads.remove(DOC_ID)
    assert kind == "error" and "only document" in text
    assert sorted(engine.data.documents) == [DOC_ID]


def test_ocr_is_passed_to_the_build_only_when_it_can_be(upload_engine, tmp_path, monkeypatch):
    """The upload's OCR checkbox shows only once qa.index.build takes ``ocr`` (issue 11)."""
    import app
    import qa.index.build

    seen: list[dict] = []

    def build_with_ocr(paths, index_dir, model=None, *, ocr: bool = False, **kwargs):
        seen.append({"ocr": ocr})
        raise OSError("stop here")

    def build_without(paths, index_dir, model=None, **kwargs):
        seen.append(dict(kwargs))
        raise OSError("stop here")

    uploads = app.Uploads(upload_engine, upload_engine.index_dir / "uploads", 2**20)
    scan = tmp_path / "scan.txt"
    scan.write_text("words\n", encoding="utf-8")
    monkeypatch.setattr(qa.index.build, "build_index", build_with_ocr)
    assert app.ocr_supported()
    uploads.add([scan], _Progress(), ocr=True)
    monkeypatch.setattr(qa.index.build, "build_index", build_without)
    assert not app.ocr_supported()
    uploads.add([scan], _Progress(), ocr=True)
    assert seen[0] == {"ocr": True} and "ocr" not in seen[1]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract (`make test` installs tesseract-ocr)")
def test_a_scanned_upload_is_refused_without_ocr_and_read_with_it(upload_engine, tmp_path, report_paragraphs):
    import app
    from tests.test_ocr import scan
    from tests.test_readers import make_pdf, report_blocks

    if not app.ocr_supported():
        pytest.skip("qa.index.build does not take ocr")
    make_pdf(tmp_path / "typed.pdf", report_blocks(report_paragraphs[1:2]))
    scanned = scan(tmp_path / "typed.pdf", tmp_path / "shelter-scan.pdf")
    uploads = app.Uploads(upload_engine, upload_engine.index_dir / "uploads", 20 * 2**20)

    [(kind, text)] = uploads.add([scanned], _Progress())
    assert kind == "error" and "shelter-scan.pdf" in text and "OCR" in text.upper()
    assert "shelter-scan.pdf" not in upload_engine.data.documents

    [(kind, text)] = uploads.add([scanned], _Progress(), ocr=True)
    assert (kind, text) == ("ok", "shelter-scan.pdf: added, now searchable")
    answer = upload_engine.ask(CARD_QUESTION, docs=["shelter-scan.pdf"])
    assert "253,670" in (answer.answer or "")
