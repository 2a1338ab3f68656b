"""The PostgreSQL + pgvector document store: tables, snapshot reads, searches, writes.

Tables, in one schema (``qa`` unless the URL says ``?schema=NAME``)::

    qa_index       one row: format version, model, dimension, the rest of the manifest
                   (jsonb), and ``generation``, bumped by every write
    qa_documents   one row per document *version*: id, title, fingerprint, source, meta,
                   ordinal (order in the index), added / removed (generations)
    qa_paragraphs  text, section, page, typed spans, page breaks and note calls (jsonb) of each paragraph
    qa_passages    paragraph span, keyword terms (tsvector + GIN), BM25 length, and
                   the vector (``vector(dim)`` + HNSW, inner product on normalised vectors)

Consistency. A reader loads a snapshot (documents, paragraphs, passages, term
statistics) in one REPEATABLE READ transaction and then searches only the passages
of the document versions it loaded (``doc_key = ANY(...)``). A write replaces a
document by marking its old version removed and inserting the new one, in one
transaction, so a reader sees the old document or the new one, never half; removed
versions are deleted ``QA_PG_RETENTION`` seconds (600) later, by a later write.
A reader notices a newer generation (``stale``) and the engine reloads.

Ranking is the folder index's: exact inner product up to ``FLAT_MAX`` passages (or
kept by a filter), HNSW above; the keyword score is BM25 with bm25s's formula and
constants (Lucene variant, k1 1.5, b 0.75) computed in SQL from the tsvector's term
frequencies, the passage length and the snapshot's document frequencies; both
rankings are fused in Python by the same ``fuse`` as the folder. ``QA_PG_KEYWORD=
ts_rank_cd`` ranks keyword hits with PostgreSQL's cover density instead (measured in
bench/pg_backend.py: it changes some citations).

The driver is psycopg 3, imported here only. Vectors travel in pgvector's binary
format and terms in tsvector's (two small dumpers below), so a build streams rows
with binary COPY.
"""

# ruff: noqa: S608 - the only SQL built from strings is the schema name, checked (qa.index.pg.split_url) and quoted; values are parameters

from __future__ import annotations

import logging
import math
import os
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qa.config import FORMAT_VERSION
from qa.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, QAError
from qa.index.chunk import passage_of
from qa.index.dense_index import FLAT_MAX, HNSW_EF_SEARCH
from qa.index.pg.location import display_url, split_url
from qa.index.store import IndexData, Manifest, rebuild_hint
from qa.types import Document, Paragraph, Passage, Span

log = logging.getLogger(__name__)

#: The table layout; a database written with another one is refused like another format.
LAYOUT = 3
#: pgvector's HNSW build defaults; ef_search as the folder's HNSW (and at least the candidates).
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
EF_SEARCH = HNSW_EF_SEARCH
#: bm25s's defaults (method "lucene"), so keyword scores equal the folder's.
BM25_K1 = 1.5
BM25_B = 0.75
#: Seconds a replaced or removed document version stays for readers of older snapshots.
RETENTION = float(os.environ.get("QA_PG_RETENTION", "600"))
#: A reader asks for the generation at most this often (seconds).
RECHECK = float(os.environ.get("QA_PG_RECHECK", "1"))
#: Above this many passages searched, keyword search first scores the rarest term's passages.
PRUNE_ABOVE = 20_000
#: Connections kept open per database in one process.
POOL = 4
#: The placeholder token for a passage without keyword terms (as qa.search.retrieve).
EMPTY_TERM = "\u2205"

TSVECTOR_OID = 3614
INT8, INT4, TEXT, JSONB = 20, 23, 25, 3802
MAX_LEXEME_BYTES = 2047  # tsvector limits
MAX_POSITIONS = 256
MAX_POSITION = 16383

TABLES = ("qa_passages", "qa_paragraphs", "qa_documents", "qa_index")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --------------------------------------------------------------------------- wire formats


