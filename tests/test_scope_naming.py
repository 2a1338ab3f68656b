"""A question names its document by the words of its title: four real factbook profiles,
indexed without metadata, so only their own words tell them apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.engine import Engine
from qa.index.build import build_index
from qa.search.front import naming_phrase_terms
from qa.search.scope import ScopeIndex, _opened, scope_index, scoped_search, without_units
from qa.text import expanded, terms

PROFILES = Path(__file__).resolve().parents[1] / "eval" / "corpora" / "factbook-dev"
PDFS = Path(__file__).resolve().parents[1] / "eval" / "corpora" / "pdf-dev"
NAMES = ("niger", "nigeria", "cook-islands", "new-zealand")


@pytest.fixture(scope="module")
def profiles(tmp_path_factory, encoder) -> Engine:
    folder = tmp_path_factory.mktemp("profiles")
    for name in NAMES:  # the .md only: no meta.json, so no country facet to scope by
        shutil.copy(PROFILES / f"factbook-{name}.md", folder)
    index = tmp_path_factory.mktemp("profiles-index") / "index"
    build_index([folder], index, encoder=encoder)
    return Engine.load(index, encoder=encoder)


def _top_docs(engine: Engine, question: str, k: int = 3) -> list[str]:
    vector = engine.encoder.encode([question])[0]
    return [hit.passage.doc for hit in scoped_search(engine.retriever, question, vector, top_k=k)]


def test_a_name_that_stands_in_all_of_one_document_names_it(profiles):
    scope = scope_index(profiles.retriever.data)
    mask, words, _ = scope.naming("Who won Nigeria's 2023 presidential election?")
    assert words == {"nigeria"}
    assert {p.doc for p, inside in zip(profiles.retriever.data.passages, mask, strict=True) if inside} == {"factbook-nigeria.md"}
    assert set(_top_docs(profiles, "Who won Nigeria's 2023 presidential election?")) == {"factbook-nigeria.md"}


def test_one_title_word_inside_another_name_names_nothing(profiles):
    """ "Mount Cook" is New Zealand's mountain, not the Cook Islands."""
    question = "How much height did Aoraki/Mount Cook lose in the December 1991 avalanche?"
    assert _top_docs(profiles, question, k=1) == ["factbook-new-zealand.md"]
    answer = profiles.ask(question)
    assert "10 m" in answer.answer and answer.citations[0].doc == "factbook-new-zealand.md"


def test_a_question_naming_no_document_has_no_named_scope(profiles):
    assert scope_index(profiles.retriever.data).naming("What is the tallest mountain?") is None


@pytest.fixture(scope="module")
def with_meta(tmp_path_factory, encoder) -> Engine:
    folder = tmp_path_factory.mktemp("countries")
    for name in ("united-states", "mexico", "canada", "south-africa"):  # with their country metadata
        shutil.copy(PROFILES / f"factbook-{name}.md", folder)
        shutil.copy(PROFILES / f"factbook-{name}.md.meta.json", folder)
    index = tmp_path_factory.mktemp("countries-index") / "index"
    build_index([folder], index, encoder=encoder)
    return Engine.load(index, encoder=encoder)


def test_a_country_written_by_its_initials_is_the_country(with_meta):
    """ "US senators" are the United States' (a capital's initials, as people write them);
    "exports to the US" still names the US as an object, not the topic; "us" is a pronoun."""
    scope = scope_index(with_meta.retriever.data)
    assert scope.initials["US"] == "United States" and scope.initials["SA"] == "South Africa"
    assert scope.spelled_out("How long do US senators serve?") == "How long do United States senators serve?"
    assert scope.spelled_out("tell us about Title VI") == "tell us about Title VI"
    assert scope.spelled_out("WHAT IS THE GDP AS OF 2020") == "WHAT IS THE GDP AS OF 2020"  # typed in capitals
    assert _top_docs(with_meta, "US senators serve terms of how long?", k=1) == ["factbook-united-states.md"]
    assert _top_docs(with_meta, "What share of Mexico's exports go to the US?", k=1) == ["factbook-mexico.md"]


