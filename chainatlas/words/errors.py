"""The one-line errors the API raises, in the planner's language."""

from __future__ import annotations

from chainatlas.words.lang import Lang

__all__ = ["error_text"]


def error_text(message: str, lang: Lang) -> str:
    """``message`` (as the API wrote it, in English) in ``lang``."""
    return message
