"""The PDF layout pass (issue 15): real PDFs made by others read as a person reads them.

Two kinds of checks:

- on real pages from eval/corpora/pdf-dev (PDFs nobody here made): true sizes, column
  order, footnotes, running heads, tables, headings, titles, a hidden copy of the text;
- on small PDFs made here with fpdf2, one per rule, where the exact answer is known:
  hyphens, superscript markers and footnotes, page furniture, tables, an all-bold
  document, a near-empty scan.

Every assertion compares what the reader gives with text the page shows, so each can fail.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from qa.ingest import pdf_layout, pdf_lines
from qa.ingest.outline import Outline
from qa.ingest.pdf import _Joiner, _useful_title, read_pdf, rebuild
from qa.ingest.pdf_lines import Line
from qa.ingest.registry import UnreadableFile
from qa.types import Paragraph
from tests.conftest import ROOT

DEV = ROOT / "eval" / "corpora" / "pdf-dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="eval/corpora/pdf-dev is not in this checkout")


@cache
def read(name: str) -> tuple[list[Paragraph], str | None]:
    result = read_pdf(DEV / f"{name}.pdf")
    return result.paragraphs, result.title


def containing(paragraphs: list[Paragraph], words: str) -> Paragraph:
    found = [p for p in paragraphs if words in p.text]
    assert found, f"no paragraph holds {words!r}"
    return found[0]


# --- real pages ----------------------------------------------------------------------


@needs_dev
def test_true_size_is_the_nominal_size_scaled_by_the_text_matrix():
    """NIST SP 800-223 sets every font at 1 pt and scales it with the text matrix."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(DEV / "nist-sp800-223-hpc-security-2024.pdf")
    try:
        page = document[11]
        textpage = page.get_textpage()
        nominal = {round(raw.FPDFText_GetFontSize(textpage.raw, i), 1) for i in range(0, raw.FPDFText_CountChars(textpage.raw), 50)}
        textpage.close()
        lines = pdf_lines.read_page(page, 12).lines
    finally:
        document.close()
    assert nominal == {1.0}  # what PDFium calls the font size
    body = [x for x in lines if x.text.startswith("Several different classes of storage")]
    assert len(body) == 1 and 9 <= body[0].size <= 13


@needs_dev
def test_three_columns_read_column_by_column_and_across_the_page():
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    found = containing(paragraphs, "you have decided that the income involved is effectively connected")
    assert "effectively connected with a U.S. trade or business in which you were engaged. But your decision may not be easy." in found.text


@needs_dev
def test_a_gutter_one_row_spans_wider_than_its_neighbours_still_parts_the_columns():
    """IRS 1040NR, page 13: the left column's first line ends short ("... explaining what
    you") and the middle column's is indented ("Exception 4."), so their gap (2.9 text
    sizes) is wider than the gutter the rows near by leave and lines up with none of their
    edges, and the content stream runs from one straight into the other."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    found = containing(paragraphs, "attach a statement explaining what you")
    assert "attach a statement explaining what you did." in found.text and "Exception 4" not in found.text
    found = containing(paragraphs, "Expenses of attending a seminar, convention, or similar meeting")
    assert "similar meeting unless it is related to your employment." in found.text
    # ... and where the next column's line opens a numbered item
    found = containing(paragraphs, "If you are an employee who received wages from an employer")
    assert "from an employer who did not withhold social security and Medicare tax from your wages, use Form 8919" in found.text


@needs_dev
def test_a_caution_sign_in_the_margin_is_not_read_into_the_box_beside_it():
    """IRS 1040NR: a "!" at twice the text's size and a 5-point bold "CAUTION" (or a bold
    "TIP") stand left of a box of text, level with its lines: read into them they cut the
    box's sentence in two ("A child born on January 1," / "! 1990, is considered ...")."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    found = containing(paragraphs, "A child born on January 1,")
    assert found.text == "A child born on January 1, 1990, is considered to be age 18 at the end of 2007. Do not use Form 8814 for such a child."
    found = containing(paragraphs, "Dividends on insurance policies")
    assert found.text.startswith("Dividends on insurance policies are a partial return of the premiums you paid.")
    # (the text's own "See the TIP below." is no label)
    assert not any(re.search(r"(?:^|\s)(?:!|CAUTION)\s+[a-z0-9]|(?<!the )TIP\s+[a-z0-9]", p.text) for p in paragraphs)


@needs_dev
def test_a_bold_run_in_heading_after_a_sentence_ends_opens_a_paragraph():
    """IRS 1040NR, page 3: "Filing a deceased person's return." in bold opens the line
    after "... for such a child." ended a box; no wider gap than usual parts them, and the
    line before ends near enough the margin to look full. Wikipedia's bold labels ("Grand
    Theft Auto: ...", "Peeping: ...") part the same way."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    found = containing(paragraphs, "Filing a deceased person’s return.")
    assert found.text.startswith("Filing a deceased person’s return. The personal representative must file")
    # ... and one wrapped over three bold lines, closed on the third before its text
    found = containing(paragraphs, "Hurricane Katrina expires.")
    assert found.text.startswith("Exemption for housing a person displaced by Hurricane Katrina expires. The additional")
    bart, _ = read("wikipedia-bart-simpson")
    found = containing(bart, "Grand Theft Auto:")
    assert "Peeping:" not in found.text
    # a sentence set in bold for emphasis is no heading: it stays in its paragraph
    pirls, _ = read("nces-pirls-2011-highlights-appendix")
    assert "Fifty 4th-grade schools excluded classes" in containing(pirls, "Classroom sample.").text


def test_a_margin_label_is_a_sign_or_a_tag_in_a_size_of_its_own_never_a_bullet_or_a_form_field():
    def words(*pieces: tuple[str, float, float, float, bool]) -> list[pdf_lines.Word]:
        return [pdf_lines.Word(text, x0, 100, x1, 110, 108, size, bold) for text, x0, x1, size, bold in pieces]

    text = [("1990,", 73, 97, 9.5, False), ("is", 99.6, 107, 9.5, False), ("considered", 109, 156, 9.5, False)]
    caution = words(("!", 53, 59, 16.9, True), *text)
    assert [w.text for w in pdf_lines._without_margin_label(caution)] == ["1990,", "is", "considered"]
    tag = words(("CAUTION", 44, 68.5, 4.8, True), *text)
    assert [w.text for w in pdf_lines._without_margin_label(tag)] == ["1990,", "is", "considered"]
    # a bullet larger than its item, a form's field name in the text's size: kept
    for glyph in ("•", "\uf0b7", "♦", "{"):  # a bullet of any font, a brace
        bullet = words((glyph, 53, 59, 16.9, False), *text)
        assert pdf_lines._without_margin_label(bullet) == bullet
    field = words(("NAME", 40, 64, 9.5, True), *text)
    assert pdf_lines._without_margin_label(field) == field




@needs_dev
def test_a_short_line_at_the_margin_between_indented_items_stays_between_them():
    """IRS 1040NR, page 3: "or" stands alone at the column's margin, under none of the
    indented item above it ("b. You have no U.S. source income,") yet inside the column."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    found = containing(paragraphs, "You must file even if")
    assert "b. You have no U.S. source income, or c. Your income is exempt" in found.text


@needs_dev
def test_two_columns_do_not_mix_with_a_figure_caption_beside_them():
    paragraphs, _ = read("scientific-reports-2015-ion-crystal-quantum-computation")
    found = containing(paragraphs, "It contains both a DC and an AC part")
    assert "Crystal structure" not in found.text and "radiofrequency" in found.text


@needs_dev
def test_a_word_cut_by_a_column_jump_without_a_space_is_two_columns_not_one_word():
    """The content stream runs from the left column's "solve" straight into the right
    column's "tion" with no space between: they are two words in two columns."""
    paragraphs, _ = read("scientific-reports-2015-ion-crystal-quantum-computation")
    found = containing(paragraphs, "We then solve")
    assert "We then solve the equations of motion with a small frictional force" in found.text
    assert "solvetion" not in found.text and "solve tion" not in found.text


@needs_dev
def test_an_open_sentence_goes_on_past_a_widened_line_gap():
    """A raised index widens the gap before the next line; the sentence still goes on."""
    paragraphs, _ = read("scientific-reports-2015-ion-crystal-quantum-computation")
    found = containing(paragraphs, "pseudopotential with secular trapping")
    assert "pseudopotential with secular trapping frequencies" in found.text


@needs_dev
def test_a_numbered_entrys_lines_set_under_its_text_stay_in_it():
    """A reference list with a hanging indent (Sci. Rep.: "4. Haffner, H. ... Phys." then,
    set in past the number, "Rep. 469, 155-203 (2008)."; the Ki67 guideline's, CMS's
    numbered conditions): the next line is the entry going on, not a paragraph indented."""
    paragraphs, _ = read("scientific-reports-2015-ion-crystal-quantum-computation")
    entry = containing(paragraphs, "4. Haffner, H.")
    assert entry.text.endswith("Quantum computing with trapped ions. Phys. Rep. 469, 155–203 (2008).")
    assert containing(paragraphs, "5. Cirac, J. I. & Zoller, P. Quantum computations").text.endswith("Phys. Rev. Lett. 74, 4091–4094 (1995).")
    assert not any(p.text.startswith(("Rep. 469", "Lett. 74")) for p in paragraphs)
    # (the next entry, at the number's place, is a paragraph of its own)
    assert containing(paragraphs, "6. Monroe, C.").text.startswith("6. Monroe")
    form, _ = read("cms-form-filled")
    assert "nearest U.S. hospital that can treat your illness or injury." in containing(form, "1. You’re in the U.S. when").text
    # not a line set apart under an item: a worksheet's note after a line ending on its
    # number, a Yes branch set further in than the item's text
    irs, _ = read("irs-1040nr-instructions-2007")
    assert containing(irs, "2. Enter your cost in the plan at the annuity starting date").text.endswith("2.")
    assert containing(irs, "4. Are the amounts on lines 2 and 3 the same?").text.endswith("the same?")


@needs_dev
def test_a_footnote_is_its_own_paragraph_and_its_marker_leaves_the_sentence():
    paragraphs, _ = read("copyright-office-dmca-summary-1998")
    [note] = [p for p in paragraphs if p.text.startswith("1 Pub. L. No. 105-304")]
    assert note.text == "1 Pub. L. No. 105-304, 112 Stat. 2860 (Oct. 28, 1998)." and note.page == 1
    body = containing(paragraphs, "was signed into law by President Clinton")
    assert "Copyright Act (DMCA) was signed" in body.text  # not "(DMCA)1 was"
    # A footnote at a page foot never splits the sentence running on to the next page.
    assert "Pub. L. No." not in body.text


