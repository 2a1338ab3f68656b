"""Each format's round trip: files made from the bundled report at test time must read
back as exactly the report's paragraphs, with headings as sections and PDF pages.

The builders here are also used by test_multidoc.py and test_bad_files.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest import READERS, load_documents
from qa.ingest.pdf import Line, rebuild

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian fonts-dejavu-core
    Path(__import__("fpdf").__file__).parent.parent / "matplotlib" / "mpl-data" / "fonts" / "ttf",  # shipped by matplotlib
]


def font(name: str = "DejaVuSans.ttf") -> Path | None:
    """A TTF (embedded as a Unicode subset, as modern report PDFs are), if one is installed."""
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    return None


# A block is (kind, text), kind one of "h1", "h2", "p".
Block = tuple[str, str]


def make_pdf(
    path: Path,
    blocks: list[Block],
    *,
    header: str | None = "Trafficking in Persons Report",
    page_numbers: bool = True,
    break_words: dict[str, int] | None = None,
    lines_per_page: int | None = None,
    title: str | None = None,
    justify: bool = False,
    columns: int = 1,
    core_font: bool = False,
) -> list[tuple[int, int]]:
    """Write ``blocks`` as a PDF laid out like a report; returns (block, page) per body line.

    ``break_words`` maps a word to the character where it is hyphenated across a line
    end ("governmental": 6 gives "govern-" / "mental"); a word that already holds a
    hyphen is broken after it. ``lines_per_page`` forces the column or page break; ``justify``
    sets body lines flush with both margins, as printed reports do; ``columns=2``
    flows the text down two columns per page, as the TIP report does. The text is set
    in DejaVu Sans (embedded) when installed, else, or with ``core_font``, in Helvetica.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    regular, bold = font(), font("DejaVuSans-Bold.ttf")
    family = "DejaVu"
    if core_font or not (regular and bold):
        # Helvetica, one of the PDF standard fonts; Windows-1252 holds ’ and —.
        family, pdf.core_fonts_encoding = "helvetica", "windows-1252"
    else:
        pdf.add_font(family, "", str(regular))
        pdf.add_font(family, "B", str(bold))
    if title:
        pdf.set_title(title)
    margin, page_width, top, bottom, leading, gutter = 20.0, 170.0, 32.0, 270.0, 5.0, 8.0
    width = (page_width - gutter * (columns - 1)) / columns
    left = margin
    styles = {"h1": ("B", 16, 9.0), "h2": ("B", 11, 7.0), "p": ("", 10, leading)}
    break_words = dict(break_words or {})

    # Lay out all lines first: (block index, kind, text).
    laid: list[tuple[int, str, str]] = []
    for n, (kind, text) in enumerate(blocks):
        pdf.set_font(family, styles[kind][0], styles[kind][1])
        line = ""
        for word in text.split(" "):
            if word in break_words and line:
                cut = break_words.pop(word)
                head, tail = (word[:cut] + "-", word[cut:]) if word[cut - 1] != "-" else (word[:cut], word[cut:])
                words = line.split(" ")
                keep = next(i for i in range(len(words) + 1) if pdf.get_string_width(" ".join(words[i:] + [head])) <= width)
                if keep:  # the words that do not fit before the broken word go down a line
                    laid.append((n, kind, " ".join(words[:keep])))
                laid.append((n, kind, " ".join(words[keep:] + [head])))
                line = tail
                continue
            candidate = f"{line} {word}" if line else word
            if line and pdf.get_string_width(candidate) > width:
                laid.append((n, kind, line))
                line = word
            else:
                line = candidate
        laid.append((n, kind, line))
    assert not break_words, f"words not found to break: {break_words}"

    layout: list[tuple[int, int]] = []
    page, y, on_page, column = 0, bottom + 1, 0, columns - 1

    def new_column() -> None:
        nonlocal page, y, on_page, column, left
        y, on_page, column = top, 0, (column + 1) % columns
        left = margin + column * (width + gutter)
        if column:
            return
        pdf.add_page()
        page += 1
        if header:
            pdf.set_font(family, "", 8)
            pdf.set_xy(margin, 12)
            pdf.cell(page_width, 4, header)
        if page_numbers:
            pdf.set_font(family, "", 8)
            pdf.set_xy(margin, 282)
            pdf.cell(page_width, 4, str(page), align="C")

    previous_block = None
    for i, (n, kind, text) in enumerate(laid):
        last_of_block = i + 1 == len(laid) or laid[i + 1][0] != n
        style, size, height = styles[kind]
        if previous_block is not None and n != previous_block:
            y += 3.0  # paragraph spacing
        full = y + height > bottom or (lines_per_page is not None and on_page >= lines_per_page)
        if page == 0 or full:
            new_column()
        pdf.set_font(family, style, size)
        words = text.split(" ")
        if justify and kind == "p" and not last_of_block and len(words) > 1:
            # Word by word, spaces stretched: how many report PDFs place justified text.
            gap = (width - sum(pdf.get_string_width(w) for w in words)) / (len(words) - 1)
            x = left
            for word in words:
                pdf.set_xy(x, y)
                pdf.cell(pdf.get_string_width(word), height, word)
                x += pdf.get_string_width(word) + gap
        else:
            pdf.set_xy(left, y)
            pdf.cell(width, height, text)
        y += height
        on_page += 1
        previous_block = n
        if kind == "p":
            layout.append((n, page))
    pdf.output(str(path))
    return layout