class Vec:
    """A vector parameter or COPY value, sent in pgvector's binary format."""

    __slots__ = ("values",)

    def __init__(self, values: np.ndarray):
        self.values = np.ascontiguousarray(np.asarray(values).reshape(-1), dtype=">f4")


class Terms:
    """A passage's keyword terms as a tsvector: each term with its positions."""

    __slots__ = ("positions",)

    def __init__(self, tokens: Sequence[str]):
        positions: dict[bytes, list[int]] = {}
        for number, token in enumerate(tokens, start=1):
            lexeme = token.encode("utf-8")
            if 0 < len(lexeme) <= MAX_LEXEME_BYTES:
                positions.setdefault(lexeme, []).append(min(number, MAX_POSITION))
        self.positions = positions

    def to_binary(self) -> bytes:
        out = [struct.pack(">i", len(self.positions))]
        for lexeme in sorted(self.positions):  # tsvector keeps lexemes in byte order
            where = sorted(set(self.positions[lexeme]))[:MAX_POSITIONS]
            out.append(lexeme + b"\0" + struct.pack(f">H{len(where)}H", len(where), *where))
        return b"".join(out)


def _register(conn: Any, vector_oid: int) -> None:
    from psycopg.adapt import Dumper, Loader
    from psycopg.pq import Format

    class VecDumper(Dumper):
        format = Format.BINARY
        oid = vector_oid

        def dump(self, obj: Vec) -> bytes:
            return struct.pack(">HH", len(obj.values), 0) + obj.values.tobytes()

    class TermsDumper(Dumper):
        format = Format.BINARY
        oid = TSVECTOR_OID

        def dump(self, obj: Terms) -> bytes:
            return obj.to_binary()

    class VecLoader(Loader):
        format = Format.BINARY

        def load(self, data: Any) -> np.ndarray:
            return np.frombuffer(bytes(data), dtype=">f4", offset=4).astype(np.float32)

    conn.adapters.register_dumper(Vec, VecDumper)
    conn.adapters.register_dumper(Terms, TermsDumper)
    conn.adapters.register_loader(vector_oid, VecLoader)


# --------------------------------------------------------------------------- connections