@needs_dev
def test_a_raised_note_marker_is_kept_as_a_call_after_the_word_it_follows():
    """The marker leaves the text but not the paragraph: "January 1, 1900²³ and" calls note
    23 right after "1900", and the note's own paragraph opens with its number."""
    paragraphs, _ = read("campus-attacks-2010-excerpt")
    body = containing(paragraphs, "The incident occurred between January 1, 1900 and")
    [(at, marker)] = [(at, m) for at, m in body.notes if m == "23"]
    assert body.text[:at].endswith("January 1, 1900")
    assert containing(paragraphs, "Due to the limited availability of searchable media").text.startswith("23 ")
    dmca, _ = read("copyright-office-dmca-summary-1998")
    signed = containing(dmca, "was signed into law by President Clinton")
    assert [(signed.text[:at][-20:], m) for at, m in signed.notes] == [("Copyright Act (DMCA)", "1")]
    # a raised numerator ("only ¹/6 the number of days") calls no note
    irs, _ = read("irs-1040nr-instructions-2007")
    assert containing(irs, "days of presence in 2006 and only").notes == ()


def test_a_call_stays_after_its_word_when_a_glued_bullet_is_read_apart():
    """A symbol-font bullet glued to its item's first word becomes "• " and one word more:
    the call raised after "item" stays after "item"."""
    from qa.ingest.pdf import _bullet, _calls_at

    line = Line(page=1, text="\ue000First item here", x0=0, y0=0, x1=100, y1=10, size=10, bold=False, calls=((2, "4"),))
    text = _bullet(line.text)
    [(at, marker)] = _calls_at(line, text, 0)
    assert text[:at] == "• First item" and marker == "4"


@needs_dev
def test_notes_at_the_foot_of_columns_above_a_full_width_table_are_notes():
    """Census P70-131, page 1: a table fills the lower half of the page, so the notes
    (raised markers, smaller type) end the columns above it; the note's second block
    ("ences between the estimates ...") is not the bullet's next words, and the note's
    own "90 percent ..." line goes on from "significant at the"."""
    paragraphs, _ = read("census-sipp-disability-2010-excerpt")
    found = containing(paragraphs, "About 38.3 million people (12.6 percent)")
    assert "About 38.3 million people (12.6 percent) had a severe disability (Table 1)." in found.text
    note = containing(paragraphs, "The estimates in this report")
    assert "apparent differences between the estimates" in note.text and note.text.endswith("90 percent confidence level unless otherwise noted.")


@needs_dev
def test_body_text_after_a_figures_own_words_is_not_set_aside_and_goes_on_over_the_page():
    """Ki67 guideline, pages 8-10: a figure's embedded words ("Curr. Oncol. 2023 ... FOR
    PEER REVIEW (a) (b)", smaller than the body, no full stop) were left open, so every
    body block after them was set aside as interrupting them and the sentence running
    onto page 10 ("... not invasive cancer" / "(normal epithelium ...") was cut in two."""
    paragraphs, _ = read("ki67-breast-cancer-cap-guideline-2023")
    found = containing(paragraphs, "Avoid counting cells that are not invasive cancer")
    assert "not invasive cancer (normal epithelium, DCIS or stromal/immune cells)." in found.text
    assert found.page == 9 and found.page_at(found.text.index("(normal")) == 10


@needs_dev
def test_running_heads_feet_and_page_numbers_are_gone():
    # (a head that says nothing the title or the file's name does not is not kept even once)
    paragraphs, _ = read("copyright-office-dmca-summary-1998")
    text = "\n".join(p.text for p in paragraphs)
    assert "Copyright Office Summary" not in text and "December 1998 Page" not in text
    assert not any(p.text.startswith("Page ") for p in paragraphs)


@needs_dev
def test_a_journal_issues_date_in_its_running_foot_is_a_paragraph_of_its_first_page():
    paragraphs, _ = read("cdc-mmwr-2011-inadequate-housing")
    feet = [p for p in paragraphs if "January 14, 2011" in p.text]
    assert [(p.text, p.page) for p in feet] == [("MMWR / January 14, 2011 / Vol. 60", 1)]
    assert feet[0] is paragraphs[-1] and feet[0].section == "Inadequate and Unhealthy Housing, 2007 and 2009"  # after the text, under the title
    cms, _ = read("cms-form-filled")  # a table's column names repeated over each page are not heads
    nist, _ = read("nist-sp800-223-hpc-security-2024")  # nor a head the file's name says (nist-sp800-223-...)
    assert not [p for p in nist if p.text == "NIST SP 800-223"]
    assert not [p for p in cms if p.text in ("If you received a", "service in:")]


@needs_dev
def test_authors_set_flush_right_in_two_columns_are_not_a_table():
    """NIST SP 800-223, page 2: two columns of authors, each name over its affiliation,
    set flush right at staggered heights; read as a table, a name in one column was paired
    with the affiliation beside it in the other ("Lowell Wofford; Oak Ridge National
    Laboratory"). Read down each column, each affiliation is under its authors."""
    paragraphs, _ = read("nist-sp800-223-hpc-security-2024")
    assert not [p for p in paragraphs if "Lowell Wofford; Oak Ridge" in p.text]
    florida = containing(paragraphs, "University of Florida")
    assert florida.section is not None and florida.section.endswith("Erik Deumens")
    hpcmp = [p for p in paragraphs if p.text == "HPCMP"]
    assert hpcmp and hpcmp[0].section is not None and hpcmp[0].section.endswith("Gary Key")


@needs_dev
def test_a_table_row_names_its_columns():
    paragraphs, _ = read("fbi-nics-background-checks-2015-11")
    row = containing(paragraphs, "State / Territory: Alabama;")
    assert "Permit: 18,870" in row.text and "Handgun: 23,022" in row.text and row.page == 1


@needs_dev
def test_a_table_with_grouped_and_wrapped_headers_and_its_caption_as_section():
    paragraphs, _ = read("census-sipp-disability-2010-excerpt")
    row = containing(paragraphs, "Category: All ages — With a disability;")
    assert row.text.startswith("Category: All ages — With a disability; 2005 Number: 54,425; 2005 Margin of error (±): 894; 2005 Percent: 18.7")
    assert "2010 Number: 56,672" in row.text
    assert row.section is not None and row.section.startswith("Table 1. Prevalence of Disability")


@needs_dev
def test_a_years_line_under_a_wrapped_caption_ends_the_caption_not_the_next_paragraph():
    # "Exhibit 20 / Perceived Benefits ... That Report Having Them, / 2006–07": the years
    # are the caption's, so every row of the exhibit says which school year it counts
    paragraphs, _ = read("ed-nclb-state-accountability-excerpt")
    row = containing(paragraphs, "Helps us make effective decisions")
    assert row.section is not None and row.section.startswith("Exhibit 20") and row.section.endswith("Having Them, 2006–07")
    assert containing(paragraphs, "Exhibit reads: Sixty-nine percent").text.startswith("Exhibit reads:")


@needs_dev
def test_a_table_right_under_a_heading_is_in_its_section():
    """NRCan's "REVISION HISTORY" heads the revision table set right under it: the rows
    were filed under the page before's "Copyright Notice", the heading still open (it
    might wrap) when the table came; and the Index of the 1040NR under "Schedule Z"."""
    paragraphs, _ = read("nrcan-geobase-hydro-data-model-2004")
    row = containing(paragraphs, "Date: March 2003; Version: Alpha;")
    assert row.section is not None and row.section.endswith("REVISION HISTORY") and row.page == 3
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    assert (containing(paragraphs, "Address change; 31;").section or "").endswith("Index")


@needs_dev
def test_a_tables_last_cell_in_the_side_margin_is_a_cell_not_a_page_number():
    # PIRLS Table A-1's last row set its first six cells as one line and "91" alone at the
    # right edge, under the column's other numbers: the row stays in the table, whole
    paragraphs, _ = read("nces-pirls-2011-highlights-appendix")
    row = containing(paragraphs, "Benchmarking education systems: Florida-USA;")
    assert "Percentage of international desired population coverage: 89;" in row.text
    assert row.text.endswith(": 91")
    assert row.section is not None and row.section.startswith("Table A-1.")


@needs_dev
def test_a_description_column_wrapped_over_lines_stays_in_its_row():
    # NRCan's revision history: Date | Version | Description, each description running
    # over two or three lines in its column; the table goes on past a wrapped line of
    # running text and every row names its columns
    paragraphs, _ = read("nrcan-geobase-hydro-data-model-2004")
    row = containing(paragraphs, "Date: July 2003;")
    assert row.text.startswith("Date: July 2003; Version: Draft 02; Description: Draft version after discussion")
    assert row.text.endswith("and the Yukon. Meeting in Victoria, May 2003.")
    assert containing(paragraphs, "Date: March 2003;").text.endswith("scope and content with Nova Scotia and British Columbia")


@needs_dev
def test_rows_under_a_panels_total_carry_the_panels_label():
    # Census Table 1 has three "With a disability" rows, one per age panel, each under a
    # bold, set-in row of the panel's totals ("Aged 15 and older ... 230,391")
    paragraphs, _ = read("census-sipp-disability-2010-excerpt")
    seeing = containing(paragraphs, "Difficulty seeing;")
    assert seeing.text.startswith("Category: Aged 15 and older — Difficulty seeing; 2005 Number: 7,793;")
    assert "2010 Number: 8,077" in seeing.text
    assert containing(paragraphs, "Category: Aged 65 and older — With a disability; 2005 Number: 18,132;")
    total = containing(paragraphs, "Category: Aged 15 and older;")
    assert total.text.startswith("Category: Aged 15 and older; 2005 Number: 230,391;")


@needs_dev
def test_rows_set_in_under_a_row_of_values_carry_its_label():
    # Census Table 1: "With a disability" (28,141) over "Severe disability" (18,705) over
    # "Employed" (5,738), each set in further: the three "Employed" rows of the 21-64 panel
    # are told apart; Table 2's "Not Hispanic" rows say which race they are of; a total is
    # nobody's part
    paragraphs, _ = read("census-sipp-disability-2010-excerpt")
    employed = containing(paragraphs, "2005 Number: 7,100;")
    assert employed.text.startswith("Category: Aged 21 to 64 — With a disability — Nonsevere disability — Employed;")
    assert containing(paragraphs, "2005 Number: 5,738;").text.startswith("Category: Aged 21 to 64 — With a disability — Severe disability — Employed;")
    assert containing(paragraphs, "2005 Number: 118,707;").text.startswith("Category: Aged 21 to 64 — No disability — Employed;")
    assert containing(paragraphs, "Age-adjusted disability rate 2005 Estimate: 18.1;").text.startswith("Category: White alone — Not Hispanic;")
    paragraphs, _ = read("fbi-nics-background-checks-2015-11")
    assert containing(paragraphs, "Permit: 804,006;").text.startswith("State / Territory: Totals;")


@needs_dev
def test_a_bold_lead_in_wrapping_into_its_paragraph_is_its_first_words_not_a_heading():
    # IRS 1040NR: "Fully taxable pensions and / annuities. If your pension ..." and
    # "Alternative minimum tax (AMT) / exemption amount decreased. The AMT ..."
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    assert containing(paragraphs, "If your pension or annuity is fully taxable").text.startswith("Fully taxable pensions and annuities. If your pension")
    amt = containing(paragraphs, "The AMT exemption amount is decreased")
    assert amt.text.startswith("Alternative minimum tax (AMT) exemption amount decreased.")
    assert amt.section is not None and not amt.section.endswith("Alternative minimum tax (AMT)")


