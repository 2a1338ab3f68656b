"""`qa eval --conversations FILE`: score follow-up questions asked in a conversation.

Each line of the file is a conversation: turns with the question as typed, the
self-contained question a person means (``resolved``, written by hand), acceptable
answers verbatim from the document, and the document and paragraph that answer it.
Every turn is asked through ``Engine.ask(question, history=earlier questions)``, as the
app and `qa chat` ask it, and the follow-ups (turns after the first) are scored on:

- resolution: the resolved question equals the gold one after SQuAD normalisation
  (exact), or shares >= 0.8 token F1 with it, a possessive counted as its noun (F1 >= 0.8:
  word order and "Chile's X" vs "the X of Chile" matter little there);
- answer accuracy: an acceptable answer inside the answer (as `qa eval` counts it) for
  answerable follow-ups, a declined answer for the ones the documents do not answer;
- right paragraph first: the first citation is the gold document and paragraph.

Two baselines run on the same index: *typed* asks each follow-up alone, as typed
(what happened before history), and *gold resolved* asks the hand-resolved question
(the most a resolver can give). The index is built in a temporary folder from the
bundled report, the factbook profiles the conversations use and a few other profiles
(so other countries compete), reusing qa.build.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import InputError, QAError
from qa.evaluation import metrics

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONVERSATIONS = ROOT / "eval" / "conversations.jsonl"
DEFAULT_FACTBOOK = ROOT / "eval" / "corpora" / "factbook-dev"
REPORT = "tip-2021-tajikistan-protection.txt"
#: Profiles no conversation asks about, indexed beside the asked ones so that other
#: countries' near-identical fields compete (kept small: CI builds this index).
EXTRA_PROFILES = 10
RESOLVED_F1 = 0.8
SYSTEMS = ("history", "typed", "gold resolved")


@dataclass(frozen=True)
class Turn:
    question: str
    resolved: str
    answers: tuple[str, ...]
    doc: str
    paragraph: int | None
    answerable: bool


@dataclass(frozen=True)
class Conversation:
    id: str
    turns: tuple[Turn, ...]


def load_conversations(path: str | Path) -> list[Conversation]:
    """The conversations of a JSON Lines file; InputError naming the line that is wrong."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"cannot read conversations {path}: {error.strerror or error}") from error
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            turns = tuple(
                Turn(t["question"], t.get("resolved") or t["question"], tuple(t.get("answers") or ()), t["doc"], t.get("paragraph"), bool(t.get("answerable", bool(t.get("answers")))))
                for t in record["turns"]
            )
            if not turns:
                raise ValueError("no turns")
            out.append(Conversation(str(record["id"]), turns))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{path}: line {n}: not a conversation ({type(error).__name__}: {error}): see eval/conversations.jsonl") from error
    if not out:
        raise InputError(f"no conversations in {path}")
    return out


