"""Gradio app over the qa engine (minimal first version; the chat UI replaces it)."""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def main() -> None:
    p = argparse.ArgumentParser(description="Serve the report QA app.")
    p.add_argument("--index", default="index/default")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    args = p.parse_args()

    import gradio as gr

    from qa.brief import render_markdown
    from qa.engine import Engine

    engine = Engine.load(args.index)

    def ask(question: str) -> str:
        return render_markdown([engine.ask(question)], title="Answer")

    with gr.Blocks(title="Report QA") as demo:
        question = gr.Textbox(label="Question")
        out = gr.Markdown()
        question.submit(ask, question, out, api_name="ask_md")
    demo.launch(server_name=args.host, server_port=args.port)


if __name__ == "__main__":
    main()