@needs_dev
def test_a_paragraph_ending_in_a_subscript_goes_on_on_the_next_page():
    # Sci. Rep.: "... completely compensated in our gate" [a subscript read as a line] /
    # page 4: "design. We now estimate ..." is one sentence, not an aside of the paragraph
    # before it
    paragraphs, _ = read("scientific-reports-2015-ion-crystal-quantum-computation")
    noise = containing(paragraphs, "Micromotion of any amplitude does not induce errors")
    assert "completely compensated in our gate design. We now estimate various other sources of noise" in noise.text


@needs_dev
def test_a_note_running_on_into_a_block_of_its_own_stays_one_note():
    # Census Table 1's note 1 breaks after "due to changes in"; pdfium sets the rest
    # ("the survey weighting since ...") apart as a block, which was glued to footnote 10
    paragraphs, _ = read("census-sipp-disability-2010-excerpt")
    note = containing(paragraphs, "Estimates of disability prevalence for 2005 may differ")
    assert "due to changes in the survey weighting since the report’s publication." in note.text
    assert "survey weighting" not in containing(paragraphs, "For the definition of activities of daily living").text


@needs_dev
def test_column_names_centred_at_staggered_heights_name_every_cell():
    # "Murder / Non-Negligent Manslaughter" fills five lines and "Robbery" one, centred in
    # one band: seven rows of words over the first row of numbers, still one header
    paragraphs, _ = read("campus-attacks-2010-excerpt")
    row = containing(paragraphs, "2005;")
    assert "Motor Vehicle Theft: 11,890" in row.text and "Arson: 1,219" in row.text
    assert "Murder / Non-Negligent Manslaughter: 28" in row.text and "Non-Forcible Sex Offense: 55" in row.text
    assert not [p for p in paragraphs if p.text.startswith("Murder / Non")]  # the header is no row of its own


@needs_dev
def test_a_masthead_at_the_top_right_does_not_pull_the_column_under_it_first():
    # IRS 1040NR page 1: "Department of the Treasury" over the third column; the title and
    # the first two columns are read first, and a sentence running from the second column
    # into the third is one sentence, without the catalog number printed under the second
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    ira = containing(paragraphs, "You may be able to take an IRA deduction if you were covered by a")
    assert "covered by a retirement plan and your 2008 modified AGI is less than $63,000" in ira.text
    assert ira.section is not None and ira.section.endswith("What’s New for 2008") and ira.page == 1
    catalog = containing(paragraphs, "Cat. No. 11368V")
    assert catalog.text == "Cat. No. 11368V" and catalog.page == 1


@needs_dev
def test_numbered_headings_name_the_sections():
    paragraphs, _ = read("nist-sp800-223-hpc-security-2024")
    found = containing(paragraphs, "Several different classes of storage systems may be present")
    assert found.section is not None and found.section.endswith("2.1.2. Components of the Data Storage Zone")


@needs_dev
def test_a_junk_metadata_title_gives_way_to_the_first_page_heading():
    _, title = read("scientific-reports-2015-ion-crystal-quantum-computation")  # metadata says "untitled"
    assert title == "Quantum Computation under Micromotion in a Planar Ion Crystal"


@needs_dev
def test_a_hidden_earlier_copy_of_the_page_is_not_read_twice():
    """The MDPI article draws its review copy (same text, other line breaks) under the final page."""
    paragraphs, _ = read("ki67-breast-cancer-cap-guideline-2023")
    text = "\n".join(p.text for p in paragraphs)
    assert "sessment. sessment." not in text and "Their Their" not in text
    assert "A UK study examined data from 374 laboratories" in text


# --- rules on lines ----------------------------------------------------------------


def test_hyphens_join_only_what_the_document_says_is_one_word():
    join = _Joiner(["The research team studied high speed networks", "and a government report."])
    assert join("the govern-", "ment said") == "the government said"  # the tail is a suffix
    assert join("the infor-", "mation") == "the information"  # the tail is no word of its own
    assert join("the re-", "search team") == "the research team"  # "research" is used elsewhere
    assert join("a well-", "known rule") == "a well-known rule"  # a head that makes compounds
    assert join("its self-", "replications") == "its self-replications"
    assert join("on high-", "speed links") == "on high-speed links"  # both halves are words of the document
    # neither half used alone in the document: English (the bundled model's words) decides
    assert join("privacy-", "preserving technology") == "privacy-preserving technology"
    assert join("post-", "execution checks") == "post-execution checks"
    assert join("the con-", "tinued work") == "the continued work"  # one English word
    assert join("the pro-", "posal") == "the proposal"
    assert join("a fire-", "wall rule") == "a firewall rule"  # a compound often written whole
    assert join("in 2019-", "2020") == "in 2019-2020"
    assert join("a soft\u00ad", "hyphen") == "a softhyphen"


@needs_dev
def test_a_sentence_broken_off_by_a_figures_headings_goes_on_over_the_page():
    # GAO-23-106826: "... provide a good foundation for establishing a more comprehensive"
    # ends page 1's column; a side panel, Figure 1 (its pillars read as headings) and the
    # notes follow; page 2 goes on "strategy. However, ...". One sentence, cited from page 1,
    # its end on page 2, under its own section (not the figure's last pillar)
    paragraphs, _ = read("gao-23-106826-cybersecurity-strategy")
    broken = containing(paragraphs, "In April 2023, we reported that the goals")
    assert "a more comprehensive strategy. However, not all of the desirable characteristics" in broken.text
    assert broken.page == 1 and broken.page_at(len(broken.text) - 1) == 2
    assert broken.section.endswith("The Administration Needs to Fully Develop and Implement the National Cybersecurity Strategy")
    assert not any(p.text.startswith("strategy. However") for p in paragraphs)


def _at(page: int, y: float, text: str, x1: float = 540, x0: float = 72, size: float = 10, bold: bool = False) -> Line:
    return Line(page, text, x0, y, x1, y + size, size, bold)


def _body(page: int, y0: float) -> list[Line]:
    """Ended body text in the body's size: what sets the document's body style."""
    lines = [_at(page, y0 + 14 * i, "The agency reviewed the program and found that most offices met") for i in range(5)]
    return [*lines, _at(page, y0 + 70, "their goals.", 300)]


def test_a_sentence_goes_on_past_a_figures_headings_but_not_past_a_section_heading_or_onto_a_list_item():
    """The rule of the GAO test above, on made pages (the corpus aside): a sentence broken off
    at a full line goes on after a figure's bold labels, on the next page, under its own
    section; a heading set right above a line in lower case opens a section, and a list
    item leaves nothing open."""
    broken = [
        _at(1, 200, "In April 2023, we reported that the goals and objectives in the"),
        _at(1, 214, "strategy provide a good foundation for establishing a more"),
    ]
    figure = [_at(1, 300, "Pillar one", 160, bold=True, size=12), _at(1, 330, "Defend critical infrastructure and public safety.", 400, size=8)]
    page_two = [_at(2, 100, "comprehensive strategy. However, not all characteristics were addressed.", 500)]
    paragraphs = rebuild([_body(1, 100) + broken + figure, page_two])
    whole = [p for p in paragraphs if p.text.startswith("In April 2023")][0]
    assert whole.text.endswith("establishing a more comprehensive strategy. However, not all characteristics were addressed.")
    assert whole.page == 1 and whole.page_at(len(whole.text) - 1) == 2 and whole.section is None
    # a section heading right above the lower-case line: a new section, not the sentence before
    section = [_at(1, 250, "2. Mobile services", 200, bold=True, size=12), _at(1, 270, "iPhone and Android applications now carry most of the traffic.", 500)]
    paragraphs = rebuild([_body(1, 100) + broken + section])
    assert [p.section for p in paragraphs if p.text.startswith("iPhone")] == ["2. Mobile services"]
    # a list item, its last line its longest, leaves nothing open
    item = [_at(1, 200, "• Establish and implement a national", 380), _at(1, 214, "cybersecurity strategy and its oversight", 400, x0=80)]
    after = [_at(1, 240, "Challenges", 160, bold=True, size=12), _at(1, 300, "e-government services remain uneven across the agencies we reviewed.", 540)]
    paragraphs = rebuild([_body(1, 100) + item + after])
    assert [p.section for p in paragraphs if p.text.startswith("e-government")] == ["Challenges"]


@needs_dev
def test_a_lone_a_before_a_word_in_lower_case_goes_on_with_an_open_note():
    # PIRLS appendix note 12: "... is not always" / "a good measure of nonresponse bias ...":
    # the article "a", not a note marked "a"
    paragraphs, _ = read("nces-pirls-2011-highlights-appendix")
    note = containing(paragraphs, "12 Comparing characteristics for respondents")
    assert "is not always a good measure of nonresponse bias" in note.text

    def line(y: float, text: str) -> Line:
        return Line(page=1, text=text, x0=72, y0=y, x1=300, y1=y + 8, size=8, bold=False)

    notes = pdf_layout.footnotes(pdf_layout.Block([line(700, "a Excludes Puerto Rico"), line(710, "b Includes the District of Columbia.")], kind="footnote"))
    assert len(notes) == 2
    # ... and another lone letter before lower case is a note's marker, not an article
    notes = pdf_layout.footnotes(pdf_layout.Block([line(700, "a Excludes Puerto Rico"), line(710, "b includes the District of Columbia"), line(720, "c not applicable")], kind="footnote"))
    assert len(notes) == 3


def test_a_plain_number_goes_on_with_an_open_note_unless_it_is_the_next_notes_number():
    def line(y: float, text: str) -> Line:
        return Line(page=1, text=text, x0=72, y0=y, x1=300, y1=y + 8, size=8, bold=False)

    notes = pdf_layout.footnotes(pdf_layout.Block([line(700, "9 The estimates may not be significant at the"), line(710, "90 percent confidence level.")], kind="footnote"))
    assert [[x.text for x in note] for note in notes] == [["9 The estimates may not be significant at the", "90 percent confidence level."]]
    notes = pdf_layout.footnotes(pdf_layout.Block([line(700, "1 Source: American Community Survey"), line(710, "2 See www.census.gov/acs"), line(720, "3 Ibid")], kind="footnote"))
    assert len(notes) == 3


def test_a_bold_paragraph_is_body_text_and_numbered_capitals_are_a_heading():
    def line(y: float, text: str, bold: bool = False, size: float = 10) -> Line:
        return Line(1, text, 72, y, 500, y + size, size, bold)

    lines = [
        line(100, "I. INTRODUCTION"),
        line(114, "The abstract of the paper is set in bold type over several"),
        line(126, "lines and reads as one paragraph of the body, not a section"),
        line(138, "title: the document has bold words in it, but bold runs of"),
        line(150, "text this long are paragraphs.", bold=True),
        line(170, "The body follows in roman type.", size=10),
    ]
    for x in lines[1:4]:
        x.bold = True
    paragraphs = rebuild([lines])
    assert [p.section for p in paragraphs] == ["I. INTRODUCTION", "I. INTRODUCTION"]
    assert paragraphs[0].text.startswith("The abstract of the paper") and paragraphs[0].text.endswith("are paragraphs.")