def test_the_currency_an_answer_is_asked_in_is_not_the_topic(with_meta):
    """ "In US dollars, how much did the government put toward the shelter?" asks about a
    shelter in the US's currency: the United States is not its topic (a report without
    metadata had been ranked under the US profile's exchange rates)."""
    question = "In US dollars, how much did the government put toward the shelter in 2020?"
    scope = scope_index(with_meta.retriever.data)
    assert scope.weighted_layers(scope.spelled_out(question))  # the words alone would name the US
    assert without_units(question) == "In dollars, how much did the government put toward the shelter in 2020?"
    vector = with_meta.encoder.encode([question])[0]
    assert not any(hit.in_scope for hit in scoped_search(with_meta.retriever, question, vector, top_k=3))
    asked = "What was the GDP of the US in US dollars?"  # the US named besides its currency
    assert any(hit.in_scope for hit in scoped_search(with_meta.retriever, asked, with_meta.encoder.encode([asked])[0], top_k=3))


def test_the_us_dollar_is_a_unit_wherever_it_is_named(with_meta):
    """ "What is the US dollar equivalent of the 250,000 somoni?" and "how many US dollars
    ...?" ask a sum in the unit reports give beside their own currency: the US is not their
    topic (the US profile's "per US dollar" exchange rates had been ranked over the report)."""
    for question, unscoped in (
        ("What is the US dollar equivalent given for the 250,000 somoni shelter allocation?", "What is the dollar equivalent given for the 250,000 somoni shelter allocation?"),
        ("How many U.S. dollars did the state set aside for the shelter?", "How many dollars did the state set aside for the shelter?"),
        ("since when has ecuador used the american dollar", "since when has ecuador used the dollar"),
    ):
        assert without_units(question) == unscoped
        vector = with_meta.encoder.encode([question])[0]
        assert not any(hit.passage.doc == "factbook-united-states.md" and hit.in_scope for hit in scoped_search(with_meta.retriever, question, vector, top_k=3))
    asked = "What are the US's exports in US dollars?"  # the US named as the topic besides its currency
    assert any(hit.in_scope for hit in scoped_search(with_meta.retriever, asked, with_meta.encoder.encode([asked])[0], top_k=3))


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory, encoder) -> Engine:
    """A census report on disability and a housing survey whose every paragraph says
    "American Housing Survey" (as the CDC's table rows do under their caption)."""
    folder = tmp_path_factory.mktemp("reports")
    (folder / "census-disability-2010.md").write_text(
        "# Disability Prevalence 2010\n\n"
        "The Census Bureau measured disability in its 2010 survey of income and program participation.\n\n"
        "Disability rose with age: among people aged 80 and older, 55.8 percent had a severe disability.\n\n"
        "Among people aged 15 to 24, 2.4 percent had a severe disability in 2010.\n\n"
        "The Census Bureau defines a severe disability by the activities a person cannot perform.\n\n"
        "Disability was more common among women than among men in every age group.\n",
        encoding="utf-8",
    )
    (folder / "housing-survey-2009.md").write_text(
        "# Housing Characteristics 2009\n\n"
        + "\n\n".join(
            f"The American Housing Survey found that {share} percent of American householders {what} in 2009."
            for share, what in [
                ("6.3", "aged 80 and older lived in housing with a severe physical problem"),
                ("4.1", "reported peeling paint"), ("3.5", "had no working smoke alarm"),
                ("2.2", "reported signs of rodents"), ("5.0", "reported water leaks"),
                ("1.9", "with a disability lived in unhealthy housing"), ("2.8", "reported mold"),
            ]
        ),
        encoding="utf-8",
    )
    index = tmp_path_factory.mktemp("reports-index") / "index"
    build_index([folder], index, encoder=encoder)
    return Engine.load(index, encoder=encoder)


