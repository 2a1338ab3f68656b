"""Typed errors whose message is the one line a user sees.

The library raises these; the CLI and the app print ``str(error)`` and never a
traceback. Each message says what to do next.
"""

from __future__ import annotations


class QAError(Exception):
    """Base class: something the user can fix."""

    exit_code = 1


class UsageError(QAError):
    """The request itself is malformed (bad question, bad option)."""

    exit_code = 2


class IndexMissingError(QAError):
    pass


class IndexMismatchError(QAError):
    """The index was built with another model, dimension or format version."""


class IndexCorruptError(QAError):
    pass


class InputError(QAError):
    """A path that cannot be read or has a type we do not ingest."""

    exit_code = 2


class ModelError(QAError):
    pass