def report_blocks(paragraphs: list[str], country: str = "Tajikistan", section: str = "PROTECTION") -> list[Block]:
    return [("h1", country), ("h2", section)] + [("p", p) for p in paragraphs]


def make_html(path: Path, paragraphs: list[str], country: str = "Tajikistan", section: str = "PROTECTION") -> None:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[1:])
    first = paragraphs[0]
    # Inline markup inside a sentence, and text straight in a <div>.
    first = first.replace("Article 30", '<a href="#law"><em>Article</em> 30</a>', 1)
    path.write_text(
        f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{country} report</title>
<style>p {{ color: black; }}</style><script>var tracking = "Skip to main content";</script></head>
<body>
<header><a href="/">Home</a> Skip to main content</header>
<nav><ul><li>Countries</li><li>Reports</li></ul></nav>
<main>
  <h1>{country}</h1>
  <!-- a comment the reader must ignore -->
  <h2>{section}</h2>
  <div>{first}</div>
  {body}
</main>
<aside>Related: another country</aside>
<footer>Copyright notice and site map</footer>
</body></html>""",
        encoding="utf-8",
    )


def make_docx(path: Path, paragraphs: list[str], country: str = "Tajikistan", section: str = "PROTECTION") -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(f"{country} report", style="Title")
    document.add_heading(country, level=1)
    document.add_heading(section, level=2)
    for text in paragraphs:
        document.add_paragraph(text)
        document.add_paragraph("")  # spacing a writer adds by hand
    document.save(str(path))


@pytest.mark.parametrize(
    ("columns", "justify", "core_font"),
    [(1, False, False), (2, True, False), (2, False, True)],
    ids=["one-column-ragged", "two-columns-justified", "standard-font"],
)
def test_pdf_rebuilds_the_report_exactly(tmp_path, report_paragraphs, columns, justify, core_font):
    pdf = tmp_path / "report.pdf"
    layout = make_pdf(
        pdf,
        report_blocks(report_paragraphs),
        break_words={"governmental": 6, "pandemic-related": 9},
        title="Trafficking in Persons Report 2021: Tajikistan",
        columns=columns,
        justify=justify,
        core_font=core_font,
    )
    pages_of = {}
    for block, page in layout:
        pages_of.setdefault(block, set()).add(page)
    across = [block for block, pages in pages_of.items() if len(pages) > 1]
    assert across, "fixture check: one paragraph must run over the page break"

    [document], warnings = load_documents([pdf])
    assert warnings == []
    assert [p.text for p in document.paragraphs] == report_paragraphs
    assert document.title == "Trafficking in Persons Report 2021: Tajikistan"
    assert {p.section for p in document.paragraphs} == {"Tajikistan: PROTECTION"}
    # Each paragraph carries the page it starts on (blocks 0 and 1 are the headings).
    assert [p.page for p in document.paragraphs] == [min(pages_of[n + 2]) for n in range(len(report_paragraphs))]
    assert len({p.page for p in document.paragraphs}) > 1
    text = " ".join(p.text for p in document.paragraphs)
    assert "Trafficking in Persons Report" not in text  # running header gone


def test_pdf_page_break_at_a_paragraph_end_starts_a_new_paragraph(tmp_path, report_paragraphs):
    paragraphs = report_paragraphs[1:3]
    probe = make_pdf(tmp_path / "probe.pdf", report_blocks(paragraphs), lines_per_page=10_000)
    first_lines = sum(1 for block, _ in probe if block == 2)
    layout = make_pdf(tmp_path / "r.pdf", report_blocks(paragraphs), lines_per_page=2 + first_lines)
    assert {block: page for block, page in layout} == {2: 1, 3: 2}  # fixture check
    [document], _ = load_documents([tmp_path / "r.pdf"])
    # the running head follows the text once, cited on its first page (the file has no title it repeats)
    assert [(p.text, p.page) for p in document.paragraphs] == [(paragraphs[0], 1), (paragraphs[1], 2), ("Trafficking in Persons Report", 1)]


def test_a_sentence_ending_a_page_continues_only_if_the_line_was_full():
    """Over a page break there is no gap to see: a line with room left for the next
    word ended its paragraph; a line the next word would not fit was wrapped."""

    def pages(last_line_end: float) -> list[list[Line]]:
        return [
            [
                Line(1, "The shelter opened in May and served victims of", 72, 100, 520, 110, 10, False),
                Line(1, "forced labor from three provinces in the south.", 72, 114, last_line_end, 124, 10, False),
            ],
            [Line(2, "Authorities identified 24 victims in 2020 and referred", 72, 100, 522, 110, 10, False)],
        ]

    short = [(p.text[-10:], p.page) for p in rebuild(pages(last_line_end=330))]
    assert short == [("the south.", 1), ("d referred", 2)]
    [joined] = rebuild(pages(last_line_end=505))  # "Authorities" would not have fitted
    assert joined.text.endswith("in the south. Authorities identified 24 victims in 2020 and referred") and joined.page == 1


def test_dehyphenation_keeps_hyphens_the_document_uses():
    lines = [
        Line(1, "Tajikistan’s anti-trafficking law and the govern-", 72, 100, 500, 110, 10, False),
        Line(1, "ment’s anti-", 72, 114, 140, 124, 10, False),
        Line(1, "trafficking unit, in 2019-", 72, 128, 300, 138, 10, False),
        Line(1, "2020; a soft\u00ad", 72, 142, 200, 152, 10, False),
        Line(1, "hyphen and the Kyrgyz-", 72, 156, 200, 166, 10, False),
        Line(1, "Tajik border.", 72, 170, 200, 180, 10, False),
    ]
    [paragraph] = rebuild([lines])
    assert paragraph.text == (
        "Tajikistan’s anti-trafficking law and the government’s anti-trafficking unit, "
        "in 2019-2020; a softhyphen and the Kyrgyz-Tajik border."
    )


def test_running_lines_and_page_numbers_are_dropped_and_sections_nest():
    def page(n: int, *body: tuple[str, float, bool]) -> list[Line]:
        lines = [Line(n, "COUNTRY NARRATIVES", 72, 30, 300, 40, 8, False)]
        y = 100.0
        for text, size, bold in body:
            lines.append(Line(n, text, 72, y, 500, y + size, size, bold))
            y += 30
        lines.append(Line(n, f"{n + 540}", 290, 800, 300, 810, 8, False))
        return [replace_edge(x) for x in lines]

    def replace_edge(x: Line) -> Line:
        x.edge = x.y1 < 84 or x.y0 > 758
        return x

    pages = [
        page(1, ("Kyrgyzstan . . . . . . . . . . 541", 10, True), ("KYRGYZSTAN: TIER 2", 14, True), ("PROSECUTION", 10, True), ("The government increased efforts.", 10, False)),
        page(2, ("PROTECTION", 10, True), ("The government identified victims.", 10, False), ("TAJIKISTAN: TIER 2", 14, True),
             ("PROTECTION", 10, True), ("The government maintained efforts.", 10, False)),
    ]
    assert [(p.text, p.section, p.page) for p in rebuild(pages)] == [
        ("Kyrgyzstan . . . . . . . . . . 541", None, 1),  # a contents entry is text, not a heading
        ("The government increased efforts.", "KYRGYZSTAN: TIER 2: PROSECUTION", 1),
        ("The government identified victims.", "KYRGYZSTAN: TIER 2: PROTECTION", 2),
        ("The government maintained efforts.", "TAJIKISTAN: TIER 2: PROTECTION", 2),
        ("COUNTRY NARRATIVES", "KYRGYZSTAN: TIER 2", 1),  # the running head, once, after the text, under the title shown
    ]


def test_a_chapter_header_over_a_few_pages_of_many_is_dropped():
    chapters = ["ALBANIA", "ALGERIA", "ANGOLA", "ARGENTINA", "ARMENIA", "ARUBA", "AUSTRALIA"]

    def page(n: int) -> list[Line]:
        lines = [Line(n, chapters[(n - 1) // 3], 72, 30, 200, 40, 8, True, edge=True)]
        if n == 5:  # a section heading near the top of one page
            lines.append(Line(n, "PROTECTION", 72, 50, 200, 60, 10, True, edge=True))
        return lines + [Line(n, f"Body text of page {n} ends here.", 72, 100, 400, 110, 10, False)]

    paragraphs = rebuild([page(n) for n in range(1, 21)])
    assert " ".join(p.text for p in paragraphs) == " ".join(f"Body text of page {n} ends here." for n in range(1, 21))
    assert [(p.page, p.section) for p in paragraphs if p.text.startswith("Body text of page 5")] == [(5, "PROTECTION")]
    assert {p.section for p in paragraphs if p.page < 5} == {None}  # chapter headers are not headings either


def test_a_heading_wrapped_over_two_lines_is_one_heading():
    lines = [
        Line(1, "BOSNIA AND HERZEGOVINA: TIER 2", 72, 100, 400, 114, 14, True),
        Line(1, "WATCH LIST", 72, 117, 200, 131, 14, True),
        Line(1, "PROTECTION", 72, 150, 160, 160, 10, True),
        Line(1, "The government identified 46 victims.", 72, 170, 400, 180, 10, False),
    ]
    [paragraph] = rebuild([lines])
    assert paragraph.section == "BOSNIA AND HERZEGOVINA: TIER 2 WATCH LIST: PROTECTION"


def test_a_turned_page_is_read_as_displayed(tmp_path):
    """/Rotate turns a page for display (landscape tables): text that reads across the
    turned page is kept, text that runs sideways on it is skipped, as on any page."""
    import pypdfium2
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(595, 842))
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    with pdf.rotation(90, 300, 700):  # drawn bottom to top: across the page once turned a quarter clockwise
        pdf.text(300, 700, "The shelter assisted 28 victims in 2020.")
    pdf.text(72, 100, "Upright on the page, sideways once the page is turned.")
    pdf.output(str(tmp_path / "upright.pdf"))
    document = pypdfium2.PdfDocument(tmp_path / "upright.pdf")
    document[0].set_rotation(90)
    document.save(tmp_path / "turned.pdf")
    document.close()
    [upright, turned], warnings = load_documents([tmp_path / "upright.pdf", tmp_path / "turned.pdf"])
    assert warnings == []
    assert [p.text for p in upright.paragraphs] == ["Upright on the page, sideways once the page is turned."]
    assert [(p.text, p.page) for p in turned.paragraphs] == [("The shelter assisted 28 victims in 2020.", 1)]


def test_html_keeps_main_text_and_headings(tmp_path, report_paragraphs):
    page = tmp_path / "report.html"
    make_html(page, report_paragraphs)
    [document], warnings = load_documents([page])
    assert warnings == []
    assert [p.text for p in document.paragraphs] == report_paragraphs
    assert {p.section for p in document.paragraphs} == {"Tajikistan: PROTECTION"}
    assert {p.page for p in document.paragraphs} == {None}
    assert document.title == "Tajikistan report"


def test_html_without_main_drops_navigation_and_scripts(tmp_path):
    page = tmp_path / "page.htm"
    page.write_text(
        "<html><body><header>Site banner</header><nav>Menu</nav><div role='navigation'>Breadcrumbs</div>"
        "<section><header><h2>Shelters</h2></header><h3>Funding</h3>"
        "<p>The shelter got <b>money</b>.<br>It helped.</p><script>x()</script><ul><li>One item</li></ul></section>"
        "<aside>Related</aside><p hidden>Hidden</p><footer>Footer</footer></body></html>",
        encoding="utf-8",
    )
    [document], _ = load_documents([page])
    assert [(p.text, p.section) for p in document.paragraphs] == [
        ("The shelter got money. It helped.", "Shelters: Funding"),
        ("One item", "Shelters: Funding"),
    ]
    assert document.title == "page"  # no <title>, no <h1>: the file name


def test_docx_heading_styles_become_sections(tmp_path, report_paragraphs):
    path = tmp_path / "report.docx"
    make_docx(path, report_paragraphs)
    [document], warnings = load_documents([path])
    assert warnings == []
    assert [p.text for p in document.paragraphs] == report_paragraphs
    assert {p.section for p in document.paragraphs} == {"Tajikistan: PROTECTION"}
    assert document.title == "Tajikistan report"


def test_docx_tables_and_heading_levels(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Kyrgyzstan", level=1)
    document.add_heading("PROSECUTION", level=2)
    document.add_paragraph("Courts convicted traffickers.")
    document.add_heading("Statistics", level=3)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Year", "Victims"), ("2020", "28")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("PROTECTION", level=2)
    document.add_paragraph("The shelter assisted victims.")
    document.save(str(tmp_path / "k.docx"))
    [read], _ = load_documents([tmp_path / "k.docx"])
    assert [(p.text, p.section) for p in read.paragraphs] == [
        ("Courts convicted traffickers.", "Kyrgyzstan: PROSECUTION"),
        ("Year | Victims", "Kyrgyzstan: Statistics"),
        ("2020 | 28", "Kyrgyzstan: Statistics"),
        ("The shelter assisted victims.", "Kyrgyzstan: PROTECTION"),
    ]


def test_readers_are_registered_without_loading_their_libraries():
    import subprocess
    import sys

    code = (
        "import sys, qa.ingest as i; "
        "print(sorted(i.READERS)); "
        "print([m for m in ('pymupdf', 'fitz', 'pypdf', 'pypdfium2', 'bs4', 'docx') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert {".pdf", ".html", ".htm", ".docx"} <= set(eval(out[0]))
    assert out[1] == "[]"
    assert READERS[".pdf"].__module__ == "qa.ingest.pdf"