def test_a_question_names_a_report_by_words_of_its_title_one_written_as_a_name(two_reports):
    """ "per the Census disability report": two words of that file's name, one written as a
    name, found mostly there, name it; the words of the question alone named no document
    here (on the real PDFs, "Americans" named the CDC's "American Housing Survey")."""
    question = "What share of Americans aged 80 and older had a severe disability, per the Census disability report?"
    scope = scope_index(two_reports.retriever.data)
    mask, _, by_title = scope.naming(question)
    assert by_title
    assert {p.doc for p, inside in zip(two_reports.retriever.data.passages, mask, strict=True) if inside} == {"census-disability-2010.md"}
    assert _top_docs(two_reports, question, k=1) == ["census-disability-2010.md"]
    # the same words in lower case are what is asked about, not which report
    named = scope.naming("What share of people aged 80 and older had a severe disability in the census?")
    assert named is None or not named[2]


def test_a_year_that_abounds_in_another_document_does_not_unname_one_named_by_its_words(tmp_path, encoder):
    """ "the 2015 planar ion crystal paper": "2015" stands in every line of a data sheet for
    November 2015, and "planar", "ion" and "crystal" in every passage of the paper. A year
    alone names nothing beside a document named by its words, so the paper is named."""
    (tmp_path / "scientific-reports-crystal.md").write_text(
        "# Quantum computation under micromotion in a planar ion crystal\n\n"
        + "\n\n".join(
            f"The trap holds {n} ions whose micromotion {what}." for n, what in [
                (127, "shifts each mode"), (64, "is small at the centre"), (19, "limits the gate fidelity"),
                (37, "grows towards the edge"), (91, "is compensated by the pulses"), (7, "was measured directly"),
            ]
        )
        + "\n\nReceived 3 November 2014",
        encoding="utf-8",
    )
    (tmp_path / "checks.md").write_text(
        "# Background checks November 2015\n\n"
        + "\n\n".join(f"In November 2015 the state of {state} logged {n} checks." for state, n in [
            ("Alabama", "18,870"), ("Alaska", "209"), ("Arizona", "2,303"), ("Arkansas", "3,298"),
            ("Colorado", "4,144"), ("Delaware", "204"), ("Florida", "15,907"), ("Georgia", "14,111"),
        ]),
        encoding="utf-8",
    )
    index = tmp_path / "index"
    build_index([tmp_path], index, encoder=encoder)
    data = Engine.load(index, encoder=encoder).retriever.data
    scope = scope_index(data)
    named = scope.naming(without_units("When was the 2015 planar ion crystal paper received by the journal?"))
    assert named is not None
    assert {p.doc for p, inside in zip(data.passages, named[0], strict=True) if inside} == {"scientific-reports-crystal.md"}


def test_a_place_its_metadata_gives_by_initials_is_named_by_what_its_document_spells_out():
    """A profile whose country is "DRC" is asked about as "the Democratic Republic of the
    Congo": its own text writes the name out before the initials, and that is a scope too."""
    from qa.search.scope import spelled_out_in
    from qa.types import Document, Paragraph

    document = Document(
        id="drc.md", title="DRC: country profile", fingerprint="x",
        paragraphs=(Paragraph(1, "In 1997 the rebel leader renamed the country the Democratic Republic of the Congo (DRC)."),),
    )
    assert spelled_out_in("DRC", document) == "Democratic Republic of the Congo"
    assert spelled_out_in("Chad", document) is None  # a name, not initials
    assert spelled_out_in("UAE", document) is None  # initials the document never spells out


NOTED = """The Digital Millennium Copyright Act was signed into law on October 28, 1998.

Title II of the act also added a new section 512 to the Copyright Act, which limits the liability of online service providers.

Title III expands the existing exemption relating to computer programs in section 117 of the Copyright Act.

Title IV contains six miscellaneous provisions, relating to the functions of the Copyright Office and distance education.

2 Copying is used in this context as a shorthand for the exercise of any of the exclusive rights of an author.

3 The Fairness in Musical Licensing Act of 1998 amended section 512 as well.
"""