def test_numbered_headings_nest_by_their_numbers():
    def line(y: float, text: str, bold: bool = False) -> Line:
        return Line(1, text, 72, y, 400, y + 10, 10, bold)

    paragraphs = rebuild([[
        line(100, "2 Architecture", True), line(120, "The system has zones.", False),
        line(140, "2.1 Storage", True), line(160, "Storage holds data.", False),
        line(180, "2.2 Network", True), line(200, "Networks connect nodes.", False),
    ]])
    assert [p.section for p in paragraphs] == ["2 Architecture", "2 Architecture: 2.1 Storage", "2 Architecture: 2.2 Network"]


def test_reading_order_goes_down_each_column_then_across_and_full_width_blocks_split_the_page():
    def line(x0: float, y: float, x1: float, text: str) -> Line:
        return Line(1, text, x0, y, x1, y + 10, 10, False)

    lines = [
        line(72, 80, 540, "TITLE ACROSS THE PAGE"),
        *[line(72, 110 + 12 * i, 290, f"left {i}") for i in range(3)],
        *[line(320, 110 + 12 * i, 540, f"right {i}") for i in range(3)],
        line(72, 200, 540, "a full-width line between the bands"),
        line(72, 230, 290, "left below"),
        line(320, 230, 540, "right below"),
    ]
    order = [x.text for block in pdf_layout.reading_order(pdf_layout.blocks(lines)) for x in block.lines]
    assert order == [
        "TITLE ACROSS THE PAGE", "left 0", "left 1", "left 2", "right 0", "right 1", "right 2",
        "a full-width line between the bands", "left below", "right below",
    ]


def test_authors_side_by_side_under_the_title_are_read_before_the_columns():
    """A paper's two authors set in bold side by side under its title: the right one was
    read only after the whole left column, so its name headed the right column and cut the
    sentence running from one column into the other ("specify arti-" / "cles and ...")."""

    def line(x0: float, y: float, x1: float, text: str, bold: bool = False, size: float = 10) -> Line:
        return Line(1, text, x0, y, x1, y + size, size, bold)

    lines = [
        line(80, 80, 530, "Preemptive Information Extraction", bold=True, size=14),
        line(148, 118, 240, "Yusuke Shinyama", bold=True, size=12),
        line(390, 118, 464, "Satoshi Sekine", bold=True, size=12),
        line(72, 180, 160, "1 Background", bold=True, size=12),
        *[line(72, 200 + 12 * i, 290, f"Left column line {i} of the background runs on") for i in range(4)],
        line(72, 248, 290, "to the foot: you must specify arti-"),
        line(313, 200, 540, "cles and adjust its patterns, either manually or"),
        line(313, 212, 540, "semiautomatically, each time."),
    ]
    paragraphs = rebuild([lines])
    running = containing(paragraphs, "specify articles and adjust its patterns")
    assert running.text.startswith("Left column line 0") and running.text.endswith("semiautomatically, each time.")
    assert running.section == "Preemptive Information Extraction: 1 Background"
    order = [x.text for block in pdf_layout.reading_order(pdf_layout.blocks(lines)) for x in block.lines]
    assert order.index("Satoshi Sekine") < order.index("Left column line 0 of the background runs on")


def test_useless_metadata_titles_are_recognised():
    assert _useful_title("10811.exe") is None
    assert _useful_title("88300 162..177") is None
    assert _useful_title("untitled") is None
    assert _useful_title("Microsoft Word - report_final.doc") is None
    assert _useful_title("Microsoft Word - Annual Report on Housing") == "Annual Report on Housing"
    assert _useful_title("srep08555") is None
    assert _useful_title("Trafficking in Persons Report") == "Trafficking in Persons Report"


def test_a_shadow_copy_in_a_transparency_group_is_dropped_but_own_text_is_kept():
    def words(text: str, y: float) -> list[pdf_lines.Word]:
        return [pdf_lines.Word(w, 72 + 30 * i, y, 100 + 30 * i, y + 10, y + 8, 10, False) for i, w in enumerate(text.split())]

    minutes = "the committee met on the third day of the session and agreed on the budget for the next year of work after a long debate"
    visible = words(f"in the spring {minutes} at last", 100)
    copy = words(minutes, 300)  # the same sentences, broken into other lines
    own = words("a panel of twenty words drawn with transparency that says something nobody else on this page says at all", 500)
    kept = pdf_lines._drop_shadow_copies(visible + copy + own, [0] * len(visible) + [1] * len(copy) + [2] * len(own))
    assert kept == visible + own


# --- PDFs made here ------------------------------------------------------------------


def _pdf(path: Path, draw, pages: int = 1, width: float = 612, height: float = 792) -> Path:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    for n in range(1, pages + 1):
        pdf.add_page()
        draw(pdf, n)
    pdf.output(str(path))
    return path


def _words_at(pdf, x: float, y: float, text: str) -> float:
    """Writes ``text`` with its baseline at y; returns where it ends."""
    pdf.text(x, y, text)
    return x + pdf.get_string_width(text)


def _line_with_raised(pdf, y: float, pieces: list) -> None:
    """One line from x 72: text in 11 pt, "^..." raised in 7 pt, a number a gap before the next."""
    end, gap = 72.0, 0.0
    for piece in pieces:
        if isinstance(piece, float):
            gap = piece
            continue
        raised = piece.startswith("^")
        pdf.set_font("helvetica", size=7 if raised else 11)
        end = _words_at(pdf, end + gap, y - 4 if raised else y, piece[1:] if raised else piece)
        gap = 0.0
    pdf.set_font("helvetica", size=11)


def test_superscript_markers_leave_the_text_and_footnotes_stand_alone(tmp_path):
    sentence = "The act changed the reporting system in many ways that matter to the courts and the public"

    def draw(pdf, n: int) -> None:
        pdf.set_font("helvetica", size=11)
        if n == 1:
            y = 100.0
            for k in range(40):
                if k == 5:
                    end = _words_at(pdf, 72, y, "This paragraph cites a report.")
                    pdf.set_font("helvetica", size=7)
                    _words_at(pdf, end, y - 4, "2")
                    pdf.set_font("helvetica", size=11)
                    _words_at(pdf, end + 6, y, " The report is long.")
                elif k == 39:
                    pdf.text(72, y, "The last line of the page runs on to the")
                else:
                    pdf.text(72, y, f"Line {k} of the body text carries on the argument here,")
                y += 14
            pdf.set_font("helvetica", size=5)
            _words_at(pdf, 72, 712, "2")
            pdf.set_font("helvetica", size=8)
            pdf.text(76, 715, "See the report of the committee, 2019, at page 12.")
        else:
            pdf.text(72, 100, "next page, where the sentence ends.")
            pdf.text(72, 114, sentence + ".")

    paragraphs = read_pdf(_pdf(tmp_path / "notes.pdf", draw, pages=2)).paragraphs
    texts = [p.text for p in paragraphs]
    assert any("This paragraph cites a report. The report is long." in t for t in texts)
    body = containing(paragraphs, "The last line of the page runs on to the")
    assert "runs on to the next page, where the sentence ends." in body.text and "committee" not in body.text
    [note] = [p for p in paragraphs if "See the report of the committee" in p.text]
    assert note.text == "2 See the report of the committee, 2019, at page 12." and note.page == 1


def test_a_number_raised_before_a_word_is_part_of_it_and_a_dropped_marker_keeps_its_space(tmp_path):
    """NCCN's guideline writes the isotope "¹³¹I" after a space: the raised number belongs
    to the word it is set against, not a footnote marker to drop (which left
    "determiningI therapy"). A marker after a word still leaves the text."""

    def draw(pdf, n: int) -> None:
        _line_with_raised(pdf, 100, ["The usual dose of ", "^131", "I is large, as trials found", "^12", 3.0, "in every center."])

    [paragraph] = read_pdf(_pdf(tmp_path / "isotope.pdf", draw)).paragraphs
    assert paragraph.text == "The usual dose of 131I is large, as trials found in every center."


def test_a_marker_after_a_year_or_a_count_leaves_it_and_an_exponent_stays(tmp_path):
    """The Secret Service's report marks "January 1, 1900" with footnote 23, raised right
    after the year: read as "190023" the year was lost to every question about it. An
    exponent after a short number ("10⁶") is still part of it."""

    def draw(pdf, n: int) -> None:
        _line_with_raised(pdf, 100, ["Incidents between January 1, 1900", "^23", " and 2008 numbered 5,000", "^4", " in a sample of 10", "^6", " reports."])

    [paragraph] = read_pdf(_pdf(tmp_path / "year.pdf", draw)).paragraphs
    assert paragraph.text == "Incidents between January 1, 1900 and 2008 numbered 5,000 in a sample of 106 reports."


def test_a_document_of_one_alike_line_per_page_is_not_all_furniture(tmp_path):
    """Thirty pages each holding only "Potato N" at the same place (pikepdf's test file):
    every line repeats like a running head, but a document is not all furniture."""

    def draw(pdf, n: int) -> None:
        pdf.set_font("helvetica", size=11)
        pdf.text(72, 60, f"Potato {n}")

    paragraphs = read_pdf(_pdf(tmp_path / "potato.pdf", draw, pages=4)).paragraphs
    assert " ".join(p.text for p in paragraphs) == "Potato 1 Potato 2 Potato 3 Potato 4"


def test_page_furniture_in_any_margin_is_dropped(tmp_path):
    """A running head in the side margin, transcript line numbers, a five-digit page number."""

    witnesses = ["Ames", "Brook", "Carter"]

    def draw(pdf, n: int) -> None:
        pdf.set_font("helvetica", size=8)
        pdf.text(560, 400, "DRAFT")  # side margin, every page
        pdf.text(300, 770, str(10810 + n))  # a journal's page number
        pdf.set_font("helvetica", size=11)
        for k in range(1, 21):
            pdf.set_font("helvetica", size=8)
            pdf.text(40, 100 + 14 * k, str(k))  # line numbers
            pdf.set_font("helvetica", size=11)
            pdf.text(72, 100 + 14 * k, f"Witness {witnesses[n - 1]} said the shipment left on day {k} of the month and")
        pdf.text(72, 100 + 14 * 21, "nobody saw it again.")

    paragraphs = read_pdf(_pdf(tmp_path / "transcript.pdf", draw, pages=3)).paragraphs
    text = " ".join(p.text for p in paragraphs)
    assert "DRAFT" not in text and "1081" not in text
    assert "Witness Ames said the shipment left on day 1 of the month and Witness Ames said" in text  # no "2" between lines
    assert not any(p.text.strip().isdigit() for p in paragraphs)


