"""The chat app: ask the report, read the cited passages, take a brief away.

    python app.py                       # http://127.0.0.1:7860, index/default
    python app.py --host 0.0.0.0 --auth analyst:secret

The model and the index are loaded once, before the server starts, and the encoder is
warmed with one question so the first real one is fast. Rendering (and the escaping
that keeps a hostile document inert) lives in qa/ui.py; this file only wires Gradio to
the engine. Scripts use the named endpoint ``/ask``, which returns exactly the
``qa ask --json`` object.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger("qa.app")

EXAMPLES = [
    "How much did the government fund the shelter in 2020?",
    "How many trafficking victims did authorities identify?",
    "Who took over the shelter in January 2021?",
    "What happened to victims stranded abroad?",
]

# Two cores: two questions are answered at once and the rest wait in the queue; an
# upload (embedding) runs alone so it never starves the questions for long.
CONCURRENCY = 2

# Metadata keys offered as filters (beside "Search only in"); more than this is a
# corpus to filter with `qa ask --where` rather than with dropdowns.
MAX_FACETS = 4

CSS = """
.gradio-container { max-width: 1480px !important; margin: 0 auto; }
#qa-actions { gap: 0.5rem; }
#qa-actions button { min-width: 0; }
#qa-title h1 { font-size: 1.45rem; margin: 0.2rem 0 0; }
#qa-title p { margin: 0.15rem 0 0; color: var(--body-text-color-subdued); }
#qa-chat .message-content, #qa-chat .message { font-size: 0.96rem; line-height: 1.55; }
.qa-question { font-weight: 600; }
.qa-reply mark { background: #fde68a; color: #1f2937; padding: 0 0.15em; border-radius: 3px; }
.qa-answer { font-size: 1.12rem; margin-bottom: 0.25rem; }
.qa-answer mark { font-weight: 700; }
.qa-ref, .qa-num { font-weight: 700; color: var(--color-accent); }
.qa-conf, .qa-score { font-size: 0.8rem; color: var(--body-text-color-subdued); margin-left: 0.4rem; white-space: nowrap; }
.qa-noanswer { font-size: 1.05rem; font-weight: 600; margin-bottom: 0.35rem; }
.qa-closest { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; color: #b45309; margin: 0.4rem 0; }
.qa-cite { border-left: 3px solid var(--color-accent); padding: 0.35rem 0.7rem; margin: 0.55rem 0;
           background: var(--background-fill-secondary); border-radius: 4px; }
.qa-cite.qa-not-answer { border-left: 3px dashed #9ca3af; opacity: 0.9; }
.qa-cite-head { font-size: 0.86rem; margin-bottom: 0.2rem; }
.qa-where { font-weight: 600; }
.qa-passage { font-size: 0.93rem; }
.qa-more summary { cursor: pointer; font-size: 0.82rem; color: var(--color-accent); margin-top: 0.25rem; }
.qa-paragraph { font-size: 0.9rem; margin-top: 0.3rem; }
.qa-span { background: rgba(96, 165, 250, 0.16); }
.qa-info { font-size: 0.9rem; }
.qa-model { color: var(--body-text-color-subdued); font-size: 0.82rem; }
.qa-docs { list-style: none; padding: 0; margin: 0.4rem 0 0; max-height: 11.5rem; overflow-y: auto; }
.qa-docs li { display: flex; flex-direction: column; padding: 0.25rem 0; border-top: 1px solid var(--border-color-primary); }
.qa-doc { word-break: break-all; font-weight: 600; font-size: 0.85rem; }
.qa-doc-n { color: var(--body-text-color-subdued); font-size: 0.78rem; }
.qa-status { font-size: 0.86rem; margin: 0.2rem 0; }
.qa-understood { font-size: 0.86rem; color: var(--body-text-color-subdued); margin: 0.1rem 0 0.4rem; }
.qa-understood q { font-style: italic; color: var(--body-text-color); }
.qa-literal { font-size: 0.8rem; margin-left: 0.5rem; padding: 0.05rem 0.5rem; border-radius: 999px; cursor: pointer;
               border: 1px solid var(--border-color-primary); background: var(--background-fill-primary); color: var(--color-accent); }
.qa-literal:hover { border-color: var(--color-accent); }
#qa-chat .options { display: none; }
.qa-note-label, .qa-confirm { font-size: 0.86rem; }
#qa-remove-yes { background: #b91c1c; border-color: #b91c1c; color: #fff; }
#qa-note-row { gap: 0.3rem; }
#qa-facets { gap: 0.4rem; }
.qa-ok { color: #15803d; }
.qa-error { color: #b91c1c; }
"""


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

# The reply's "Ask literally" button (plain HTML: the chat strips handlers) forwards its
# click to the hidden Gradio option under the newest reply, which calls on_literal.
LITERAL_BUTTON = """
() => {
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('#qa-chat .qa-literal');
    if (!button) return;
    event.preventDefault();
    const option = document.querySelector('#qa-chat button.option');
    if (option) option.click();
  });
}
"""

# System fonts only: the app must not fetch web fonts (it may run with no internet).
FONTS = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]


def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise SystemExit("error: --auth (or QA_AUTH) must be USER:PASS")
    return user, password


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Serve the report QA chat app.")
    p.add_argument("--index", default=os.environ.get("QA_INDEX", "index/default"), help="index folder (default: index/default)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    p.add_argument("--auth", default=os.environ.get("QA_AUTH"), metavar="USER:PASS", help="require a login (or set QA_AUTH)")
    p.add_argument("--max-upload-mb", type=int, default=20, help="largest file accepted for upload (default: 20)")
    p.add_argument("--uploads", default=None, help="folder uploaded files are kept in (default: INDEX/uploads)")
    return p.parse_args(argv)


class Uploads:
    """Copies accepted uploads into a persistent folder and indexes them.

    The copy is named by qa.ui.safe_name, never by the browser's file name. If indexing
    fails, files are put back as they were; the index itself is written atomically by
    qa.store, so a failed upload leaves it exactly as before.
    """

    def __init__(self, engine: Any, folder: Path, max_bytes: int):
        self.engine = engine
        self.folder = folder
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def add(self, paths: list[Path], progress: Any, ocr: bool = False) -> list[tuple[str, str]]:
        from qa.index.build import build_index
        from qa.present import ui

        options = {"ocr": True} if ocr and ocr_supported() else {}

        accepted, refused = ui.check_uploads(paths, self.max_bytes)
        lines = [("error", f"refused {r}") for r in refused]
        if not accepted:
            return lines
        with self._lock:
            progress(0.05, desc="Saving files")
            self.folder.mkdir(parents=True, exist_ok=True)
            saved: list[tuple[Path, Path | None]] = []  # (copy, backup of an earlier upload)
            for item in accepted:
                target = self.folder / item.name
                backup = None
                if target.exists():
                    backup = target.with_name(f".{item.name}.bak")
                    target.replace(backup)
                shutil.copyfile(item.source, target)
                saved.append((target, backup))
            progress(0.1, desc="Reading and embedding")
            try:
                report = build_index(
                    [t for t, _ in saved], self.engine.index_dir, add=True, encoder=self.engine.encoder, progress=True, **options
                )
            except Exception as error:  # anything: the files go back, the index is untouched
                log.exception("upload failed")
                for target, backup in saved:
                    target.unlink(missing_ok=True)
                    if backup:
                        backup.replace(target)
                return lines + [("error", f"nothing was added, the index is unchanged: {error}")]
            progress(0.95, desc="Loading the new index")
            self.engine.reload()
        for target, backup in saved:
            skipped = [w for w in report.warnings if str(target) in w]
            if skipped:
                target.unlink(missing_ok=True)
                if backup:
                    backup.replace(target)
                reason = skipped[0].split(": ", 1)[-1]
                lines.append(("error", f"refused {target.name}: {reason}"))
                continue
            if backup:
                backup.unlink(missing_ok=True)
            state = "added" if target.name in report.added else "replaced" if target.name in report.changed else "unchanged"
            lines.append(("ok", f"{target.name}: {state}, now searchable"))
        return lines

    def remove(self, doc_id: str) -> tuple[str, str]:
        """Drop one document from the index (the others keep their vectors) and, if it
        was uploaded here, its copy, so a later rebuild from the sources does not bring
        it back. Returns one status line as (kind, text)."""
        from qa.errors import QAError
        from qa.index.build import remove_documents

        with self._lock:  # never while an upload is being indexed
            documents = self.engine.data.documents
            if doc_id not in documents:
                return ("error", f"{doc_id} is not in the index (any more)")
            if len(documents) == 1:
                return ("error", f"{doc_id} is the only document: the index would be empty; add another first")
            try:
                remove_documents(self.engine.index_dir, [doc_id])
            except (QAError, OSError) as error:
                log.exception("removal failed")
                return ("error", f"{doc_id} was not removed, the index is unchanged: {error}")
            self.engine.reload()
            copy = self.folder / doc_id
            if copy.is_file() and copy.parent.resolve() == self.folder.resolve():
                copy.unlink()
        return ("ok", f"{doc_id}: removed; {len(documents) - 1} document{'s' if len(documents) != 2 else ''} left")


def ocr_supported() -> bool:
    """Whether qa.build can OCR scanned pages (issue 11 adds ``build_index(ocr=...)``)."""
    import inspect

    from qa.index.build import build_index

    return "ocr" in inspect.signature(build_index).parameters


def build_app(engine: Any, uploads: Uploads) -> Any:
    # Module-wide, not local: Gradio finds event data (gr.LikeData, gr.SelectData) by
    # resolving handlers' type hints in this module's globals. Imported here, not at the
    # top, so the import overlaps the model's warm-up in main().
    global gr
    import gradio as gr

    from qa.errors import QAError
    from qa.evaluation import feedback
    from qa.present import ui
    from qa.present.brief import render_markdown

    def doc_ids() -> list[str]:
        return sorted(engine.data.documents)

    def messages(answers: list) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for number, answer in enumerate(answers, start=1):
            newest = number == len(answers)
            out.append({"role": "user", "content": ui.render_question(answer.question)})
            out.append({"role": "assistant", "content": ui.render_answer(answer, engine.paragraph_text, literal=newest)})
        if answers and answers[-1].resolved_question != answers[-1].question:
            # Gradio shows a message's options (buttons with a select event) under the newest
            # reply only; CSS hides them and the reply's own "Ask literally" button, next to
            # "Understood as", clicks it (LITERAL_BUTTON), so the one click sits where it is read.
            typed = answers[-1].question
            out[-1]["options"] = [{"label": f"Ask “{ui.shorten(typed)}” literally", "value": typed}]
        return out

    def chat_value(answers: list, ratings: dict[int, str]) -> Any:
        thumbs = [{"up": "Like", "down": "Dislike"}.get(ratings.get(i, "")) for i in range(len(answers))]
        return gr.Chatbot(value=messages(answers), feedback_value=thumbs)

    def write_brief(answers: list, folder: str | None) -> tuple[str, str]:
        folder = folder or tempfile.mkdtemp(prefix="qa-brief-")
        path = Path(folder) / "brief.md"
        # Questions as resolved, as `qa chat` writes them: a brief read later has no conversation.
        path.write_text(render_markdown([replace(a, question=a.resolved_question) for a in answers]), encoding="utf-8")
        return str(path), folder

    def facet_updates(keys: list[str], values: tuple[str, ...] = ()) -> list[Any]:
        """The facet keys (a State) and one Dropdown per slot, keeping still-valid picks."""
        now = ui.facets(engine.info())
        chosen = dict(zip(keys, values, strict=False))
        new_keys = list(now)[:MAX_FACETS]
        updates: list[Any] = [new_keys]
        for slot in range(MAX_FACETS):
            if slot < len(new_keys):
                key = new_keys[slot]
                keep = chosen.get(key, "") if chosen.get(key, "") in now[key] else ""
                updates.append(gr.Dropdown(choices=[("any", ""), *[(v, v) for v in now[key]]], value=keep, label=key, visible=True))
            else:
                updates.append(gr.Dropdown(choices=[("any", "")], value="", visible=False))
        return updates

    def index_updates(docs: list[str] | None, keys: list[str], values: tuple[str, ...]) -> list[Any]:
        """Everything that shows what the index holds, after it changed."""
        ids = doc_ids()
        kept = [d for d in (docs or []) if d in ids]
        return [
            ui.render_info(engine.info()),
            gr.Dropdown(choices=ids, value=kept),
            gr.Dropdown(choices=ids, value=None),
            *facet_updates(keys, values),
        ]

    def run(question: str, answers: list, folder: str | None, docs, top_k, keys, values, history: list[str] | None):
        where = {k: v for k, v in zip(keys, values, strict=False) if v}
        try:
            answer = engine.ask(question, top_k=int(top_k), where=where or None, docs=docs or None, history=history or None)
        except QAError as error:
            gr.Warning(str(error))
            return None
        answers = [*answers, answer]
        path, folder = write_brief(answers, folder)
        return answers, folder, path

    def on_ask(question: str, answers: list, ratings: dict, folder: str | None, docs, top_k, keys, *values):
        """A chat turn: the earlier questions of this conversation are its history."""
        done = run(question, answers, folder, docs, top_k, keys, values, [a.question for a in answers])
        if done is None:
            return gr.skip(), answers, folder, question, gr.skip()
        answers, folder, path = done
        return chat_value(answers, ratings), answers, folder, "", gr.DownloadButton(value=path, interactive=True)

    def on_literal(selected: gr.SelectData, answers: list, ratings: dict, folder: str | None, docs, top_k, keys, *values):
        """"Ask literally": the typed words alone, without the conversation."""
        done = run(str(selected.value), answers, folder, docs, top_k, keys, values, None)
        if done is None:
            return gr.skip(), answers, folder, gr.skip()
        answers, folder, path = done
        return chat_value(answers, ratings), answers, folder, gr.DownloadButton(value=path, interactive=True)

    def on_clear():
        return [], [], {}, None, gr.DownloadButton(value=None, interactive=False), gr.Column(visible=False), None

    def on_like(liked: gr.LikeData, answers: list, ratings: dict):
        """A thumb is written at once (nothing is lost if no note follows); the note box opens."""
        number = liked.index if isinstance(liked.index, int) else liked.index[0]
        turn = number // 2
        if not 0 <= turn < len(answers):
            return ratings, gr.skip(), gr.skip(), None
        if liked.liked not in (True, False):  # the thumb was clicked off: the line stays, the state forgets it
            ratings = {k: v for k, v in ratings.items() if k != turn}
            return ratings, gr.Column(visible=False), "", None
        rating = "up" if liked.liked else "down"
        record = feedback.make_record(answers[turn], rating, index=engine.index_dir)
        feedback.append(feedback.feedback_path(engine.index_dir), record)
        label = ui.render_feedback_prompt(rating, answers[turn].question)
        return {**ratings, turn: rating}, gr.Column(visible=True), label, record

    def on_note(note: str, record: dict | None):
        if not record or not (note or "").strip():
            return gr.Column(visible=False), "", None
        feedback.append(feedback.feedback_path(engine.index_dir), {**record, "note": " ".join(note.split())[: feedback.MAX_NOTE_CHARS]})
        gr.Info("Note saved with your rating")
        return gr.Column(visible=False), "", None

    def on_upload(files: list[str] | None, ocr: bool, docs, keys, *values, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        lines = uploads.add([Path(f) for f in files or []], progress, ocr=bool(ocr))
        for kind, text in lines:  # a toast too: the status line may be below the fold
            (gr.Info if kind == "ok" else gr.Warning)(text)
        return [ui.render_status(lines), *index_updates(docs, keys, values), None]

    def on_remove_ask(doc_id: str | None):
        if not doc_id or doc_id not in engine.data.documents:
            gr.Warning("Pick a document to remove first")
            return gr.Column(visible=False), ""
        return gr.Column(visible=True), ui.render_remove_confirm(doc_id, engine.info())

    def on_remove(doc_id: str | None, docs, keys, *values):
        kind, text = uploads.remove(doc_id or "")
        (gr.Info if kind == "ok" else gr.Warning)(text)
        return [gr.Column(visible=False), ui.render_status([(kind, text)]), *index_updates(docs, keys, values)]

    def on_load():
        return [ui.render_info(engine.info()), gr.Dropdown(choices=doc_ids()), gr.Dropdown(choices=doc_ids(), value=None), *facet_updates([])]

    def api_ask(question: str, history: list[str] | None = None, top_k: int | None = None, docs: list[str] | None = None) -> dict:
        """Answer one question; `history` (earlier questions, oldest first) resolves a
        follow-up such as "and in 2019?". Returns the `qa ask --json` object."""
        try:
            return engine.ask(question, top_k=top_k, docs=docs or None, history=history or None).to_dict()
        except QAError as error:
            raise gr.Error(str(error)) from error

    suffixes = ui.accepted_suffixes()
    with gr.Blocks(title="Report QA") as demo:
        gr.Markdown(
            "# Report QA\nAnswers are the report's own words, then the passages they come from, numbered. "
            "Follow-ups (“and in 2019?”) continue the conversation.",
            elem_id="qa-title",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=7, min_width=480):
                chat = gr.Chatbot(
                    elem_id="qa-chat",
                    label="Answers",
                    show_label=False,
                    height="calc(100vh - 320px)",
                    min_height=340,
                    autoscroll=False,
                    layout="panel",
                    render_markdown=False,  # replies are HTML built (and escaped) by qa.ui
                    sanitize_html=True,
                    feedback_options=["Like", "Dislike"],
                    buttons=["copy"],
                    placeholder="Ask a question about the report, or pick an example below.",
                )
                with gr.Column(visible=False, elem_id="qa-note-row") as note_row:
                    note_label = gr.HTML(elem_id="qa-note-label")
                    with gr.Row():
                        note = gr.Textbox(
                            elem_id="qa-note",
                            show_label=False,
                            placeholder="Optional note: what was wrong, or where the right answer is",
                            scale=8,
                            lines=1,
                            max_lines=3,
                        )
                        save_note = gr.Button("Save note", size="sm", scale=1, min_width=110, elem_id="qa-note-save")
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="qa-question",
                        show_label=False,
                        placeholder="Ask about the report (Enter sends, Shift+Enter for a new line)",
                        scale=8,
                        lines=1,  # one line: Enter sends; Shift+Enter still breaks the line and it grows
                        max_lines=4,
                        autofocus=True,
                    )
                    with gr.Column(scale=3, min_width=240):
                        ask = gr.Button("Ask", variant="primary", elem_id="qa-ask")
                        with gr.Row(elem_id="qa-actions"):
                            brief = gr.DownloadButton("Download brief", interactive=False, size="sm", elem_id="qa-brief")
                            clear = gr.Button("Clear", size="sm", elem_id="qa-clear")
                examples = gr.Examples(EXAMPLES, inputs=question, label="Examples (click to ask)")
            with gr.Column(scale=3, min_width=280):
                gr.Markdown("### Index")
                info = gr.HTML(ui.render_info(engine.info()), elem_id="qa-info")
                docs = gr.Dropdown(
                    choices=doc_ids(), value=[], multiselect=True, label="Search only in", info="Empty: all documents", elem_id="qa-docs"
                )
                with gr.Row(elem_id="qa-facets"):
                    slots = [
                        gr.Dropdown(choices=[("any", "")], value="", visible=False, min_width=150, elem_id=f"qa-facet-{i}")
                        for i in range(MAX_FACETS)
                    ]
                top_k = gr.Slider(1, 10, value=engine.settings.top_k, step=1, label="Passages to show")
                gr.Markdown(f"### Add documents\n{', '.join(suffixes)}; up to {uploads.max_bytes // 2**20} MB each.")
                files = gr.File(file_count="multiple", file_types=suffixes, label="Upload", height=110, elem_id="qa-upload")
                ocr = gr.Checkbox(False, label="OCR scanned pages (needs Tesseract)", visible=ocr_supported(), elem_id="qa-ocr")
                status = gr.HTML(elem_id="qa-status")
                with gr.Accordion("Remove a document", open=False, elem_id="qa-remove-box"):
                    remove_doc = gr.Dropdown(choices=doc_ids(), value=None, show_label=False, elem_id="qa-remove-doc")
                    remove = gr.Button("Remove…", size="sm", variant="stop", elem_id="qa-remove")
                    with gr.Column(visible=False, elem_id="qa-remove-confirm") as confirm:
                        confirm_text = gr.HTML()
                        with gr.Row():
                            remove_yes = gr.Button("Yes, remove it", size="sm", variant="stop", elem_id="qa-remove-yes")
                            remove_no = gr.Button("Cancel", size="sm", elem_id="qa-remove-no")

        answers = gr.State([])
        ratings = gr.State({})
        pending = gr.State(None)  # the last thumb's record, for its note
        folder = gr.State(None)
        facet_keys = gr.State([])
        private = {"api_visibility": "private"}
        ask_inputs = [question, answers, ratings, folder, docs, top_k, facet_keys, *slots]
        ask_outputs = [chat, answers, folder, question, brief]
        for trigger in (question.submit, ask.click, examples.load_input_event.then):
            trigger(on_ask, ask_inputs, ask_outputs, **private).then(None, None, None, js=SCROLL_TO_NEWEST, **private)
        chat.option_select(on_literal, ask_inputs[1:], [chat, answers, folder, brief], **private).then(
            None, None, None, js=SCROLL_TO_NEWEST, **private
        )
        chat.like(on_like, [answers, ratings], [ratings, note_row, note_label, pending], **private)
        for trigger in (save_note.click, note.submit):
            trigger(on_note, [note, pending], [note_row, note, pending], **private)
        # Clear, or the chat's own bin icon: a new conversation, with no history.
        for trigger in (clear.click, chat.clear):
            trigger(on_clear, None, [chat, answers, ratings, folder, brief, note_row, pending], **private)
        changed = [info, docs, remove_doc, facet_keys, *slots]
        files.upload(
            on_upload, [files, ocr, docs, facet_keys, *slots], [status, *changed, files],
            concurrency_limit=1, show_progress_on=files, **private,
        )
        remove.click(on_remove_ask, [remove_doc], [confirm, confirm_text], **private)
        remove_no.click(lambda: gr.Column(visible=False), None, [confirm], **private)
        remove_yes.click(on_remove, [remove_doc, docs, facet_keys, *slots], [confirm, status, *changed], concurrency_limit=1, **private)
        demo.load(on_load, None, [info, docs, remove_doc, facet_keys, *slots], **private)
        gr.api(api_ask, api_name="ask")
    return demo


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    auth = parse_auth(args.auth)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from qa.engine import Engine
    from qa.errors import QAError

    # Gradio's import (a few seconds) overlaps the model's warm-up.
    importer = threading.Thread(target=__import__, args=("gradio",), daemon=True)
    importer.start()
    try:
        engine = Engine.load(args.index)
        engine.ask("warm up the model")  # loads and runs the encoder once, off the first user's clock
    except QAError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    uploads = Uploads(engine, Path(args.uploads) if args.uploads else engine.index_dir / "uploads", args.max_upload_mb * 2**20)

    importer.join()
    import gradio as gr

    demo = build_app(engine, uploads)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    demo.launch(
        server_name=args.host,
        server_port=args.port,
        auth=auth,
        prevent_thread_lock=True,
        max_file_size=f"{args.max_upload_mb}mb",
        theme=gr.themes.Soft(primary_hue="blue", neutral_hue="slate", font=FONTS, font_mono=MONO),
        css=CSS,
        js=LITERAL_BUTTON,
        footer_links=["api"],
        quiet=True,
    )
    url = f"http://{args.host}:{args.port}"
    print(f"ready in {time.perf_counter() - STARTED:.1f} s: {url} (index {engine.index_dir}, {engine.data.manifest.passages} passages)", flush=True)
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
