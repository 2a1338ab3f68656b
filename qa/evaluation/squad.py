"""`qa eval --squad FILE`: score the engine on any SQuAD 2.0-format file.

Users' own question sets come in the SQuAD 2.0 format (Rajpurkar et al. 2018), so
the engine is scored on one as it would be used on it: every context is indexed into
a fresh temporary index (one document per article, one paragraph per context, in
order), every question goes through the public ``Engine.ask`` and the answers are
scored with SQuAD 2.0 semantics:

- an abstention is the empty prediction;
- exact match and token F1 per the official script, over the acceptable answers,
  with the project's normalisation (qa/metrics.py: also typographic quotes to ASCII
  and dashes to spaces); an unanswerable question scores 1 exactly when the
  prediction is empty;
- beside them what an extractive engine that returns a span *and its sentence*
  needs: NoAns accuracy (unanswerable questions declined), false abstentions
  (answerable questions declined), gold inside the answer and inside its sentence
  (a short answer that over-reaches scores 0 EM but still hands the user the fact),
  the right paragraph cited first, and p50 latency per question;
- and how far the confidence reads as the probability that the answer is right
  (``calibration``, as `qa eval` measures it): ECE, AURC and accuracy at 50% / 80%
  coverage over the answers given, an answer right when a gold answer is inside it;
  short-answer coverage and precision; a reliability diagram beside the report.

Scores are shares in 0..1 (the official script prints percentages).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from qa.errors import InputError, QAError
from qa.evaluation import metrics

log = logging.getLogger(__name__)

DEFAULT_OUT = Path("eval/results")


# ----------------------------------------------------------------------- dataset


@dataclass(frozen=True)
class SquadQuestion:
    id: str
    question: str
    answers: tuple[str, ...]  # acceptable answers; empty when unanswerable
    answer_starts: tuple[int, ...]
    impossible: bool
    article: int  # 0-based article, which becomes one document
    paragraph: int  # 1-based context within its article, the paragraph number cited


@dataclass(frozen=True)
class SquadArticle:
    title: str
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class SquadSet:
    path: Path
    articles: tuple[SquadArticle, ...]
    questions: tuple[SquadQuestion, ...]
    misaligned: int  # answers whose answer_start does not point at their text


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string"}.get(type(value), type(value).__name__)


def _field(obj: Any, key: str, kind: type | tuple[type, ...], where: str, label: str) -> Any:
    if not isinstance(obj, dict):
        raise InputError(f"{where} is {_kind(obj)}, not an object: {label}")
    if key not in obj:
        raise InputError(f"{where} lacks \"{key}\": {label}")
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise InputError(f"{where}.{key} is {_kind(value)}, not {names}: {label}")
    return value


SHAPE = "a SQuAD 2.0 file is {\"data\": [{\"title\", \"paragraphs\": [{\"context\", \"qas\": [{\"id\", \"question\", \"answers\", \"is_impossible\"}]}]}]}"


def load_squad(path: str | Path) -> SquadSet:
    """Read and check a SQuAD 2.0 file; every problem is one line naming where it is.

    ``is_impossible`` may be missing (SQuAD 1.1 files): then a question is
    unanswerable exactly when it has no answers. An ``answer_start`` that does not
    point at its text is counted, not refused: some published files have a few, and
    scoring uses the answer text only.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no SQuAD file at {path}: give --squad FILE (SQuAD 2.0 JSON)")
    try:
        root = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text: re-save it as UTF-8 JSON") from error
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not JSON ({error.msg} at line {error.lineno} column {error.colno}): fix it") from error
    data = _field(root, "data", list, path.name, SHAPE)
    articles: list[SquadArticle] = []
    questions: list[SquadQuestion] = []
    seen: set[str] = set()
    misaligned = 0
    for a, article in enumerate(data):
        where_a = f"{path.name}: data[{a}]"
        title = article.get("title", f"article {a + 1}") if isinstance(article, dict) else None
        paragraphs = _field(article, "paragraphs", list, where_a, SHAPE)
        if not isinstance(title, str) or not title.strip():
            raise InputError(f"{where_a}.title must be a non-empty string: name the article")
        contexts: list[str] = []
        for p, paragraph in enumerate(paragraphs):
            where_p = f"{where_a}.paragraphs[{p}]"
            context = _field(paragraph, "context", str, where_p, SHAPE)
            if not context.strip():
                raise InputError(f"{where_p}.context is empty: give the passage the questions are about")
            contexts.append(context)
            for q, qa in enumerate(_field(paragraph, "qas", list, where_p, SHAPE)):
                where_q = f"{where_p}.qas[{q}]"
                qid = _field(qa, "id", (str, int), where_q, SHAPE)
                qid = str(qid)
                text = _field(qa, "question", str, where_q, SHAPE)
                if not text.strip():
                    raise InputError(f"{where_q} (id {qid}) has an empty question: write it or remove the entry")
                if qid in seen:
                    raise InputError(f"{where_q}: id {qid!r} is used twice: ids must be unique")
                seen.add(qid)
                answers = _field(qa, "answers", list, where_q, SHAPE)
                impossible = qa.get("is_impossible", not answers)
                if not isinstance(impossible, bool):
                    raise InputError(f"{where_q}.is_impossible is {_kind(impossible)}, not true or false")
                texts: list[str] = []
                starts: list[int] = []
                for n, answer in enumerate(answers):
                    where_n = f"{where_q}.answers[{n}]"
                    answer_text = _field(answer, "text", str, where_n, "each answer is {\"text\", \"answer_start\"}")
                    start = _field(answer, "answer_start", int, where_n, "each answer is {\"text\", \"answer_start\"}")
                    if not answer_text.strip():
                        raise InputError(f"{where_n}.text is empty: give the answer span")
                    if context[start : start + len(answer_text)] != answer_text:
                        misaligned += 1
                    texts.append(answer_text)
                    starts.append(start)
                if impossible and texts:
                    raise InputError(f"{where_q} (id {qid}) is_impossible but has answers: use \"answers\": [] for an unanswerable question")
                if not impossible and not texts:
                    raise InputError(f"{where_q} (id {qid}) has no answers: give one, or set \"is_impossible\": true")
                questions.append(SquadQuestion(qid, text, tuple(texts), tuple(starts), impossible, len(articles), len(contexts)))
        if contexts:
            articles.append(SquadArticle(title.strip(), tuple(contexts)))
    if not questions:
        raise InputError(f"{path} holds no questions: {SHAPE}")
    if misaligned:
        log.warning("%s: %d answers' answer_start does not point at their text (scoring uses the text)", path.name, misaligned)
    return SquadSet(path, tuple(articles), tuple(questions), misaligned)