def test_a_question_asking_what_a_footnote_says_ranks_the_notes_up(tmp_path, encoder):
    """ "According to a footnote, ...": the notes (paragraphs opening with their number)
    are one more scope, so the note is read before the body sentence with the same words."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "summary.txt").write_text(NOTED, encoding="utf-8")
    build_index([tmp_path / "docs"], tmp_path / "index", encoder=encoder)
    engine = Engine.load(tmp_path / "index", encoder=encoder)
    question = "According to a footnote, which other act also added a new section 512 to the Copyright Act?"
    vector = engine.encoder.encode([question])[0]
    top = scoped_search(engine.retriever, question, vector, top_k=3)[0]
    assert top.passage.text.startswith("3 The Fairness")
    plain = "Which title added a new section 512 to the Copyright Act?"
    assert scoped_search(engine.retriever, plain, engine.encoder.encode([plain])[0], top_k=3)[0].passage.text.startswith("Title II")


def test_inside_a_scope_the_words_naming_it_do_not_rank_its_passages(with_meta):
    """ "Who heads the government of the US?": inside the United States' profile every line
    saying "the US" had outranked the one naming the head of government; "US" names the
    scope, and within it the question's other words decide. Words the initials spell out
    but the question does not write ("state" of "United States") are still asked."""
    question = "Who heads the government of the US?"
    scope = scope_index(with_meta.retriever.data)
    (_, _, words), *_ = scope.weighted_layers(scope.spelled_out(question))
    assert scope.naming_words(question, words) == {"us", "usa"}
    asked = "Who is the chief of state of the United States?"  # "state" twice: asked besides naming
    assert "state" not in scope.naming_words(asked, scope.weighted_layers(asked)[0][2])
    # the scope's terms are stems already: stemmed again, "saving" would be "sav"
    assert scope.naming_words("What does the Savings Clause say?", frozenset({"saving", "clause"})) == {"saving", "clause"}
    vector = with_meta.encoder.encode([question])[0]
    top = scoped_search(with_meta.retriever, question, vector, top_k=1)[0]
    assert top.passage.text.startswith("Executive branch") and "head of government" in top.passage.text


@pytest.fixture(scope="module")
def hydro_model(tmp_path_factory, encoder) -> Engine:
    """NRCan's National Hydro Network data model (a real PDF, sectioned under "Edition
    1.0", one section "Hydro Network" of UML labels) beside GAO's two pages."""
    index = tmp_path_factory.mktemp("hydro-index") / "index"
    build_index([PDFS / "nrcan-geobase-hydro-data-model-2004.pdf", PDFS / "gao-23-106826-cybersecurity-strategy.pdf"], index, encoder=encoder)
    return Engine.load(index, encoder=encoder)


def test_title_words_that_also_name_a_section_name_the_document(hydro_model):
    """ "... in the National Hydro Network data model?" names the document by its title;
    that "Hydro Network" is also a section's heading (figure labels) does not make the
    question about that section, which had filled the answer's slots with UML labels."""
    question = "Which four packages make up the NHNC1 LRS model in the National Hydro Network data model?"
    vector = hydro_model.encoder.encode([question])[0]
    texts = [hit.passage.text for hit in scoped_search(hydro_model.retriever, question, vector, top_k=3)]
    assert any(text.startswith("Four packages constitute the NHNC1") for text in texts)


def test_a_question_about_the_documents_own_date_reads_its_front_matter(hydro_model):
    """ "When was the GAO product ... issued?": the document's date is a line of its own on
    the cover ("June 2023"), with none of the question's words; its dated front lines are
    one more scope, so the date is read before a sentence inside about something issued."""
    answer = hydro_model.ask("When was GAO's product on launching and implementing the National Cybersecurity Strategy issued?")
    assert answer.answer == "June 2023" and answer.citations[0].page == 1
    cover = hydro_model.ask("What date is printed on the cover of the National Hydro Network data model?")
    assert cover.answer == "2004-08" and cover.citations[0].page == 1
    # a date asked of something the document reports is no question about the document
    strategy = hydro_model.ask("When did the Senate confirm a National Cyber Director?")
    assert "June 2021" in strategy.answer