class Database:
    """One index (a schema of a database) and a few open connections to it, shared by
    every snapshot of it in this process."""

    _all: dict[str, Database] = {}
    _all_lock = threading.Lock()

    @classmethod
    def get(cls, url: str) -> Database:
        with cls._all_lock:
            if url not in cls._all:
                cls._all[url] = cls(url)
            return cls._all[url]

    def __init__(self, url: str):
        self.url = url
        self.name = display_url(url)
        self.conninfo, self.schema = split_url(url)
        self.s = _ident(self.schema)
        self._idle: list[Any] = []
        self._lock = threading.Lock()

    def table(self, name: str) -> str:
        return f"{self.s}.{name}"

    def _connect(self) -> Any:
        try:
            import psycopg
        except ImportError as error:
            raise QAError("a postgresql:// index needs the PostgreSQL driver: run `pip install 'report-qa[pg]'` (psycopg)") from error
        try:
            conn = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10, application_name="qa")
        except psycopg.Error as error:
            raise QAError(
                f"cannot connect to {self.name}: {_first_line(error)}: check the URL, the password (PGPASSWORD or "
                "~/.pgpass) and that the server runs"
            ) from error
        conn.qa_vector = False
        self.prepare(conn)
        return conn

    def prepare(self, conn: Any) -> bool:
        """Find pgvector, register the wire formats and set the search options; False
        when the database has no pgvector extension (yet)."""
        if conn.qa_vector:
            return True
        row = conn.execute(
            "SELECT t.oid, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "JOIN pg_type t ON t.typnamespace = e.extnamespace AND t.typname = 'vector' WHERE e.extname = 'vector'"
        ).fetchone()
        if row is None:
            return False
        oid, extension_schema = row
        _register(conn, int(oid))
        conn.execute("SELECT set_config('search_path', %s, false)", (f"{self.s}, {_ident(extension_schema)}",))
        conn.execute(f"SET hnsw.ef_search = {int(EF_SEARCH)}")
        try:  # pgvector 0.8: a filtered HNSW scan goes on until LIMIT rows pass the filter
            conn.execute("SET hnsw.iterative_scan = relaxed_order")
        except Exception as error:  # noqa: BLE001 - older pgvector: filtered graph scans may return fewer rows
            log.warning("pgvector in %s has no iterative index scans (%s): upgrade to 0.8 for filtered searches", self.name, _first_line(error))
        conn.qa_vector = True
        return True

    @contextmanager
    def connection(self) -> Iterator[Any]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is not None and conn.closed:
            conn = None
        conn = conn or self._connect()
        try:
            yield conn
        except BaseException:
            conn.close()  # never hand on a connection in an unknown state
            raise
        if conn.closed or conn.info.transaction_status != 0:  # 0: idle
            conn.close()
            return
        with self._lock:
            if len(self._idle) < POOL:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    @contextmanager
    def transaction(self, conn: Any, read_only: bool = False) -> Iterator[Any]:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if read_only else "BEGIN")
        try:
            yield conn
        except BaseException:
            if not conn.closed:
                try:
                    conn.execute("ROLLBACK")
                except Exception:  # noqa: BLE001, S110 - the first error is the one to report
                    pass
            raise
        conn.execute("COMMIT")

    def missing(self) -> IndexMissingError:
        return IndexMissingError(f"no index at {self.name}: run `qa build data/ --index {self.name}`")

    def run(self, sql: str, params: Any = None, *, binary: bool = False) -> list[tuple]:
        """One statement on a pooled connection (retried once on a dropped connection)."""
        import psycopg

        for attempt in (1, 2):
            try:
                with self.connection() as conn:
                    return conn.cursor(binary=binary).execute(sql, params).fetchall()
            except psycopg.OperationalError as error:
                if attempt == 2:
                    raise QAError(f"lost the connection to {self.name}: {_first_line(error)}: try again, or check the server") from error
        raise AssertionError("unreachable")


# --------------------------------------------------------------------------- schema


def create_tables(conn: Any, db: Database, dimension: int, hnsw: bool) -> None:
    t = db.table
    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {db.s}")
    conn.execute(
        f"""CREATE TABLE {t('qa_index')} (
            id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
            format_version int NOT NULL, model text NOT NULL, dimension int NOT NULL,
            manifest jsonb NOT NULL, generation bigint NOT NULL)"""
    )
    conn.execute(
        f"""CREATE TABLE {t('qa_documents')} (
            key bigserial PRIMARY KEY, id text NOT NULL, title text NOT NULL, fingerprint text NOT NULL,
            source text NOT NULL, meta jsonb NOT NULL, ordinal int NOT NULL,
            added bigint NOT NULL, removed bigint, removed_at timestamptz)"""
    )
    conn.execute(f"CREATE UNIQUE INDEX qa_documents_live ON {t('qa_documents')} (id) WHERE removed IS NULL")
    conn.execute(
        f"""CREATE TABLE {t('qa_paragraphs')} (
            doc_key bigint NOT NULL REFERENCES {t('qa_documents')} (key) ON DELETE CASCADE,
            number int NOT NULL, text text NOT NULL, section text, page int, spans jsonb NOT NULL, page_breaks jsonb NOT NULL,
            notes jsonb NOT NULL,
            PRIMARY KEY (doc_key, number))"""
    )
    conn.execute(
        f"""CREATE TABLE {t('qa_passages')} (
            id bigserial PRIMARY KEY,
            doc_key bigint NOT NULL REFERENCES {t('qa_documents')} (key) ON DELETE CASCADE,
            ordinal int NOT NULL, paragraph int NOT NULL, start int NOT NULL, "end" int NOT NULL,
            length int NOT NULL, terms tsvector NOT NULL, embedding vector({int(dimension)}) NOT NULL)"""
    )
    conn.execute(f"CREATE INDEX qa_passages_doc ON {t('qa_passages')} (doc_key, ordinal)")
    conn.execute(f"CREATE INDEX qa_passages_terms ON {t('qa_passages')} USING gin (terms)")
    if hnsw:
        create_hnsw(conn, db)


