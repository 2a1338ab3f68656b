"""The reader registry: file suffix -> the function that reads that format.

It sits apart from the readers and from the loader so both can import it without
importing each other: a reader registers itself with ``@reader(".pdf")``, the loader
looks suffixes up in ``READERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qa.types import Paragraph


@dataclass(frozen=True)
class ReadResult:
    paragraphs: list[Paragraph]
    title: str | None = None


Reader = Callable[..., ReadResult]  # reader(path) -> ReadResult; OCR readers also take ocr=, progress=
READERS: dict[str, Reader] = {}
OCR_READERS: set[str] = set()  # suffixes whose reader can OCR pages without text (PDF)
PAGED_READERS: set[str] = set()  # suffixes whose reader reports pages as it reads them: on_page(done, total)


def reader(*suffixes: str, ocr: bool = False, pages: bool = False) -> Callable[[Reader], Reader]:
    def register(function: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = function
            if ocr:
                OCR_READERS.add(suffix)
            if pages:
                PAGED_READERS.add(suffix)
        return function

    return register


class UnreadableFile(Exception):
    """Raised by a reader with the one-line reason the file was skipped."""