def corpus_files(conversations: Sequence[Conversation], factbook: Path, extra: int = EXTRA_PROFILES) -> tuple[list[Path], list[str]]:
    """The files to index (with their .meta.json sidecars) and the ids of conversations
    skipped because their documents are missing (e.g. no factbook folder)."""
    wanted = {t.doc for c in conversations for t in c.turns}
    files: dict[str, Path] = {}
    for doc in sorted(wanted):
        path = ROOT / "data" / doc if doc == REPORT else factbook / doc
        if path.is_file():
            files[doc] = path
    if factbook.is_dir():
        others = sorted(p for p in factbook.glob("factbook-*.md") if p.name not in wanted)
        step = max(len(others) // extra, 1) if extra else 0
        for path in others[::step][:extra] if extra else []:
            files[path.name] = path
    skipped = [c.id for c in conversations if any(t.doc not in files for t in c.turns)]
    return list(files.values()), skipped


@dataclass
class TurnOutcome:
    conversation: str
    turn: int
    question: str
    gold_resolved: str
    resolved: str
    resolved_exact: bool
    resolved_f1: float
    answerable: bool
    answer: str | None
    right: bool  # an acceptable answer for answerable turns, a declined one otherwise
    paragraph_first: bool | None  # None for unanswerable turns
    cited: str
    ms: float


@dataclass
class SystemRun:
    name: str
    outcomes: list[TurnOutcome] = field(default_factory=list)

    def summary(self) -> dict[str, float | int | None]:
        follow = [o for o in self.outcomes if o.turn > 0]
        first = [o for o in self.outcomes if o.turn == 0]
        answerable = [o for o in follow if o.answerable]
        unanswerable = [o for o in follow if not o.answerable]

        def share(items: Sequence[bool]) -> float | None:
            return round(sum(items) / len(items), 3) if items else None

        return {
            "follow_ups": len(follow),
            "resolution_exact": share([o.resolved_exact for o in follow]),
            "resolution_f1": share([o.resolved_f1 >= RESOLVED_F1 for o in follow]),
            "answer_acc": share([o.right for o in answerable]),
            "declined_unanswerable": share([o.right for o in unanswerable]),
            "followup_acc": share([o.right for o in follow]),
            "paragraph_first": share([bool(o.paragraph_first) for o in answerable]),
            "first_turn_acc": share([o.right for o in first]),
            "p50_ms": round(metrics.percentile([o.ms for o in follow], 50), 1) if follow else None,
        }


_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")


def resolution_f1(predicted: str, gold: str) -> float:
    """Token F1 of two questions; a possessive counts as its noun ("Chile's exports" and
    "the exports of Chile" differ by "of" alone, not by "chiles" against "chile")."""
    return metrics.token_f1(_POSSESSIVE.sub("", predicted), [_POSSESSIVE.sub("", gold)])


def _score(conversation: Conversation, n: int, turn: Turn, answer: Any, ms: float) -> TurnOutcome:
    top = answer.citations[0] if answer.citations else None
    if turn.answerable:
        right = not answer.abstained and metrics.answer_is_right(answer.answer, turn.answers)
        paragraph_first = top is not None and top.doc == turn.doc and top.paragraph == turn.paragraph
    else:
        right, paragraph_first = answer.abstained, None
    return TurnOutcome(
        conversation.id, n, turn.question, turn.resolved, answer.resolved_question,
        metrics.normalize_answer(answer.resolved_question) == metrics.normalize_answer(turn.resolved),
        round(resolution_f1(answer.resolved_question, turn.resolved), 3),
        turn.answerable, answer.answer, right, paragraph_first,
        f"{top.doc} ¶{top.paragraph}" if top else "", round(ms, 2),
    )


def run(engine: Any, conversations: Sequence[Conversation], system: str, top_k: int | None = None) -> SystemRun:
    """Ask every turn as ``system`` does: with history, typed alone, or gold-resolved alone."""
    result = SystemRun(system)
    for conversation in conversations:
        history: list[str] = []
        for n, turn in enumerate(conversation.turns):
            started = time.perf_counter()
            if system == "history":
                answer = engine.ask(turn.question, top_k=top_k, history=history)
            elif system == "typed":
                answer = engine.ask(turn.question, top_k=top_k)
            else:
                answer = engine.ask(turn.resolved, top_k=top_k)
            ms = (time.perf_counter() - started) * 1000
            result.outcomes.append(_score(conversation, n, turn, answer, ms))
            history.append(turn.question)
    return result


def build_and_run(
    conversations: Sequence[Conversation],
    factbook: Path = DEFAULT_FACTBOOK,
    encoder: Any = None,
    top_k: int | None = None,
    systems: Sequence[str] = SYSTEMS,
) -> tuple[list[SystemRun], dict[str, Any]]:
    """Index the report and the profiles in a temporary folder and run each system."""
    from qa.engine import Engine
    from qa.index.build import build_index

    files, skipped = corpus_files(conversations, factbook)
    kept = [c for c in conversations if c.id not in skipped]
    if not kept:
        raise InputError(f"none of the conversations' documents were found (report in {ROOT / 'data'}, profiles in {factbook})")
    with tempfile.TemporaryDirectory(prefix="qa-conversations-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for path in files:
            shutil.copy(path, corpus / path.name)
            sidecar = path.with_name(path.name + ".meta.json")
            if sidecar.is_file():
                shutil.copy(sidecar, corpus / sidecar.name)
        started = time.perf_counter()
        build_index([corpus], Path(tmp) / "index", encoder=encoder)
        build_s = time.perf_counter() - started
        engine = Engine.load(Path(tmp) / "index", encoder=encoder)
        engine.ask("warm up")
        runs = [run(engine, kept, name, top_k) for name in systems]
    meta = {
        "documents": sorted(p.name for p in files),
        "conversations": len(kept),
        "skipped": skipped,
        "build_s": round(build_s, 1),
        "top_k": top_k,
    }
    return runs, meta


_COLUMNS = (
    ("resolution_exact", "resolved exact"), ("resolution_f1", f"resolved F1>={RESOLVED_F1}"), ("answer_acc", "answer acc"),
    ("declined_unanswerable", "declined unanswerable"), ("followup_acc", "all follow-ups right"),
    ("paragraph_first", "right ¶ first"), ("first_turn_acc", "first turns right"), ("p50_ms", "p50 ms"),
)


def render_markdown(runs: Sequence[SystemRun], meta: dict[str, Any], source: str) -> str:
    history = runs[0].summary()
    follow = [o for o in runs[0].outcomes if o.turn > 0]
    lines = [
        "# Conversations: follow-up questions",
        "",
        f"{source}: {meta['conversations']} conversations, {history['follow_ups']} follow-ups "
        f"({sum(1 for o in follow if not o.answerable)} the documents do not answer), over an index of "
        f"{len(meta['documents'])} documents (the bundled report and factbook profiles), built in {meta['build_s']} s.",
        "",
        "| system | " + " | ".join(label for _, label in _COLUMNS) + " |",
        "|---|" + "---|" * len(_COLUMNS),
    ]
    for r in runs:
        s = r.summary()
        cells = ["n/a" if s[key] is None else (f"{s[key]:.1f}" if key == "p50_ms" else f"{s[key]:.3f}") for key, _ in _COLUMNS]
        lines.append(f"| {r.name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "history: `Engine.ask(question, history=earlier questions)`; typed: the follow-up asked alone, as typed; "
        "gold resolved: the hand-resolved question asked alone (the most a resolver gives). Resolution columns "
        "compare the question the engine answered with the hand-resolved one.",
        "",
        "## Follow-ups the engine got wrong (history)",
        "",
        "| conversation | typed | resolved by the engine | gold resolved | F1 | answer | right | cited |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in follow:
        if o.resolved_f1 < RESOLVED_F1 or not o.right or o.paragraph_first is False:
            lines.append(
                f"| {o.conversation} | {_cell(o.question)} | {_cell(o.resolved)} | {_cell(o.gold_resolved)} | {o.resolved_f1:.2f} "
                f"| {_cell(o.answer or '(declined)')} | {'yes' if o.right else 'no'} | {o.cited} |"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write(runs: Sequence[SystemRun], meta: dict[str, Any], markdown: str, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    md, js = out / "conversations.md", out / "conversations.json"
    md.write_text(markdown, encoding="utf-8")
    payload = {"meta": meta, "systems": {r.name: {"summary": r.summary(), "turns": [asdict(o) for o in r.outcomes]} for r in runs}}
    js.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return md, js


def run_from_args(args: argparse.Namespace) -> int:
    """`qa eval --conversations [FILE]` (parsed by qa/evaluate.py)."""
    try:
        if args.top_k is not None and not 1 <= args.top_k <= 50:
            raise InputError(f"--top-k must be between 1 and 50, not {args.top_k}")
        conversations = load_conversations(args.conversations)
        factbook = Path(getattr(args, "factbook", None) or DEFAULT_FACTBOOK)
        runs, meta = build_and_run(conversations, factbook, top_k=args.top_k)
    except QAError as error:
        print(f"qa: error: {error}", file=sys.stderr)
        return error.exit_code
    if meta["skipped"]:
        print(f"qa: warning: skipped {len(meta['skipped'])} conversations whose documents are missing (factbook folder: {factbook})", file=sys.stderr)
    markdown = render_markdown(runs, meta, str(args.conversations))
    print(markdown, end="")
    if not args.no_write:
        md, js = write(runs, meta, markdown, args.out)
        print(f"\nwrote {md} and {js}")
    return 0


__all__ = ["Conversation", "Turn", "build_and_run", "load_conversations", "render_markdown", "run", "run_from_args"]
