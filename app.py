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
.qa-docs { list-style: none; padding: 0; margin: 0.4rem 0 0; }
.qa-docs li { display: flex; flex-direction: column; padding: 0.25rem 0; border-top: 1px solid var(--border-color-primary); }
.qa-doc { word-break: break-all; font-weight: 600; font-size: 0.85rem; }
.qa-doc-n { color: var(--body-text-color-subdued); font-size: 0.78rem; }
.qa-status { font-size: 0.86rem; margin: 0.2rem 0; }
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

    def add(self, paths: list[Path], progress: Any) -> list[tuple[str, str]]:
        from qa import ui
        from qa.build import build_index

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
                report = build_index([t for t, _ in saved], self.engine.index_dir, add=True, encoder=self.engine.encoder, progress=True)
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


def build_app(engine: Any, uploads: Uploads) -> Any:
    import gradio as gr

    from qa import ui
    from qa.brief import render_markdown
    from qa.errors import QAError

    def doc_ids() -> list[str]:
        return sorted(engine.data.documents)

    def messages(answers: list) -> list[dict[str, str]]:
        out = []
        for answer in answers:
            out.append({"role": "user", "content": ui.render_question(answer.question)})
            out.append({"role": "assistant", "content": ui.render_answer(answer, engine.paragraph_text)})
        return out

    def write_brief(answers: list, folder: str | None) -> tuple[str, str]:
        folder = folder or tempfile.mkdtemp(prefix="qa-brief-")
        path = Path(folder) / "brief.md"
        path.write_text(render_markdown(answers), encoding="utf-8")
        return str(path), folder

    def on_ask(question: str, answers: list, folder: str | None, docs: list[str] | None, top_k: float):
        try:
            answer = engine.ask(question, top_k=int(top_k), docs=docs or None)
        except QAError as error:
            gr.Warning(str(error))
            return gr.skip(), answers, folder, question, gr.skip()
        answers = [*answers, answer]
        path, folder = write_brief(answers, folder)
        return messages(answers), answers, folder, "", gr.DownloadButton(value=path, interactive=True)

    def on_clear():
        return [], [], None, gr.DownloadButton(value=None, interactive=False)

    def on_upload(files: list[str] | None, docs: list[str] | None, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        lines = uploads.add([Path(f) for f in files or []], progress)
        for kind, text in lines:  # a toast too: the status line may be below the fold
            (gr.Info if kind == "ok" else gr.Warning)(text)
        ids = doc_ids()
        kept = [d for d in (docs or []) if d in ids]
        return ui.render_status(lines), ui.render_info(engine.info()), gr.Dropdown(choices=ids, value=kept), None

    def on_load():
        return ui.render_info(engine.info()), gr.Dropdown(choices=doc_ids())

    def api_ask(question: str, top_k: int | None = None, docs: list[str] | None = None) -> dict:
        """Answer one question; returns the `qa ask --json` object."""
        try:
            return engine.ask(question, top_k=top_k, docs=docs or None).to_dict()
        except QAError as error:
            raise gr.Error(str(error)) from error

    suffixes = ui.accepted_suffixes()
    with gr.Blocks(title="Report QA") as demo:
        gr.Markdown(
            "# Report QA\nAnswers are the report's own words: the short answer, then the passages it comes from, numbered.",
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
                    feedback_options=None,
                    buttons=["copy"],
                    placeholder="Ask a question about the report, or pick an example below.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="qa-question",
                        show_label=False,
                        placeholder="e.g. How much did the government fund the shelter in 2020?",
                        scale=8,
                        lines=2,
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
                top_k = gr.Slider(1, 10, value=engine.settings.top_k, step=1, label="Passages to show")
                gr.Markdown(f"### Add documents\n{', '.join(suffixes)}; up to {uploads.max_bytes // 2**20} MB each.")
                files = gr.File(file_count="multiple", file_types=suffixes, label="Upload", height=110, elem_id="qa-upload")
                status = gr.HTML(elem_id="qa-status")

        answers = gr.State([])
        folder = gr.State(None)
        ask_inputs = [question, answers, folder, docs, top_k]
        ask_outputs = [chat, answers, folder, question, brief]
        for trigger in (question.submit, ask.click, examples.load_input_event.then):
            trigger(on_ask, ask_inputs, ask_outputs, api_visibility="private").then(None, None, None, js=SCROLL_TO_NEWEST, api_visibility="private")
        clear.click(on_clear, None, [chat, answers, folder, brief], api_visibility="private")
        files.upload(on_upload, [files, docs], [status, info, docs, files], concurrency_limit=1, api_visibility="private", show_progress_on=files)
        demo.load(on_load, None, [info, docs], api_visibility="private")
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
