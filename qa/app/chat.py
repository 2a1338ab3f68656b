"""The chat: asking (and asking literally), clearing, thumbs and their notes, the brief.

Each answer is kept with what it was asked within (a ``Scope``: the documents and facets
picked, the minimum confidence), which its reply and the brief both state. Notices (a
refused question, a saved note) go to the line under the question box, not to toasts
that would cover the index panel.

Gradio passes event data (``gr.SelectData``, ``gr.LikeData``) to a handler by reading its
type hints in this module's globals, so ``gradio`` is imported here at module level and
every hint on a handler must name something importable at run time (one that does not
resolve makes Gradio ignore them all, silently).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from qa.app.layout import PRIVATE, Layout
from qa.errors import QAError
from qa.evaluation import feedback
from qa.present import ui
from qa.present.brief import Header, Scope, render_docx, render_markdown
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


def messages(answers: list[Answer], paragraph_text: Callable[[str, int], str], scopes: Sequence[Scope] = ()) -> list[dict[str, Any]]:
    """The conversation as Chatbot messages; the newest reply offers "Ask literally"."""
    out: list[dict[str, Any]] = []
    for number, answer in enumerate(answers, start=1):
        newest = number == len(answers)
        scope = scopes[number - 1] if number <= len(scopes) else None
        out.append({"role": "user", "content": ui.render_question(answer.question)})
        out.append({"role": "assistant", "content": ui.render_answer(answer, paragraph_text, literal=newest, scope=scope)})
    if answers and answers[-1].resolved_question != answers[-1].question:
        # Gradio shows a message's options (buttons with a select event) under the newest
        # reply only; CSS hides them and the reply's own "Ask literally" button, next to
        # "Understood as", clicks it (LITERAL_BUTTON), so the one click sits where it is read.
        typed = answers[-1].question
        out[-1]["options"] = [{"label": f"Ask “{ui.shorten(typed)}” literally", "value": typed}]
    return out


def write_brief(answers: list[Answer], scopes: Sequence[Scope], folder: str | None, info: dict[str, Any]) -> tuple[str, str, str]:
    """Write the session's brief.md and brief.docx (in a new temporary folder the first
    time), as `qa ask --format md` writes it: the same function, the same header (index,
    date, what was searched). Returns (Markdown path, Word path, folder)."""
    folder = folder or tempfile.mkdtemp(prefix="qa-brief-")
    header = Header.of(info)
    markdown, word = Path(folder) / "brief.md", Path(folder) / "brief.docx"
    markdown.write_text(render_markdown(answers, header=header, scope=list(scopes)), encoding="utf-8")
    render_docx(answers, word, header=header, scope=list(scopes))
    return str(markdown), str(word), folder


class Chat:
    """The chat's handlers, over one engine shared by every session (a session's
    conversation lives in its gr.State, never here)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def chat_value(self, answers: list[Answer], ratings: dict[int, str], scopes: Sequence[Scope] = ()) -> Any:
        """The Chatbot showing ``answers`` with the thumbs already given."""
        thumbs = [{"up": "Like", "down": "Dislike"}.get(ratings.get(i, "")) for i in range(len(answers))]
        return gr.Chatbot(value=messages(answers, self.engine.paragraph_text, scopes), feedback_value=thumbs)

    def scope(self, docs, keys, values, min_confidence) -> Scope:
        """What a question is asked within, as the page's filters stand."""
        where = {k: v for k, v in zip(keys, values, strict=False) if v}
        minimum = self.engine.settings.min_confidence if min_confidence is None else float(min_confidence)
        return Scope.of(docs, where, minimum, documents=len(self.engine.data.documents))

    def run(self, question: str, answers: list, scopes: list, folder: str | None, docs, top_k, min_confidence, keys, values, history):
        """Ask, add the answer (and what it was asked within) to the conversation and
        rewrite the brief; a notice instead if the question is refused."""
        scope = self.scope(docs, keys, values, min_confidence)
        try:
            answer = self.engine.ask(
                question,
                top_k=int(top_k),
                where=dict(scope.where) or None,
                docs=list(scope.docs) or None,
                history=history or None,
                min_confidence=scope.min_confidence,
            )
        except QAError as error:
            return ui.render_notice("error", str(error))
        answers, scopes = [*answers, answer], [*scopes, scope]
        markdown, word, folder = write_brief(answers, scopes, folder, self.engine.info())
        return answers, scopes, folder, markdown, word

    def _asked(self, done, ratings: dict) -> list[Any]:
        """Outputs after a question was answered: the chat, the states, both briefs, an
        empty notice and the note box closed (a note belongs to the thumb just given)."""
        answers, scopes, folder, markdown, word = done
        return [
            self.chat_value(answers, ratings, scopes),
            answers,
            scopes,
            folder,
            gr.DownloadButton(value=markdown, interactive=True),
            gr.DownloadButton(value=word, interactive=True),
            "",
            gr.Column(visible=False),
        ]

    def on_ask(self, question: str, answers: list, scopes: list, ratings: dict, folder: str | None, docs, top_k, min_confidence, keys, *values):
        """A chat turn: the earlier questions of this conversation are its history."""
        done = self.run(question, answers, scopes, folder, docs, top_k, min_confidence, keys, values, [a.question for a in answers])
        if isinstance(done, str):  # refused: the question stays in the box to be fixed
            return [gr.skip()] * 6 + [done, gr.skip(), question]
        return [*self._asked(done, ratings), ""]

    def on_example(self, selected: gr.SelectData, answers: list, scopes: list, ratings: dict, folder: str | None, docs, top_k, min_confidence, keys, *values):
        """An example clicked in the empty chat: asked as if typed."""
        value = selected.value
        question = str(value.get("text", "")) if isinstance(value, dict) else str(value)
        return self.on_ask(question, answers, scopes, ratings, folder, docs, top_k, min_confidence, keys, *values)

    def on_literal(self, selected: gr.SelectData, answers: list, scopes: list, ratings: dict, folder: str | None, docs, top_k, min_confidence, keys, *values):
        """"Ask literally": the typed words alone, without the conversation."""
        done = self.run(str(selected.value), answers, scopes, folder, docs, top_k, min_confidence, keys, values, None)
        if isinstance(done, str):
            return [gr.skip()] * 6 + [done, gr.skip()]
        return self._asked(done, ratings)

    def on_clear(self):
        """A new conversation: no history, no brief, no pending note."""
        off = gr.DownloadButton(value=None, interactive=False)
        return [], [], [], {}, None, off, off, gr.Column(visible=False), None, ""

    def on_like(self, liked: gr.LikeData, answers: list, ratings: dict):
        """A thumb is written at once (nothing is lost if no note follows); the note box opens."""
        number = liked.index if isinstance(liked.index, int) else liked.index[0]
        turn = number // 2
        if not 0 <= turn < len(answers):
            return ratings, gr.skip(), gr.skip(), None, gr.skip()
        if liked.liked not in (True, False):  # the thumb was clicked off: the line stays, the state forgets it
            ratings = {k: v for k, v in ratings.items() if k != turn}
            return ratings, gr.Column(visible=False), "", None, ""
        rating = "up" if liked.liked else "down"
        record = feedback.make_record(answers[turn], rating, index=self.engine.index_dir)
        feedback.append(feedback.feedback_path(self.engine.index_dir), record)
        label = ui.render_feedback_prompt(rating, answers[turn].question)
        return {**ratings, turn: rating}, gr.Column(visible=True), label, record, ""

    def on_note(self, note: str, record: dict | None):
        """The note is appended as the thumb's record again, which replaces it when read;
        the box closes either way (an empty note just closes it)."""
        if not record or not (note or "").strip():
            return gr.Column(visible=False), "", None, ""
        feedback.append(feedback.feedback_path(self.engine.index_dir), {**record, "note": " ".join(note.split())[: feedback.MAX_NOTE_CHARS]})
        return gr.Column(visible=False), "", None, ui.render_notice("ok", "Note saved with your rating")