# ------------------------------------------------------------------------ scoring


def squad_exact(prediction: str | None, answers: Sequence[str]) -> float:
    """Official SQuAD 2.0 exact match: no answers means the right prediction is empty."""
    golds = [a for a in answers if metrics.normalize_answer(a)]
    if not golds:
        return float(not metrics.normalize_answer(prediction or ""))
    return metrics.exact_match(prediction or "", golds)


def squad_f1(prediction: str | None, answers: Sequence[str]) -> float:
    """Official SQuAD 2.0 token F1: when either side is empty, 1 if both are, else 0."""
    golds = [a for a in answers if metrics.normalize_answer(a)]
    if not golds:
        return float(not metrics.normalize_answer(prediction or ""))
    return metrics.token_f1(prediction or "", golds)


@dataclass(frozen=True)
class Row:
    """One question's outcome, as written to the JSON report."""

    id: str
    question: str
    gold: list[str]
    prediction: str  # "" when the engine abstained
    confidence: float
    abstained: bool
    em: float
    f1: float
    inside: bool | None  # a gold answer inside the returned answer; None when unanswerable
    sentence: str | None
    inside_sentence: bool | None
    cited_right: bool | None  # first citation is the question's context; None when unanswerable
    ms: float
    short: bool = False  # answered with a short answer (span, yes/no, list), not the whole sentence


