"""Unit tests of the text stages: normalisation, sentences, paragraphs, passages."""

from __future__ import annotations

import pytest

from qa.config import ChunkSettings
from qa.errors import InputError
from qa.index.chunk import chunk_document, windows
from qa.index.embed import TokenCounter, bundled_model_path
from qa.ingest import discover, load_documents, split_paragraphs
from qa.text import answer_sentences, normalize, query_terms, sentence_spans, spellings, stem, terms
from tests.conftest import CORPUS, DOC_ID, REPORT


@pytest.fixture(scope="module")
def count() -> TokenCounter:
    return TokenCounter(bundled_model_path() / "tokenizer.json")


def test_normalize_keeps_length_so_offsets_stay_valid():
    text = "the government’s “sole” shelter—run by an NGO – in 2021"
    out = normalize(text)
    assert len(out) == len(text)
    assert out == "the government's \"sole\" shelter-run by an NGO - in 2021"


def test_terms_match_inflections_and_typographic_apostrophes():
    assert terms("The victims’ shelters") == terms("the victim's shelter")
    assert stem("identified") == stem("identify")
    assert terms("253,670 somoni") == ["253670", "somoni"]


def test_terms_fold_accents_so_a_name_typed_without_them_matches():
    """People type "Sao Tome" and "cote d'ivoire"; a letter outside a-z must not split the
    word it is in ("C\u00f4te" had been the terms "c" and "te")."""
    assert terms("C\u00f4te d\u2019Ivoire") == terms("cote d'ivoire") == ["cote", "d", "ivoire"]
    assert terms("S\u00e3o Tom\u00e9 and Pr\u00edncipe") == terms("Sao Tome and Principe")
    assert terms("Cura\u00e7ao") == ["curacao"]
    assert query_terms("Assembl\u00e9e nationale") == query_terms("assemblee nationale")
    assert terms("10 km\u00b2 \u2122") == ["10", "km"]  # a sign that is no accent stays out of the terms


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentence_spans_cover_the_report_without_splitting_amounts_or_abbreviations():
    text = "The government provided 253,670 somoni ($22,400) in 2020. Dr. Smith of the U.S. embassy agreed. Done."
    assert _sentences(text) == ["The government provided 253,670 somoni ($22,400) in 2020.", "Dr. Smith of the U.S. embassy agreed.", "Done."]


def test_sentence_spans_keep_citations_and_statutes_whole():
    """References, statutes and titles abbreviate before a number or a name; a sentence
    cut there loses its answer ("Pub. L. No. 105-304" split into three sentences)."""
    text = (
        "1 Pub. L. No. 105-304, 112 Stat. 2860 (Oct. 28, 1998). See Bitter et al. (2005) for more. "
        "The Digest, p. 19. Led by Gen. Smith, Jr. the army took Mt. Kenya. I saw a rev. Then I left."
    )
    assert _sentences(text) == [
        "1 Pub. L. No. 105-304, 112 Stat. 2860 (Oct. 28, 1998).",
        "See Bitter et al. (2005) for more.",
        "The Digest, p. 19.",
        "Led by Gen. Smith, Jr. the army took Mt. Kenya.",
        "I saw a rev.",
        "Then I left.",
    ]


def test_a_stop_standing_alone_before_a_number_is_a_sign_not_an_end():
    """A PDF's text layer writes a sign it cannot map ("F ≳ 99.99%") as a lone stop: the
    sentence goes on to its figure; a stop after a word still ends one before a number."""
    text = "With corrected pulse sequences, a fidelity F . 99.99% can be attained. It ran in 2015. 2016 was quieter."
    assert _sentences(text) == [
        "With corrected pulse sequences, a fidelity F . 99.99% can be attained.",
        "It ran in 2015.",
        "2016 was quieter.",
    ]


def test_a_captions_label_and_its_title_are_one_sentence():
    """"Table 12. Ferries by port, 1990" is one sentence (a note's number may lead it): the
    label alone says nothing, and the title alone does not say which table it is. A
    sentence ending in a table's name still ends there."""
    text = (
        "7 Table 12. Ferries by port and year, 1990-1995. Figure 3. Silt removed by dredging. "
        "4 B1205C. Harbour dues by vessel class. The dues are shown in Table 12. They rose."
    )
    assert _sentences(text) == [
        "7 Table 12. Ferries by port and year, 1990-1995.",
        "Figure 3. Silt removed by dredging.",
        "4 B1205C. Harbour dues by vessel class.",
        "The dues are shown in Table 12.",
        "They rose.",
    ]