def test_the_edition_its_cover_gives_holds_for_the_whole_document(hydro_model):
    """"... the data model, edition 1.0": its cover's "Edition 1.0" is a line of its own
    (no heading of every page), and the edition it gives names all of it, as its title does:
    the cover's date and phone lines need not repeat "1.0"."""
    cover = hydro_model.ask("What date is printed on the cover of the National Hydro Network data model, edition 1.0?")
    assert cover.answer == "2004-08" and cover.citations[0].page == 1
    phone = hydro_model.ask("What toll-free number does GeoGratis client service give on the cover of the NHN data model, edition 1.0?")
    assert "1-800-661-2638" in (phone.sentence or phone.answer or "") and phone.citations[0].page == 1


def test_only_a_question_about_the_documents_own_record_is_one():
    """What the document says was released, a strategy it writes about, "cover" the verb and
    a passport's date of issue are no questions about the document's own record."""
    from qa.search.front import front_question

    for question in (
        "According to the report, when were the detainees released?",
        "When did the study say the vaccine was released?",
        "When was the National Cybersecurity Strategy issued?",
        "What dates does the report cover?",
        "What is the date of issue of the passports?",
    ):
        assert front_question(question) is None, question
    assert front_question("When was the Scientific Reports paper received by the journal?").record == {"receiv"}
    # ... or asked of the one who made it, the document the verb's object
    assert front_question("When did Scientific Reports receive the 2015 paper on quantum computation?").record == {"receiv"}
    assert front_question("When did GAO issue its report on the cybersecurity strategy?").record == {"issu"}
    assert front_question("When did the journal receive the revised paper?").record == {"receiv", "revis"}
    assert front_question("When did Nature publish the paper submitted by Wang?").record == {"publish"}
    # the document by its number, as its maker files it; "put out" is issuing it
    assert front_question("When was GAO-23-106826 on the harbour strategy issued?").record == {"issu"}
    assert front_question("What month and year is GAO-23-106826 on the harbour strategy dated?").record == {"dat"}
    assert front_question("When was NIST SP 800-223 published?").record == {"publish"}
    assert front_question("When did GAO put out its product on the harbour strategy?").record == {"issu"}
    for other in (
        "When was the COVID-19 vaccine released?", "When was the 2019 ferry law released?", "When did the government put out its budget?",
        "When was the UN-2030 agenda released?", "When was the FY 2022-23 budget released?", "When was CVE-2021-44228 published?",
    ):
        assert front_question(other) is None, other
    for other in (
        "When did the shelter receive its funding?", "When did the authorities release the detainees named in the report?",
        "When did researchers receive ethics approval for the study?", "When do employers issue the W-2 form?",
        "When did patients receive the study drug?", "When did the agency release the findings of the report?",
        "When did the board accept the report's recommendations?", "When did the authorities release the detainees the paper describes?",
    ):
        assert front_question(other) is None, other
    # the record asked, not one in the document's subject; and one naming the document too
    assert front_question("When was the paper on posted workers and harbour ferries published?").record == {"publish"}
    assert front_question("When was the revised version of the harbour guidance received?").record == {"revis", "receiv"}
    assert front_question("What date is printed on the cover page of the data model?").asks_date
    # ... or by the name of the date the document carries; a manuscript is the document too
    assert front_question("What is the revision date of IRS Notice 1036?").record == {"revis"}
    assert front_question("What publication date does the harbour report carry?").record == {"publish"}
    assert front_question("When did the journal receive the manuscript on harbour ferries?").record == {"receiv"}
    for other in (
        "What is the revision date the notice gives for the tables?", "What is the issue date of the passports?",
        "What is the release date of the drug the report studies?", "What was the issue date of the licence described in the notice?",
        "What is the revision date of the tables the notice gives?", "What is the submission date for Form 1040NR?",
        "What issue date does the GAO report give for the National Cybersecurity Strategy?",
    ):
        assert front_question(other) is None, other