def test_spaces_pdfium_makes_up_inside_an_ocr_layers_words_are_not_read(tmp_path):
    """A scan's OCR text layer sets each character on its own, letter-spaced: PDFium reads
    "Vi s ta Dri ve" (its own made-up spaces, where the gap after a narrow letter looks
    wide). A made-up space no wider than the word's own letter spacing is not a space;
    words set apart by a real gap, and text spaced out letter by letter, stay as set."""

    def spaced(pdf, x: float, y: float, word: str, gap: float) -> float:
        for character in word:
            pdf.text(x, y, character)
            x += pdf.get_string_width(character) + gap
        return x

    def draw(pdf, n: int) -> None:
        pdf.set_font("helvetica", size=11)
        x = spaced(pdf, 72, 100, "9 North Buona Vista Drive,", 1.4)
        spaced(pdf, x + 6, 100, "Singapore 138588.", 1.4)
        spaced(pdf, 72, 130, "WIDE", 9)

    text = " ".join(p.text for p in read_pdf(_pdf(tmp_path / "ocr.pdf", draw)).paragraphs)
    assert "9 North Buona Vista Drive, Singapore 138588." in text
    assert "W I D E" in text


def test_line_breaks_pdfium_makes_up_between_touching_letters_are_not_read():
    """pdftotext's own test file: PDFium's text breaks the line inside every word ("c olu m
    n 1"), though the letters touch on one line; pdftotext reads "column 1"."""
    paragraphs = read_pdf(ROOT / "tests" / "data" / "pdf" / "letters-apart.pdf").paragraphs
    assert " ".join(p.text for p in paragraphs) == "column 1 one column 2 two column 3 three"


def test_a_table_becomes_rows_that_name_their_columns_with_the_caption_as_section(tmp_path):
    rows = [("State", "Permits", "Handgun"), ("Alabama", "12,345", "6,789"), ("Alaska", "2,301", "1,002"), ("Arizona", "9,870", "4,512")]

    def draw(pdf, n: int) -> None:
        pdf.set_font("helvetica", size=11)
        pdf.text(72, 100, "Checks rose in every state this year, as the table below shows.")
        pdf.set_font("helvetica", style="B", size=11)
        pdf.text(72, 130, "Table 3. Firearm checks by state")
        y = 160.0
        for r, cells in enumerate(rows):
            pdf.set_font("helvetica", style="B" if r == 0 else "", size=10)
            for c, cell in enumerate(cells):
                right = 260 + 110 * c
                pdf.text(72 if c == 0 else right - pdf.get_string_width(cell), y, cell)
            y += 16
        pdf.set_font("helvetica", size=11)
        pdf.text(72, y + 20, "The next section looks at the reasons for the rise.")

    paragraphs = read_pdf(_pdf(tmp_path / "table.pdf", draw)).paragraphs
    row = containing(paragraphs, "Alabama")
    assert row.text == "State: Alabama; Permits: 12,345; Handgun: 6,789"
    assert row.section == "Table 3. Firearm checks by state" and row.page == 1
    assert containing(paragraphs, "Arizona").text == "State: Arizona; Permits: 9,870; Handgun: 4,512"
    assert containing(paragraphs, "Checks rose").text == "Checks rose in every state this year, as the table below shows."


def test_a_document_set_all_in_bold_keeps_its_body(tmp_path):
    def draw(pdf, n: int) -> None:
        pdf.set_font("helvetica", style="B", size=16)
        pdf.text(72, 90, "Annual Report")
        pdf.set_font("helvetica", style="B", size=11)
        for k in range(12):
            pdf.text(72, 130 + 14 * k, f"Every line of this report is set in bold type, line {k}, and")
        pdf.text(72, 130 + 14 * 12, "still it is the body of the report.")

    result = read_pdf(_pdf(tmp_path / "bold.pdf", draw))
    [paragraph] = result.paragraphs
    assert paragraph.text.endswith("still it is the body of the report.") and paragraph.section == "Annual Report"


def test_a_scan_with_one_stray_label_gets_the_ocr_hint_not_empty(tmp_path):
    from PIL import Image

    def draw(pdf, n: int) -> None:
        pdf.image(Image.new("L", (60, 80), 200), x=36, y=36, w=540, h=720)
        if n == 1:
            pdf.set_font("helvetica", size=8)
            pdf.text(40, 780, "Scan 01")

    with pytest.raises(UnreadableFile, match="--ocr"):
        read_pdf(_pdf(tmp_path / "scan.pdf", draw, pages=2))


def test_a_line_stopping_short_without_a_full_stop_ends_its_item():
    """Notes and lists are often set without full stops: a line that stops with clear room
    for the next word, before a capital, ends its item; one that ends in a word needing
    what follows ("and") goes on whatever room it left."""
    from qa.ingest.pdf import Line, rebuild

    lines = [
        Line(1, "Some states report fewer handgun checks under state permit laws", 72, 100, 400, 110, 10, False),
        Line(1, "These statistics count background checks, not firearms sold", 72, 114, 440, 124, 10, False),
        Line(1, "A check and a sale are not one-to-one for many reasons and", 72, 128, 520, 138, 10, False),
        Line(1, "Permits are checked instead of NICS in most affected states", 72, 142, 500, 152, 10, False),
    ]
    texts = [p.text for p in rebuild([lines])]
    assert texts[0] == "Some states report fewer handgun checks under state permit laws"
    assert texts[1] == "These statistics count background checks, not firearms sold"
    assert texts[2].startswith("A check and a sale") and texts[2].endswith("in most affected states")
    assert len(texts) == 3


def test_a_pdf_is_read_page_by_page_with_its_count():
    """The upload bar says "page n of N" while a long PDF is read (issue 17)."""
    from qa.index.prepare import read

    source = ROOT / "eval" / "corpora" / "pdf-dev" / "fda-pro-guidance-2009-excerpt.pdf"
    seen: list[tuple[str, int, int, str]] = []
    documents, _ = read([source], None, add=False, ocr=False, progress=False, on_progress=lambda *call: seen.append(call))
    pages = [(done, total, item) for stage, done, total, item in seen if stage == "pages"]
    assert pages == [(n, 4, source.name) for n in range(1, 5)]
    assert documents and documents[0].paragraphs


@needs_dev
def test_a_bold_list_of_authors_is_a_paragraph_not_the_section_of_the_paper():
    """The byline "Hala Faragalla 1,*, Anna Plotkin , ..." is set bold like a heading; as
    the section it would go into every passage's embedding of the whole paper."""
    paragraphs, _ = read("ki67-breast-cancer-cap-guideline-2023")
    assert not any("Faragalla" in (p.section or "") for p in paragraphs)
    assert containing(paragraphs, "Hala Faragalla").page == 1


@needs_dev
def test_a_table_row_whose_cells_all_wrap_is_one_row():
    """The CMS address table lists states over four lines beside an address over three:
    a label that stops mid-list ("... North Carolina,") goes on in the next line."""
    paragraphs, _ = read("cms-form-filled")
    row = containing(paragraphs, "Alabama, Arkansas, Colorado")
    assert "Texas, U.S. Virgin Islands, Virginia, West Virginia" in row.text
    assert "CGS Administrators, LLC P.O. Box 20010 Nashville, TN 37202-0010" in row.text
    # a cell whose text runs up to the next column, one word space from it ("New Jersey,
    # P.O. Box 6780"), is two cells: the DMEPOS table keeps its column names on every row
    row = containing(paragraphs, "Connecticut, Delaware")
    assert row.text.startswith("If you live in: Connecticut, Delaware, District of Columbia, Maine, Maryland, Massachusetts, New Hampshire, New Jersey, New York")
    assert row.text.endswith("Mail your form and supporting documentation to: Noridian JA P.O. Box 6780 Fargo, ND 58108-6780")
    assert containing(paragraphs, "Alabama, Arkansas, Colorado").text.startswith("If you live in: Alabama")
    # the foreign-travel table repeats its header at the same place on each page, one cell
    # of it eleven text sizes from the other: a row of the table, not a running head; and
    # "Samoa" under the "in:" of "If you live in:" opens no column of its own
    row = containing([p for p in paragraphs if p.page == 13], "American Samoa")
    assert row.text.startswith("If you live in: American Samoa; Mail your claim form, itemized bill and supporting documents to: Noridian")


@needs_dev
def test_a_qualifier_wrapped_under_its_label_stays_in_its_row():
    """The CMS address table sets "California Northern" over "(For Part B)", and the
    contractor's name over its P.O. Box: one row, not a row of its own for the qualifier
    whose address would answer for no state."""
    paragraphs, _ = read("cms-form-filled")
    row = containing(paragraphs, "California Northern (For Part B);")
    assert row.text.endswith("Noridian Healthcare Solutions P.O. Box 6774 Fargo, ND 58108-6774")
    assert not any(p.text.startswith(("(For Part B)", "If you received a service in: (For Part B)")) for p in paragraphs)


@needs_dev
def test_rows_under_group_labels_carry_them_and_a_label_over_several_columns_names_them_all():
    """CDC's Table 3 (continued) lists Hispanic householders three times: under
    "Race/Ethnicity", and under "Sex, by race/ethnicity" for "Male" and for "Female", each
    set in further; "No working smoke alarm" stands over four columns and is wider than
    any one of them. A wrapped label ("American Indian/Alaska" over "Native") is whole."""
    paragraphs, _ = read("cdc-mmwr-2011-inadequate-housing")
    row = containing(paragraphs, "Characteristics: Race/Ethnicity — Hispanic; Peeling paint")
    assert row.page == 6 and "no working smoke alarm (%): (11.4)" in row.text
    assert "Peeling paint (%): (2.4)" in row.text
    female = containing(paragraphs, "Characteristics: Sex, by race/ethnicity — Female — Hispanic; Peeling paint")
    assert "no working smoke alarm (%): (10.8)" in female.text
    assert containing(paragraphs, "Race/Ethnicity — American Indian/Alaska Native; Peeling paint no.: 34;").page == 6
    # the group labels are not rows of their own, nor a column's name
    assert not any(p.text.startswith(("Characteristics: Race/Ethnicity;", "Characteristics Sex")) for p in paragraphs)
    assert not any(p.text.startswith("Characteristics: Native") or "— Native;" in p.text for p in paragraphs)
    total = containing(paragraphs, "Characteristics: total; Peeling paint no.: 2,378")
    assert "—" not in total.text.split(";")[0]  # the last row, set as far left as the groups, is in none


@needs_dev
def test_a_figures_labels_taken_for_headings_are_kept_not_dropped():
    """NRCan's Figure 2 labels its boxes "Hydro Network", "Metadata", "Hydro Events",
    "Hydrography" in bold: each looked like a heading with nothing under it before the
    next, and was lost. Bare headings in a row on one page are one paragraph, read row by
    row. ("Hydrography", right of the caption's end, is read after it and still heads the
    next page: a known limit.)"""
    paragraphs, _ = read("nrcan-geobase-hydro-data-model-2004")
    labels = containing(paragraphs, "Hydro Network; Hydro Events; Toponymy (external model); Metadata")
    assert labels.page == 7 and "Figure 2 – Packages in the NHNC1 LRS model" in labels.text
    # headings with text under them stay sections, not paragraphs
    assert not any(p.text == "2.1 LRS model" for p in paragraphs)


