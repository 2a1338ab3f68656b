"""`qa eval`: score the engine on a hand-written gold set, beside its ablations.

Every number gets a comparison in the same run, on the same gold and the same index:

- hybrid: the engine as users get it (dense + BM25 fused, typed spans, abstention);
- dense, keyword: the same engine with one retriever (``SearchSettings.retrievers``);
- naive: the obvious first attempt, one vector per whole paragraph (silently
  truncated by the model at its sequence limit), the top paragraph by inner product,
  and its sentence most similar to the question as the answer; it never abstains.

Retrieval is scored at paragraph level on the ranked paragraph list (hit@1/3/5, MRR);
answers by whether the returned answer holds an acceptable gold answer (normalised,
whole tokens), SQuAD exact match and token F1; abstention as a detector of the
unanswerable questions. ``--subset a|b`` scores one half of the gold set (alternate
lines), so weights can be set on one half and reported on the other.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np

from qa.config import DEFAULT_EVAL_OUT, DEFAULT_INDEX
from qa.errors import InputError, QAError, UsageError
from qa.evaluation import metrics
from qa.evaluation.reliability import write_reliability
from qa.text import normalize, sentence_spans

DEFAULT_GOLD = Path("eval/gold.jsonl")
DEFAULT_OUT = DEFAULT_EVAL_OUT
SYSTEMS = ("hybrid", "dense", "keyword", "naive")
RANK_DEPTH = 10  # paragraphs ranked per question for hit@k and MRR
FIELDS = ("id", "question", "answers", "doc", "paragraph", "evidence", "answerable")


# ---------------------------------------------------------------------- gold set


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    answers: tuple[str, ...]  # acceptable answers; empty when the report does not answer
    doc: str
    paragraph: int | None  # 1-based; None when the report does not answer
    evidence: str  # the supporting words, verbatim from the paragraph
    answerable: bool
    type: str = "other"  # the expected answer type (person, place, date, amount, yesno, list, ...)
    require_all: bool = False  # a list or multi-part question: every answer must be given
    # the page of the answer, for documents cited by page (PDFs): their paragraph numbers
    # depend on the reader, so such gold gives the page and paragraph null (the first PDF
    # set gives the page printing the answer, the later ones the page where the evidence
    # begins: for a sentence printed over a break, the two ends of Citation.pages)
    page: int | None = None

    @property
    def split(self) -> str:
        return split_of(self.id)

    def is_cited_by(self, doc: str, paragraph: int, page: int | None, pages: tuple[int, int] | None = None) -> bool:
        """Whether a passage at (doc, paragraph, page) is where the gold answer sits: a
        citation of a sentence run over a page break (``pages``, first and last) cites
        each of its pages, the one where it begins as the one printing the answer."""
        if doc != self.doc:
            return False
        if self.paragraph is not None:
            return paragraph == self.paragraph
        return self.page is not None and (page == self.page or (pages is not None and pages[0] <= self.page <= pages[1]))


def split_of(item_id: str) -> str:
    """``dev`` or ``test``, fixed by a hash of the id: decided before any result is seen,
    the same on every machine, and untouched by reordering or adding questions."""
    return "test" if int(hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:8], 16) % 2 else "dev"


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read and check a gold file (JSON Lines); every problem is one line naming the line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no gold file at {path}: give --gold FILE (JSON Lines, one question per line)")
    items: list[GoldItem] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where} is not JSON ({error.msg}): fix or remove it") from error
        if not isinstance(row, dict):
            raise InputError(f"{where} is not a JSON object: each line needs {', '.join(FIELDS)}")
        missing = [f for f in FIELDS if f not in row]
        if missing:
            raise InputError(f"{where} lacks {', '.join(missing)}: each line needs {', '.join(FIELDS)}")
        answerable = bool(row["answerable"])
        answers = row["answers"]
        if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip() for a in answers):
            raise InputError(f"{where}: answers must be a list of non-empty strings")
        page = row.get("page")
        located = (isinstance(row["paragraph"], int) and row["paragraph"] >= 1) or (row["paragraph"] is None and isinstance(page, int) and page >= 1)
        if answerable and (not answers or not located):
            raise InputError(f"{where}: an answerable question needs answers and a 1-based paragraph (or paragraph null and a 1-based page)")
        if not answerable and (answers or row["paragraph"] is not None or page is not None):
            raise InputError(f"{where}: an unanswerable question has answers [], paragraph null and no page")
        if row["id"] in seen:
            raise InputError(f"{where}: id {row['id']!r} is used twice")
        seen.add(row["id"])
        items.append(
            GoldItem(
                str(row["id"]), str(row["question"]), tuple(answers), str(row["doc"]), row["paragraph"], str(row["evidence"]), answerable,
                str(row.get("type") or "other"), bool(row.get("require_all", False)), page,
            )
        )
    if not items:
        raise InputError(f"{path} holds no questions")
    return items


def subset(items: Sequence[GoldItem], which: str) -> list[GoldItem]:
    """``all``; ``dev`` / ``test`` by a fixed hash of the id (tune on dev, report test); or
    half ``a`` / ``b``: alternate lines, so both halves cover every paragraph."""
    if which == "all":
        return list(items)
    if which in ("dev", "test"):
        return [item for item in items if item.split == which]
    if which not in ("a", "b"):
        raise UsageError(f"--subset must be all, dev, test, a or b, not {which!r}")
    offset = 0 if which == "a" else 1
    return [item for i, item in enumerate(items) if i % 2 == offset]


# ----------------------------------------------------------------------- systems


@dataclass(frozen=True)
class Response:
    answer: str | None
    abstained: bool
    confidence: float
    # (doc, paragraph, page, pages) of the citation holding the answer (pages: Citation.pages)
    cited: tuple[str, int, int | None, tuple[int, int] | None] | None
    short: bool = False  # a short answer (span, yes/no, list), not the whole sentence


def is_short(answer: str | None, sentence: str | None) -> bool:
    """An answer shorter than the sentence it came from: the tool committed to a span."""
    return answer is not None and sentence is not None and normalize(answer).strip() != normalize(sentence).strip()


class EngineSystem:
    """The engine with some search settings: ranking from its retriever, answers from ``ask``."""

    def __init__(self, name: str, engine, top_k: int | None = None):
        self.name = name
        self.engine = engine
        self.top_k = top_k

    def rank(self, question: str) -> list[tuple[str, int, int | None]]:
        from qa.search.scope import scoped_search  # the ranking Engine.ask answers from

        engine = self.engine
        question = engine.check_question(question)
        vector = engine.encoder.encode([normalize(question)])[0]
        hits = scoped_search(engine.retriever, question, vector, top_k=RANK_DEPTH)
        return [(h.passage.doc, h.passage.paragraph, h.passage.page) for h in hits]

    def ask(self, question: str) -> Response:
        answer = self.engine.ask(question, top_k=self.top_k)
        cited = None
        if not answer.abstained and answer.citations:
            first = answer.citations[0]
            cited = (first.doc, first.paragraph, first.page, getattr(first, "pages", None))
        form = getattr(answer, "form", None)  # engines before the answer forms: compare with the sentence
        short = form != "sentence" if form else is_short(answer.answer, answer.sentence)
        return Response(answer.answer, answer.abstained, answer.confidence, cited, short)


class NaiveSystem:
    """Whole paragraphs as single vectors, the top one's most similar sentence as the answer.

    The model reads at most ``max_seq_length`` word pieces and silently drops the
    rest, so facts late in a long paragraph are invisible to this system; that is
    the failure the engine's sentence windows exist to avoid.
    """

    name = "naive"

    def __init__(self, documents, encoder):
        import faiss

        self.encoder = encoder
        self.keys: list[tuple[str, int, int | None]] = []
        texts: list[str] = []
        self.sentences: list[list[str]] = []
        self.sentence_vectors: list[np.ndarray] = []
        for document in documents.values():
            for paragraph in document.paragraphs:
                self.keys.append((document.id, paragraph.number, paragraph.page))
                texts.append(normalize(paragraph.text))
                sentences = [paragraph.text[s:e] for s, e in sentence_spans(paragraph.text)] or [paragraph.text]
                self.sentences.append(sentences)
                self.sentence_vectors.append(encoder.encode([normalize(s) for s in sentences]))
        vectors = encoder.encode(texts) if texts else np.zeros((0, encoder.dimension), dtype=np.float32)
        self.index = faiss.IndexFlatIP(encoder.dimension)
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def _search(self, question: str, k: int) -> tuple[np.ndarray, list[int]]:
        vector = self.encoder.encode([normalize(question)])
        _, ids = self.index.search(vector, min(k, self.index.ntotal))
        return vector[0], [int(i) for i in ids[0] if i >= 0]

    def rank(self, question: str) -> list[tuple[str, int, int | None]]:
        return [self.keys[i] for i in self._search(question, RANK_DEPTH)[1]]

    def ask(self, question: str) -> Response:
        vector, ids = self._search(question, 1)
        if not ids:
            return Response(None, True, 0.0, None)
        top = ids[0]
        similarities = self.sentence_vectors[top] @ vector
        best = int(np.argmax(similarities))
        return Response(self.sentences[top][best], False, float(similarities[best]), (*self.keys[top], None))


def make_systems(index_dir: str | Path, names: Sequence[str], encoder=None, top_k: int | None = None) -> list:
    """The systems to compare, sharing one loaded model; ``top_k`` paragraphs are read for answers."""
    from qa.engine import Engine

    primary = Engine.load(index_dir, encoder=encoder)
    encoder = primary.encoder
    systems: list = []
    for name in names:
        if name == "hybrid":
            systems.append(EngineSystem(name, primary, top_k))
        elif name in ("dense", "keyword"):
            settings = replace(primary.settings, retrievers=name)
            systems.append(EngineSystem(name, Engine.load(index_dir, settings=settings, encoder=encoder), top_k))
        elif name == "naive":
            systems.append(NaiveSystem(primary.data.documents, encoder))
        else:
            raise UsageError(f"unknown system {name!r}: choose from {', '.join(SYSTEMS)}")
    return systems


# ------------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class Outcome:
    id: str
    question: str
    answerable: bool
    expected: tuple[str, ...]
    got: str | None
    abstained: bool
    confidence: float
    rank: int | None  # 1-based rank of the right paragraph; None if not in the top RANK_DEPTH
    cited_right: bool  # the answer's citation is the gold paragraph
    correct: bool  # answerable: holds a gold answer; unanswerable: abstained
    seconds: float
    type: str = "other"
    short: bool = False  # answered with a short answer rather than the whole sentence
    split: str = "dev"
    cited_by_span: bool = False  # cited right by the pages of evidence run over a page break only


@dataclass
class SystemResult:
    name: str
    outcomes: list[Outcome]
    summary: dict[str, float | None] = field(default_factory=dict)


def run_system(system, gold: Sequence[GoldItem], clock: Callable[[], float] = time.perf_counter) -> SystemResult:
    for item in gold:  # warm-up pass: latency is measured in the steady state, after
        system.ask(item.question)  # lazy loading and the sentence-vector cache have filled
    outcomes = []
    for item in gold:
        ranking = system.rank(item.question)
        rank = None
        if item.answerable:
            rank = next((n for n, key in enumerate(ranking, 1) if item.is_cited_by(*key)), None)
        start = clock()
        response = system.ask(item.question)
        seconds = clock() - start
        holds = metrics.answer_is_right(response.answer, item.answers, item.require_all) and not response.abstained
        cited_right = response.cited is not None and item.is_cited_by(*response.cited)
        outcomes.append(
            Outcome(
                id=item.id,
                question=item.question,
                answerable=item.answerable,
                expected=item.answers,
                got=response.answer,
                abstained=response.abstained,
                confidence=response.confidence,
                rank=rank,
                cited_right=cited_right,
                # ... by the evidence's pages alone, not the page of the answer (how many gold
                # pages of sentences over a break are met only so)
                cited_by_span=cited_right and not item.is_cited_by(*response.cited[:3]),
                correct=holds if item.answerable else response.abstained,
                seconds=seconds,
                type=item.type,
                short=response.short and not response.abstained,
                split=item.split,
            )
        )
    return SystemResult(system.name, outcomes, summarize(outcomes))


def gave_right_answer(o: Outcome) -> bool:
    """The response holds a right answer: answered, answerable, the gold inside it.
    An answer to an unanswerable question is wrong; an abstention gives no answer."""
    return not o.abstained and o.answerable and o.correct


def as_probability(confidence: float) -> float:
    """The engine's confidence is a probability; a baseline's raw similarity is clipped
    into 0..1 so that it can be binned beside it."""
    return min(1.0, max(0.0, float(confidence)))


def calibration(outcomes: Sequence[Outcome], bins: int = 10) -> dict[str, float | None]:
    """How far the confidence can be read as the probability that the answer is right.

    Over the answers given (abstentions assert nothing and are left out), each answer
    right when ``gave_right_answer``; coverage against every question asked:

    - ``ece``: expected calibration error of the answers given (10 equal-width bins);
    - ``aurc``: mean risk (error rate) of the top k answers by confidence, k = 1..answers;
    - ``acc@50`` / ``acc@80``: accuracy of the most confident answers covering 50% / 80%
      of all questions, None when fewer answers than that were given;
    - ``answered``: the share of questions answered (the most coverage a threshold leaves);
    - ``answer_precision``: the share of the answers given that are right;
    - ``mean_confidence``: of the answers given.

    And ``ece_all``, over every question with the confidence the engine reports even
    when it abstains, read as the probability that the response hands the user a right
    answer: an abstention is 0 (it gives none), so is any answer to an unanswerable
    question. Its abstentions are not relabelled as "right to decline": that is a
    different claim from the one the confidence makes about an answer.
    """
    answered = [o for o in outcomes if not o.abstained]
    confidences = [as_probability(o.confidence) for o in answered]
    right = [gave_right_answer(o) for o in answered]
    total = len(outcomes)
    return {
        "ece": metrics.expected_calibration_error(confidences, right, bins),
        "ece_floor": metrics.ece_floor(confidences, bins),
        "ece_all": metrics.expected_calibration_error([as_probability(o.confidence) for o in outcomes], [gave_right_answer(o) for o in outcomes], bins),
        "aurc": metrics.risk_coverage(confidences, right, total).aurc,
        "acc@50": metrics.accuracy_at_coverage(confidences, right, 0.5, total),
        "acc@80": metrics.accuracy_at_coverage(confidences, right, 0.8, total),
        "answered": len(answered) / total if total else None,
        "answer_precision": sum(right) / len(right) if right else None,
        "mean_confidence": sum(confidences) / len(confidences) if confidences else None,
    }


def summarize(outcomes: Sequence[Outcome]) -> dict[str, float | None]:
    answerable = [o for o in outcomes if o.answerable]
    ranks = [o.rank for o in answerable]
    refusals = metrics.abstention([o.abstained for o in outcomes], [o.answerable for o in outcomes])
    n = len(answerable) or 1
    latencies = [o.seconds * 1000 for o in outcomes]
    shorts = [o for o in answerable if o.short]
    short_answers = [o for o in outcomes if o.short]  # including unanswerable questions answered short
    return {
        "hit@1": metrics.hit_at_k(ranks, 1),
        "hit@3": metrics.hit_at_k(ranks, 3),
        "hit@5": metrics.hit_at_k(ranks, 5),
        "mrr": metrics.mean_reciprocal_rank(ranks),
        "accuracy": sum(o.correct for o in answerable) / n,
        "cited_accuracy": sum(o.correct and o.cited_right for o in answerable) / n,
        "exact_match": sum(metrics.exact_match(None if o.abstained else o.got, o.expected) for o in answerable) / n,
        "f1": sum(metrics.token_f1(None if o.abstained else o.got, o.expected) for o in answerable) / n,
        "abstain_precision": refusals.precision,
        "abstain_recall": refusals.recall,
        "wrong_abstention": refusals.wrong_rate,
        "overall": sum(o.correct for o in outcomes) / (len(outcomes) or 1),
        # a short answer commits to words an analyst may quote: how often, and how often right
        "short_coverage": len(shorts) / n,
        "short_precision": (sum(o.correct for o in shorts) / len(short_answers)) if short_answers else None,
        "short_em": sum(metrics.exact_match(o.got, o.expected) for o in shorts) / len(shorts) if shorts else None,
        "short_f1": sum(metrics.token_f1(o.got, o.expected) for o in shorts) / len(shorts) if shorts else None,
        "questions": float(len(outcomes)),
        "p50_ms": metrics.percentile(latencies, 50) if latencies else None,
        "p95_ms": metrics.percentile(latencies, 95) if latencies else None,
        **calibration(outcomes),
    }


def _summarize_records(records: Sequence[dict[str, Any]]) -> dict[str, float | None]:
    """``summarize`` over the per-question records a results.json keeps (``qa eval --pool``)."""
    names = {f.name for f in fields(Outcome)}
    try:
        return summarize([Outcome(**{k: v for k, v in record.items() if k in names}) for record in records])
    except (TypeError, AttributeError) as error:
        raise InputError(f"a results.json question record is not one qa eval wrote ({error}): rerun qa eval") from error


def evaluate(
    gold: Sequence[GoldItem], index_dir: str | Path = DEFAULT_INDEX, systems: Sequence[str] = SYSTEMS, encoder=None, top_k: int | None = None
) -> list[SystemResult]:
    if not gold:
        raise UsageError("no gold questions to evaluate")
    return [run_system(system, gold) for system in make_systems(index_dir, systems, encoder, top_k)]


# ------------------------------------------------------------------------ reports

COLUMNS = [
    ("hit@1", "hit@1"), ("hit@3", "hit@3"), ("hit@5", "hit@5"), ("mrr", "MRR"),
    ("accuracy", "answer acc"), ("cited_accuracy", "cited acc"), ("exact_match", "EM"), ("f1", "F1"),
    ("abstain_precision", "abst P"), ("abstain_recall", "abst R"), ("wrong_abstention", "wrong abst"),
    ("overall", "overall"), ("short_coverage", "short cov"), ("short_precision", "short P"),
    ("ece", "ECE"), ("aurc", "AURC"), ("acc@50", "acc@50"), ("acc@80", "acc@80"),
    ("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"),
]
TYPE_COLUMNS = [
    ("questions", "n"), ("accuracy", "answer acc"), ("short_coverage", "short cov"), ("short_precision", "short P"),
    ("mean_confidence", "mean conf"), ("ece", "ECE"),
    ("f1", "F1"), ("wrong_abstention", "wrong abst"), ("abstain_recall", "abst R"),
]
CALIBRATION_COLUMNS = [
    ("answered", "answered"), ("mean_confidence", "mean conf"), ("answer_precision", "answers right"),
    ("ece", "ECE"), ("ece_floor", "ECE if calibrated"), ("ece_all", "ECE all"), ("aurc", "AURC"), ("acc@50", "acc@50"), ("acc@80", "acc@80"),
]
CHART = ["hit@1", "hit@3", "mrr", "accuracy", "f1", "abstain_recall", "overall"]


def _cell(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if key == "questions":
        return str(int(value))
    return f"{value:.1f}" if key.endswith("_ms") else f"{value:.3f}"


def by_type(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float | None]]:
    """The summary per expected answer type: where the answer stage is strong and weak."""
    types = sorted({o.type for o in outcomes})
    return {t: summarize([o for o in outcomes if o.type == t]) for t in types}


def risk_coverage(outcomes: Sequence[Outcome]) -> list[tuple[float, float, float]]:
    """(threshold, coverage, accuracy among answered) as the confidence threshold rises.

    Every question counts: an unanswerable one answered is wrong, one declined is not
    counted as answered. This is the curve a caller's threshold moves along.
    """
    points = []
    for threshold in [i / 20 for i in range(21)]:
        answered = [o for o in outcomes if not o.abstained and o.confidence >= threshold]
        right = sum(1 for o in answered if o.answerable and o.correct)
        points.append((threshold, len(answered) / (len(outcomes) or 1), right / len(answered) if answered else 1.0))
    return points


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def failures(result: SystemResult) -> list[Outcome]:
    return [o for o in result.outcomes if not o.correct]


def _system_table(results: Sequence[SystemResult], columns: Sequence[tuple[str, str]]) -> list[str]:
    """A Markdown table, a row per system, of the summary keys in ``columns``."""
    return [
        "| system | " + " | ".join(label for _, label in columns) + " |",
        "| --- | " + " | ".join("---:" for _ in columns) + " |",
        *(f"| {result.name} | " + " | ".join(_cell(k, result.summary[k]) for k, _ in columns) + " |" for result in results),
    ]


def render_markdown(results: Sequence[SystemResult], gold_path: str, index_dir: str, n_answerable: int, n_unanswerable: int) -> str:
    lines = [
        "# Evaluation",
        "",
        f"Gold: `{gold_path}` ({n_answerable} answerable, {n_unanswerable} unanswerable questions); index: `{index_dir}`.",
        "Retrieval and answer columns are over answerable questions; abstention columns treat",
        "abstaining as detecting an unanswerable question; latency is per question, warm.",
        "",
        *_system_table(results, COLUMNS),
    ]
    lines += [
        "",
        "## Calibration",
        "",
        "Confidence is meant to be the probability that the answer is right. Over the answers given (an abstention",
        "asserts nothing), an answer is right when it holds a gold answer, and wrong on an unanswerable question.",
        "ECE: expected calibration error, 10 equal-width confidence bins, |accuracy - mean confidence| weighted by",
        "answers. ECE if calibrated: what a perfectly calibrated engine would show with these confidences (mean of",
        "400 seeded draws, each answer right with its confidence); over a few dozen answers ECE is mostly this noise.",
        "AURC: mean error rate of the k most confident answers, k = 1..answers given (lower is better).",
        "acc@50 / acc@80: accuracy of the most confident answers covering 50% / 80% of *all* questions (n/a: fewer",
        "answers were given). ECE all: over every question with the confidence reported even on abstaining, as the",
        "probability that the response holds a right answer (an abstention holds none).",
        "",
        *_system_table(results, CALIBRATION_COLUMNS),
    ]
    lines += ["", "![reliability diagram](reliability.png) ![risk-coverage curve](risk-coverage.png)"]
    for result in results[:1]:
        lines += ["", f"## {result.name} by answer type", ""]
        lines += ["| type | " + " | ".join(label for _, label in TYPE_COLUMNS) + " |", "| --- | " + " | ".join("---:" for _ in TYPE_COLUMNS) + " |"]
        for name, summary in by_type(result.outcomes).items():
            lines.append(f"| {name} | " + " | ".join(_cell(k, summary[k]) for k, _ in TYPE_COLUMNS) + " |")
    for result in results[:1]:
        misses = failures(result)
        lines += ["", f"## Failures of {result.name} ({len(misses)} of {len(result.outcomes)})", ""]
        lines += ["| id | question | expected | got | rank |", "| --- | --- | --- | --- | ---: |"]
        for o in misses:
            expected = " / ".join(o.expected) if o.expected else "(abstain)"
            got = "(abstained)" if o.abstained else (o.got or "")
            rank = "-" if not o.answerable else (str(o.rank) if o.rank else f">{RANK_DEPTH}")
            lines.append(f"| {o.id} | {_escape(o.question)} | {_escape(expected)} | {_escape(got)} | {rank} |")
    return "\n".join(lines) + "\n"


def write_chart(results: Sequence[SystemResult], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = dict(COLUMNS)
    width = 0.8 / max(len(results), 1)
    figure, axes = plt.subplots(figsize=(10, 4.5))
    for i, result in enumerate(results):
        values = [result.summary[k] or 0.0 for k in CHART]
        positions = [x + (i - (len(results) - 1) / 2) * width for x in range(len(CHART))]
        axes.bar(positions, values, width, label=result.name)
    axes.set_xticks(range(len(CHART)), [labels[k] for k in CHART])
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("score")
    axes.set_title("report-qa on the gold set: the engine (hybrid) beside its ablations")
    axes.legend(ncols=len(results), loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def write_results(results: Sequence[SystemResult], out: Path, markdown: str, meta: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text(markdown, encoding="utf-8")
    payload = {
        **meta,
        "systems": {r.name: r.summary for r in results},
        "by_type": {r.name: by_type(r.outcomes) for r in results},
        "risk_coverage": {r.name: risk_coverage(r.outcomes) for r in results},
        "reliability": {r.name: [asdict(b) for b in metrics.reliability_bins(*answers_given(r.outcomes))] for r in results},
        "questions": {r.name: [asdict(o) for o in r.outcomes] for r in results},
    }
    (out / "results.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_chart(results, out / "results.png")
    write_risk_coverage(results, out / "risk-coverage.png")
    write_reliability([(r.name, *answers_given(r.outcomes)) for r in results], out / "reliability.png")


def answers_given(outcomes: Sequence[Outcome]) -> tuple[list[float], list[bool]]:
    """(confidence, right) of the answers given, abstentions left out: what calibration is measured on."""
    answered = [o for o in outcomes if not o.abstained]
    return [as_probability(o.confidence) for o in answered], [gave_right_answer(o) for o in answered]


def write_risk_coverage(results: Sequence[SystemResult], path: Path) -> None:
    """Accuracy of the k most confident answers against k / all questions, one curve per system."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4.5))
    for result in results:
        confidences, right = answers_given(result.outcomes)
        curve = metrics.risk_coverage(confidences, right, len(result.outcomes))
        aurc = "n/a" if curve.aurc is None else f"{curve.aurc:.3f}"
        axes.plot([c for c, _ in curve.points], [1 - r for _, r in curve.points], label=f"{result.name} (AURC {aurc})")
    for coverage in (0.5, 0.8):
        axes.axvline(coverage, color="grey", linestyle=":", linewidth=1)
    axes.set_xlabel("share of all questions answered (coverage)")
    axes.set_ylabel("accuracy of the most confident answers")
    axes.set_xlim(0, 1.02)
    axes.set_ylim(0, 1.02)
    axes.set_title("risk-coverage: answers kept most confident first")
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