def test_a_list_inside_a_sentence_is_not_cut_at_its_item_numbers():
    """"at least: 1. 31 days during 2007, and 2. 183 days ...": the numbers are items of
    one sentence; a sentence that ends in a number or in "and 3." still ends there."""
    text = (
        "You meet the test if you were present for at least: 1. 31 days during 2007, and 2. 183 days "
        "during the period. You must file even if: a. You have no income, or b. Your income is exempt. "
        "The scores were 1, 2, and 3. The test had 2 parts: the first is 1. Steps: i. Open; ii. Close."
    )
    assert _sentences(text) == [
        "You meet the test if you were present for at least: 1. 31 days during 2007, and 2. 183 days during the period.",
        "You must file even if: a. You have no income, or b. Your income is exempt.",
        "The scores were 1, 2, and 3.",
        "The test had 2 parts: the first is 1.",
        "Steps: i. Open; ii. Close.",
    ]


def test_bundled_file_is_one_paragraph_per_line(report_paragraphs):
    documents, warnings = load_documents([CORPUS])
    assert warnings == []
    [document] = documents
    assert document.id == DOC_ID
    assert [p.text for p in document.paragraphs] == report_paragraphs
    assert [p.number for p in document.paragraphs] == [1, 2, 3, 4, 5]


def test_blank_line_separated_paragraphs_join_wrapped_lines():
    assert split_paragraphs("First line\nwraps here.\n\nSecond.\n") == ["First line wraps here.", "Second."]
    assert split_paragraphs("One.\nTwo.\r\nThree.") == ["One.", "Two.", "Three."]


def test_markdown_headings_become_sections(tmp_path):
    md = tmp_path / "r.md"
    md.write_text("# Tajikistan\n\n## PROTECTION\nThe shelter got money.\nIt helped.\n\nSecond paragraph.\n", encoding="utf-8")
    [document], _ = load_documents([md])
    assert document.title == "Tajikistan"
    assert [(p.text, p.section) for p in document.paragraphs] == [
        ("The shelter got money. It helped.", "Tajikistan: PROTECTION"),
        ("Second paragraph.", "Tajikistan: PROTECTION"),
    ]


def test_markdown_character_references_are_read_as_their_characters(tmp_path):
    """Markdown shows "C&ocirc;te" as "Côte": a citation and a search see the same (a
    bare ampersand, "AT&T", stays as it is)."""
    md = tmp_path / "c.md"
    md.write_text("# C&ocirc;te d'Ivoire: profile\n\nAT&T and R&D &amp; the caf&#233; on C&ocirc;te.\n", encoding="utf-8")
    [document], _ = load_documents([md])
    assert document.title == "C\u00f4te d'Ivoire: profile"
    assert document.paragraphs[0].text == "AT&T and R&D & the caf\u00e9 on C\u00f4te."


def test_unreadable_and_empty_files_warn_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("A paragraph.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 10)
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    documents, warnings = load_documents([tmp_path])
    assert [d.id for d in documents] == ["good.txt"]
    assert len(warnings) == 2
    assert any("empty.txt" in w and "empty" in w for w in warnings)
    assert any("binary.txt" in w and "UTF-8" in w for w in warnings)


def test_unknown_file_type_or_missing_path_is_a_usage_error(tmp_path):
    bad = tmp_path / "report.xyz"
    bad.write_text("x")
    with pytest.raises(InputError, match="unknown file type .xyz"):
        discover([bad])
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "missing"])


def test_every_passage_points_at_its_exact_words(count, report_paragraphs):
    [document], _ = load_documents([REPORT])
    settings = ChunkSettings()
    passages = chunk_document(document, settings, count)
    for passage in passages:
        paragraph = report_paragraphs[passage.paragraph - 1]
        assert paragraph[passage.start : passage.end] == passage.text
        assert count(passage.text) <= settings.max_tokens
    assert {p.paragraph for p in passages} == {1, 2, 3, 4, 5}


def test_long_paragraph_is_split_into_overlapping_windows_that_cover_it(count, report_paragraphs):
    paragraph = report_paragraphs[0]
    assert count(paragraph) > 256, "paragraph 1 is longer than the model window"
    spans = windows(paragraph, 128, 1, count)
    assert len(spans) > 2
    assert spans[0][0] == 0 and spans[-1][1] == len(paragraph)
    sentences = list(sentence_spans(paragraph))
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start < end, "consecutive windows overlap"
        assert any(s == start for s, _ in sentences), "windows start on a sentence"
    assert "were poorly equipped to identify" in paragraph[spans[-1][0] : spans[-1][1]]


def test_short_paragraph_is_one_passage(count):
    assert windows("A short paragraph. Two sentences.", 128, 1, count) == [(0, 33)]