def test_bare_headings_are_paragraphs_only_when_asked_and_only_when_bare():
    outline = Outline(keep_bare_headings=True)
    outline.heading(1, "Report", page=1)
    outline.heading(2, "Box A", page=1)
    outline.heading(2, "Box B", page=1)
    outline.heading(2, "Findings", page=2)
    outline.paragraph("The finding.", page=2)
    outline.heading(2, "Annex", page=3)
    got = [(p.text, p.section, p.page) for p in outline.close()]
    assert got == [("Box A; Box B", "Report", 1), ("The finding.", "Report: Findings", 2), ("Annex", "Report", 3)]
    plain = Outline()
    plain.heading(1, "Box A")
    plain.heading(1, "Box B")
    plain.paragraph("Text.")
    assert [(p.text, p.section) for p in plain.close()] == [("Text.", "Box B")]


def test_a_heading_no_section_names_is_a_paragraph():
    """A section shows its top heading and its last; a heading between them that never
    was either (a cover's date under the title, over the first section) was lost."""
    outline = Outline(keep_bare_headings=True)
    outline.heading(1, "Summary", page=1)
    outline.heading(2, "December 1998", page=1)
    outline.heading(3, "INTRODUCTION", page=1)
    outline.paragraph("The Act was signed.", page=1)
    outline.heading(2, "Title I", page=2)
    outline.paragraph("Title I implements the treaties.", page=2)
    got = [(p.text, p.section, p.page) for p in outline.close()]
    assert got == [
        ("The Act was signed.", "Summary: INTRODUCTION", 1),
        ("December 1998", "Summary", 1),
        ("Title I implements the treaties.", "Summary: Title I", 2),
    ]


def test_the_items_of_a_list_that_is_one_sentence_join_the_paragraph_leading_into_them():
    outline = Outline(join_lists=True)
    outline.paragraph("You meet this test if you were present for at least:", page=2)
    outline.paragraph("1. 31 days during 2007, and", page=2)
    outline.paragraph("2. 183 days during the period.", page=3)
    outline.paragraph("The DMCA has five titles:", page=3)
    outline.paragraph("! Title I implements the treaties.", page=3)
    outline.paragraph("! Title II limits liability.", page=3)
    got = [(p.text, p.page, p.page_breaks) for p in outline.close()]
    first = "You meet this test if you were present for at least: 1. 31 days during 2007, and"
    assert got == [
        (f"{first} 2. 183 days during the period.", 2, ((len(first) + 1, 3),)),
        ("The DMCA has five titles:", 3, ()),  # a list of sentences stays paragraphs
        ("! Title I implements the treaties.", 3, ()),
        ("! Title II limits liability.", 3, ()),
    ]


@needs_dev
def test_a_list_in_a_sentence_of_the_1040nr_instructions_is_one_paragraph():
    """The substantial presence test: "... physically present in the United States for at
    least:" / "1. 31 days during 2007, and" / "2. 183 days during ...": the 31 days of
    2007 alone said nothing of the test."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    test = containing(paragraphs, "1. 31 days during 2007, and 2. 183 days")
    assert test.text.startswith("You are considered a U.S. resident if you meet the substantial presence test")
    assert test.page == 2


@needs_dev
def test_a_cover_date_between_title_and_first_heading_is_kept():
    """The Copyright Office's summary prints "December 1998" under its title, over
    INTRODUCTION: the only place it says when it was issued."""
    paragraphs, _ = read("copyright-office-dmca-summary-1998")
    date = containing(paragraphs, "December 1998")
    assert date.text == "December 1998" and date.page == 1 and date.section == "U.S. Copyright Office Summary"


@pytest.mark.parametrize(
    "text, designation",
    [("Edition 1.0", True), ("Version 2", True), ("Rev. 4", True), ("DRAFT 3", True), ("Release II", True),
     ("Version Information", False), ("Versioning", False), ("Revision Index", False), ("Version History", False), ("Draft 1 Comments", False)],
)
def test_a_designation_is_a_word_and_a_number_alone(text, designation):
    """Only "Edition 1.0" and its like say which document this is; "Version Information"
    or "Revision Index" is a heading like any other."""
    from qa.text import DESIGNATION

    assert bool(DESIGNATION.match(text)) is designation


def test_a_cover_designation_is_a_line_of_its_own_and_a_change_logs_versions_head_their_changes():
    """The cover's one "Version 2.1" heads nothing and is a paragraph of its own, its date
    under it another; a page listing "Version 2" and "Version 1" is a change log, whose
    versions head their changes."""

    def line(page: int, y: float, text: str, size: float = 10, bold: bool = False) -> Line:
        return Line(page, text, 72, y, 500, y + size, size, bold)

    body = "The model holds the rivers, lakes and banks of the network, and it names each of them."
    cover = rebuild([
        [line(1, 100, "Hydro Network Data Model", 18, True), line(1, 140, "Version 2.1", 18, True), line(1, 160, "March 2020", 18, True)],
        [line(2, 100, "Scope", 14, True), line(2, 130, body), line(2, 142, body)],
    ])
    assert [p.text for p in cover[:2]] == ["Version 2.1", "March 2020"]
    assert not any((p.section or "").startswith("Version") for p in cover)
    log = rebuild([[
        line(1, 100, "Version 2", 14, True), line(1, 130, body), line(1, 142, body),
        line(1, 180, "Version 1", 14, True), line(1, 210, body), line(1, 222, body),
    ]])
    assert [p.section for p in log] == ["Version 2", "Version 1"]


@needs_dev
def test_a_cover_designation_is_a_paragraph_not_the_section_of_the_document():
    """NRCan's hydro network data model prints "Edition 1.0" large on its cover, under the
    title: it says which document this is, and heads none of it. As a heading it was the
    section of every paragraph ("Edition 1.0: REVISION HISTORY") and no paragraph of the
    cover, so "which edition is it?" could cite only the running foot of page 3."""
    paragraphs, _ = read("nrcan-geobase-hydro-data-model-2004")
    edition = containing(paragraphs, "Edition 1.0")
    assert edition.page == 1 and edition.text == "Edition 1.0"
    assert not any((p.section or "").startswith("Edition") for p in paragraphs)
    assert containing(paragraphs, "First draft for discussion").section.endswith("REVISION HISTORY")


@needs_dev
def test_fields_set_one_per_line_are_each_a_paragraph():
    """The Ki67 paper's front matter prints "Received: 2 February 2023" and three more
    dates one per line with no full stop: four fields, not one sentence holding four dates
    (a question about the acceptance read all four as one). NIST SP 800-223 lists its
    authors' ORCID iDs the same way."""
    paragraphs, _ = read("ki67-breast-cancer-cap-guideline-2023")
    for field in ("Received: 2 February 2023", "Revised: 17 February 2023", "Accepted: 27 February 2023", "Published: 6 March 2023"):
        assert containing(paragraphs, field).text == field
    # a field whose value wraps over lines stays whole
    assert "Pathologists Task Force. Curr. Oncol. 2023" in containing(paragraphs, "Citation: Faragalla").text
    paragraphs, _ = read("nist-sp800-223-hpc-security-2024")
    assert containing(paragraphs, "Lowell Wofford:").text == "Lowell Wofford: 0000-0003-1003-5090"


@needs_dev
def test_a_soft_hyphen_pdfium_reports_as_a_control_character_joins_its_word():
    """Scientific Reports' PDF breaks "fre-quency" at a line end with a soft hyphen that
    PDFium reports as U+0002; dropped as a control character, it left "Rabi fre quency"."""
    paragraphs, _ = read("scientific-reports-2015-ion-crystal-quantum-computation")
    text = " ".join(p.text for p in paragraphs)
    for split in ("fre quency", "experi ment", "ampli tude", "approxima tion", "character istic"):
        assert split not in text
    assert "maximum Rabi frequency" in text and "in experiment to find" in text


@needs_dev
def test_a_reference_marker_raised_inside_a_run_of_characters_leaves_the_text():
    """The printed Wikipedia article sets "[11]" raised between ")" and "." with no space:
    "ten minutes old)[11]." (its first and last characters on the baseline, so the raised
    ones inside were never looked for), "web series[8],", "1979)[7]is". The markers go, the
    words stay, with the space the marker stood in."""
    paragraphs, _ = read("wikipedia-bart-simpson")
    text = " ".join(p.text for p in paragraphs)
    assert "only ten minutes old)." in text and "Angry Dad web series," in text
    assert "(born April 1, 1979) is the mischievous" in text  # a raised "[7]" right before "is"
    assert not re.search(r"\w[)\]]?\[\d+\]", text)


@needs_dev
def test_a_table_of_long_labels_and_numbers_is_a_table_and_a_names_pieces_stay_one_name():
    """The ED's Exhibit 20 sets a long statement beside two percentages per row: the
    statements read like prose, but each row stands apart and holds only numbers after its
    label. "(n = 154)" under "Percent of / Districts Agreeing" is one name, though "(n" sits
    over no number; PIRLS's "Eligible schools / in original / sample" likewise."""
    paragraphs, _ = read("ed-nclb-state-accountability-excerpt")
    row = containing(paragraphs, "Reduces community support for public schools;")
    assert row.text == (
        "Perceived Benefit and Drawback: Reduces community support for public schools; "
        "Percent of Districts Agreeing (n = 154): 23%; Percent of Schools Agreeing (n = 832): 24%"
    )
    assert row.page == 3 and (row.section or "").startswith("Exhibit 20")
    paragraphs, _ = read("nces-pirls-2011-highlights-appendix")
    assert "; Eligible schools in original sample: 284;" in containing(paragraphs, "Education system: Australia; Schools in original sample: 290").text


@needs_dev
def test_ligatures_a_font_dropped_are_put_back():
    """CDC's MMWR maps its fi/ff/ffi ligature glyphs to their last letter: "speciic",
    "conidence interval", "diicult". Words that English (the model's vocabulary) knows
    once an "f" is back are repaired in such a document, and no document that writes
    "fi" whole is touched."""
    paragraphs, _ = read("cdc-mmwr-2011-inadequate-housing")
    text = " ".join(p.text for p in paragraphs)
    for lost, whole in (("speciic", "specific"), ("conidence", "confidence"), ("diicult", "difficult"), ("Paciic", "Pacific")):
        assert lost not in text and whole in text
    # a short word too ("at least ive limitations"), and the "Th" of a sentence's first
    # word, lost the same way, in either column ("he findings in this report ...")
    assert "at least five limitations" in text and " ive " not in text
    assert "The findings in this report" in text and "(1,2). They contribute" in text
    assert not any(p.text.startswith(("he ", "his ")) for p in paragraphs)
    # NCES's PIRLS appendix lost them in its body font only: its tables' font writes
    # "effects" whole, and capital "Fi"/"Fl" ("Finland", "Florida") are never one glyph
    paragraphs, _ = read("nces-pirls-2011-highlights-appendix")
    text = " ".join(p.text for p in paragraphs)
    for lost, whole in (("identiied", "identified"), ("deines", "defines"), ("signiicant", "significant")):
        assert lost not in text and whole in text
    assert "Finland" in text
    paragraphs, _ = read("nist-sp800-223-hpc-security-2024")
    assert "specific" in " ".join(p.text for p in paragraphs)


