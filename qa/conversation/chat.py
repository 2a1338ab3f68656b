"""`qa chat`: a conversation with an index in the terminal.

Analysts ask in series ("How much did the government fund the shelter in 2020?", "and
in 2019?", "who runs it now?"): every question goes to ``Engine.ask`` with the earlier
ones as history, so follow-ups are resolved exactly as the app and Python resolve them.
Answers print as `qa ask` prints them, with the question the engine actually answered
when it differs from what was typed. Commands start with a colon:

    :brief FILE.md   save the conversation as a Markdown brief (qa/brief.py)
    :new             start a new conversation (forget the history)
    :help            this list
    Ctrl-D           quit

Line editing and a history of past questions come from readline when Python has it
(history file: $QA_HISTORY, else ~/.qa_history).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from qa.errors import QAError, UsageError
from qa.present.brief import render_markdown, render_text
from qa.types import Answer

PROMPT = "qa> "
HISTORY_LENGTH = 1000
HELP = """\
Ask a question; follow-ups ("and in 2019?", "who runs it now?") are read against the conversation.
  :brief FILE.md   save the conversation as a Markdown brief
  :new             start a new conversation
  :help            this help
  Ctrl-D           quit"""


def history_path() -> Path:
    return Path(os.environ.get("QA_HISTORY") or Path.home() / ".qa_history")


def _setup_readline() -> Callable[[], None]:
    """Line editing and a persistent history, when readline exists and stdin is a terminal.

    Returns the function that saves the history (a no-op without readline)."""
    if not sys.stdin.isatty():
        return lambda: None
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return lambda: None
    path = history_path()
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    readline.set_history_length(HISTORY_LENGTH)

    def save() -> None:
        try:
            readline.write_history_file(path)
        except OSError:
            pass

    return save


class Chat:
    """One conversation: the questions typed so far and their answers."""

    def __init__(self, engine: Any, out: TextIO, color: bool = False, **ask_options: Any):
        self.engine = engine
        self.out = out
        self.color = color
        self.ask_options = ask_options
        self.questions: list[str] = []
        self.answers: list[Answer] = []

    def ask(self, question: str) -> Answer:
        answer = self.engine.ask(question, history=self.questions, **self.ask_options)
        self.questions.append(question)
        self.answers.append(answer)
        return answer

    def render(self, answer: Answer) -> str:
        text = render_text(answer, self.color)
        if answer.resolved_question != answer.question:
            first, _, rest = text.partition("\n")
            text = f"{first}\n   (read as: {answer.resolved_question})\n{rest}"
        return text

    def brief(self, target: str) -> str:
        """Write the conversation as a brief; each question as the engine read it, so the
        brief stands alone ("and in 2019?" means nothing on paper)."""
        if not target:
            raise UsageError("give a file name: :brief FILE.md")
        if not self.answers:
            raise UsageError("nothing to save yet: ask a question first")
        path = Path(target).expanduser()
        standalone = [replace(a, question=a.resolved_question) for a in self.answers]
        try:
            path.write_text(render_markdown(standalone, title="Conversation brief"), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
        return f"saved {len(self.answers)} answers to {path}"

    def handle(self, line: str) -> str | None:
        """What to print for one input line (None for nothing)."""
        line = line.strip()
        if not line:
            return None
        if line.startswith(":"):
            command, _, argument = line[1:].partition(" ")
            command = command.lower()
            if command == "brief":
                return self.brief(argument.strip())
            if command == "new":
                self.questions.clear()
                self.answers.clear()
                return "new conversation"
            if command in ("help", "h", "?"):
                return HELP
            raise UsageError(f"unknown command :{command}: type :help")
        return self.render(self.ask(line))


def run_chat(
    engine: Any,
    top_k: int | None = None,
    where: dict[str, str] | None = None,
    docs: Sequence[str] | None = None,
    read: Callable[[str], str] = input,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The read-answer loop; 0 on Ctrl-D. Errors print as one line and the chat goes on."""
    out = out or sys.stdout
    err = err or sys.stderr
    save_history = _setup_readline() if read is input else (lambda: None)
    color = out.isatty() and not os.environ.get("NO_COLOR")
    chat = Chat(engine, out, color, top_k=top_k, where=where, docs=docs)
    print(f"qa chat on {engine.index_dir}: ask a question, :help for commands, Ctrl-D to quit.", file=out, flush=True)
    try:
        while True:
            try:
                line = read(PROMPT)
            except EOFError:
                print(file=out, flush=True)
                return 0
            except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as in a shell
                print(file=out, flush=True)
                continue
            try:
                shown = chat.handle(line)
            except QAError as error:
                print(f"qa: error: {error}", file=err, flush=True)
                continue
            if shown is not None:
                print(shown + "\n", file=out, flush=True)
    finally:
        save_history()


__all__ = ["Chat", "HELP", "history_path", "run_chat"]