def create_hnsw(conn: Any, db: Database) -> None:
    conn.execute("SET LOCAL maintenance_work_mem = '512MB'")  # the graph of 100k 384-d vectors fits
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS qa_passages_embedding ON {db.table('qa_passages')} "
        f"USING hnsw (embedding vector_ip_ops) WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
    )


def drop_tables(conn: Any, db: Database) -> None:
    conn.execute("DROP TABLE IF EXISTS " + ", ".join(db.table(name) for name in TABLES) + " CASCADE")


def dense_spec() -> dict[str, Any]:
    return {
        "type": "pgvector-hnsw",
        "metric": "inner_product",
        "M": HNSW_M,
        "ef_construction": HNSW_EF_CONSTRUCTION,
        "ef_search": EF_SEARCH,
        "flat_max": FLAT_MAX,
    }


# --------------------------------------------------------------------------- snapshot


def bm25_idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@dataclass
class PgIndexData(IndexData):
    """An ``IndexData`` whose vectors and keyword index stay in the database: the
    documents and passages of one snapshot in memory, searched in SQL."""

    database: Database | None = None
    location: str = ""  # the URL without its password
    generation: int = 0
    row_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # database id of each passage
    doc_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # version key of each document
    doc_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # document of each passage
    document_frequency: dict[str, int] = field(default_factory=dict)
    average_length: float = 1.0
    keyword_rank: str = "bm25"
    _checked: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._order = np.argsort(self.row_ids, kind="stable")
        self._sorted_ids = self.row_ids[self._order]
        self._doc_counts = np.bincount(self.doc_index, minlength=len(self.doc_keys))
        self._all_keys = self.doc_keys.tolist()
        self._checked = time.monotonic()

    # ---------------------------------------------------------------- helpers

    def positions(self, ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Passage positions of database ids, and which ids this snapshot holds."""
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) == 0 or len(self._sorted_ids) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted_ids, ids), len(self._sorted_ids) - 1)
        known = self._sorted_ids[at] == ids
        return self._order[at[known]].astype(np.int64), known

    def _filter(self, allowed: np.ndarray | None) -> tuple[str, dict[str, Any], int]:
        """A WHERE clause keeping this snapshot's passages (those ``allowed``), and how many."""
        total = len(self.passages)
        if allowed is None or bool(allowed.all()):
            return "p.doc_key = ANY(%(keys)s)", {"keys": self._all_keys}, total
        kept = int(allowed.sum())
        per_doc = np.bincount(self.doc_index[allowed], minlength=len(self.doc_keys))
        if bool(np.all((per_doc == 0) | (per_doc == self._doc_counts))):  # whole documents (--doc, --where)
            return "p.doc_key = ANY(%(keys)s)", {"keys": self.doc_keys[per_doc > 0].tolist()}, kept
        return "p.id = ANY(%(ids)s)", {"ids": self.row_ids[allowed].tolist()}, kept

    def _ranked(self, rows: list[tuple]) -> tuple[np.ndarray, np.ndarray]:
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        scores = np.fromiter((r[1] for r in rows), dtype=np.float32, count=len(rows))
        positions, known = self.positions(ids)
        scores = scores[known]
        order = np.lexsort((positions, -scores))  # best first; ties in passage order
        return positions[order], scores[order]

    # ---------------------------------------------------------------- searches

    def dense_search(self, vector: np.ndarray, n: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` (positions, inner products): exact while few passages are searched
        (as the folder's flat index), else pgvector's HNSW graph."""
        n = min(n, len(self.passages))
        where, params, kept = self._filter(allowed)
        if n <= 0 or kept == 0:
            return self._ranked([])
        exact = kept <= max(FLAT_MAX, n)
        distance = "p.embedding <#> %(q)s"
        order = f"({distance}) + 0, p.id" if exact else distance  # "+ 0": not the index's expression, so a scan
        sql = f"SELECT p.id, -({distance}) FROM {self.database.table('qa_passages')} p WHERE {where} ORDER BY {order} LIMIT %(n)s"
        return self._ranked(self.database.run(sql, {**params, "q": Vec(vector), "n": n}))

    def keyword_search(self, tokens: Sequence[str], n: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` (positions, scores) of passages sharing a term with ``tokens`` (the
        question's terms, repeated as often as asked): BM25 as bm25s, or ts_rank_cd.

        BM25 is scored in SQL for the passages the GIN index finds; only the question's
        lexemes of each tsvector are read (``setweight`` marks them, ``ts_filter`` keeps
        them). Over PRUNE_ABOVE passages it first scores only the passages holding the
        question's rarest term (then the two rarest, ...): when the n-th best of those
        beats what the other terms could add at most (their idf: a BM25 term-frequency
        factor is below 1), no other passage can enter the top n and the ranking is
        exact (MaxScore); else, or once that would read half the passages, all."""
        counts = Counter(t for t in tokens if t in self.document_frequency)
        where, params, kept = self._filter(allowed)
        if not counts or n <= 0 or kept == 0:
            return self._ranked([])
        table = self.database.table("qa_passages")
        if self.keyword_rank == "ts_rank_cd":
            sql = (
                f"SELECT p.id, ts_rank_cd(p.terms, %(query)s::tsquery) AS score FROM {table} p "
                f"WHERE p.terms @@ %(query)s::tsquery AND {where} ORDER BY score DESC, p.id LIMIT %(n)s"
            )
            return self._ranked(self.database.run(sql, {**params, "query": _tsquery(counts), "n": n}))
        total = len(self.passages)
        weight = {t: bm25_idf(self.document_frequency[t], total) * c for t, c in counts.items()}
        terms = sorted(weight, key=lambda t: (-weight[t], t))  # the rarest first
        tf = "cardinality(u.positions)"
        sql = (
            f"SELECT p.id, (SELECT sum((w.weight * {tf} / ({tf} + %(k1)s * (1 - %(b)s + %(b)s * p.length / %(avgdl)s)))::real) "
            "FROM unnest(ts_filter(setweight(p.terms, 'A', %(terms)s::text[]), '{a}')) AS u "
            "JOIN unnest(%(terms)s::text[], %(weights)s::float8[]) AS w(term, weight) ON w.term = u.lexeme) AS score "
            f"FROM {table} p WHERE p.terms @@ %(query)s::tsquery AND {where} ORDER BY score DESC, p.id LIMIT %(n)s"
        )
        params.update(terms=terms, weights=[weight[t] for t in terms], k1=BM25_K1, b=BM25_B, avgdl=self.average_length, n=n)
        if kept > PRUNE_ABOVE:
            for k in range(1, len(terms)):
                if sum(self.document_frequency[t] for t in terms[:k]) > kept / 2:
                    break  # as many rows as scoring them all
                rows = self.database.run(sql, {**params, "query": _tsquery(terms[:k])})
                rest = sum(weight[t] for t in terms[k:])
                if len(rows) >= n and rows[n - 1][1] > rest * (1 + 1e-6) + 1e-9:
                    return self._ranked(rows)
        return self._ranked(self.database.run(sql, {**params, "query": _tsquery(terms)}))

    def cosine(self, position: int, vector: np.ndarray) -> float:
        rows = self.database.run(
            f"SELECT -(embedding <#> %(q)s) FROM {self.database.table('qa_passages')} WHERE id = %(id)s",
            {"q": Vec(vector), "id": int(self.row_ids[position])},
        )
        return float(rows[0][0]) if rows else 0.0

    def vectors(self) -> np.ndarray:
        """All passage vectors, in passage order."""
        out = np.zeros((len(self.passages), self.manifest.dimension), dtype=np.float32)
        if len(self.passages):
            rows = self.database.run(
                f"SELECT id, embedding FROM {self.database.table('qa_passages')} WHERE doc_key = ANY(%(keys)s)",
                {"keys": self._all_keys},
                binary=True,
            )
            positions, known = self.positions([r[0] for r in rows])
            out[positions] = np.stack([r[1] for r, k in zip(rows, known, strict=True) if k])
        return out

    def stale(self) -> bool:
        """Whether a write committed since this snapshot (asked at most every RECHECK s)."""
        now = time.monotonic()
        if now - self._checked < RECHECK:
            return False
        self._checked = now
        try:
            rows = self.database.run(f"SELECT generation FROM {self.database.table('qa_index')}")
        except Exception as error:  # noqa: BLE001 - a question must not fail on the check itself
            log.debug("cannot check %s for changes: %s", self.location, error)
            return False
        return bool(rows) and int(rows[0][0]) != self.generation


def _tsquery(terms) -> str:
    """Any of these lexemes, as tsquery text (quoted: taken as they are, not parsed again)."""
    return " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)


def _paragraph(row: tuple) -> Paragraph:
    _, number, text, section, page, spans, breaks, notes = row
    return Paragraph(
        number=number, text=text, section=section, page=page, spans=tuple(Span(*s) for s in spans),
        page_breaks=tuple((int(a), int(b)) for a, b in breaks), notes=tuple((int(a), str(b)) for a, b in notes),
    )


def read_database(url: str, keyword_rank: str | None = None) -> PgIndexData:
    """Load a snapshot of the index at ``url`` (refusing another format or dimension)."""
    import psycopg

    db = Database.get(url)
    t = db.table
    with db.connection() as conn:
        if not db.prepare(conn):
            raise db.missing()
        with db.transaction(conn, read_only=True):
            try:
                head = conn.execute(f"SELECT format_version, model, dimension, manifest, generation FROM {t('qa_index')}").fetchone()
            except psycopg.errors.UndefinedTable:
                head = None
            if head is None:
                raise db.missing()
            version, model, dimension, extra, generation = head
            hint = f"run `{rebuild_hint(db.name, extra.get('sources'))}`"  # type: ignore[arg-type]
            if version != FORMAT_VERSION or extra.get("layout") != LAYOUT:
                raise IndexMismatchError(
                    f"index {db.name} has format version {version} (tables {extra.get('layout')}), this qa reads "
                    f"{FORMAT_VERSION} (tables {LAYOUT}): {hint}"
                )
            column = conn.execute(
                "SELECT atttypmod FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'embedding'",
                (f"{db.s}.qa_passages",),
            ).fetchone()
            if column is None or column[0] != dimension:
                raise IndexMismatchError(
                    f"index {db.name} holds {column[0] if column else 'no'}-d vectors but its manifest says {dimension}: {hint}"
                )
            docs = conn.execute(
                f"SELECT key, id, title, fingerprint, source, meta FROM {t('qa_documents')} WHERE removed IS NULL ORDER BY ordinal, key"
            ).fetchall()
            keys = [d[0] for d in docs]
            paragraphs: dict[int, list[Paragraph]] = {}
            for row in conn.execute(
                f"SELECT doc_key, number, text, section, page, spans, page_breaks, notes FROM {t('qa_paragraphs')} WHERE doc_key = ANY(%s) ORDER BY doc_key, number",
                (keys,),
            ):
                paragraphs.setdefault(row[0], []).append(_paragraph(row))
            rows: dict[int, list[tuple]] = {}
            for row in conn.execute(
                f'SELECT doc_key, id, paragraph, start, "end", length FROM {t("qa_passages")} WHERE doc_key = ANY(%s) ORDER BY doc_key, ordinal',
                (keys,),
            ):
                rows.setdefault(row[0], []).append(row)
            frequency = dict(
                conn.execute(
                    "SELECT word, ndoc FROM ts_stat(%s)",
                    (f"SELECT p.terms FROM {t('qa_passages')} p JOIN {t('qa_documents')} d ON d.key = p.doc_key WHERE d.removed IS NULL",),
                ).fetchall()
            )
    documents: dict[str, Document] = {}
    passages: list[Passage] = []
    row_ids: list[int] = []
    doc_index: list[int] = []
    lengths = 0
    try:
        for number, (key, doc_id, title, fingerprint, source, meta) in enumerate(docs):
            document = Document(id=doc_id, title=title, paragraphs=tuple(paragraphs.get(key, ())), fingerprint=fingerprint, source=source, meta=dict(meta))
            documents[doc_id] = document
            for _, row_id, paragraph_number, start, end, length in rows.get(key, ()):
                paragraph = document.paragraphs[paragraph_number - 1]
                passages.append(passage_of(doc_id, paragraph, start, end))
                row_ids.append(row_id)
                doc_index.append(number)
                lengths += length
    except (IndexError, TypeError, ValueError) as error:
        raise IndexCorruptError(f"index {db.name} is damaged ({type(error).__name__}): {hint}") from error
    manifest = Manifest(
        format_version=version,
        model=model,
        dimension=dimension,
        max_seq_length=extra["max_seq_length"],
        chunking=extra["chunking"],
        dense_index=extra["dense_index"],
        passages=len(passages),
        documents={d.id: d.fingerprint for d in documents.values()},
        sources=extra.get("sources", []),
        created=extra.get("created", ""),
        qa_version=extra.get("qa_version", ""),
        parser=extra.get("parser", ""),
        embedding_text=extra.get("embedding_text", 0),
    )
    return PgIndexData(
        manifest,
        documents,
        passages,
        None,
        None,
        database=db,
        location=db.name,
        generation=int(generation),
        row_ids=np.asarray(row_ids, dtype=np.int64),
        doc_keys=np.asarray(keys, dtype=np.int64),
        doc_index=np.asarray(doc_index, dtype=np.int32),
        document_frequency=frequency,
        average_length=lengths / len(passages) if passages else 1.0,
        keyword_rank=keyword_rank or os.environ.get("QA_PG_KEYWORD", "bm25"),
    )


# --------------------------------------------------------------------------- writes


@dataclass(frozen=True)
class NewDocument:
    """A document version to write: its passages, their keyword tokens and vectors."""

    document: Document
    passages: Sequence[Passage]
    tokens: Sequence[Sequence[str]]
    vectors: np.ndarray


def manifest_json(manifest: Manifest) -> dict[str, Any]:
    return {
        "layout": LAYOUT,
        "max_seq_length": manifest.max_seq_length,
        "chunking": manifest.chunking,
        "dense_index": manifest.dense_index,
        "sources": manifest.sources,
        "created": manifest.created,
        "qa_version": manifest.qa_version,
        "parser": manifest.parser,
        "embedding_text": manifest.embedding_text,
    }


def write(
    conn: Any,
    db: Database,
    manifest: Manifest,
    *,
    fresh: bool,
    retire: Sequence[str],
    new: Sequence[NewDocument],
    order: Sequence[str],
) -> int:
    """One write, inside the caller's transaction: bump the generation, mark the live
    versions of ``retire`` removed, insert ``new``, put the live documents in ``order``
    and delete versions removed longer than RETENTION ago. ``fresh``: the tables were
    just created (the HNSW graph is then built once, after the rows). Returns the new
    generation."""
    from psycopg.types.json import Jsonb

    t = db.table
    if fresh:
        generation = 1
        conn.execute(
            f"INSERT INTO {t('qa_index')} (format_version, model, dimension, manifest, generation) VALUES (%s, %s, %s, %s, %s)",
            (manifest.format_version, manifest.model, manifest.dimension, Jsonb(manifest_json(manifest)), generation),
        )
    else:
        generation = conn.execute(
            f"UPDATE {t('qa_index')} SET generation = generation + 1, manifest = %s RETURNING generation",
            (Jsonb(manifest_json(manifest)),),
        ).fetchone()[0]
    if retire:
        conn.execute(
            f"UPDATE {t('qa_documents')} SET removed = %s, removed_at = now() WHERE removed IS NULL AND id = ANY(%s)",
            (generation, list(retire)),
        )
    ordinal = {doc_id: number for number, doc_id in enumerate(order)}
    if new:
        keys = [
            r[0]
            for r in conn.execute(
                f"SELECT nextval(pg_get_serial_sequence('{db.schema}.qa_documents', 'key')) FROM generate_series(1, %s)", (len(new),)
            )
        ]
        with conn.cursor().copy(
            f"COPY {t('qa_documents')} (key, id, title, fingerprint, source, meta, ordinal, added) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy:
            copy.set_types([INT8, TEXT, TEXT, TEXT, TEXT, JSONB, INT4, INT8])
            for key, item in zip(keys, new, strict=True):
                d = item.document
                copy.write_row((key, d.id, d.title, d.fingerprint, d.source, Jsonb(d.meta), ordinal.get(d.id, len(ordinal)), generation))
        with conn.cursor().copy(
            f"COPY {t('qa_paragraphs')} (doc_key, number, text, section, page, spans, page_breaks, notes) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy:
            copy.set_types([INT8, INT4, TEXT, TEXT, INT4, JSONB, JSONB, JSONB])
            for key, item in zip(keys, new, strict=True):
                for p in item.document.paragraphs:
                    breaks = Jsonb([list(b) for b in p.page_breaks])
                    notes = Jsonb([list(n) for n in p.notes])
                    copy.write_row((key, p.number, p.text, p.section, p.page, Jsonb([list(s) for s in p.spans]), breaks, notes))
        vector_oid = _vector_oid(conn)  # before the COPY: the connection is busy during it
        with conn.cursor().copy(
            f'COPY {t("qa_passages")} (doc_key, ordinal, paragraph, start, "end", length, terms, embedding) FROM STDIN WITH (FORMAT BINARY)'
        ) as copy:
            copy.set_types([INT8, INT4, INT4, INT4, INT4, INT4, TSVECTOR_OID, vector_oid])
            for key, item in zip(keys, new, strict=True):
                for number, (p, tokens, vector) in enumerate(zip(item.passages, item.tokens, item.vectors, strict=True)):
                    tokens = list(tokens) or [EMPTY_TERM]
                    copy.write_row((key, number, p.paragraph, p.start, p.end, len(tokens), Terms(tokens), Vec(vector)))
    if order:
        conn.execute(
            f"UPDATE {t('qa_documents')} d SET ordinal = o.ordinal FROM unnest(%s::text[], %s::int[]) AS o(id, ordinal) "
            "WHERE d.removed IS NULL AND d.id = o.id AND d.ordinal <> o.ordinal",
            (list(order), list(range(len(order)))),
        )
    if fresh:
        create_hnsw(conn, db)
    else:
        conn.execute(
            f"DELETE FROM {t('qa_documents')} WHERE removed IS NOT NULL AND removed_at < now() - make_interval(secs => %s)",
            (RETENTION,),
        )
    return int(generation)


def _vector_oid(conn: Any) -> int:
    return int(conn.execute("SELECT 'vector'::regtype::oid").fetchone()[0])


def lock(conn: Any, db: Database) -> None:
    """Serialise writers of one index (released at the end of the transaction)."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"qa-index:{db.schema}",))


def tables_exist(conn: Any, db: Database) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{db.s}.qa_index",)).fetchone()[0]


def ensure_extension(conn: Any, db: Database) -> None:
    """pgvector in the database: created if this user may, else a one-line refusal."""
    if db.prepare(conn):
        return
    import psycopg

    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except psycopg.Error as error:
        database = conn.info.dbname
        raise QAError(
            f"database {database} has no pgvector extension and this user cannot create it ({_first_line(error)}): "
            f"run `CREATE EXTENSION vector;` in {database} as its owner or a superuser (docs/postgres.md)"
        ) from error
    if not db.prepare(conn):
        raise QAError(f"pgvector was created in {db.name} but cannot be found: check the search_path")
