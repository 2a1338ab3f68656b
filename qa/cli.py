"""`qa`: build an index of reports and ask it questions, with citations.

The CLI only parses arguments and prints; the work is in the pipeline modules.
Heavy libraries (torch, FAISS) are imported inside the commands that need them, so
`qa --help` and error messages are instant.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from qa import __version__
from qa.config import DEFAULT_CORPUS, DEFAULT_INDEX
from qa.errors import QAError, UsageError

log = logging.getLogger("qa")

EPILOG = f"""\
examples:
  qa build data/ --index {DEFAULT_INDEX}          index the bundled report
  qa ask "how much did the government fund the shelter in 2020?"
  qa ask "..." --json                             one JSON object (the scripting contract)
  qa ask --file questions.txt --format md > brief.md   one question per line
  qa chat                                         a conversation: follow-ups ("and in 2019?") read in context
  qa info                                         what the index holds

The index defaults to $QA_DATABASE_URL (a postgresql:// URL, docs/postgres.md), else $QA_INDEX or
{DEFAULT_INDEX}. Exit codes: 0 ok, 1 failure, 2 usage.
"""


def _key_values(pairs: Sequence[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"{option} takes KEY=VALUE (e.g. {option} year=2021), not {pair!r}")
        out[key.strip()] = value.strip()
    return out


def index_location(value: str) -> Path | str:
    """--index: an index folder, or a postgresql:// URL (a PostgreSQL index, docs/postgres.md)."""
    from qa.index.pg.location import is_database_url

    return value.strip() if is_database_url(value) else Path(value)


def default_index() -> tuple[Path | str, str]:
    """The index when --index is not given, and how --help names it: $QA_DATABASE_URL,
    else the folder default ($QA_INDEX or index/default)."""
    from qa.index.pg.location import URL_VARIABLE, is_database_url

    for variable in (URL_VARIABLE, "QA_INDEX"):
        value = os.environ.get(variable, "").strip()
        if is_database_url(value):
            return value, f"${variable}"
    return DEFAULT_INDEX, str(DEFAULT_INDEX)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="qa",
        description="Cited answers from long reports. Every answer is words of the report, "
        "with document and paragraph; when the report does not answer, qa says so.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"qa {__version__}")
    top.add_argument("-v", "--verbose", action="store_true", help="log what happens, step by step")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def index_option(p: argparse.ArgumentParser) -> None:
        default, shown = default_index()
        p.add_argument("--index", type=index_location, default=default, metavar="DIR|URL", help=f"index folder or postgresql:// URL (default: {shown})")

    build = commands.add_parser(
        "build",
        help="index files or folders (.txt, .md, ...)",
        description="Index the documents under PATH. The index then mirrors PATH: new and changed "
        "files are embedded, unchanged ones reuse their vectors, removed ones are dropped. "
        "The previous index stays usable until the new one is complete.",
    )
    build.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS], metavar="PATH", help=f"files or folders (default: {DEFAULT_CORPUS}/)")
    index_option(build)
    build.add_argument("--model", metavar="NAME_OR_PATH", help="sentence-transformers model folder or cached name (default: the bundled all-MiniLM-L6-v2)")
    build.add_argument("--rebuild", action="store_true", help="replace an index built with another model or format instead of refusing")
    build.add_argument("--max-tokens", type=int, metavar="N", help="passage window in word pieces (default 128)")
    build.add_argument("--meta", action="append", metavar="KEY=VALUE", help="metadata for every document indexed (repeatable), e.g. --meta year=2021")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--ocr", action="store_true", help="read scanned PDF pages (no text layer) with Tesseract OCR: slow; needs tesseract-ocr")
    build.add_argument(
        "--precision", choices=["auto", "fp32", "bf16"], default="auto",
        help="arithmetic for embedding passages: bf16 is 2-3x faster on CPUs with AMX or AVX512-BF16 and gives vectors within 1e-4 "
        "cosine of fp32; auto (default) uses it only where the CPU has it. Questions are always encoded in fp32",
    )

    add = commands.add_parser("add", help="add files to an index, keeping what it holds", description="Add or update documents without dropping the others.")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    index_option(add)
    add.add_argument("--meta", action="append", metavar="KEY=VALUE", help="metadata for the added documents (repeatable)")
    add.add_argument("--quiet", action="store_true", help="no progress bar")
    add.add_argument("--ocr", action="store_true", help="read scanned PDF pages (no text layer) with Tesseract OCR: slow; needs tesseract-ocr")
    add.add_argument(
        "--precision", choices=["auto", "fp32", "bf16"], default="auto",
        help="arithmetic for embedding passages: bf16 is 2-3x faster on CPUs with AMX or AVX512-BF16 and gives vectors within 1e-4 "
        "cosine of fp32; auto (default) uses it only where the CPU has it. Questions are always encoded in fp32",
    )

    remove = commands.add_parser("remove", help="drop documents from an index", description="Drop documents (by the id `qa info` lists).")
    remove.add_argument("docs", nargs="+", metavar="DOC")
    index_option(remove)

    ask = commands.add_parser(
        "ask",
        help="answer a question (or a file of them) with citations",
        description="Answer with the report's own words and cite document and paragraph. "
        "With --file, one question per line (blank lines and lines starting with # are skipped); "
        "the model loads once and answers come in input order.",
    )
    ask.add_argument("question", nargs="?", help="the question (quote it)")
    ask.add_argument("--file", type=Path, metavar="F", help="questions, one per line ('-' for standard input)")
    ask.add_argument("--format", choices=["text", "json", "md"], default="text", help="text (default), json (one object per question: JSON Lines with --file), md (a brief)")
    ask.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")
    ask.add_argument("--top-k", type=int, metavar="N", help="passages to cite (default 3)")
    ask.add_argument("--where", action="append", metavar="KEY=VALUE", help="only documents whose metadata matches (repeatable), e.g. --where year=2021")
    ask.add_argument("--doc", action="append", metavar="DOC", help="only this document (repeatable)")
    ask.add_argument(
        "--min-confidence", type=float, metavar="P",
        help="decline below this probability of being right (0..1; default 0.25): lower answers more, and says so beside each answer",
    )
    index_option(ask)
    ask.add_argument("--model", metavar="NAME_OR_PATH", help="refuse unless the index was built with this model")

    chat = commands.add_parser(
        "chat",
        help="a conversation in the terminal: follow-ups read against earlier questions",
        description="Ask in series; a follow-up (\"and in 2019?\", \"who runs it now?\") is resolved against the "
        "conversation. Commands: :brief FILE.md saves the conversation as a brief, :new starts over, :help; Ctrl-D quits.",
    )
    chat.add_argument("--top-k", type=int, metavar="N", help="passages to cite (default 3)")
    chat.add_argument("--where", action="append", metavar="KEY=VALUE", help="only documents whose metadata matches (repeatable)")
    chat.add_argument("--doc", action="append", metavar="DOC", help="only this document (repeatable)")
    chat.add_argument(
        "--min-confidence", type=float, metavar="P",
        help="decline below this probability of being right (0..1; default 0.25): lower answers more, and says so beside each answer",
    )
    index_option(chat)
    chat.add_argument("--model", metavar="NAME_OR_PATH", help="refuse unless the index was built with this model")

    info = commands.add_parser("info", help="what the index holds", description="Documents, passages, model and settings of an index.")
    index_option(info)
    info.add_argument("--json", action="store_true", help="print JSON")

    evaluate = commands.add_parser("eval", help="score the engine on a gold question set", add_help=False)
    evaluate.add_argument("rest", nargs=argparse.REMAINDER)
    return top