def test_a_sentence_longer_than_the_window_is_cut_at_words(count):
    sentence = " ".join(["word"] * 300) + "."
    spans = windows(sentence, 50, 1, count)
    assert len(spans) >= 6
    assert all(count(sentence[s:e]) <= 50 for s, e in spans)
    assert spans[-1][1] == len(sentence)


def test_a_later_window_of_a_long_table_row_keeps_the_row_name(count, tmp_path):
    """The FBI's NICS table has 25 columns per state: the window with "Totals" must still say
    which state it is, for both retrievers, without changing the cited words."""
    from qa.index.chunk import embedding_text
    from qa.search.retrieve import keyword_tokens
    from qa.types import Document, Paragraph

    cells = "; ".join(f"Column {n} count: {1000 + n:,}" for n in range(60))
    row = Paragraph(1, f"State / Territory: California; {cells}; Totals: 180 116", "Checks by state", 1)
    prose = Paragraph(2, " ".join(f"Sentence {n} says little about California: it goes on." for n in range(40)), None, 1)
    document = Document("nics.pdf", "NICS", (row, prose), "f")
    passages = chunk_document(document, ChunkSettings(max_tokens=64), count)
    rows = [p for p in passages if p.paragraph == 1]
    assert len(rows) > 2 and rows[0].lead == ""
    for later in rows[1:]:
        assert later.lead == "State / Territory: California"
        assert row.text[later.start : later.end] == later.text and "State / Territory" not in later.text
        assert "california" in keyword_tokens(later) and "California" in embedding_text(later)
    assert all(p.lead == "" for p in passages if p.paragraph == 2)  # prose windows carry their own subjects


def test_british_and_american_spellings_find_each_other():
    """A question typed in British English finds the words of a report written in
    American English, and the other way round; words with no "-ize" keep their "-ise"."""
    assert spellings("organisation") == {"organization"} and spellings("organization") == {"organisation"}
    assert spellings("centre") == {"center"} and spellings(stem("programmes")) == {"program"}
    assert spellings("promise") == set() and spellings("exercise") == set() and spellings("rise") == set()
    assert spellings(stem("analysed")) == {"analyz"} and spellings("analysis") == set()  # the noun is one word in both
    assert {"defense", "center"} <= set(query_terms("What is the defence budget of the city centre?"))


def test_a_question_word_means_the_spelling_the_documents_use_most():
    from qa.search.termstats import TermStats

    stats = TermStats({"organization": 40, "organisation": 1, "center": 3}, 100)
    assert stats.canonical("organisation") == "organization"  # in the corpus, but far rarer
    assert stats.canonical("centre") == "center"  # two letters apart: no typo, the other spelling
    assert stats.canonical("organization") == "organization"


def test_an_entry_of_a_numbered_reference_list_is_one_sentence():
    """"3. Petrelli, F.; ... meta-analysis of 64,196 patients. Breast Cancer Res. Treat. 2015,
    153, 477-491.": the year its journal line gives dates the title a question names ("the
    Petrelli et al. (2015) meta-analysis"), so the entry is read as one sentence. A numbered
    list of plain sentences is still split at each."""
    entry = "3. Petrelli, F.; Viale, G.; Barni, S. Prognostic value of Ki-67: A meta-analysis of 64,196 patients. Breast Cancer Res. Treat. 2015, 153, 477–491."
    assert [entry[a:b] for a, b in answer_sentences(entry)] == [entry]
    for other in (
        "31. Shen, C. & Duan, L.-M. High-fidelity quantum gates for trapped ions. Phys. Rev. A 90, 022332 (2014).",
        "4. Ács, B.; Zámbó, V. Ki-67 as a controversial marker. Diagn. Pathol. 2017, 12, 20.",
        "1. de Azambuja, E.; Cardoso, F. Ki-67 as prognostic marker. Br. J. Cancer 2007, 96, 1504.",
        "2. Ladd, T. D. et al. Quantum computers. Nature 464, 45–53 (2010).",
    ):
        assert len(list(answer_sentences(other))) == 1, other
    for steps in (
        "2. Smith, the minister, resigned in 2019. He left the cabinet.",
        "1. Generally, U.S. citizens must file Form 1040 for 2007. Nonresident aliens file Form 1040NR.",
        "3. Washington, D.C. has had no senators since 1801. It has a delegate.",
    ):
        assert len(list(answer_sentences(steps))) > 1, steps
    # passages are still cut at sentences: an entry longer than a window is not cut mid-word
    assert len(list(sentence_spans(entry))) > 1
