"""The page: its components (the ``gr.Blocks`` tree), its CSS and the examples it offers.

``build`` lays the page out and names, in a ``Layout``, the components the handlers read
or update; static text stays anonymous. Gradio is imported inside ``build`` only, so
``app.py`` can take the constants here (CSS, fonts, examples) at start-up without
loading Gradio before the model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gradio as gr

    from qa.engine import Engine

EXAMPLES = [
    "How much did the government fund the shelter in 2020?",
    "How many trafficking victims did authorities identify?",
    "Who took over the shelter in January 2021?",
    "What happened to victims stranded abroad?",
]

# Metadata keys offered as filters (beside "Search only in"); more than this is a
# corpus to filter with `qa ask --where` rather than with dropdowns.
MAX_FACETS = 4

# How often every open page checks whether the index changed (an upload or a removal in
# another session): a cheap comparison of one string, the panel redrawn only on a change.
REFRESH_SECONDS = 3.0

CSS = """
.gradio-container { max-width: 1480px !important; margin: 0 auto; }
#qa-actions { gap: 0.35rem; flex-wrap: nowrap; align-self: center; }
#qa-actions button { min-width: 0; padding-left: 0.3rem; padding-right: 0.3rem; white-space: nowrap; font-size: 0.82rem; }
#qa-actions #qa-ask { flex-grow: 1.3; }
#qa-title h1 { font-size: 1.35rem; margin: 0; }
#qa-title p { margin: 0.1rem 0 0; color: var(--body-text-color-subdued); font-size: 0.9rem; }
#qa-chat .message-content, #qa-chat .message { font-size: 0.95rem; line-height: 1.5; }
/* The chat's own bin icon sat over the first question (the Clear button below does the
   same), the jump-down arrow over passage text, and the copy icon under each question
   took a line of its own: gone. */