def _read_questions(path: Path) -> list[str]:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise UsageError(f"no such question file: {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read question file {path}: {error}: save it as UTF-8 text") from error
    questions = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not questions:
        raise UsageError(f"no questions in {path}: write one question per line")
    return questions


def cmd_build(args: argparse.Namespace, add: bool = False) -> int:
    from qa.config import ChunkSettings, EmbedSettings
    from qa.index.build import build_index

    chunking = ChunkSettings(max_tokens=args.max_tokens) if getattr(args, "max_tokens", None) else None
    if chunking and chunking.max_tokens < 16:
        raise UsageError("--max-tokens must be at least 16")
    report = build_index(
        args.paths,
        args.index,
        getattr(args, "model", None),
        add=add,
        rebuild=getattr(args, "rebuild", False),
        chunking=chunking,
        meta=_key_values(args.meta, "--meta"),
        progress=not args.quiet and sys.stderr.isatty(),
        ocr=getattr(args, "ocr", False),
        embed_settings=EmbedSettings(precision=args.precision),
    )
    for warning in report.warnings:
        print(f"qa: warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from qa.index.build import remove_documents

    print(remove_documents(args.index, args.docs).summary())
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from qa.engine import Engine
    from qa.present.brief import render_markdown, render_text

    if args.question and args.file:
        raise UsageError("give a question or --file, not both")
    if args.question is None and not args.file:
        raise UsageError('nothing to ask: qa ask "your question" or qa ask --file questions.txt')
    questions = _read_questions(args.file) if args.file else [args.question]
    engine = Engine.load(args.index, model=args.model)
    for n, question in enumerate(questions, start=1):  # refuse a bad line before any work
        try:
            engine.check_question(question)
        except UsageError as error:
            raise UsageError(f"{args.file}: line {n}: {error}" if args.file else str(error)) from error
    where = _key_values(args.where, "--where")
    answers = engine.ask_many(questions, top_k=args.top_k, where=where or None, docs=args.doc, min_confidence=args.min_confidence)
    if args.format == "json":
        for answer in answers:
            print(json.dumps(answer.to_dict(), ensure_ascii=False))
    elif args.format == "md":  # the app's brief: the same function, the same header
        from qa.present.brief import Header, Scope

        minimum = engine.settings.min_confidence if args.min_confidence is None else args.min_confidence
        scope = Scope.of(args.doc, where, minimum, documents=len(engine.data.documents))
        sys.stdout.write(render_markdown(answers, header=Header.of(engine.info()), scope=scope))
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        print("\n\n".join(render_text(a, color) for a in answers))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from qa.conversation.chat import run_chat
    from qa.engine import Engine

    if args.top_k is not None and not 1 <= args.top_k <= 50:
        raise UsageError(f"top-k must be between 1 and 50, not {args.top_k}")
    settings = None
    if args.min_confidence is not None:
        if not 0.0 <= args.min_confidence <= 1.0:
            raise UsageError(f"--min-confidence is a probability between 0 and 1, not {args.min_confidence}")
        from dataclasses import replace

        from qa.config import SearchSettings

        settings = replace(SearchSettings(), min_confidence=args.min_confidence)
    engine = Engine.load(args.index, model=args.model, settings=settings)
    return run_chat(engine, top_k=args.top_k, where=_key_values(args.where, "--where") or None, docs=args.doc)


def cmd_info(args: argparse.Namespace) -> int:
    from qa.index.pg.location import database_of
    from qa.index.store import read_manifest

    if database_of(args.index) is None:  # a database index is checked on connect
        read_manifest(args.index)  # fast, clear error before loading anything heavy
    from qa.engine import Engine

    info = Engine.load(args.index).info()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"index     {info['index']}  (format {info['format_version']}, built {info['created']})")
    kind = "PostgreSQL + pgvector" if info["dense_index"]["type"].startswith("pgvector") else f"{info['dense_index']['type']} FAISS"
    print(f"model     {info['model']}  ({info['dimension']}-d, {kind} index)")
    print(f"chunking  {info['chunking']['max_tokens']} word pieces, {info['chunking']['overlap_sentences']} sentence overlap")
    print(f"passages  {info['passages']} from {len(info['documents'])} documents:")
    for doc in info["documents"]:
        meta = " ".join(f"{k}={v}" for k, v in doc["meta"].items())
        print(f"  {doc['id']}  {doc['paragraphs']} paragraphs, {doc['passages']} passages {meta}".rstrip())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    try:
        from qa.evaluation.evaluate import main as evaluate_main
    except ImportError as error:
        raise QAError("the evaluation module is not installed in this build") from error
    return int(evaluate_main(args.rest) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    # `qa eval` hands its options to qa.evaluate's own parser; argparse's REMAINDER
    # alone drops options that come first (`qa eval --index DIR`), so collect them here.
    args, extra = parser().parse_known_args(argv)
    if args.command == "eval":
        args.rest = [*extra, *args.rest]
    elif extra:
        parser().error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(format="qa: %(message)s", level=logging.WARNING)
    log.setLevel(logging.DEBUG if args.verbose else logging.INFO)
    for handler in logging.getLogger().handlers:
        # libraries that set their own loggers to DEBUG on import (bm25s) stay quiet
        handler.addFilter(lambda record: record.name.startswith("qa") or record.levelno >= logging.WARNING)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    commands = {
        "build": cmd_build,
        "add": lambda a: cmd_build(a, add=True),
        "remove": cmd_remove,
        "ask": cmd_ask,
        "info": cmd_info,
        "eval": cmd_eval,
        "chat": cmd_chat,
    }
    if args.command is None:
        parser().print_help()
        return 2
    try:
        return commands[args.command](args)
    except QAError as error:
        print(f"qa: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