@pytest.fixture(scope="module")
def census_and_pirls(tmp_path_factory, encoder) -> Engine:
    """The Census disability report (a section "HIGHLIGHTS") beside the NCES PIRLS 2011
    highlights appendix (nces-pirls-2011-highlights-appendix.pdf): two real PDFs."""
    index = tmp_path_factory.mktemp("pirls-index") / "index"
    build_index([PDFS / "census-sipp-disability-2010-excerpt.pdf", PDFS / "nces-pirls-2011-highlights-appendix.pdf"], index, encoder=encoder)
    return Engine.load(index, encoder=encoder)


def test_a_section_named_by_words_of_another_documents_title_is_no_scope(census_and_pirls):
    """ "Highlights from PIRLS 2011, Table A-1: ...": "Highlights" heads a section of the
    Census report, and is a word of the PIRLS appendix's name, which "PIRLS" names."""
    scope = scope_index(census_and_pirls.retriever.data)
    question = "Highlights from PIRLS 2011, Table A-1: what was Norway's weighted school participation rate before substitution?"
    assert any(scope.names_another_title(question, *layer) for layer in scope.weighted_layers(question))
    for plain in ("What do the Highlights say of severe disability?", "What do the Highlights say of severe disability in 2011?"):
        assert not any(scope.names_another_title(plain, *layer) for layer in scope.weighted_layers(plain))
    assert set(_top_docs(census_and_pirls, question)) == {"nces-pirls-2011-highlights-appendix.pdf"}


def test_the_words_beside_a_title_that_name_the_document_are_no_part_of_what_is_asked():
    """ "the 2015 Sci. Rep. paper on quantum computation ...": the journal, year and kind name
    the paper as its title's words do; a word that is none of these ends the phrase."""
    title = frozenset(terms("Quantum Computation under Micromotion in a Planar Ion Crystal"))
    asked = "Who carried out the calculations for the 2015 Sci. Rep. paper on quantum computation in a planar ion crystal?"
    assert naming_phrase_terms(asked, title) == {"2015", "sci", "rep", "paper"}
    assert naming_phrase_terms("Whom do the authors thank in their Scientific Reports paper on planar ion crystals?", title) == {"scientific", "report", "paper"}
    assert naming_phrase_terms("Who carried out the calculations on quantum computation in a planar ion crystal?", title) == set()
    # a word for the document after the title's words makes one name of a citation before them
    assert naming_phrase_terms("Which IARPA program supported the 2015 Sci. Rep. planar ion crystal paper?", title) == {"2015", "sci", "rep", "paper"}
    assert naming_phrase_terms("Which authors came up with the idea for the Sci. Rep. 2015 micromotion ion-crystal study?", title) == {"sci", "rep", "2015", "study"}
    assert naming_phrase_terms("Sci. Rep. 2015 micromotion ion-crystal study: who funded it?", title) == {"sci", "rep", "2015", "study"}
    checks = frozenset(terms("NICS Firearm Background Checks November - 2015"))
    assert naming_phrase_terms("How many permit checks did Kentucky NICS firearm background checks count?", checks) == set()
    assert naming_phrase_terms("What does the NICS firearm background checks report (November 2015) count?", checks) == {"report"}
    # a code the question asks about beside the title's words is no name of it; nor is any
    # word of a question typed in capitals
    ki67 = frozenset(terms("Ki67 in Breast Cancer Assay: An Ad Hoc Testing Recommendation"))
    assert naming_phrase_terms("What Ki67 cutoff does the guideline recommend for HR+/HER2- breast cancer?", ki67) == set()
    assert naming_phrase_terms("Which HR+/HER2- breast cancer assay guideline applies?", ki67) == {"guideline"}
    assert naming_phrase_terms(asked.upper(), title) == set()
    # inside the document named, the title's own words in the phrase name it too
    assert naming_phrase_terms("How many checks did the NICS firearm background checks report count?", checks, with_title=True) == set(terms("NICS firearm background checks report"))