# ---------------------------------------------------------------------------- CLI


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="qa eval",
        description="Score the engine on a gold question set, beside dense-only, BM25-only and a naive baseline; "
        "or, with --squad FILE, on a SQuAD 2.0 file's questions over its own contexts.",
    )
    p.add_argument(
        "--gold", type=Path, action="append", metavar="FILE",
        help=f"gold questions, JSON Lines (repeatable: the files are scored together; default: {DEFAULT_GOLD})",
    )
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX, metavar="DIR", help=f"index folder (default: {DEFAULT_INDEX})")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=f"where results.md/.json/.png go (default: {DEFAULT_OUT})")
    p.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from {','.join(SYSTEMS)} (default: all)")
    p.add_argument(
        "--subset", default="all", choices=("all", "dev", "test", "a", "b"),
        help="all questions; dev or test (a fixed hash of the id: tune on dev, report test); or half a/b (alternate lines)",
    )
    p.add_argument(
        "--top-k", type=int, default=None, metavar="K",
        help="paragraphs the engine reads for an answer (default: its setting, 3); 1 shows how the retrievers differ in answers",
    )
    p.add_argument("--no-write", action="store_true", help="print only; write no result files")
    p.add_argument(
        "--feedback", type=Path, nargs="?", const=Path(), default=None, metavar="FILE",
        help="instead of scoring: turn the app's thumbs-down (default file: INDEX/feedback.jsonl) into gold candidates "
        "to review, in gold-candidates.jsonl beside the gold file (qa/feedback.py)",
    )
    p.add_argument(
        "--squad", type=Path, default=None, metavar="FILE",
        help="score on a SQuAD 2.0 JSON file instead: its contexts are indexed into a temporary index "
        "(--index is not used); writes squad-<stem>.md/.json to --out (qa/squad.py)",
    )
    p.add_argument("--model", default=None, help="with --squad: the embedding model (default: the bundled one)")
    p.add_argument("--quiet", action="store_true", help="with --squad: no progress bars")
    p.add_argument(
        "--conversations", type=Path, nargs="?", const=Path("eval/conversations.jsonl"), default=None, metavar="FILE",
        help="score follow-up questions in conversations instead (default file: eval/conversations.jsonl); "
        "builds a temporary index of the report and factbook profiles; writes conversations.md/.json to --out "
        "(qa/eval_conversations.py)",
    )
    p.add_argument("--factbook", type=Path, default=None, metavar="DIR", help="with --conversations: the factbook-dev folder (default: eval/corpora/factbook-dev)")
    p.add_argument(
        "--pdf-quality", type=Path, nargs="?", const=Path("eval/corpora/pdf-dev"), default=None, metavar="DIR",
        help="instead of scoring: how well the PDF reader rebuilds paragraphs, per PDF in DIR (default: eval/corpora/pdf-dev); "
        "writes pdf-quality.md/.json to --out (default there: eval/results/pdf-quality) (qa/evaluation/pdf_quality.py)",
    )
    p.add_argument(
        "--pool", type=Path, nargs="+", default=None, metavar="DIR",
        help="instead of scoring: calibration pooled over earlier runs' results.json (each DIR an --out of `qa eval`), "
        "with each run's own row; a test half's few dozen answers make its ECE mostly noise; writes pooled.md/.json to --out "
        "(qa/evaluation/pooled.py)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.feedback is not None:  # the app's ratings into gold candidates: all of it lives in qa/feedback.py
        from qa.evaluation.feedback import candidates_command

        return candidates_command(args.feedback if args.feedback != Path() else None, args.index, args.gold or [DEFAULT_GOLD])
    if args.squad is not None:  # a SQuAD file brings its own contexts: all of it lives in qa/squad.py
        from qa.evaluation.squad import run_from_args

        return run_from_args(args)
    if args.conversations is not None:  # follow-ups in conversations: all of it lives in qa/eval_conversations.py
        from qa.evaluation.conversations import run_from_args as run_conversations

        return run_conversations(args)
    if args.pdf_quality is not None:  # the PDF reader against pdftotext: all of it lives in qa/evaluation/pdf_quality.py
        from qa.evaluation.pdf_quality import run_from_args as run_pdf_quality

        return run_pdf_quality(args)
    if args.pool is not None:  # calibration over several runs' answers: all of it lives in qa/evaluation/pooled.py
        from qa.evaluation.pooled import run_from_args as run_pooled

        return run_pooled(args, _summarize_records)
    try:
        names = [n.strip() for n in args.systems.split(",") if n.strip()]
        unknown = [n for n in names if n not in SYSTEMS]
        if unknown or not names:
            raise UsageError(f"--systems takes names from {', '.join(SYSTEMS)}, not {args.systems!r}")
        gold_paths = args.gold or [DEFAULT_GOLD]
        gold = subset([item for path in gold_paths for item in load_gold(path)], args.subset)
        if not gold:
            raise UsageError(f"no gold questions in the {args.subset} split of {', '.join(map(str, gold_paths))}")
        if args.top_k is not None and not 1 <= args.top_k <= 50:
            raise UsageError(f"--top-k must be between 1 and 50, not {args.top_k}")
        results = evaluate(gold, args.index, names, top_k=args.top_k)
    except QAError as error:
        print(f"qa: error: {error}", file=sys.stderr)
        return error.exit_code
    answerable = sum(1 for g in gold if g.answerable)
    gold_names = ", ".join(str(p) for p in gold_paths) + ("" if args.subset == "all" else f" [{args.subset}]")
    markdown = render_markdown(results, gold_names, str(args.index), answerable, len(gold) - answerable)
    print(markdown, end="")
    if not args.no_write:
        meta = {
            "gold": [str(p) for p in gold_paths], "index": str(args.index), "subset": args.subset, "top_k": args.top_k,
            "answerable": answerable, "unanswerable": len(gold) - answerable,
        }
        write_results(results, args.out, markdown, meta)
        print(f"\nwrote {args.out / 'results.md'}, results.json, results.png, reliability.png and risk-coverage.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
