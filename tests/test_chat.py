"""`qa chat` through a pseudo-terminal, as a person uses it (readline active), plus the
Chat object's commands without a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.conversation.chat import Chat
from qa.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
FIRST = "How much did the government fund the shelter in 2020?"


class Terminal:
    """A child process on a pseudo-terminal; read with timeouts, never block forever."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True)
        os.close(slave)
        self.seen = b""

    def expect(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        wanted = text.encode()
        while wanted not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None and not select.select([self.master], [], [], 0)[0]:
                raise AssertionError(f"{text!r} not seen; got:\n{self.seen.decode(errors='replace')}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    self.seen += os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    break
        if wanted not in self.seen:
            raise AssertionError(f"{text!r} not seen; got:\n{self.seen.decode(errors='replace')}")
        before, _, self.seen = self.seen.partition(wanted)
        return before.decode(errors="replace")

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def terminal(bundled_index, tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_COLOR": "1", "QA_HISTORY": str(tmp_path / "history"), "TERM": "dumb"}
    term = Terminal([sys.executable, "-m", "qa.cli", "chat", "--index", str(bundled_index)], env)
    yield term
    term.close()


def test_chat_follow_up_brief_and_ctrl_d(terminal, tmp_path):
    terminal.expect("qa> ")
    terminal.send(FIRST + "\r")
    shown = terminal.expect("qa> ")
    assert "253,670" in shown and "[1]" in shown and "¶ 2" in shown
    terminal.send("and in 2019?\r")
    shown = terminal.expect("qa> ")
    assert "242,000 somoni ($21,370)" in shown
    assert "read as: How much did the government fund the shelter in 2019?" in shown
    first_citation = shown.split("[1] ", 2)[2]  # "A: ... [1] (confidence ...)", then "[1] doc, ¶ 2 ..."
    where = first_citation.splitlines()[0]
    assert where.startswith("tip-2021-tajikistan-protection.txt") and "¶ 2 " in where
    highlighted = first_citation.split(">>", 1)[1].split("<<", 1)[0]  # marked as qa ask marks it
    assert "242,000 somoni ($21,370)" in highlighted
    brief = tmp_path / "brief.md"
    terminal.send(f":brief {brief}\r")
    assert "saved 2 answers" in terminal.expect("qa> ")
    text = brief.read_text(encoding="utf-8")
    assert "## 2. How much did the government fund the shelter in 2019?" in text  # the brief stands alone
    assert "**Answer:**" in text and "242,000 somoni ($21,370)" in text
    terminal.send(":nonsense\r")
    assert "qa: error: unknown command :nonsense" in terminal.expect("qa> ")
    terminal.send("\x04")  # Ctrl-D on an empty line
    assert terminal.process.wait(timeout=30) == 0
    assert (tmp_path / "history").is_file()  # readline history saved


def test_new_forgets_the_conversation(engine):
    chat = Chat(engine, out=sys.stdout)
    chat.handle(FIRST)
    assert chat.handle(":new") == "new conversation"
    assert chat.questions == [] and chat.answers == []
    answer = chat.ask("and in 2019?")
    assert answer.resolved_question == "and in 2019?"  # nothing to resolve against


def test_brief_needs_a_file_and_an_answer(engine, tmp_path):
    chat = Chat(engine, out=sys.stdout)
    with pytest.raises(UsageError):
        chat.handle(f":brief {tmp_path / 'b.md'}")
    chat.handle(FIRST)
    with pytest.raises(UsageError):
        chat.handle(":brief")
    assert "Ctrl-D" in chat.handle(":help")