#qa-chat .top-panel, #qa-chat .scroll-down-button-container, #qa-chat button[aria-label="Scroll down"],
#qa-chat .user-row .message-buttons { display: none !important; }
#qa-chat .message-row.panel { padding-top: 0.45rem; padding-bottom: 0.45rem; }
#qa-chat .user-row .message { padding-top: 0.1rem; padding-bottom: 0.1rem; }
.qa-question { font-weight: 600; }
.qa-reply mark { background: #fde68a; color: #1f2937; padding: 0 0.15em; border-radius: 3px; }
.qa-answer { font-size: 1.1rem; margin-bottom: 0.15rem; }
.qa-answer mark { font-weight: 700; }
.qa-answer.qa-answer-long { font-size: 0.98rem; }
.qa-answer.qa-answer-long mark { font-weight: 600; }
.qa-ref, .qa-num { font-weight: 700; color: var(--color-accent); }
.qa-meta { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; font-size: 0.82rem; margin: 0.1rem 0 0.35rem; }
.qa-conf { font-weight: 600; }
.qa-conf-likely { color: #15803d; }
.qa-conf-check { color: #b45309; }
.qa-conf-unlikely, .qa-conf-no { color: #b91c1c; }
.qa-searched { color: var(--body-text-color-subdued); }
.qa-searched.qa-filtered { color: #7c2d12; background: #ffedd5; border-radius: 3px; padding: 0 0.35em; font-weight: 600; }
.qa-filter-hint { font-size: 0.85rem; color: #7c2d12; margin: 0 0 0.35rem; }
.qa-score { font-size: 0.78rem; color: var(--body-text-color-subdued); margin-left: 0.3rem; }
.qa-noanswer { font-size: 1.05rem; font-weight: 600; margin-bottom: 0.15rem; }
.qa-label, .qa-closest { font-size: 0.76rem; text-transform: uppercase; letter-spacing: 0.05em; margin: 0.3rem 0 0.15rem;
                         color: var(--body-text-color-subdued); font-weight: 600; }
.qa-closest { color: #b45309; }
.qa-cite { border-left: 3px solid var(--color-accent); padding: 0.3rem 0.65rem; margin: 0.25rem 0 0.4rem;
           background: var(--background-fill-secondary); border-radius: 4px; }
.qa-cite.qa-not-answer { border-left: 3px dashed #9ca3af; opacity: 0.95; }
.qa-cite.qa-also-cite { border-left: 3px solid #cbd5e1; }
.qa-cite-head { font-size: 0.85rem; margin-bottom: 0.15rem; }
.qa-where { font-weight: 600; }
.qa-passage { font-size: 0.92rem; }
.qa-more summary, .qa-also > summary { cursor: pointer; font-size: 0.82rem; color: var(--color-accent); margin-top: 0.2rem; }
.qa-also > summary { margin: 0.15rem 0 0.1rem; }
.qa-paragraph { font-size: 0.9rem; margin-top: 0.3rem; }
.qa-span { background: rgba(96, 165, 250, 0.16); }
.qa-info { font-size: 0.9rem; }
.qa-model { color: var(--body-text-color-subdued); font-size: 0.8rem; }
.qa-docs { list-style: none; padding: 0; margin: 0.3rem 0 0; max-height: 9rem; overflow-y: auto; }
.qa-docs li { display: flex; flex-direction: column; padding: 0.2rem 0; border-top: 1px solid var(--border-color-primary); }
.qa-doc { word-break: break-all; font-weight: 600; font-size: 0.85rem; }
.qa-doc-n { color: var(--body-text-color-subdued); font-size: 0.78rem; }
.qa-status { font-size: 0.86rem; margin: 0.2rem 0; }
.qa-notice { font-size: 0.86rem; margin: 0.1rem 0; }
.qa-understood { font-size: 0.86rem; color: var(--body-text-color-subdued); margin: 0.1rem 0 0.3rem; }
.qa-understood q { font-style: italic; color: var(--body-text-color); }
.qa-literal { font-size: 0.8rem; margin-left: 0.5rem; padding: 0.05rem 0.5rem; border-radius: 999px; cursor: pointer;
               border: 1px solid var(--border-color-primary); background: var(--background-fill-primary); color: var(--color-accent); }
.qa-literal:hover { border-color: var(--color-accent); }
#qa-chat .options { display: none; }
#qa-chat .examples .example { border: 1px solid var(--border-color-primary); border-radius: 8px; background: var(--background-fill-secondary); }
#qa-chat .examples .example:hover { border-color: var(--color-accent); }
#qa-add p { font-size: 0.8rem; color: var(--body-text-color-subdued); margin: 0; }
#qa-add h3 { margin-bottom: 0.1rem; }
.qa-note-label, .qa-confirm { font-size: 0.86rem; }
#qa-remove-yes { background: #b91c1c; border-color: #b91c1c; color: #fff; }
#qa-note-row { gap: 0.3rem; }
#qa-facets { gap: 0.4rem; }
#qa-notice:not(:has(.qa-notice)), #qa-status:not(:has(.qa-status)) { display: none; }
.qa-ok { color: #15803d; }
.qa-error { color: #b91c1c; }
@media (max-width: 720px) {
  #qa-title p { display: none; }
  #qa-chat .message-row.panel { padding-left: 0.15rem; padding-right: 0.15rem; }
  #qa-chat .message-row.panel .message { padding-left: 0.3rem; padding-right: 0.3rem; }
  .qa-cite { padding: 0.25rem 0.45rem; }
  .qa-answer { font-size: 1rem; }
  .qa-passage { font-size: 0.88rem; line-height: 1.42; }
}
"""

# Gradio scopes the CSS above to the page's content; what lies outside it (the page's
# margins, the toasts) is styled here, by a <style> the page's script adds.
PAGE_CSS = """
/* Notices are inline (the status line, the notice under the question), never toasts over
   the panel; a toast Gradio still raises (an unexpected error) sits bottom-left, small. */
.toast-wrap { top: auto !important; bottom: 0.75rem !important; left: 0.75rem !important; right: auto !important; max-width: 22rem; }
@media (max-width: 720px) { .gradio-container .main.app { padding: 0.5rem 0.4rem !important; } }
"""

# The page's script, given to launch() with the CSS: it adds PAGE_CSS; the reply's "Ask
# literally" button (plain HTML: the chat strips handlers) forwards its click to the
# hidden Gradio option under the newest reply (qa.app.chat.messages adds it), which calls
# on_literal; and it puts the focus in the question box.
LITERAL_BUTTON = """
() => {
  const style = document.createElement('style');
  style.textContent = __PAGE_CSS__;
  document.head.appendChild(style);
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('#qa-chat .qa-literal');
    if (!button) return;
    event.preventDefault();
    const option = document.querySelector('#qa-chat button.option');
    if (option) option.click();
  });
  // The question box is the first focus (autofocus, and here once it exists, in case
  // the page loaded without focus); it comes first in the page's order, so Tab finds it first.
  const first = () => {
    const box = document.querySelector('#qa-question textarea');
    if (!box) return setTimeout(first, 100);
    if (!document.activeElement || document.activeElement === document.body) box.focus();
  };
  first();
}
""".replace("__PAGE_CSS__", json.dumps(PAGE_CSS))

# Event options for every handler: they serve the page only; /ask (qa.app.api) is the
# one public endpoint.
PRIVATE = {"api_visibility": "private"}

# System fonts only: the app must not fetch web fonts (it may run with no internet).
FONTS = ["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]


@dataclass(frozen=True)
class Layout:
    """The page's Blocks and the components its handlers read or update."""

    demo: gr.Blocks
    # The chat column.
    chat: gr.Chatbot
    note_row: gr.Column  # opens after a thumb, for an optional note
    note_label: gr.HTML
    note: gr.Textbox
    save_note: gr.Button
    question: gr.Textbox
    ask: gr.Button
    brief: gr.DownloadButton  # the brief as Markdown
    brief_docx: gr.DownloadButton  # the same brief as a Word document
    clear: gr.Button
    notice: gr.HTML  # a refused question, a saved note: said here, not in a toast
    # The index panel.
    info: gr.HTML
    docs: gr.Dropdown  # "Search only in"
    slots: list[gr.Dropdown]  # one per metadata key offered as a filter (MAX_FACETS)
    top_k: gr.Slider
    min_confidence: gr.Slider  # below it the engine declines
    timer: gr.Timer  # polls the index's generation, to refresh the panel in every session
    files: gr.File
    ocr: gr.Checkbox
    status: gr.HTML
    remove_doc: gr.Dropdown
    remove: gr.Button
    confirm: gr.Column  # "Yes, remove it" / "Cancel"
    confirm_text: gr.HTML
    remove_yes: gr.Button
    remove_no: gr.Button
    # One browser session's state.
    answers: gr.State  # the conversation's Answers, oldest first
    scopes: gr.State  # what each was asked within (qa.present.brief.Scope), the same order
    ratings: gr.State  # turn -> "up" | "down"
    pending: gr.State  # the last thumb's record, for its note
    folder: gr.State  # where this session's brief is written
    facet_keys: gr.State  # the metadata key shown in each slot
    generation: gr.State  # the index generation the panel shows (qa.app.index_panel.generation)

    @property
    def filters(self) -> list[Any]:
        """What narrows a search: the documents picked and each metadata filter."""
        return [self.docs, self.facet_keys, *self.slots]

    @property
    def index_views(self) -> list[Any]:
        """Everything that shows what the index holds (qa.app.index_panel.index_updates)."""
        return [self.info, self.docs, self.remove_doc, self.facet_keys, *self.slots, self.generation]


@contextmanager
def build(engine: Engine, documents: list[str], max_upload_bytes: int, ocr: bool) -> Iterator[Layout]:
    """Lay the page out and yield its ``Layout`` while its Blocks is still open: Gradio
    attaches event listeners only inside it, so wire the events in the ``with`` body.

    ``documents`` are the document ids to offer at first (the page refreshes them on
    load); ``ocr`` shows the OCR checkbox (only when the build can OCR)."""
    import gradio as gr

    from qa.present import ui

    suffixes = ui.accepted_suffixes()
    with gr.Blocks(title="Report QA") as demo:
        gr.Markdown(
            "# Report QA\nAnswers are the report's own words, with the passage they come from. "
            "Follow-ups (“and in 2019?”) continue the conversation.",
            elem_id="qa-title",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=7, min_width=340):
                # The question box first, above the answers: the first focus and the first
                # Tab stop, in the page's order as on screen; an open note (under it) moves
                # the answers down a little but never the box or its buttons off the screen.
                with gr.Row(equal_height=True, elem_id="qa-ask-row"):
                    question = gr.Textbox(
                        elem_id="qa-question",
                        show_label=False,
                        placeholder="Ask about the report (Enter sends)",
                        scale=6,
                        min_width=220,
                        lines=1,  # one line: Enter sends; Shift+Enter still breaks the line and it grows
                        max_lines=4,
                        autofocus=True,
                    )
                    with gr.Column(scale=5, min_width=330), gr.Row(elem_id="qa-actions"):
                        ask = gr.Button("Ask", variant="primary", elem_id="qa-ask", size="md", min_width=0)
                        brief = gr.DownloadButton("Brief .md", interactive=False, size="md", elem_id="qa-brief", min_width=0)
                        brief_docx = gr.DownloadButton("Brief .docx", interactive=False, size="md", elem_id="qa-brief-docx", min_width=0)
                        clear = gr.Button("Clear", size="md", elem_id="qa-clear", min_width=0)
                notice = gr.HTML(elem_id="qa-notice")
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
                chat = gr.Chatbot(
                    elem_id="qa-chat",
                    label="Answers",
                    show_label=False,
                    height="calc(100vh - 190px)",
                    min_height=380,
                    autoscroll=False,
                    layout="panel",
                    render_markdown=False,  # replies are HTML built (and escaped) by qa.present.ui
                    sanitize_html=True,
                    feedback_options=["Like", "Dislike"],
                    buttons=["copy"],
                    placeholder="Ask a question about the report above, or click an example.",
                    # In the empty chat, where a new user looks, not below the fold.
                    examples=[{"text": example} for example in EXAMPLES],
                )
            with gr.Column(scale=3, min_width=280):
                gr.Markdown("### Index")
                info = gr.HTML(ui.render_info(engine.info()), elem_id="qa-info")
                docs = gr.Dropdown(
                    choices=documents, value=[], multiselect=True, label="Search only in", info="Empty: all documents", elem_id="qa-docs"
                )
                with gr.Row(elem_id="qa-facets"):
                    slots = [
                        gr.Dropdown(choices=[("any", "")], value="", visible=False, min_width=150, elem_id=f"qa-facet-{i}")
                        for i in range(MAX_FACETS)
                    ]
                min_confidence = gr.Slider(
                    0,
                    1,
                    value=engine.settings.min_confidence,
                    step=0.05,
                    label="Minimum confidence",
                    info="Below it, no answer: the closest passages instead. Lower answers more, and more wrongly.",
                    elem_id="qa-min-confidence",
                )
                top_k = gr.Slider(1, 10, value=engine.settings.top_k, step=1, label="Passages to show", elem_id="qa-top-k")
                gr.Markdown(f"### Add documents\n{', '.join(suffixes)}; up to {max_upload_bytes // 2**20} MB each.", elem_id="qa-add")
                status = gr.HTML(elem_id="qa-status")
                files = gr.File(file_count="multiple", file_types=suffixes, label="Upload", height=110, elem_id="qa-upload")
                ocr_box = gr.Checkbox(False, label="OCR scanned pages (needs Tesseract)", visible=ocr, elem_id="qa-ocr")
                with gr.Accordion("Remove a document", open=False, elem_id="qa-remove-box"):
                    remove_doc = gr.Dropdown(choices=documents, value=None, show_label=False, elem_id="qa-remove-doc")
                    remove = gr.Button("Remove…", size="sm", variant="stop", elem_id="qa-remove")
                    with gr.Column(visible=False, elem_id="qa-remove-confirm") as confirm:
                        confirm_text = gr.HTML()
                        with gr.Row():
                            remove_yes = gr.Button("Yes, remove it", size="sm", variant="stop", elem_id="qa-remove-yes")
                            remove_no = gr.Button("Cancel", size="sm", elem_id="qa-remove-no")
        timer = gr.Timer(REFRESH_SECONDS)

        yield Layout(
            demo=demo,
            chat=chat,
            note_row=note_row,
            note_label=note_label,
            note=note,
            save_note=save_note,
            question=question,
            ask=ask,
            brief=brief,
            brief_docx=brief_docx,
            clear=clear,
            notice=notice,
            info=info,
            docs=docs,
            slots=slots,
            top_k=top_k,
            min_confidence=min_confidence,
            timer=timer,
            files=files,
            ocr=ocr_box,
            status=status,
            remove_doc=remove_doc,
            remove=remove,
            confirm=confirm,
            confirm_text=confirm_text,
            remove_yes=remove_yes,
            remove_no=remove_no,
            answers=gr.State([]),
            scopes=gr.State([]),
            ratings=gr.State({}),
            pending=gr.State(None),
            folder=gr.State(None),
            facet_keys=gr.State([]),
            generation=gr.State(""),
        )
