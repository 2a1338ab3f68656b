"""Readers for real report formats: PDF, HTML, DOCX.

Importing this package registers them in ``qa.ingest.READERS`` (qa.ingest does so
itself). Each module imports its library only inside the reader, so ``qa --help``
and indexes of plain text never load pypdfium2, BeautifulSoup or python-docx.
"""

from . import docx, html, pdf  # noqa: F401
