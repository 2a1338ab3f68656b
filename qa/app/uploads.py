"""Uploads: files from the browser copied into a persistent folder and indexed at once,
and the removal of a document.

The upload's progress bar says the build's stage with its counts (reading file 1 of 2,
parsing N paragraphs, embedding passages n of N, writing the index), from
``build_index(on_progress=...)``; tqdm bars inside a stage (the parser's paragraphs, OCR's
pages) show too, through ``gr.Progress(track_tqdm=True)``. The upload runs in its own
concurrency group (limit 1), so questions are answered while it runs.

Gradio is imported only inside ``wire``: ``app.py`` imports ``Uploads`` at start-up (and
the tests without a server), before Gradio has loaded.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.app.layout import PRIVATE, Layout

if TYPE_CHECKING:
    from qa.engine import Engine

log = logging.getLogger("qa.app")


class Uploads:
    """Copies accepted uploads into a persistent folder and indexes them.

    The copy is named by qa.present.ui.safe_name, never by the browser's file name. If
    indexing fails, files are put back as they were; the index itself is written
    atomically by qa.index.store, so a failed upload leaves it exactly as before.
    """

    def __init__(self, engine: Engine, folder: Path, max_bytes: int):
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
            try:
                report = build_index(
                    [t for t, _ in saved],
                    self.engine.index_dir,
                    add=True,
                    encoder=self.engine.encoder,
                    progress=True,
                    on_progress=stage_progress(progress),
                    **options,
                )
            except Exception as error:  # anything: the files go back, the index is untouched
                log.exception("upload failed")
                for target, backup in saved:
                    target.unlink(missing_ok=True)
                    if backup:
                        backup.replace(target)
                return lines + [("error", f"nothing was added, the index is unchanged: {error}")]
            progress(None, desc="Loading the new index")
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


#: What each stage of qa.index.build is called on the progress bar, and what it counts.
STAGES = {
    "reading": ("Reading", "files"),
    "pages": ("Reading", "pages"),
    "parsing": ("Parsing", "paragraphs"),
    "embedding": ("Embedding passages", "passages"),
    "writing": ("Writing the index", "steps"),
}


def stage_text(stage: str, done: int, total: int, item: str = "") -> str:
    """"Embedding passages: 64 of 306", "Reading report.pdf (file 1 of 2)": one stage
    of the build in words, with its counts."""
    name, unit = STAGES.get(stage, (stage.capitalize(), "steps"))
    if stage == "reading":
        return f"Reading {item} (file {min(done + 1, total)} of {total})" if item else f"Read {total} file{'s' if total != 1 else ''}"
    if stage == "pages":
        return f"Reading {item}: page {done} of {total}"
    if stage == "parsing":
        return f"Parsing {total} paragraphs for typed answers" if total else "Parsing: nothing new"
    if stage == "writing":
        return name
    return f"{name}: {done} of {total}"


def stage_progress(progress: Any) -> Callable[[str, int, int, str], None]:
    """A ``build_index(on_progress=...)`` callback that moves ``progress`` (a gr.Progress,
    or anything called the same way) with the stage's words and counts."""

    def report(stage: str, done: int, total: int, item: str = "") -> None:
        unit = STAGES.get(stage, ("", "steps"))[1]
        progress((done, total) if total else None, desc=stage_text(stage, done, total, item), unit=unit)

    return report


def ocr_supported() -> bool:
    """Whether qa.index.build can OCR scanned pages (issue 11 adds ``build_index(ocr=...)``)."""
    import inspect

    from qa.index.build import build_index

    return "ocr" in inspect.signature(build_index).parameters


def wire(view: Layout, uploads: Uploads, index_updates: Callable[[list[str] | None, list[str], tuple[str, ...]], list[Any]]) -> None:
    """Connect the upload box to ``uploads`` (call inside the open Blocks).

    ``index_updates`` (qa.app.index_panel.IndexPanel.index_updates) refreshes every view
    of the index once the files are in; it is passed in rather than imported because the
    index panel imports this module (for ``Uploads``)."""
    import gradio as gr

    from qa.present import ui

    # ``progress`` must come before ``*values``: Gradio looks for a gr.Progress default
    # among the positional parameters only (after ``*values`` it was never tracked, and
    # the bar sat at its first step for the whole build).
    def on_upload(files: list[str] | None, ocr: bool, docs, keys, progress=gr.Progress(track_tqdm=True), *values):  # noqa: B008
        lines = uploads.add([Path(f) for f in files or []], progress, ocr=bool(ocr))
        return [ui.render_status(lines), *index_updates(docs, keys, values), None]

    view.files.upload(
        on_upload,
        [view.files, view.ocr, *view.filters],
        [view.status, *view.index_views, view.files],
        concurrency_limit=1,
        show_progress_on=view.files,
        **PRIVATE,
    )
