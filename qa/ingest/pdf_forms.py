"""What a filled-in PDF form says: its fields' values, which are not in the page's text.

A form's entries (a name typed in, a box ticked) live in its widget annotations, drawn
over the page; the text layer holds only the printed form. Each page with filled fields
gets one paragraph listing them, cited on that page: "Patient Name: Ann Lee; Selected:
Male". A field named by its author ("Patient Name") gives its name; a generated name
("RadioButton6") is no name, and a ticked box or option says "Selected" with its value
(the option's own label, as forms usually store it). Unticked boxes ("Off") say nothing.
"""

from __future__ import annotations

import ctypes
import re

WIDGET = 20  # FPDF_ANNOT_WIDGET
SECTION = "Form entries"
_GENERATED = re.compile(r"^(?:radio ?button|check ?box|checkbox|text(?: ?field)?|field|button|group|untitled|choice|list ?box|combo ?box)[\s_.-]*\d*$", re.IGNORECASE)
_OFF = frozenset({"", "off", "no", "0", "false"})
_ON = frozenset({"yes", "on", "1", "true", "x"})


def _string(raw, annot, key: str) -> str:
    size = raw.FPDFAnnot_GetStringValue(annot, key.encode(), None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    raw.FPDFAnnot_GetStringValue(annot, key.encode(), buffer, size)
    return bytes(memoryview(buffer).cast("B")[: size - 2]).decode("utf-16-le", errors="replace").strip()


def filled_fields(page) -> list[str]:
    """ "Name: value" (or "Selected: value") for each filled field of ``page`` (a pypdfium2 page)."""
    import pypdfium2.raw as raw

    entries: list[str] = []
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) != WIDGET:
                continue
            value = " ".join(_string(raw, annot, "V").split())
            if value.lower() in _OFF:
                continue
            name = " ".join(_string(raw, annot, "TU").split()) or " ".join(_string(raw, annot, "T").split())
            button = bool(raw.FPDFAnnot_HasKey(annot, b"AS"))
            named = bool(name) and not _GENERATED.match(name)
            if button and not named and value.lower() in _ON:
                continue  # a ticked box called "CheckBox3": nothing to say what was ticked
            if button:
                entry = f"{name}: {value}" if named and name != value else f"Selected: {value}"
            else:
                entry = f"{name}: {value}" if named else value
            if entry not in entries:
                entries.append(entry)
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return entries


def filled_fields_or_none(page) -> list[str]:
    """``filled_fields``, or nothing when the page's annotations cannot be read: a damaged
    form must not cost the page's text."""
    try:
        return filled_fields(page)
    except Exception:  # noqa: BLE001 (a reader library choking on one annotation)
        return []
