"""The one object the CLI, the app and Python users share.

    engine = Engine.load("index/default")
    engine.ask("how much did the government fund the shelter in 2020?")

The index is read once; the model is loaded on the first question (so `qa info` and
error paths stay fast) and kept for the rest.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from qa.answer.extract import extract
from qa.config import DEFAULT_INDEX, SearchSettings
from qa.conversation import context as conversation
from qa.conversation.followup import counted_years, resolve_chain, resolve_one
from qa.errors import IndexMismatchError, UsageError
from qa.index.embed import Encoder, load_encoder, resolve_model
from qa.index.pg import index_home, open_index
from qa.index.store import IndexData, rebuild_hint
from qa.search.pg_retrieve import searchers
from qa.text import normalize
from qa.types import Answer

#: Answers remembered for the next follow-up's prior (a chat asks its previous question
#: just before; the app serves several users at once).
RECENT_ANSWERS = 256


def _recent_key(question: str, top_k: int | None, where: dict[str, str] | None, docs: Sequence[str] | None) -> tuple:
    return (question, top_k, tuple(sorted((where or {}).items())), tuple(docs or ()))


class Engine:
    def __init__(self, data: IndexData, index_dir: Path, settings: SearchSettings | None = None, encoder: Encoder | None = None):
        self.data = data
        self.index_dir = Path(index_dir)
        self.settings = settings or SearchSettings()
        self._encoder = encoder
        self._lock = threading.Lock()
        self.retriever, self.stats = searchers(data, self.settings)  # a database index searches in SQL (qa/index/pg)
        self._recent: dict[tuple, conversation.Prior | None] = {}  # resolved question -> its answer's citation

    @classmethod
    def load(
        cls,
        index_dir: str | Path = DEFAULT_INDEX,
        model: str | None = None,
        settings: SearchSettings | None = None,
        encoder: Encoder | None = None,
    ) -> Engine:
        """Open an index (a folder, or a ``postgresql://`` URL); ``model``, if given, must
        be the one it was built with."""
        data = open_index(index_dir)
        index_dir = index_home(index_dir)  # a database index's local folder (ONNX export, uploads)
        if model is not None and resolve_model(model).name != data.manifest.model:
            raise IndexMismatchError(
                f"index {index_dir} was built with model {data.manifest.model}, not {model}: "
                f"drop --model, or run `{rebuild_hint(index_dir, data.manifest.sources)} --model {model}`"
            )
        return cls(data, index_dir, settings, encoder)

    def reload(self) -> None:
        """Pick up a rebuilt index (e.g. after an upload), keeping the loaded model."""
        data = open_index(self.index_dir)
        with self._lock:
            self.data = data
            self.retriever, self.stats = searchers(data, self.settings)
            self._recent.clear()

    @property
    def encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = load_encoder(self.data.manifest.model, index_dir=self.index_dir)
                if self._encoder.dimension != self.data.manifest.dimension:
                    raise IndexMismatchError(
                        f"model {self._encoder.name} gives {self._encoder.dimension}-d vectors but index "
                        f"{self.index_dir} holds {self.data.manifest.dimension}-d: "
                        f"run `{rebuild_hint(self.index_dir, self.data.manifest.sources)}`"
                    )
            return self._encoder

    def check_question(self, question: str) -> str:
        """The question, stripped; UsageError if it is empty or absurdly long."""
        if not isinstance(question, str) or not question.strip():
            raise UsageError("the question is empty: type a question, e.g. qa ask \"how much did the government fund the shelter?\"")
        question = " ".join(question.split())
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise UsageError(f"the question is {len(question)} characters, over the {limit}-character limit: shorten it")
        return question

    def ask(
        self,
        question: str,
        top_k: int | None = None,
        where: dict[str, str] | None = None,
        docs: Sequence[str] | None = None,
        history: Sequence[str] | None = None,
        min_confidence: float | None = None,
    ) -> Answer:
        """Answer ``question``; with ``history`` (earlier questions, oldest first) a
        follow-up such as "and in 2019?" is resolved against the conversation first.

        ``Answer.question`` stays what was typed; ``Answer.resolved_question`` is what was
        answered (the same string when nothing needed resolving). ``min_confidence``
        (0..1, default the settings') is the probability of being right below which the
        engine declines and shows the closest passages instead."""
        return self.ask_many([question], top_k=top_k, where=where, docs=docs, history=history, min_confidence=min_confidence)[0]

    def ask_many(
        self,
        questions: Sequence[str],
        top_k: int | None = None,
        where: dict[str, str] | None = None,
        docs: Sequence[str] | None = None,
        history: Sequence[str] | None = None,
        min_confidence: float | None = None,
    ) -> list[Answer]:
        """Answer several questions with one batched encoding.

        ``history`` is shared: every question is resolved against the same earlier
        questions (not against each other), so a batch stays order-independent."""
        cleaned = [self.check_question(q) for q in questions]
        if top_k is not None and not 1 <= top_k <= 50:
            raise UsageError(f"top-k must be between 1 and 50, not {top_k}")
        if min_confidence is None:
            min_confidence = self.settings.min_confidence
        elif not 0.0 <= min_confidence <= 1.0:
            raise UsageError(f"min-confidence is a probability between 0 and 1, not {min_confidence}")
        earlier = self._check_history(history)
        if getattr(self.data, "stale", None) and self.data.stale():  # a shared database index another process wrote
            self.reload()
        with self._lock:
            retriever, stats, data = self.retriever, self.stats, self.data
        resolved, prior = [counted_years(q) for q in cleaned], None
        if earlier:
            known = conversation.places(data)
            last = resolve_chain(earlier, known)[-1].question
            resolved = [resolve_one(q, last, known).question for q in cleaned]
            prior = self._prior(last, top_k, where, docs)
        vectors = self.encoder.encode([normalize(q) for q in resolved]) if resolved else np.zeros((0, 0))
        answers = []
        for typed, question, vector in zip(cleaned, resolved, vectors, strict=True):
            hits = conversation.search(retriever, question, vector, prior, top_k=top_k, where=where, docs=docs)
            answer = extract(
                question, hits, stats, data.documents, data.windows, min_confidence, self.similarity_to(vector)
            )
            self._remember(question, top_k, where, docs, answer)
            answers.append(replace(answer, question=typed, resolved_question=question))
        return answers

    def similarity_to(self, vector: np.ndarray):
        """Cosines of sentences to the question vector, with the index's encoder."""

        def similarity(sentences: Sequence[str]) -> np.ndarray:
            return self.encoder.encode([normalize(s) for s in sentences]) @ vector.reshape(-1)

        return similarity

    def _prior(self, previous: str, top_k: int | None, where: dict[str, str] | None, docs: Sequence[str] | None) -> conversation.Prior | None:
        """Where the answer to the previous (resolved) question came from: remembered when
        it was just asked (a chat), else answered again (one more search)."""
        key = _recent_key(previous, top_k, where, docs)
        with self._lock:
            if key in self._recent:
                return self._recent[key]
        return conversation.Prior.of(self.ask_many([previous], top_k=top_k, where=where, docs=docs)[0])

    def _remember(self, question: str, top_k: int | None, where: dict[str, str] | None, docs: Sequence[str] | None, answer: Answer) -> None:
        with self._lock:
            self._recent[_recent_key(question, top_k, where, docs)] = conversation.Prior.of(answer)
            while len(self._recent) > RECENT_ANSWERS:
                self._recent.pop(next(iter(self._recent)))

    def _check_history(self, history: Sequence[str] | None) -> list[str]:
        """Earlier questions, cleaned; blank ones dropped. UsageError for a non-list."""
        if history is None:
            return []
        if isinstance(history, str) or not all(isinstance(q, str) for q in history):
            raise UsageError("history must be a list of earlier questions (strings), oldest first")
        return [" ".join(q.split()) for q in history if q.strip()]

    def info(self) -> dict[str, Any]:
        """What the index holds, for `qa info` and the app's side panel."""
        m = self.data.manifest
        passages_per_doc = Counter(p.doc for p in self.data.passages)
        return {
            "index": getattr(self.data, "location", None) or str(self.index_dir),
            "model": m.model,
            "dimension": m.dimension,
            "format_version": m.format_version,
            "dense_index": m.dense_index,
            "chunking": m.chunking,
            "passages": m.passages,
            "documents": [
                {
                    "id": d.id,
                    "title": d.title,
                    "paragraphs": len(d.paragraphs),
                    "passages": passages_per_doc[d.id],
                    "meta": d.meta,
                }
                for d in self.data.documents.values()
            ],
            "created": m.created,
        }

    def paragraph_text(self, doc: str, paragraph: int) -> str:
        return self.data.paragraph(doc, paragraph).text


__all__ = ["Engine"]
