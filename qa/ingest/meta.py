"""Document metadata (year, country, source, ...) from sidecar files and the CLI.

Reports rarely carry usable metadata inside them, and users keep folders of them, so
metadata sits beside the files in plain JSON a person can edit:

- ``report.pdf.meta.json``: a flat object for one file, e.g. ``{"year": 2021}``;
- ``meta.json`` (or ``_meta.json``) in a folder: ``{"*": {...}, "report.pdf": {...}}``,
  where ``"*"`` applies to every file in that folder and its subfolders and a name
  (relative to that folder) to one file.

The more specific source wins: ``--meta`` on the command line (defaults for every
file) < folder files, outermost first < the file's own sidecar. Values are strings,
so ``2021`` and ``"2021"`` filter the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa.errors import InputError

FOLDER_FILES = ("meta.json", "_meta.json")
SIDECAR_SUFFIX = ".meta.json"


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"bad metadata file {path}: {error}: fix or delete it") from error
    if not isinstance(data, dict):
        raise InputError(f"bad metadata file {path}: expected a JSON object, e.g. {{\"year\": 2021}}")
    return data


def _strings(values: Any, source: Path) -> dict[str, str]:
    if not isinstance(values, dict):
        raise InputError(f"bad metadata file {source}: each entry must be an object of key: value, not {values!r}")
    out = {}
    for key, value in values.items():
        if isinstance(value, (dict, list)):
            raise InputError(f"bad metadata file {source}: {key!r} must be a string or number, not {type(value).__name__}")
        if value is not None:
            out[str(key)] = value if isinstance(value, str) else json.dumps(value)
    return out


def document_meta(path: Path, doc_id: str, defaults: dict[str, str] | None = None) -> dict[str, str]:
    """Metadata for the file at ``path`` indexed as ``doc_id``.

    Folder files are looked up from the indexed root (the folder ``doc_id`` is
    relative to) down to the file's folder; nothing above the root is consulted, so
    a stray ``meta.json`` in a home folder never leaks into an index.
    """
    meta = dict(defaults or {})
    depth = doc_id.count("/")
    folders = [path.parent] + list(path.parent.parents)[:depth]
    for folder in reversed(folders):  # outermost first: inner folders override
        for name in FOLDER_FILES:
            file = folder / name
            if not file.is_file():
                continue
            data = _load(file)
            relative = path.relative_to(folder).as_posix()
            meta.update(_strings(data.get("*", {}), file))
            if relative in data:
                meta.update(_strings(data[relative], file))
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        meta.update(_strings(_load(sidecar), sidecar))
    return meta