@dataclass(frozen=True)
class SquadMetrics:
    questions: int
    answerable: int
    unanswerable: int
    exact: float
    f1: float
    has_ans_exact: float | None
    has_ans_f1: float | None
    no_ans_accuracy: float | None  # share of unanswerable questions declined
    false_abstention: float | None  # share of answerable questions declined
    gold_inside_answer: float | None
    gold_inside_sentence: float | None  # None when the engine gives no sentences
    right_paragraph_first: float | None
    p50_ms: float | None
    # calibration (see ``calibration``): confidence read as the probability the answer is right
    answered: float | None = None  # share of questions answered
    answer_precision: float | None = None  # share of the answers given that hold a gold answer
    mean_confidence: float | None = None  # of the answers given
    ece: float | None = None  # expected calibration error of the answers given, 10 bins
    ece_all: float | None = None  # over every question, an abstention or an unanswerable one 0
    aurc: float | None = None  # mean error rate of the k most confident answers, k = 1..answers
    acc_at_50: float | None = None  # accuracy of the most confident answers covering 50% of questions
    acc_at_80: float | None = None  # ... covering 80%; None when fewer answers were given
    short_coverage: float | None = None  # answerable questions answered short
    short_precision: float | None = None  # short answers (all questions) holding a gold answer


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def score_row(
    item: SquadQuestion, answer: str | None, abstained: bool, confidence: float, sentence: str | None, cited: tuple[int, int] | None, ms: float,
    short: bool | None = None,
) -> Row:
    """Score one answer; ``cited`` is the (article, paragraph) of the first citation.
    ``short`` says the engine committed to a short answer; by default, when the answer
    differs from its sentence."""
    prediction = "" if abstained or answer is None else answer
    given = None if abstained else sentence
    answerable = not item.impossible
    if short is None:
        short = given is not None and " ".join(prediction.split()) != " ".join(given.split())
    return Row(
        id=item.id,
        question=item.question,
        gold=list(item.answers),
        prediction=prediction,
        confidence=round(float(confidence), 4),
        abstained=abstained,
        em=squad_exact(prediction, item.answers),
        f1=squad_f1(prediction, item.answers),
        inside=metrics.contains_answer(prediction, item.answers) if answerable else None,
        sentence=given,
        inside_sentence=(metrics.contains_answer(given, item.answers) if given else False) if answerable else None,
        cited_right=(cited == (item.article, item.paragraph)) if answerable else None,
        ms=round(ms, 3),
        short=bool(short) and not abstained,
    )


def right(row: Row) -> bool:
    """The response holds a right answer: answered, answerable, a gold answer inside it
    (the gold-in-answer criterion); any answer to an unanswerable question is wrong."""
    return not row.abstained and bool(row.inside)


def _probability(confidence: float) -> float:
    return min(1.0, max(0.0, float(confidence)))


def answers_given(rows: Sequence[Row]) -> tuple[list[float], list[bool]]:
    """(confidence, right) of the answers given: abstentions assert nothing and are left out."""
    answered = [r for r in rows if not r.abstained]
    return [_probability(r.confidence) for r in answered], [right(r) for r in answered]


