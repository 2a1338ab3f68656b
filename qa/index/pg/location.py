"""Where an index is: a folder or a ``postgresql://`` URL, and a database index's home folder
(see qa/index/pg/__init__.py). No driver import."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from qa.config import DEFAULT_INDEX

SCHEMES = ("postgresql://", "postgres://")
#: The file in a home folder that names its database.
POINTER = "DATABASE"
DEFAULT_SCHEMA = "qa"
#: Environment variable holding the default index URL (when no --index is given).
URL_VARIABLE = "QA_DATABASE_URL"

_KNOWN: dict[str, str] = {}  # URL without password -> the full URL seen in this process


def is_database_url(location: Any) -> bool:
    return isinstance(location, str) and location.strip().lower().startswith(SCHEMES)


def split_url(url: str) -> tuple[str, str]:
    """(libpq connection URL, schema): our own ``schema`` query parameter taken out."""
    parts = urlsplit(url.strip())
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((value for key, value in query if key == "schema"), DEFAULT_SCHEMA) or DEFAULT_SCHEMA
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema):
        from qa.errors import UsageError

        raise UsageError(f"schema must be a plain SQL name (letters, digits, _), not {schema!r}")
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, rest, parts.fragment)), schema


def display_url(url: str) -> str:
    """The URL without its password: what messages, the manifest hint and DATABASE show."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}@{host}" if user.partition(":")[0] else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _remember(url: str) -> str:
    _KNOWN[display_url(url)] = url.strip()
    return url.strip()


def database_of(location: Any) -> str | None:
    """The database URL an index location names (a URL, or a home folder), else None.

    A home folder's DATABASE file holds the URL without its password: the full URL is
    the one seen earlier in this process, or ``$QA_DATABASE_URL`` when it names the same
    database, else the stored one (libpq then finds the password in PGPASSWORD or
    ~/.pgpass)."""
    if is_database_url(location):
        return _remember(location)
    if location is None:
        return None
    pointer = Path(location) / POINTER
    if not pointer.is_file():
        return None
    stored = pointer.read_text(encoding="utf-8").strip()
    if stored in _KNOWN:
        return _KNOWN[stored]
    env = os.environ.get(URL_VARIABLE, "")
    if is_database_url(env) and display_url(env) == stored:
        return _remember(env)
    return stored


def home_dir(url: str) -> Path:
    """The local folder of a database index (see the module docstring)."""
    parts = urlsplit(url)
    conninfo, schema = split_url(url)
    query = dict(parse_qsl(urlsplit(conninfo).query))
    host = parts.hostname or query.get("host", "local")
    port = str(parts.port or query.get("port", "5432"))
    database = parts.path.lstrip("/") or query.get("dbname", "postgres")
    slug = re.sub(r"[^A-Za-z0-9._]+", "-", f"{host}-{port}-{database}-{schema}").strip("-.")
    if len(slug) > 60:  # a socket folder as host: keep it short and unique
        slug = f"{slug[-40:].strip('-.')}-{hashlib.sha256(slug.encode()).hexdigest()[:10]}"
    base = Path(os.environ.get("QA_PG_DIR") or DEFAULT_INDEX.parent)
    return base / f"pg-{slug}"


def index_home(location: Any) -> Path:
    """The folder that stands for an index: the folder itself, or a database index's
    home (created, with its DATABASE file)."""
    url = database_of(location)
    if url is None:
        return Path(location)
    if not is_database_url(location):
        return Path(location)
    home = home_dir(url)
    pointer = home / POINTER
    shown = display_url(url)
    if not pointer.is_file() or pointer.read_text(encoding="utf-8").strip() != shown:
        home.mkdir(parents=True, exist_ok=True)
        tmp = home / f".{POINTER}.tmp-{os.getpid()}"
        tmp.write_text(shown + "\n", encoding="utf-8")
        os.replace(tmp, pointer)
    return home


__all__ = ["database_of", "display_url", "home_dir", "index_home", "is_database_url", "split_url"]
