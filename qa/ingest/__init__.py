"""Reading: files in, ``Document``s out.

Takes paths (files or folders) and gives Documents whose paragraphs carry their number,
section heading and page. Each format is a module that registers its suffixes in
``registry.READERS`` (plain text and Markdown in ``plain``, ``pdf`` with ``pdf_lines`` and
``ocr``, ``html``, ``docx``; headings to sections in ``outline``); ``load`` finds files and
reads them, ``meta`` adds the metadata a user keeps beside them.
"""

from qa.ingest.load import discover, fingerprint, load_document, load_documents
from qa.ingest.plain import split_paragraphs
from qa.ingest.registry import OCR_READERS, READERS, ReadResult, UnreadableFile, reader

__all__ = [
    "OCR_READERS", "READERS", "ReadResult", "UnreadableFile", "discover", "fingerprint",
    "load_document", "load_documents", "reader", "split_paragraphs",
]