def calibration(rows: Sequence[Row]) -> dict[str, float | None]:
    """As `qa eval` measures it (qa/evaluation/evaluate.py ``calibration``): over the
    answers given, right when a gold answer is inside; coverage against all questions."""
    confidences, correct = answers_given(rows)
    total = len(rows)
    has = [r for r in rows if r.inside is not None]
    shorts = [r for r in rows if r.short]
    return {
        "answered": len(confidences) / total if total else None,
        "answer_precision": _mean([float(c) for c in correct]),
        "mean_confidence": _mean(confidences),
        "ece": metrics.expected_calibration_error(confidences, correct),
        "ece_all": metrics.expected_calibration_error([_probability(r.confidence) for r in rows], [right(r) for r in rows]),
        "aurc": metrics.risk_coverage(confidences, correct, total).aurc,
        "acc_at_50": metrics.accuracy_at_coverage(confidences, correct, 0.5, total),
        "acc_at_80": metrics.accuracy_at_coverage(confidences, correct, 0.8, total),
        "short_coverage": _mean([float(r.short) for r in has]),
        "short_precision": _mean([float(right(r)) for r in shorts]),
    }


def summarize(rows: Sequence[Row], has_sentences: bool) -> SquadMetrics:
    """The overall, HasAns and NoAns figures; a ratio over nothing is None."""
    has = [r for r in rows if r.inside is not None]
    no = [r for r in rows if r.inside is None]
    return SquadMetrics(
        questions=len(rows),
        answerable=len(has),
        unanswerable=len(no),
        exact=_mean([r.em for r in rows]) or 0.0,
        f1=_mean([r.f1 for r in rows]) or 0.0,
        has_ans_exact=_mean([r.em for r in has]),
        has_ans_f1=_mean([r.f1 for r in has]),
        no_ans_accuracy=_mean([float(r.abstained) for r in no]),
        false_abstention=_mean([float(r.abstained) for r in has]),
        gold_inside_answer=_mean([float(bool(r.inside)) for r in has]),
        gold_inside_sentence=_mean([float(bool(r.inside_sentence)) for r in has]) if has_sentences else None,
        right_paragraph_first=_mean([float(bool(r.cited_right)) for r in has]),
        p50_ms=metrics.percentile([r.ms for r in rows], 50) if rows else None,
        **calibration(rows),
    )


# ------------------------------------------------------------------------ running


@dataclass(frozen=True)
class SquadResult:
    metrics: SquadMetrics
    rows: list[Row]
    markdown: Path | None = None
    json: Path | None = None
    reliability: Path | None = None  # the reliability diagram, beside the Markdown report


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-")[:60] or "article"


