"""The index panel: what the index holds, the filters a question is asked within
(documents and metadata facets), and removing a document.

After an upload or a removal every view of the index is refreshed at once
(``IndexPanel.index_updates``), keeping the filters a session picked if still valid; the
other open sessions see it within a few seconds: each page's timer compares the index's
generation with the one it shows (``IndexPanel.on_tick``) and redraws only on a change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

from qa.app.layout import MAX_FACETS, PRIVATE, Layout
from qa.app.uploads import Uploads
from qa.present import ui

if TYPE_CHECKING:
    from qa.engine import Engine


def doc_ids(engine: Engine) -> list[str]:
    """The documents in the index, as the dropdowns list them."""
    return sorted(engine.data.documents)


def generation(engine: Engine) -> str:
    """A short string that changes whenever the loaded index does (a build, an upload, a
    removal): when it was written, its passages and its documents' fingerprints."""
    manifest = engine.data.manifest
    documents = "|".join(f"{d}:{f[:12]}" for d, f in sorted(manifest.documents.items()))
    return f"{manifest.created} {manifest.passages} {hash(documents) & 0xFFFFFFFF:08x}"


class IndexPanel:
    """The panel's handlers. The index is shared by every session (an upload in one tab
    shows in another on its next refresh), so the panel holds no state of its own."""

    def __init__(self, engine: Engine, uploads: Uploads):
        self.engine = engine
        self.uploads = uploads

    def facet_updates(self, keys: list[str], values: tuple[str, ...] = ()) -> list[Any]:
        """The facet keys (a State) and one Dropdown per slot, keeping still-valid picks."""
        now = ui.facets(self.engine.info())
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

    def index_updates(self, docs: list[str] | None, keys: list[str], values: tuple[str, ...]) -> list[Any]:
        """Everything that shows what the index holds (Layout.index_views), after it changed."""
        ids = doc_ids(self.engine)
        kept = [d for d in (docs or []) if d in ids]
        return [
            ui.render_info(self.engine.info()),
            gr.Dropdown(choices=ids, value=kept, multiselect=True),
            gr.Dropdown(choices=ids, value=None),
            *self.facet_updates(keys, values),
            generation(self.engine),
        ]

    def on_tick(self, shown: str, docs: list[str] | None, keys: list[str], *values: str) -> list[Any]:
        """Every few seconds: redraw the index views only if the index changed since this
        page last drew them (an upload or a removal in another session)."""
        if shown == generation(self.engine):
            return [gr.skip()] * (4 + len(values) + 1)
        return self.index_updates(docs, keys, values)

    def on_remove_ask(self, doc_id: str | None):
        """"Remove…" asks first, saying what the document holds."""
        if not doc_id or doc_id not in self.engine.data.documents:
            gr.Warning("Pick a document to remove first")
            return gr.Column(visible=False), ""
        return gr.Column(visible=True), ui.render_remove_confirm(doc_id, self.engine.info())

    def on_remove(self, doc_id: str | None, docs, keys, *values):
        """"Yes, remove it": the outcome in the status line, the views refreshed."""
        kind, text = self.uploads.remove(doc_id or "")
        return [gr.Column(visible=False), ui.render_status([(kind, text)]), *self.index_updates(docs, keys, values)]

    def on_load(self):
        """A page (re)load shows the index as it is now, not as it was when the app started."""
        ids = doc_ids(self.engine)
        return [
            ui.render_info(self.engine.info()),
            gr.Dropdown(choices=ids),
            gr.Dropdown(choices=ids, value=None),
            *self.facet_updates([]),
            generation(self.engine),
        ]


def wire(view: Layout, panel: IndexPanel) -> None:
    """Connect the remove box and the page load to ``panel`` (call inside the open Blocks)."""
    view.remove.click(panel.on_remove_ask, [view.remove_doc], [view.confirm, view.confirm_text], **PRIVATE)
    view.remove_no.click(lambda: gr.Column(visible=False), None, [view.confirm], **PRIVATE)
    view.remove_yes.click(
        panel.on_remove, [view.remove_doc, *view.filters], [view.confirm, view.status, *view.index_views], concurrency_limit=1, **PRIVATE
    )
    view.demo.load(panel.on_load, None, view.index_views, show_progress="hidden", **PRIVATE)
    view.timer.tick(
        panel.on_tick,
        [view.generation, *view.filters],
        view.index_views,
        show_progress="hidden",
        concurrency_limit=None,  # a string comparison: never queued behind questions
        **PRIVATE,
    )
