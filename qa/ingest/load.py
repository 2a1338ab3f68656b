"""Files in, Documents out: find the files a user named, read each with its registered
reader, and skip (with a one-line warning naming it) a file that cannot be read, so one
bad file does not cost a user the whole build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from qa.errors import InputError
from qa.ingest import docx, html, pdf, plain  # noqa: F401  (each registers its suffixes; libraries load on first use)
from qa.ingest.meta import document_meta
from qa.ingest.registry import OCR_READERS, PAGED_READERS, READERS, UnreadableFile
from qa.types import Document


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


IGNORE_MARKER = ".qaignore"


def discover(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Files to ingest with their document id (path relative to the argument given).

    Raises InputError for an argument that does not exist or has an unknown type;
    inside folders, unknown types are skipped silently (folders hold other things).
    """
    found: list[tuple[Path, str]] = []
    for root in paths:
        root = Path(root)
        if not root.exists():
            raise InputError(f"no such file or folder: {root}")
        if root.is_dir():
            # A subfolder holding a `.qaignore` file is skipped (e.g. fixtures kept
            # beside a corpus); it can still be indexed by naming it directly.
            ignored = [p.parent for p in root.rglob(IGNORE_MARKER) if p.parent != root]
            for file in sorted(p for p in root.rglob("*") if p.is_file()):
                if any(folder in file.parents for folder in ignored):
                    continue
                if file.suffix.lower() in READERS and not file.name.startswith("."):
                    found.append((file, file.relative_to(root).as_posix()))
        elif root.suffix.lower() in READERS:
            found.append((root, root.name))
        else:
            supported = ", ".join(sorted(READERS))
            raise InputError(f"cannot read {root}: unknown file type {root.suffix or '(none)'}; supported: {supported}")
    return found


def load_document(
    path: Path, doc_id: str, meta: dict[str, str] | None = None, *, ocr: bool = False, progress: bool = False,
    on_page: Callable[[int, int], None] | None = None,
) -> Document:
    """Read one file. Raises UnreadableFile with the reason when it yields nothing.

    ``ocr`` lets a PDF reader run OCR on pages without a text layer (slow, opt-in);
    ``progress`` shows its bar per page; ``on_page(done, total)`` is told each page a
    paged reader (PDF) reads.
    """
    suffix = path.suffix.lower()
    options: dict = {"ocr": True, "progress": progress} if ocr and suffix in OCR_READERS else {}
    if on_page is not None and suffix in PAGED_READERS:
        options["on_page"] = on_page
    try:
        result = READERS[suffix](path, **options)
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror or error}") from error
    except Exception as error:  # a reader library choking on a damaged file
        raise UnreadableFile(f"damaged or unsupported content ({type(error).__name__}: {error})") from error
    if not result.paragraphs:
        raise UnreadableFile("no text found: the file is empty")
    return Document(
        id=doc_id,
        title=result.title or path.stem,
        paragraphs=tuple(result.paragraphs),
        fingerprint=fingerprint(path),
        source=str(path),
        meta=dict(meta or {}),
    )


def load_documents(
    paths: Iterable[Path], meta: dict[str, str] | None = None, *, ocr: bool = False, progress: bool = False,
    on_page: Callable[[str, int, int], None] | None = None,
) -> tuple[list[Document], list[str]]:
    """All readable documents under ``paths`` and one warning line per skipped file
    (``ocr``: read scanned PDF pages with Tesseract, see load_document; ``on_page(name,
    done, total)``: each page a PDF reader reads)."""
    documents: list[Document] = []
    warnings: list[str] = []
    for path, doc_id in discover(paths):
        try:
            pages = None if on_page is None else (lambda done, total, name=path.name: on_page(name, done, total))
            documents.append(load_document(path, doc_id, document_meta(path, doc_id, meta), ocr=ocr, progress=progress, on_page=pages))
        except UnreadableFile as reason:
            warnings.append(f"skipped {path}: {reason}")
    return documents, warnings

