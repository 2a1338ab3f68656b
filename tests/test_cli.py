"""The `qa` command as users and scripts run it: real processes, real exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa.index.store import generation_dir
from tests.conftest import CORPUS, DOC_ID

QA = [sys.executable, "-m", "qa.cli"]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}


def qa(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*QA, *args], capture_output=True, text=True, env=ENV, input=stdin, cwd=cwd, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_teaches_with_examples():
    result = qa("--help")
    assert result.returncode == 0
    assert "qa ask" in result.stdout and "--json" in result.stdout and "Exit codes" in result.stdout
    for command in ("build", "ask", "info", "remove", "add"):
        assert command in result.stdout
        assert qa(command, "--help").returncode == 0


def test_missing_index(tmp_path):
    assert_one_line_error(qa("ask", "anything?", "--index", str(tmp_path / "none")), 1, "no index at", "qa build")


def test_usage_errors_exit_2(tmp_path, bundled_index):
    assert_one_line_error(qa("ask", "   ", "--index", str(bundled_index)), 2, "empty")
    assert_one_line_error(qa("ask", "y" * 3000, "--index", str(bundled_index)), 2, "3000 characters", "limit")
    assert_one_line_error(qa("ask", "--index", str(bundled_index)), 2, "nothing to ask")
    assert_one_line_error(qa("ask", "--file", str(tmp_path / "nope.txt"), "--index", str(bundled_index)), 2, "no such question file")
    weird = tmp_path / "report.xyz"
    weird.write_text("x")
    assert_one_line_error(qa("build", str(weird), "--index", str(tmp_path / "i")), 2, "unknown file type")
    assert_one_line_error(qa("build", str(tmp_path / "missing"), "--index", str(tmp_path / "i")), 2, "no such file")
    assert_one_line_error(qa("ask", "q", "--where", "year", "--index", str(bundled_index)), 2, "KEY=VALUE")
    assert qa("ask", "--bogus").returncode == 2


def test_damaged_index_one_line(bundled_index, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    (generation_dir(index) / "dense.faiss").write_bytes(b"garbage")
    assert_one_line_error(qa("ask", "anything?", "--index", str(index)), 1, "damaged", "qa build")
    assert_one_line_error(qa("info", "--index", str(index)), 1, "damaged")


def test_info(bundled_index):
    result = qa("info", "--index", str(bundled_index), "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["documents"][0]["id"] == DOC_ID and info["documents"][0]["paragraphs"] == 5
    assert "all-MiniLM-L6-v2" in qa("info", "--index", str(bundled_index)).stdout


def test_build_then_ask_json_then_rebuild_embeds_nothing(tmp_path):
    index = tmp_path / "index"
    built = qa("build", str(CORPUS), "--index", str(index), "--quiet")
    assert built.returncode == 0, built.stderr
    assert "embedded" in built.stdout

    result = qa("ask", "how much did the government fund the shelter in 2020?", "--json", "--index", str(index))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["citations"][0]["paragraph"] == 2
    start, end = answer["citations"][0]["highlight"]
    assert "253,670" in answer["citations"][0]["text"][start:end]

    again = qa("build", str(CORPUS), "--index", str(index), "--quiet")
    assert "embedded 0" in again.stdout


def test_question_file_gives_json_lines_in_order_and_a_markdown_brief(bundled_index, tmp_path):
    questions = [
        "how much did the government fund the shelter in 2020?",
        "How many traffickers were convicted in 2020?",
        "how many victims did the shelter assist in 2020?",
    ]
    path = tmp_path / "questions.txt"
    path.write_text("# briefing questions\n" + "\n\n".join(questions) + "\n", encoding="utf-8")

    result = qa("ask", "--file", str(path), "--json", "--index", str(bundled_index))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert [r["abstained"] for r in rows] == [False, True, False]
    assert all((r["answer"] is None) == r["abstained"] for r in rows)

    brief = qa("ask", "--file", str(path), "--format", "md", "--index", str(bundled_index))
    assert brief.returncode == 0
    assert brief.stdout.startswith("# Brief: ")  # titled, dated, with the index and what was searched (issue 17)
    assert "- **Date:** " in brief.stdout and f"- **Index:** {bundled_index} (1 document" in brief.stdout
    assert "- **Searched:** the one document in the index" in brief.stdout
    assert "## 1. how much did the government fund the shelter in 2020?" in brief.stdout
    assert "**253,670 Tajikistani somoni ($22,400)**" in brief.stdout
    assert f"- **[1] {DOC_ID}, ¶ 2** (rank " in brief.stdout
    assert "does not seem to answer" in brief.stdout

    stdin = qa("ask", "--file", "-", "--json", "--index", str(bundled_index), stdin=questions[0] + "\n")
    assert json.loads(stdin.stdout)["question"] == questions[0]


def test_a_bad_line_in_a_question_file_is_refused_before_any_work(bundled_index, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("fine question?\n" + "z" * 2000 + "\n", encoding="utf-8")
    assert_one_line_error(qa("ask", "--file", str(path), "--index", str(bundled_index)), 2, "line 2")


def test_help_imports_nothing_heavy():
    code = "import sys; from qa.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\nprint(sorted(m for m in ('torch', 'sentence_transformers', 'faiss', 'gradio') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("argv", [["ask", "x", "--top-k", "0"], ["ask", "x", "--top-k", "99"]])
def test_top_k_bounds(bundled_index, argv):
    assert_one_line_error(qa(*argv, "--index", str(bundled_index)), 2, "top-k")
