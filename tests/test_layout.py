"""The package reads as the pipeline, its modules import each other without a circle,
and a clone carries every file its tests and `qa eval` read."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "qa"
STAGES = ("ingest", "index", "search", "answer", "conversation", "present", "evaluation")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports, at module level or inside functions
    (a lazy import that closes a circle still closes it at run time)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                # "from qa.ingest import pdf" imports the module qa.ingest.pdf
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_has_no_circle():
    graph = import_graph()
    # a parent package importing its own submodules is not a circle; a submodule
    # importing its package (and so its siblings through it) would be
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_folder_tree_reads_as_the_pipeline():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), f"qa/{stage}/ is not a package"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and " in, " in doc.splitlines()[0], f"qa/{stage}/__init__.py should say what it takes and gives"
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "cli.py", "config.py", "engine.py", "errors.py", "text.py", "types.py"]


def test_readers_import_the_registry_not_the_loader():
    graph = import_graph()
    for reader in ("qa.ingest.pdf", "qa.ingest.html", "qa.ingest.docx", "qa.ingest.plain"):
        assert "qa.ingest.registry" in graph[reader]
        assert "qa.ingest.load" not in graph[reader] and "qa.ingest" not in graph[reader]


def test_the_evaluation_corpora_are_in_the_repository():
    """A clone alone runs every test and `qa eval`: no default path leaves the repository."""
    import json

    corpora = ROOT / "eval" / "corpora"
    assert (corpora / "README.md").is_file()
    asked = {json.loads(line)["doc"] for line in (ROOT / "eval" / "gold-factbook.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    assert all((corpora / "factbook-dev" / doc).is_file() for doc in asked)
    from qa.evaluation.conversations import DEFAULT_CONVERSATIONS, DEFAULT_FACTBOOK

    for path in (DEFAULT_CONVERSATIONS, DEFAULT_FACTBOOK):
        assert path.exists() and ROOT in path.resolve().parents
