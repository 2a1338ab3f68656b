"""DOCX: Word paragraphs as they are, "Heading N" styles as sections.

Word already stores paragraphs, so nothing is rebuilt: empty paragraphs (spacing) are
skipped, a manual line break becomes a space, the "Title" style (or the document
properties) gives the title, and tables are read row by row, cells joined with " | ",
in their place in the body.
"""

from __future__ import annotations

import re
from pathlib import Path

from qa.ingest.outline import Outline, clean
from qa.ingest.registry import ReadResult, UnreadableFile, reader

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _level(paragraph) -> int | None:
    style = paragraph.style
    while style is not None:  # a custom style based on "Heading 2" is a heading 2
        match = _HEADING_STYLE.match(style.name or "")
        if match:
            return int(match.group(1))
        style = style.base_style
    return None


@reader(".docx")
def read_docx(path: Path) -> ReadResult:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as error:
        raise UnreadableFile("not a Word .docx file (damaged, or an old .doc renamed): open and re-save it as .docx") from error
    outline = Outline()
    title = clean(document.core_properties.title or "") or None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = clean(cell.text)
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                outline.paragraph(" | ".join(cells))
            continue
        assert isinstance(item, Paragraph)
        text = clean(item.text)
        if not text:
            continue
        if (item.style.name or "").lower() == "title":
            title = title or text
            continue
        level = _level(item)
        if level is not None:
            outline.heading(level, text)
        else:
            outline.paragraph(text)
    return ReadResult(outline.paragraphs, title)