def write_corpus(dataset: SquadSet, folder: Path) -> list[str]:
    """One text file per article, contexts separated by blank lines: the reader makes
    each context exactly one paragraph, numbered in order. Returns the document ids.

    Whitespace runs inside a context become one space, so a line break in a context
    cannot split it into two paragraphs (answers are scored by text, not offset).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for n, article in enumerate(dataset.articles, 1):
        name = f"{n:03d}-{_slug(article.title)}.txt"
        text = "\n\n".join(" ".join(c.split()) for c in article.contexts) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
        ids.append(name)
    return ids


def run_squad(
    path: str | Path,
    model: str | None = None,
    *,
    encoder=None,
    top_k: int | None = None,
    quiet: bool = False,
    out: Path | None = DEFAULT_OUT,
    clock: Callable[[], float] = time.perf_counter,
) -> SquadResult:
    """Index the file's contexts into a temporary index, ask every question, score.

    ``encoder`` (loaded once by the caller) is used for both the build and the
    questions; without it the build loads ``model`` (default: the bundled one) and
    the questions use the ONNX export the build keeps with the index.
    ``out`` None writes nothing.
    """
    from tqdm import tqdm

    from qa.engine import Engine
    from qa.index.build import build_index

    dataset = load_squad(path)
    with tempfile.TemporaryDirectory(prefix="qa-squad-") as tmp:
        corpus = Path(tmp) / "corpus"
        doc_ids = write_corpus(dataset, corpus)
        article_of = {doc: n for n, doc in enumerate(doc_ids)}
        if not quiet:
            contexts = sum(len(a.contexts) for a in dataset.articles)
            print(f"indexing {contexts} contexts of {len(doc_ids)} articles from {dataset.path}", file=sys.stderr)
        build_index([corpus], Path(tmp) / "index", model, encoder=encoder, progress=not quiet)
        engine = Engine.load(Path(tmp) / "index", encoder=encoder)
        rows: list[Row] = []
        has_sentences = False
        for n, item in enumerate(tqdm(dataset.questions, desc="questions", unit="q", disable=quiet, file=sys.stderr)):
            try:
                if n == 0:
                    engine.ask(item.question, top_k=top_k)  # loads the model: not part of the timing
                started = clock()
                answer = engine.ask(item.question, top_k=top_k)
                ms = (clock() - started) * 1000
            except QAError as error:
                raise InputError(f"question {item.id} of {dataset.path}: {error}") from error
            sentence = getattr(answer, "sentence", None) or None
            has_sentences = has_sentences or sentence is not None
            cited = None
            if answer.citations:
                first = answer.citations[0]
                cited = (article_of.get(first.doc, -1), first.paragraph)
            form = getattr(answer, "form", None)  # engines before the answer forms: compare with the sentence
            short = (form != "sentence") if form else None
            rows.append(score_row(item, answer.answer, answer.abstained, answer.confidence, sentence, cited, ms, short))
    summary = summarize(rows, has_sentences)
    result = SquadResult(summary, rows)
    if out is not None:
        model_name = engine.data.manifest.model
        result = write_reports(dataset, result, Path(out), model_name, top_k)
    return result


# ------------------------------------------------------------------------ reports

LABELS = [
    ("exact", "EM"), ("f1", "F1"), ("has_ans_exact", "HasAns EM"), ("has_ans_f1", "HasAns F1"),
    ("no_ans_accuracy", "NoAns acc"), ("false_abstention", "false abst"),
    ("gold_inside_answer", "gold in answer"), ("gold_inside_sentence", "gold in sentence"),
    ("right_paragraph_first", "right ¶ first"), ("p50_ms", "p50 ms"),
]
CALIBRATION_LABELS = [
    ("answered", "answered"), ("answer_precision", "answers right"), ("mean_confidence", "mean conf"),
    ("ece", "ECE"), ("ece_all", "ECE all"), ("aurc", "AURC"), ("acc_at_50", "acc@50"), ("acc_at_80", "acc@80"),
    ("short_coverage", "short cov"), ("short_precision", "short P"),
]


def _cell(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}" if key.endswith("_ms") else f"{value:.3f}"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def metrics_table(summary: SquadMetrics, labels: Sequence[tuple[str, str]] = LABELS) -> str:
    values = asdict(summary)
    return "\n".join([
        "| " + " | ".join(label for _, label in labels) + " |",
        "| " + " | ".join("---:" for _ in labels) + " |",
        "| " + " | ".join(_cell(k, values[k]) for k, _ in labels) + " |",
    ])


def render_markdown(dataset: SquadSet, result: SquadResult, model: str, top_k: int | None) -> str:
    m = result.metrics
    misses = [r for r in result.rows if r.em < 1]
    lines = [
        f"# SQuAD evaluation: `{dataset.path.name}`",
        "",
        f"{m.questions} questions ({m.answerable} answerable, {m.unanswerable} unanswerable) on "
        f"{sum(len(a.contexts) for a in dataset.articles)} contexts of {len(dataset.articles)} articles, "
        f"indexed alone with {model}; top-k {top_k or 'default'}.",
        "SQuAD 2.0 scoring: an abstention is the empty answer; an unanswerable question scores 1 when declined.",
        "\"gold in answer/sentence\", \"false abst\" and \"right ¶ first\" are over answerable questions.",
        "",
        metrics_table(m),
        "",
        "## Calibration",
        "",
        "Confidence is meant to be the probability that the answer is right. Over the answers given (an abstention",
        "asserts nothing), an answer is right when a gold answer is inside it, and wrong on an unanswerable question.",
        "ECE: expected calibration error, 10 equal-width bins. AURC: mean error rate of the k most confident answers,",
        "k = 1..answers given. acc@50 / acc@80: accuracy of the most confident answers covering 50% / 80% of *all*",
        "questions (n/a: fewer answers were given). ECE all: over every question, an abstention holding no answer.",
        "short cov: answerable questions answered short; short P: short answers (all questions) holding a gold answer.",
        "",
        metrics_table(m, CALIBRATION_LABELS),
        "",
        f"![reliability diagram]({reliability_name(dataset.path)})",
        "",
        f"## Not exact ({len(misses)} of {m.questions})",
        "",
        "| id | question | gold | prediction | F1 | gold inside | conf |",
        "| --- | --- | --- | --- | ---: | :---: | ---: |",
    ]
    for r in misses:
        gold = " / ".join(r.gold) if r.gold else "(unanswerable)"
        got = "(abstained)" if r.abstained else r.prediction
        inside = "-" if r.inside is None else ("yes" if r.inside else "no")
        lines.append(f"| {r.id} | {_escape(r.question)} | {_escape(gold)} | {_escape(got)} | {r.f1:.2f} | {inside} | {r.confidence:.2f} |")
    return "\n".join(lines) + "\n"


def report_stem(path: Path) -> str:
    """``squad-<file stem>``, without doubling a stem that already starts with "squad-"."""
    stem = path.stem
    return stem if stem.startswith("squad-") else f"squad-{stem}"


def reliability_name(path: Path) -> str:
    return f"{report_stem(path)}-reliability.png"


def write_reports(dataset: SquadSet, result: SquadResult, out: Path, model: str, top_k: int | None) -> SquadResult:
    """eval/results/squad-<stem>.md and .json (metrics and every question's row), and
    squad-<stem>-reliability.png (the reliability diagram of the answers given)."""
    from qa.evaluation.reliability import write_reliability

    out.mkdir(parents=True, exist_ok=True)
    stem = report_stem(dataset.path)
    markdown = out / f"{stem}.md"
    payload = out / f"{stem}.json"
    reliability = out / reliability_name(dataset.path)
    write_reliability([(stem, *answers_given(result.rows))], reliability)
    markdown.write_text(render_markdown(dataset, result, model, top_k), encoding="utf-8")
    document = {
        "file": str(dataset.path),
        "model": model,
        "top_k": top_k,
        "articles": len(dataset.articles),
        "contexts": sum(len(a.contexts) for a in dataset.articles),
        "misaligned_answer_starts": dataset.misaligned,
        "metrics": asdict(result.metrics),
        "reliability": [asdict(b) for b in metrics.reliability_bins(*answers_given(result.rows))],
        "questions": [asdict(r) for r in result.rows],
    }
    payload.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return SquadResult(result.metrics, result.rows, markdown, payload, reliability)


# ---------------------------------------------------------------------------- CLI


def run_from_args(args: argparse.Namespace) -> int:
    """`qa eval --squad FILE` (parsed by qa/evaluate.py): print the table, write the reports."""
    try:
        if args.top_k is not None and not 1 <= args.top_k <= 50:
            raise InputError(f"--top-k must be between 1 and 50, not {args.top_k}")
        result = run_squad(
            args.squad, getattr(args, "model", None), top_k=args.top_k, quiet=getattr(args, "quiet", False),
            out=None if args.no_write else args.out,
        )
    except QAError as error:
        print(f"qa: error: {error}", file=sys.stderr)
        return error.exit_code
    print(metrics_table(result.metrics))
    print()
    print(metrics_table(result.metrics, CALIBRATION_LABELS))
    if result.markdown is not None:
        print(f"\nwrote {result.markdown}, {result.json} and {result.reliability}")
    return 0


__all__ = ["SquadMetrics", "SquadResult", "load_squad", "run_squad", "squad_exact", "squad_f1", "summarize"]