@pytest.fixture(scope="module")
def gao_and_dmca(tmp_path_factory, encoder) -> Engine:
    index = tmp_path_factory.mktemp("gao-dmca-index") / "index"
    build_index([PDFS / "gao-23-106826-cybersecurity-strategy.pdf", PDFS / "copyright-office-dmca-summary-1998.pdf"], index, encoder=encoder)
    return Engine.load(index, encoder=encoder)


def test_inside_a_document_named_by_its_title_the_title_words_do_not_rank_its_passages(gao_and_dmca):
    """ "the Copyright Office summary of the DMCA", "per GAO-23-106826": inside the document
    they name, the title's words found its title line and the references citing the same
    office's titles before the note or the sentence that answers."""
    law = gao_and_dmca.ask("According to the Copyright Office summary of the DMCA, which other 1998 law also added a new section 512 to the Copyright Act, causing duplicate section numbers?")
    assert "Fairness in Musical Licensing Act" in law.sentence
    year = gao_and_dmca.ask("When did GAO designate information security as a government-wide high-risk area, per GAO-23-106826?")
    assert "high-risk area in 1997" in year.sentence


@pytest.fixture(scope="module")
def ion_paper(tmp_path_factory, encoder) -> Engine:
    """A real two-column paper (its citation line and 47 references repeat "Sci. Rep." and
    years) beside the NICS table, whose every passage says "2015"."""
    index = tmp_path_factory.mktemp("ion-index") / "index"
    build_index([PDFS / "scientific-reports-2015-ion-crystal-quantum-computation.pdf", PDFS / "fbi-nics-background-checks-2015-11.pdf"], index, encoder=encoder)
    return Engine.load(index, encoder=encoder)


def test_a_paper_named_by_its_journal_year_and_title_answers_from_its_own_text(ion_paper):
    """Most of a long title's own words name the paper though none is written as a name, and
    the citation line that repeats "Sci. Rep." and "2015" ("Sci. Rep. 5, 8555; DOI:10.1038/
    srep08555 (2015).", the answer before) no longer outranks the dated line asked for."""
    accepted = ion_paper.ask("When was the Sci. Rep. paper on quantum computation under micromotion in a planar ion crystal accepted?")
    assert "23 January 2015" in accepted.sentence


def test_a_heading_over_a_passage_or_two_names_the_whole_document_it_opens():
    """ "per IRS Notice 1036" names the heading the reader put over the cover's one line,
    "(Rev. December 2010)": kept to it, every other passage of the notice was out of scope,
    and among the eighteen PDFs of pdf-dev the wage base sentence lost to the cover line and
    was declined. A scope that wide, named in the document's title or file-name words, is
    the document; a wider one, one over two documents or one in other words stays as it is."""
    notice = frozenset(terms("Early Release Copies irs notice 1036 2011"))
    scope = ScopeIndex(facets={}, doc_of=np.array([0, 0, 0, 1, 1]), titles=(notice, frozenset(terms("nics checks"))))
    cover, named = np.array([False, True, False, False, False]), frozenset(terms("Notice 1036"))
    assert _opened(scope, cover, named).tolist() == [True, True, True, False, False]
    programme = ScopeIndex(facets={}, doc_of=np.array([0, 0, 0, 1, 1]), titles=(frozenset(terms("Programme Notice 12")), frozenset()))
    assert _opened(programme, cover, frozenset(expanded(terms("Programme Notice 12")))).tolist() == [True, True, True, False, False]
    # a heading in other words is a topic of the document, kept to ("Sexuality")
    assert _opened(scope, cover, frozenset(terms("Sexuality"))) is cover
    section = np.array([True, True, True, False, False])
    assert _opened(scope, section, named) is section
    across = np.array([False, False, True, True, False])
    assert _opened(scope, across, named) is across
    assert _opened(ScopeIndex(facets={}), cover, named) is cover  # (an index that numbers no passages)
    alone = ScopeIndex(facets={}, doc_of=np.array([0, 0, 0]), titles=(notice,))
    first = cover[:3]
    assert _opened(alone, first, named) is first  # (the whole index is no scope)
