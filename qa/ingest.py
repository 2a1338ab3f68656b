"""Files in, Documents out.

Readers are registered by file suffix; each returns the document's paragraphs (and
optionally a title). A file that cannot be read is reported as a warning naming it and
the rest of the folder goes on: one bad file must not cost a user the whole build.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .meta import document_meta
from .types import Document, Paragraph

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadResult:
    paragraphs: list[Paragraph]
    title: str | None = None


Reader = Callable[..., ReadResult]  # reader(path) -> ReadResult; OCR readers also take ocr=, progress=
READERS: dict[str, Reader] = {}
OCR_READERS: set[str] = set()  # suffixes whose reader can OCR pages without text (PDF)


def reader(*suffixes: str, ocr: bool = False) -> Callable[[Reader], Reader]:
    def register(function: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = function
            if ocr:
                OCR_READERS.add(suffix)
        return function

    return register


class UnreadableFile(Exception):
    """Raised by a reader with the one-line reason the file was skipped."""


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("not UTF-8 or Windows-1252 text: re-save it as UTF-8")


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs when the text has blank lines, else one per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
        # A line break inside a paragraph is layout, not content.
        return [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks if b.strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def _numbered(texts: Iterable[str]) -> list[Paragraph]:
    return [Paragraph(number=i, text=t) for i, t in enumerate(texts, start=1)]


@reader(".txt")
def read_text(path: Path) -> ReadResult:
    return ReadResult(_numbered(split_paragraphs(_decode(path))))


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


@reader(".md", ".markdown")
def read_markdown(path: Path) -> ReadResult:
    """Headings become the section of the paragraphs below them (the same rule as the
    PDF, HTML and DOCX readers: "Tajikistan: PROTECTION"), not paragraphs."""
    from .readers.outline import Outline

    text = _decode(path).replace("\r\n", "\n").replace("\r", "\n")
    one_per_line = not re.search(r"\n[ \t]*\n", text)
    title: str | None = None
    outline = Outline()
    pending: list[str] = []

    def flush() -> None:
        if pending:
            outline.paragraph(" ".join(pending))
            pending.clear()

    for line in text.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            flush()
            outline.heading(len(heading.group(1)), heading.group(2))
            if title is None and len(heading.group(1)) == 1:
                title = heading.group(2)
        elif not line.strip():
            flush()
        else:
            pending.append(line.strip())
            if one_per_line:
                flush()
    flush()
    return ReadResult(outline.paragraphs, title)


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


def load_document(path: Path, doc_id: str, meta: dict[str, str] | None = None, *, ocr: bool = False, progress: bool = False) -> Document:
    """Read one file. Raises UnreadableFile with the reason when it yields nothing.

    ``ocr`` lets a PDF reader run OCR on pages without a text layer (slow, opt-in);
    ``progress`` shows its bar per page.
    """
    suffix = path.suffix.lower()
    try:
        result = READERS[suffix](path, ocr=True, progress=progress) if ocr and suffix in OCR_READERS else READERS[suffix](path)
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
    paths: Iterable[Path], meta: dict[str, str] | None = None, *, ocr: bool = False, progress: bool = False
) -> tuple[list[Document], list[str]]:
    """All readable documents under ``paths`` and one warning line per skipped file
    (``ocr``: read scanned PDF pages with Tesseract, see load_document)."""
    documents: list[Document] = []
    warnings: list[str] = []
    for path, doc_id in discover(paths):
        try:
            documents.append(load_document(path, doc_id, document_meta(path, doc_id, meta), ocr=ocr, progress=progress))
        except UnreadableFile as reason:
            warnings.append(f"skipped {path}: {reason}")
    return documents, warnings


# The PDF, HTML and DOCX readers register themselves here; their libraries load on first use.
from . import readers  # noqa: E402,F401
