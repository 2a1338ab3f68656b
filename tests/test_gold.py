"""The gold set is sound: verbatim evidence, answers inside it, coverage, honest wording.

Evidence is compared with the report's typographic original (’ and —), not a
normalised copy, so a gold line cannot drift from the words a citation shows.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from qa.errors import InputError
from qa.evaluation.evaluate import load_gold, subset
from qa.index.embed import TokenCounter, bundled_model_path, read_max_seq_length
from tests.conftest import DOC_ID, ROOT

GOLD = ROOT / "eval" / "gold.jsonl"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


def test_gold_size_and_mix(gold):
    answerable = [g for g in gold if g.answerable]
    assert len(gold) >= 60
    assert len(gold) - len(answerable) >= 12
    assert all(g.doc == DOC_ID for g in gold)


def test_every_evidence_is_verbatim_and_holds_every_answer(gold, report_paragraphs):
    for g in gold:
        if not g.answerable:
            assert g.evidence == "" and g.answers == () and g.paragraph is None, g.id
            continue
        paragraph = report_paragraphs[g.paragraph - 1]
        assert g.evidence and g.evidence in paragraph, f"{g.id}: evidence not verbatim in paragraph {g.paragraph}"
        for answer in g.answers:
            assert answer in g.evidence, f"{g.id}: answer {answer!r} not inside its evidence"


def test_every_paragraph_is_covered_several_times(gold, report_paragraphs):
    per_paragraph = Counter(g.paragraph for g in gold if g.answerable)
    assert set(per_paragraph) == set(range(1, len(report_paragraphs) + 1))
    assert min(per_paragraph.values()) >= 5


def test_long_paragraph_is_asked_about_past_the_model_window(gold, report_paragraphs):
    """The model truncates at max_seq_length word pieces; facts after that must be asked about."""
    model = bundled_model_path()
    count = TokenCounter(model / "tokenizer.json")
    limit = read_max_seq_length(model) or 256
    late = [g.id for g in gold if g.answerable and count(report_paragraphs[g.paragraph - 1][: report_paragraphs[g.paragraph - 1].index(g.evidence)]) > limit]
    assert len(late) >= 4, late


def test_questions_are_worded_by_users_not_copied(gold, report_paragraphs):
    """No question repeats six consecutive words of the report."""
    report_words = " ".join(re.findall(r"[a-z0-9]+", " ".join(report_paragraphs).lower().replace("’", "'")))
    copied = []
    for g in gold:
        words = re.findall(r"[a-z0-9]+", g.question.lower())
        for i in range(len(words) - 5):
            if f" {' '.join(words[i : i + 6])} " in f" {report_words} ":
                copied.append(g.id)
                break
    assert not copied, copied
    assert any("’" not in g.question and "'" in g.question for g in gold), "some questions use straight apostrophes"
    assert any(g.question[:1].islower() for g in gold)


def test_near_misses_are_among_the_unanswerable(gold, report_paragraphs):
    """Some unanswerable questions name a year the report never ties to that fact."""
    years = [g for g in gold if not g.answerable and re.search(r"\b20\d\d\b", g.question)]
    assert len(years) >= 3


def test_halves_split_alternate_lines_and_cover_every_paragraph(gold):
    a, b = subset(gold, "a"), subset(gold, "b")
    assert len(a) + len(b) == len(gold)
    assert not {g.id for g in a} & {g.id for g in b}
    for half in (a, b):
        assert {g.paragraph for g in half if g.answerable} == {1, 2, 3, 4, 5}
        assert sum(1 for g in half if not g.answerable) >= 6


@pytest.mark.parametrize(
    "line, message",
    [
        ("not json", "is not JSON"),
        ('{"id": "x"}', "lacks question"),
        ('{"id": "x", "question": "q", "answers": [], "doc": "d", "paragraph": 1, "evidence": "", "answerable": true}', "needs answers"),
        ('{"id": "x", "question": "q", "answers": ["a"], "doc": "d", "paragraph": null, "evidence": "", "answerable": false}', r"answers \[\]"),
    ],
)
def test_bad_gold_lines_are_refused_with_the_line_number(tmp_path: Path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_gold(path)
    assert "line 1" in str(error.value)


def test_missing_gold_file_says_what_to_do(tmp_path: Path):
    with pytest.raises(InputError, match="--gold"):
        load_gold(tmp_path / "none.jsonl")


def test_gold_lines_have_exactly_the_documented_fields():
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) == {"id", "question", "answers", "doc", "paragraph", "evidence", "answerable"}


@pytest.mark.parametrize("path", sorted((ROOT / "eval").glob("gold*.jsonl")), ids=lambda p: p.name)
def test_every_gold_set_loads_as_the_evaluator_reads_it(path: Path):
    """Each set in RUNS is read by the same loader `qa eval` uses, so a set written with a
    field the evaluator refuses (a page on an unanswerable question) fails here, not midway
    through `make eval-test`."""
    assert load_gold(path)
