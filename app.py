"""The chat app: ask the report, read the cited passages, take a brief away.

    python app.py                       # http://127.0.0.1:7860, index/default
    python app.py --host 0.0.0.0 --auth analyst:secret

The model and the index are loaded once, before the server starts, and the encoder is
warmed with one question so the first real one is fast. Rendering (and the escaping
that keeps a hostile document inert) lives in qa/present/ui.py. The app's parts live in
qa/app/: the page (layout.py), the chat (chat.py), the index panel and its filters
(index_panel.py), uploads (uploads.py) and the named endpoint ``/ask`` (api.py), which
scripts use and which returns exactly the ``qa ask --json`` object. This file reads the
command line, loads the engine and puts the parts together (``build_app``).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Cheap: neither module loads Gradio (build_app does, once its import has overlapped the
# model's warm-up). EXAMPLES is re-exported for scripts that read app.EXAMPLES.
from qa.app.layout import CSS, EXAMPLES, FONTS, LITERAL_BUTTON, MONO  # noqa: E402, F401
from qa.app.uploads import Uploads, ocr_supported  # noqa: E402

if TYPE_CHECKING:
    from qa.engine import Engine


# Two cores: two questions are answered at once and the rest wait in the queue; an
# upload (embedding) runs alone so it never starves the questions for long.
CONCURRENCY = 2


def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise SystemExit("error: --auth (or QA_AUTH) must be USER:PASS")
    return user, password


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Serve the report QA chat app.")
    p.add_argument(
        "--index", default=os.environ.get("QA_DATABASE_URL") or os.environ.get("QA_INDEX", "index/default"),
        help="index folder or postgresql:// URL (default: $QA_DATABASE_URL, else $QA_INDEX or index/default)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    p.add_argument("--auth", default=os.environ.get("QA_AUTH"), metavar="USER:PASS", help="require a login (or set QA_AUTH)")
    p.add_argument("--max-upload-mb", type=int, default=20, help="largest file accepted for upload (default: 20)")
    p.add_argument("--uploads", default=None, help="folder uploaded files are kept in (default: INDEX/uploads)")
    return p.parse_args(argv)


def build_app(engine: Engine, uploads: Uploads) -> Any:
    """The page (qa.app.layout) with each part's events wired to its handlers, not yet
    launched (main() queues and launches it)."""
    # Imported here, not at the top: each imports Gradio, whose import overlaps the
    # model's warm-up in main().
    from qa.app import api, chat, index_panel, layout
    from qa.app import uploads as upload_box

    panel = index_panel.IndexPanel(engine, uploads)
    with layout.build(engine, index_panel.doc_ids(engine), uploads.max_bytes, ocr=ocr_supported()) as view:
        chat.wire(view, chat.Chat(engine))
        upload_box.wire(view, uploads, panel.index_updates)
        index_panel.wire(view, panel)
        api.wire(engine)
    return view.demo


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
