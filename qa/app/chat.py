"""The chat: asking (and asking literally), clearing, thumbs and their notes.

Gradio passes event data (``gr.SelectData``, ``gr.LikeData``) to a handler by reading its
type hints in this module's globals, so ``gradio`` is imported here at module level and
every hint on a handler must name something importable at run time (one that does not
resolve makes Gradio ignore them all, silently).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from qa.app.layout import PRIVATE, Layout
from qa.errors import QAError
from qa.evaluation import feedback
from qa.present import ui
from qa.present.brief import render_markdown
from qa.types import Answer

if TYPE_CHECKING:
    from qa.engine import Engine

# Scroll the chat so the newest question sits at the top: a reply is long, and its short
# answer comes first (the default autoscroll would show its last citation instead).
SCROLL_TO_NEWEST = """
() => { setTimeout(() => {
  const items = document.querySelectorAll('#qa-chat .qa-question');
  const last = items[items.length - 1];
  if (!last) return;
  let box = last.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 12;
}, 150); }
"""


def messages(answers: list[Answer], paragraph_text: Callable[[str, int], str]) -> list[dict[str, Any]]:
    """The conversation as Chatbot messages; the newest reply offers "Ask literally"."""
    out: list[dict[str, Any]] = []
    for number, answer in enumerate(answers, start=1):
        newest = number == len(answers)
        out.append({"role": "user", "content": ui.render_question(answer.question)})
        out.append({"role": "assistant", "content": ui.render_answer(answer, paragraph_text, literal=newest)})
    if answers and answers[-1].resolved_question != answers[-1].question:
        # Gradio shows a message's options (buttons with a select event) under the newest
        # reply only; CSS hides them and the reply's own "Ask literally" button, next to
        # "Understood as", clicks it (LITERAL_BUTTON), so the one click sits where it is read.
        typed = answers[-1].question
        out[-1]["options"] = [{"label": f"Ask “{ui.shorten(typed)}” literally", "value": typed}]
    return out


def write_brief(answers: list[Answer], folder: str | None) -> tuple[str, str]:
    """Write the session's brief.md (in a new temporary folder the first time); returns
    (path, folder)."""
    folder = folder or tempfile.mkdtemp(prefix="qa-brief-")
    path = Path(folder) / "brief.md"
    # Questions as resolved, as `qa chat` writes them: a brief read later has no conversation.
    path.write_text(render_markdown([replace(a, question=a.resolved_question) for a in answers]), encoding="utf-8")
    return str(path), folder


class Chat:
    """The chat's handlers, over one engine shared by every session (a session's
    conversation lives in its gr.State, never here)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def chat_value(self, answers: list[Answer], ratings: dict[int, str]) -> Any:
        """The Chatbot showing ``answers`` with the thumbs already given."""
        thumbs = [{"up": "Like", "down": "Dislike"}.get(ratings.get(i, "")) for i in range(len(answers))]
        return gr.Chatbot(value=messages(answers, self.engine.paragraph_text), feedback_value=thumbs)

    def run(self, question: str, answers: list, folder: str | None, docs, top_k, keys, values, history: list[str] | None):
        """Ask, add the answer to the conversation and rewrite the brief; None (after a
        warning toast) if the question is refused."""
        where = {k: v for k, v in zip(keys, values, strict=False) if v}
        try:
            answer = self.engine.ask(question, top_k=int(top_k), where=where or None, docs=docs or None, history=history or None)
        except QAError as error:
            gr.Warning(str(error))
            return None
        answers = [*answers, answer]
        path, folder = write_brief(answers, folder)
        return answers, folder, path

    def on_ask(self, question: str, answers: list, ratings: dict, folder: str | None, docs, top_k, keys, *values):
        """A chat turn: the earlier questions of this conversation are its history."""
        done = self.run(question, answers, folder, docs, top_k, keys, values, [a.question for a in answers])
        if done is None:
            return gr.skip(), answers, folder, question, gr.skip()
        answers, folder, path = done
        return self.chat_value(answers, ratings), answers, folder, "", gr.DownloadButton(value=path, interactive=True)

    def on_literal(self, selected: gr.SelectData, answers: list, ratings: dict, folder: str | None, docs, top_k, keys, *values):
        """"Ask literally": the typed words alone, without the conversation."""
        done = self.run(str(selected.value), answers, folder, docs, top_k, keys, values, None)
        if done is None:
            return gr.skip(), answers, folder, gr.skip()
        answers, folder, path = done
        return self.chat_value(answers, ratings), answers, folder, gr.DownloadButton(value=path, interactive=True)

    def on_clear(self):
        """A new conversation: no history, no brief, no pending note."""
        return [], [], {}, None, gr.DownloadButton(value=None, interactive=False), gr.Column(visible=False), None

    def on_like(self, liked: gr.LikeData, answers: list, ratings: dict):
        """A thumb is written at once (nothing is lost if no note follows); the note box opens."""
        number = liked.index if isinstance(liked.index, int) else liked.index[0]
        turn = number // 2
        if not 0 <= turn < len(answers):
            return ratings, gr.skip(), gr.skip(), None
        if liked.liked not in (True, False):  # the thumb was clicked off: the line stays, the state forgets it
            ratings = {k: v for k, v in ratings.items() if k != turn}
            return ratings, gr.Column(visible=False), "", None
        rating = "up" if liked.liked else "down"
        record = feedback.make_record(answers[turn], rating, index=self.engine.index_dir)
        feedback.append(feedback.feedback_path(self.engine.index_dir), record)
        label = ui.render_feedback_prompt(rating, answers[turn].question)
        return {**ratings, turn: rating}, gr.Column(visible=True), label, record

    def on_note(self, note: str, record: dict | None):
        """The note is appended as the thumb's record again, which replaces it when read."""
        if not record or not (note or "").strip():
            return gr.Column(visible=False), "", None
        feedback.append(feedback.feedback_path(self.engine.index_dir), {**record, "note": " ".join(note.split())[: feedback.MAX_NOTE_CHARS]})
        gr.Info("Note saved with your rating")
        return gr.Column(visible=False), "", None


def wire(view: Layout, chat: Chat) -> None:
    """Connect the chat column's events to ``chat`` (call inside the open Blocks)."""
    ask_inputs = [view.question, view.answers, view.ratings, view.folder, view.docs, view.top_k, view.facet_keys, *view.slots]
    ask_outputs = [view.chat, view.answers, view.folder, view.question, view.brief]
    for trigger in (view.question.submit, view.ask.click, view.examples.load_input_event.then):
        trigger(chat.on_ask, ask_inputs, ask_outputs, **PRIVATE).then(None, None, None, js=SCROLL_TO_NEWEST, **PRIVATE)
    view.chat.option_select(chat.on_literal, ask_inputs[1:], [view.chat, view.answers, view.folder, view.brief], **PRIVATE).then(
        None, None, None, js=SCROLL_TO_NEWEST, **PRIVATE
    )
    view.chat.like(chat.on_like, [view.answers, view.ratings], [view.ratings, view.note_row, view.note_label, view.pending], **PRIVATE)
    for trigger in (view.save_note.click, view.note.submit):
        trigger(chat.on_note, [view.note, view.pending], [view.note_row, view.note, view.pending], **PRIVATE)
    # Clear, or the chat's own bin icon: a new conversation, with no history.
    for trigger in (view.clear.click, view.chat.clear):
        trigger(
            chat.on_clear,
            None,
            [view.chat, view.answers, view.ratings, view.folder, view.brief, view.note_row, view.pending],
            **PRIVATE,
        )
