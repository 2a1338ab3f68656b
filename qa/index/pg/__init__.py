"""An index in PostgreSQL + pgvector, beside the folder index (docs/postgres.md).

An index location is either a folder (qa/index/store.py, the default) or a
``postgresql://`` URL. A database index keeps the same things as a folder (the
manifest, documents with their paragraphs and typed spans, passages, vectors and a
keyword index) in tables of one schema (``?schema=NAME`` in the URL, default ``qa``),
and searches them in SQL (``store``); ``build`` writes it one document at a time in
one transaction.

A database index also has a local *home* folder (``$QA_PG_DIR`` or ``index/``, then
``pg-<host>-<db>-<schema>``) for what is per machine: the ONNX export of the model,
the app's uploads and its feedback file. The home holds a ``DATABASE`` file naming
the URL (without its password), so the folder stands for the database index
wherever an index folder is taken (``qa ask --index index/pg-...``, the app's
uploads, ``Engine.reload``).

This module is cheap to import: the driver (psycopg) is imported only when a
database index is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qa.index.pg.location import database_of, display_url, home_dir, index_home, is_database_url, split_url
from qa.index.store import IndexData, read_index


def open_index(location: Any) -> IndexData:
    """The index at ``location``, a folder or a database: an ``IndexData`` either way."""
    url = database_of(location)
    if url is None:
        return read_index(Path(location))
    from qa.index.pg.store import read_database

    return read_database(url)


__all__ = ["database_of", "display_url", "home_dir", "index_home", "is_database_url", "open_index", "split_url"]