def test_ligatures_are_put_back_only_where_the_document_lost_them():
    from qa.ingest import ligatures

    lost = "The speciic indings were signiicant and the conidence interval was diicult to read. " * 30
    assert ligatures.repairs([lost]) == {"speciic": "specific", "indings": "findings", "signiicant": "significant", "conidence": "confidence", "diicult": "difficult"}
    kept = lost + "The first office offered a flat fee. " * 10  # the document writes fi, ff, fl whole
    assert ligatures.repairs([kept]) == {}
    # capitals are not ligatures, nor is what is left of a lost one ("suficient")
    capitals = lost + "Finland and Florida were larger than Fiji. " * 10 + "The suficient sample. " * 10
    assert ligatures.repairs([capitals])["suficient"] == "sufficient"
    assert ligatures.repair("Speciic, SPECIIC", {"Speciic": "Specific", "SPECIIC": "SPECIFIC"}) == "Specific, SPECIFIC"


@needs_dev
def test_a_filled_in_forms_entries_are_read():
    """CMS's claim form came filled in: its ticked options ("Male", the reason for the
    claim) live in the form's fields, not in the page's text. They make one paragraph on
    their page; the empty fields say nothing."""
    paragraphs, _ = read("cms-form-filled")
    [entries] = [p for p in paragraphs if p.section == "Form entries"]
    assert entries.page == 1 and entries.text.endswith("; Selected: Male")
    assert entries.text.startswith("Selected: The provider or supplier is unable to file a claim for the Medicare Covered Services;")


@needs_dev
def test_a_label_wrapped_under_the_last_row_stays_in_the_table_and_rows_keep_the_header():
    """The GSA Data.gov table: labels wrap onto a line of their own ("Applications and
    mashups" + "developed by the public and" + "government"), the last one at the table's
    foot. The wrapped words stay in their row, every row keeps the column names, and no
    leftover line becomes the heading of the next page."""
    paragraphs, _ = read("gsa-ocsit-fy2011-annual-report-excerpt")
    rows = [p for p in paragraphs if p.page == 2 and "Launch: May 21, 2009" in p.text]
    assert len(rows) == 6
    assert containing(rows, "Applications and mashups developed by the public and government;")
    assert containing(rows, "Data set downloads;").text.endswith("FY 2010 Sept. 30, 2011: 2,348,928")
    assert containing(rows, "Cities in North America with open data sites;")
    assert not any(p.section and "open data sites" in p.section for p in paragraphs)


@needs_dev
def test_a_paragraph_running_onto_the_next_page_knows_where_that_page_starts():
    """The campus report's enrollment paragraph starts on page 1 and ends on page 2:
    its sentence about male and female students is printed on page 2."""
    paragraphs, _ = read("campus-attacks-2010-excerpt")
    paragraph = containing(paragraphs, "42.7 percent were male")
    assert paragraph.page == 1 and paragraph.page_at(0) == 1
    assert paragraph.page_at(paragraph.text.index("Focusing primarily")) == 1
    assert paragraph.page_at(paragraph.text.index("42.7 percent")) == 2
    assert paragraph.page_at(paragraph.text.index("57.3 percent were female")) == 2
    assert paragraph.page_breaks == ((paragraph.text.index("42.7 percent"), 2),)


@needs_dev
def test_a_table_under_no_caption_or_heading_takes_the_document_title_as_section():
    """The FBI's one-page table has no caption and no heading above it: its rows are about
    what the document is, "NICS Firearm Background Checks November - 2015"."""
    paragraphs, title = read("fbi-nics-background-checks-2015-11")
    row = containing(paragraphs, "State / Territory: California;")
    assert title and row.section == title and "Background Checks" in title


@needs_dev
def test_a_first_row_whose_amounts_carry_a_dollar_sign_is_a_row_not_the_header():
    """IRS Notice 1036: "Weekly | $ 40.40" is the table's first row; with the "$" set apart
    it had been read into the header ("Payroll Period Weekly"), and every row said so."""
    paragraphs, _ = read("irs-notice-1036-2011")
    page_2 = [p for p in paragraphs if p.page == 2]
    assert containing(page_2, "Payroll Period: Weekly;").text == "Payroll Period: Weekly; Add Additional: $ 40.40"
    assert containing(page_2, "Payroll Period: Biweekly;").text == "Payroll Period: Biweekly; Add Additional: 80.80"


@needs_dev
def test_a_column_of_prose_beside_a_table_is_not_its_first_column_and_a_wrapped_name_is_whole():
    """IRS Notice 1036, page 1: the allowance table sits right of a paragraph whose lines
    share its rows. The paragraph goes on above and below the table, so it is prose, not
    the table's first column; the column named over two lines ("One Withholding" over
    "Allowance") keeps its whole name."""
    paragraphs, _ = read("irs-notice-1036-2011")
    page_1 = [p for p in paragraphs if p.page == 1]
    assert containing(page_1, "Payroll Period: Weekly;").text == "Payroll Period: Weekly; One Withholding Allowance: $ 71.15"
    assert containing(page_1, "Payroll Period: Biweekly;").text == "Payroll Period: Biweekly; One Withholding Allowance: 142.31"
    assert containing(page_1, "Use the 2010 withholding tables").text == "Use the 2010 withholding tables until you implement the 2011 withholding tables."
    assert containing(page_1, "Social security and Medicare tax for 2011.").text.endswith("the employee tax rate for social security is 4.2%.")


@needs_dev
def test_the_words_of_one_cell_stay_one_cell():
    """The CMS address table: "Noridian Healthcare Solutions, LLC" is one cell though its
    last words overlap no other row's; it had been cut into cells word by word."""
    paragraphs, _ = read("cms-form-filled")
    assert containing(paragraphs, "Connecticut;").text.endswith("Connecticut; Mail your claim form, itemized bill and supporting documents to: National Government Services, Inc. P.O. Box 6178 Indianapolis, IN 46206-6178")
    assert containing(paragraphs, "Alaska;").text.endswith("Alaska; Mail your claim form, itemized bill and supporting documents to: Noridian Healthcare Solutions, LLC P.O. Box 6703 Fargo, ND 58108-6703")


@needs_dev
def test_a_table_that_goes_on_keeps_its_column_names():
    """The CMS address table runs over six pages and prints its column names once per
    page (dropped there as a running head) or not at all after a gap: every part laid out
    in the same columns names them, so "Kansas" on page 8 says where to mail the claim.
    The IRS tax table's header, read as a sentence cut into cells ("If Form 1040NR,"), is
    not carried onto the pages after it as their column names (each page prints its own)."""
    paragraphs, _ = read("cms-form-filled")
    kansas = [p for p in paragraphs if "Kansas;" in p.text and p.page == 8]
    assert kansas and kansas[0].text.startswith("If you received a service in: Kansas; Mail your claim form, itemized bill and supporting documents to: Wisconsin Physicians Service")
    wyoming = containing(paragraphs, "Wyoming;")
    assert wyoming.page == 12 and wyoming.text.startswith("If you received a service in: Wyoming; Mail your claim form")
    tax, _ = read("irs-1040nr-instructions-2007")
    assert not [p for p in tax if p.page == 35 and p.text.startswith("If Form 1040NR,: line 40, is; At least")]


@needs_dev
def test_a_table_set_beside_a_column_of_prose_is_read_as_a_table():
    """The campus report's Table 1 sits right of a column of prose on the same lines;
    read apart from it, each age group is a row naming its columns, and the prose beside
    it stays one paragraph."""
    paragraphs, _ = read("campus-attacks-2010-excerpt")
    row = containing(paragraphs, "Age: 18-19;")
    assert row.text == "Age: 18-19; Enrollment: 3,769,000; %: 21.2" and row.page == 2
    assert "Student Enrollment, by Age Group, Fall 2006" in (row.section or "")
    prose = containing(paragraphs, "The majority of the enrolled students in the fall of 2006 attended larger colleges")
    assert "3,769,000" not in prose.text


@needs_dev
def test_a_bulleted_list_beside_prose_is_not_a_table():
    """Bullets set apart from their items look like a first column; a list stays a list."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    assert not any(p.text.startswith("•;") for p in paragraphs)


@needs_dev
def test_a_continued_tables_repeated_header_is_not_page_furniture():
    """A table continued over pages repeats its header (and often its first labels) at
    the same place on each page, like a running head; but it sits at line spacing from
    the body. The CDC table's first row stays a row ("Male"), not part of the header, and
    PIRLS keeps its table's caption and the sentence above it whole."""
    paragraphs, _ = read("cdc-mmwr-2011-inadequate-housing")
    row = containing(paragraphs, "Characteristic: Sex — Male; 2007 total occupied housing units: 61,206; 2007 Inadequate housing units no.: 2,862;")
    assert row.page == 2
    paragraphs, _ = read("nces-pirls-2011-highlights-appendix")
    assert containing(paragraphs, "Tables A-1 and A-2 are extracts").text.endswith("coverage of the target populations in each nation.")
    assert "by education system: 2011" in (containing(paragraphs, "Education system: Australia;").section or "")


@needs_dev
def test_a_header_wrapped_over_bold_lines_names_the_columns_it_sits_over():
    """The CMS address table's header: "If you received a / service in:" over the states,
    "Mail your claim form, ..." over the addresses, left-aligned and bold over two lines."""
    paragraphs, _ = read("cms-form-filled")
    row = containing(paragraphs, "Alabama; Mail your")
    assert row.text.startswith("If you received a service in: Alabama; Mail your claim form, itemized bill and supporting documents to: Palmetto GBA, LLC")



