"""Shared fixtures: the bundled report indexed once per session with the real model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data"
REPORT = CORPUS / "tip-2021-tajikistan-protection.txt"
DOC_ID = REPORT.name


@pytest.fixture(scope="session")
def encoder():
    """The bundled sentence-transformers model, loaded once."""
    from qa.index.embed import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory, encoder) -> Path:
    """An index of data/ (the bundled report) built with the real model. Read-only:
    tests that change an index copy it or build their own."""
    from qa.index.build import build_index

    index = tmp_path_factory.mktemp("index") / "default"
    build_index([CORPUS], index, encoder=encoder)
    return index


@pytest.fixture(scope="session")
def engine(bundled_index, encoder):
    from qa.engine import Engine

    return Engine.load(bundled_index, encoder=encoder)


@pytest.fixture(scope="session")
def report_paragraphs() -> list[str]:
    return [line for line in REPORT.read_text(encoding="utf-8").splitlines() if line.strip()]