def wire(view: Layout, chat: Chat) -> None:
    """Connect the chat column's events to ``chat`` (call inside the open Blocks)."""
    ask_inputs = [view.question, view.answers, view.scopes, view.ratings, view.folder, view.docs, view.top_k, view.min_confidence]
    ask_inputs += [view.facet_keys, *view.slots]
    asked = [view.chat, view.answers, view.scopes, view.folder, view.brief, view.brief_docx, view.notice, view.note_row]
    for trigger in (view.question.submit, view.ask.click):
        trigger(chat.on_ask, ask_inputs, [*asked, view.question], **PRIVATE).then(None, None, None, js=SCROLL_TO_NEWEST, **PRIVATE)
    view.chat.example_select(chat.on_example, ask_inputs[1:], [*asked, view.question], **PRIVATE).then(
        None, None, None, js=SCROLL_TO_NEWEST, **PRIVATE
    )
    view.chat.option_select(chat.on_literal, ask_inputs[1:], asked, **PRIVATE).then(None, None, None, js=SCROLL_TO_NEWEST, **PRIVATE)
    view.chat.like(chat.on_like, [view.answers, view.ratings], [view.ratings, view.note_row, view.note_label, view.pending, view.notice], **PRIVATE)
    for trigger in (view.save_note.click, view.note.submit):
        trigger(chat.on_note, [view.note, view.pending], [view.note_row, view.note, view.pending, view.notice], **PRIVATE)
    # Clear, or the chat's own bin icon: a new conversation, with no history.
    for trigger in (view.clear.click, view.chat.clear):
        trigger(
            chat.on_clear,
            None,
            [view.chat, view.answers, view.scopes, view.ratings, view.folder, view.brief, view.brief_docx, view.note_row, view.pending, view.notice],
            **PRIVATE,
        )