@needs_dev
def test_tables_side_by_side_and_stacked_are_each_a_table_that_names_its_columns():
    """The 1040NR's tax rate schedules: W and X side by side, Y and Z under them, each
    headed "Over— / But not over— / ... / of the amount over—" under a title and a note
    set out at the page's left. Each schedule's rows are a table of their own (not W's row
    and X's row run together), named by its columns; the tax table's three panels too."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    last_w = containing(paragraphs, "Over—: 10,450; 2,701.00 +; 35%")
    assert last_w.page == 47 and "349,700" not in last_w.text  # Schedule X's cells are its own row
    assert "Schedule W" in (last_w.section or "")
    assert containing(paragraphs, "Over—: 349,700; 101,469.25 +; 35%").page == 47
    assert not any("Schedule W; Schedule X" in p.text for p in paragraphs)
    panel = containing(paragraphs, "At least: 1,300; But less than: 1,325;")
    assert panel.page == 34 and "2,700" not in panel.text  # the next panel's row is its own
    # page 35 prints its first panel's "Your" one column left ("Single Your" |
    # "Qualifying widow(er) tax is —"): its panels are still tables of their own, under
    # the names the other panels print
    first = containing(paragraphs, "At least: 5,000; But less than: 5,050;")
    assert first.page == 35 and "8,000" not in first.text
    assert first.text.startswith("At least: 5,000; But less than: 5,050; Single: 503; Qualifying widow(er) Your tax is —: 503")


@needs_dev
def test_a_table_beside_a_column_of_prose_names_its_columns_from_a_header_wrapped_over_lines():
    """The 1040NR's chart of amounts for expatriation before June 4, 2004 stands right of
    a column of prose that shares its rows, under a header wrapped over six lines ("Your
    net worth" / "equaled or" / "exceeded ..."); another column of prose runs lower on the
    page. Its rows are a table, each cell named by its whole column name."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    row = containing(paragraphs, "2001; Your 5-year average annual net income tax was more than: 116,000;")
    assert row.page == 7 and "equaled or exceeded: 580,000" in row.text


@needs_dev
def test_a_row_label_wrapped_over_two_lines_labels_the_values_under_its_end():
    """The 1040NR's Tax Computation Worksheet: "Over $128,500 but not over" / "$195,850"
    is one label, its first line spilling into the next column; the values beside its
    second line are its row."""
    paragraphs, _ = read("irs-1040nr-instructions-2007")
    row = containing(paragraphs, "Over $128,500 but not over $195,850;")
    assert row.page == 46 and "11,007.50" in row.text


def test_a_ruled_grid_is_read_cell_by_cell_with_a_merged_label_on_each_of_its_rows(tmp_path):
    """A bordered table from a word processor: cells of several lines, and a label
    ("Reliability") in a cell merged over two rows. Read by text lines, each line of a
    cell looked like a row; the rulings say where each cell is."""
    xs = [72, 160, 300, 540]
    header = ["Property", "Type", "Review considerations"]
    groups = [  # (label of the merged cell, [(cell lines per column after the first)])
        ("Reliability", [(["Test-retest or intra-", "interviewer reliability"], ["Intraclass correlation", "coefficient; time period"]),
                         (["Internal consistency"], ["Cronbach's alpha for", "summary scores"])]),
        ("Validity", [(["Content validity"], ["Derivation of all items", "from interviews"])]),
    ]

    def draw(pdf, n: int) -> None:
        pdf.set_font("helvetica", style="B", size=11)
        pdf.text(72, 90, "Table 2. Measurement properties reviewed")
        pdf.set_font("helvetica", size=10)
        pdf.set_line_width(0.5)
        y = 100.0
        pdf.line(xs[0], y, xs[-1], y)
        for c, name in enumerate(header):
            pdf.text(xs[c] + 4, y + 13, name)
        y += 20
        pdf.line(xs[0], y, xs[-1], y)
        for label, rows in groups:
            top = y
            pdf.text(xs[0] + 4, y + 13, label)
            for r, (kind, notes) in enumerate(rows):
                for k, text in enumerate(kind):
                    pdf.text(xs[1] + 4, y + 13 + 12 * k, text)
                for k, text in enumerate(notes):
                    pdf.text(xs[2] + 4, y + 13 + 12 * k, text)
                y += 12 * max(len(kind), len(notes)) + 10
                pdf.line(xs[1] if r < len(rows) - 1 else xs[0], y, xs[-1], y)  # the merged cell has no line inside
            for x in xs:
                pdf.line(x, top, x, y)
        for x in xs:
            pdf.line(x, 100, x, 120)
        pdf.text(72, y + 30, "The review looks at each property in turn, as the table above shows.")

    paragraphs = read_pdf(_pdf(tmp_path / "grid.pdf", draw)).paragraphs
    row = containing(paragraphs, "Internal consistency")
    assert row.text == "Property: Reliability; Type: Internal consistency; Review considerations: Cronbach's alpha for summary scores"
    assert row.section == "Table 2. Measurement properties reviewed"
    first = containing(paragraphs, "Test-retest")
    assert first.text == (
        "Property: Reliability; Type: Test-retest or intra-interviewer reliability; "
        "Review considerations: Intraclass correlation coefficient; time period"
    )
    assert containing(paragraphs, "Content validity").text.startswith("Property: Validity; Type: Content validity")
    assert containing(paragraphs, "The review looks").text.endswith("as the table above shows.")


@needs_dev
def test_a_ruled_grid_in_a_real_guidance_names_its_columns_on_every_row():
    """FDA's Table 2 (a landscape page): each measurement property's row, its bulleted
    review considerations in the same paragraph as the property they belong to."""
    paragraphs, _ = read("fda-pro-guidance-2009-excerpt")
    row = containing(paragraphs, "Test-retest")
    assert row.text.startswith("Measurement Property: Reliability; Type: Test-retest or intra-interviewer reliability")
    assert "FDA Review Considerations: • Intraclass correlation coefficient • Time period of assessment" in row.text
    assert row.section.startswith("Table 2. Measurement Properties") and row.page == 4


@needs_dev
def test_a_grid_without_side_borders_is_read_cell_by_cell_under_the_title_it_repeats():
    """CMS's contractor address table draws a rule under each row and one between its two
    columns, none at its sides; each page repeats the table's title above it, dropped as a
    running head. Read as a grid, an address with its courier note is one cell (Maryland's
    row had been read as a heading over the rows after it), and the rows of each page name
    the table they are of: the Part B table and the foreign-travel table list the same
    states with other addresses."""
    paragraphs, _ = read("cms-form-filled")
    maryland = [p for p in paragraphs if p.page == 9 and "Maryland;" in p.text]
    assert maryland and maryland[0].text.startswith("If you received a service in: Maryland; Mail your claim form, itemized bill and supporting documents to: Novitas Solutions, Inc. P.O. Box 3398")
    assert "Attention: Claims Department 2020 Technology Parkway, Suite 100 Mechanicsburg, PA 17050" in maryland[0].text
    assert not any("Maryland" in (p.section or "") for p in paragraphs)
    montana = [p for p in paragraphs if p.page == 9 and "Montana;" in p.text]
    assert montana and (montana[0].section or "").startswith("MEDICARE ADMINISTRATIVE CONTRACTOR ADDRESS TABLE: FOR INFLUENZA/PNEUMOCOCCAL VACCINATION, PART B")
    abroad = [p for p in paragraphs if p.page == 15 and "Montana;" in p.text]
    assert abroad and "FOREIGN TRAVEL (INCLUDING CANADA AND MEXICO)" in (abroad[0].section or "")
    assert not any("::" in p.text for p in paragraphs)
    # the column labels repeated with the title ("If you live in:" | "Mail ... to:") name no table
    assert not any("If you" in (p.section or "") for p in paragraphs)


def test_a_running_head_kept_once_loses_the_page_number_it_carries():
    """"FY 2011 GSA | OCSIT ANNUAL REPORT 15" on one page and "... 16" on the next: the head
    is kept (once) as it reads on every page, without its page number, which had answered
    "how many more were expected?" with 15. A head the same on each page stays whole."""
    def head(page: int, text: str) -> Line:
        return Line(page, text, 50, 760, 400, 770, 9, False, edge=True)

    def body(page: int) -> Line:
        return Line(page, f"Body text of page {page} runs on here.", 50, 300, 500, 310, 10, False)

    pages = [
        pdf_lines.PageText(n, 612, 792, [body(n), head(n, f"FY 2011 GSA OCSIT ANNUAL REPORT {14 + n}"), head(n, "MMWR / January 14, 2011 / Vol. 60")])
        for n in (1, 2, 3)
    ]
    _, heads = pdf_layout.drop_furniture(pages)
    kept = [x.text for lines in heads.values() for x in lines]
    assert "FY 2011 GSA OCSIT ANNUAL REPORT" in kept and "MMWR / January 14, 2011 / Vol. 60" in kept
    assert not any("REPORT 15" in text for text in kept)


@needs_dev
def test_a_header_printed_once_per_panel_at_the_top_of_each_page_names_the_columns():
    """The 1040NR tax table prints its eight-line header ("If Form / 1040NR, / line 40, is —
    / At least / But less than / Single / Qualifying widow(er) / Married filing separately")
    three times across the top of every page, at the same place: like a running head, but
    the same words side by side on one line, which no running head is. Kept, every row of
    every panel says which amount is which."""
    tax, _ = read("irs-1040nr-instructions-2007")
    row = containing([p for p in tax if p.page == 40], "At least: 50,050;")
    assert row.text == "At least: 50,050; But less than: 50,100; Single: 8,943; Qualifying widow(er) Your tax is —: 6,729; Married filing separately: 8,943"
    assert containing([p for p in tax if p.page == 41], "At least: 64,300;").text.startswith("At least: 64,300; But less than: 64,350; Single: 12,505;")


@needs_dev
def test_a_reference_number_glued_between_a_word_and_its_comma_is_a_marker():
    """Sci. Rep. sets its reference numbers raised and glued to the word before the comma
    ("arrays²³, Penning traps¹⁶,²⁴⁻²⁶,"): the word's first and last characters sit on the
    baseline, so the marker is found inside it, kept out of the word and kept as the
    sentence's note call, in the line it belongs to (not in the margin column's)."""
    paragraphs, _ = read("scientific-reports-2015-ion-crystal-quantum-computation")
    found = containing(paragraphs, "Various 2D architectures have been proposed")
    assert "including microtrap arrays, Penning traps, and multizone trap arrays. However" in found.text
    assert "23" in [marker for _, marker in found.notes]  # the call is kept
    assert containing(paragraphs, "S.-T. Wang, C. Shen & L.-M. Duan").text.startswith("S.-T. Wang, C. Shen")
    assert containing(paragraphs, "Published 25 February 2015").text.startswith("Published 25 February 2015")
    assert not any(re.search(r"[a-z]{3}\d{1,2}(?:[,–]\d{1,2})*[,.]", p.text) for p in paragraphs if p.page == 1)


def test_a_reference_number_between_a_word_and_its_comma_leaves_the_word_but_a_units_power_stays(tmp_path):
    """ "arrays²³," set as one word with the comma back on the baseline: the raised number
    is a reference marker, kept out of the word (and kept as the sentence's note call);
    inside "km²," or "mg/m³." it is a unit's power, which the word keeps."""

    def draw(pdf, n: int) -> None:
        _line_with_raised(pdf, 100, ["Several designs were proposed, including microtrap arrays", "^23", ", Penning traps", "^16,24", ", and others."])

    [paragraph] = read_pdf(_pdf(tmp_path / "marks.pdf", draw)).paragraphs
    assert paragraph.text == "Several designs were proposed, including microtrap arrays, Penning traps, and others."
    assert [marker for _, marker in paragraph.notes] == ["23", "16,24"]
    for word in ("arrays23,", "traps16,24–26,", "physics1,2."):
        assert pdf_lines._INNER_NUMBER.search(word), word
    for word in ("km2,", "mg/m3.", "ft2;", "PM2.5,", "COVID-19,", "mid-2020,"):
        assert not pdf_lines._INNER_NUMBER.search(word), word
