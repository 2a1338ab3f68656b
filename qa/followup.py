"""Follow-up questions resolved against the conversation (issue 10).

Placeholder of the contract: the rules come in the next commit.
"""

from __future__ import annotations

from collections.abc import Sequence


def resolve(question: str, history: Sequence[str] | None = None) -> str:
    """The self-contained question ``question`` means after ``history`` (oldest first)."""
    return question


__all__ = ["resolve"]
