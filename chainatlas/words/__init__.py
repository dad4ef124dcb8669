"""Every word the surface shows, in Chinese and English: one catalogue, one language at a time.

``say(key, lang, **values)`` gives the text of ``key`` in ``lang`` (``zh`` or ``en``), with
``{placeholders}`` filled. Table headers, coverage classes, tiers, stages, factor names, report
sections, notes and the CLI's own messages all come from :data:`WORDS`, gathered from one module
per area (``values``, ``reports``, ``messages``, ``surface``); names (firms, segments, regions,
projects) are data and stay as the store holds them. ``explain`` turns the English evidence the
queries write ("tagged on segment …", "HQ 深圳市, 1,419 km away") into Chinese, and
``error_text`` the one-line errors the API raises.
"""

from __future__ import annotations

from chainatlas.words.errors import error_text
from chainatlas.words.evidence import explain
from chainatlas.words.explorer import EXPLORER
from chainatlas.words.lang import LANGS, Lang
from chainatlas.words.messages import MESSAGES
from chainatlas.words.reports import REPORTS
from chainatlas.words.surface import SURFACE, change_line, kind_name, list_label
from chainatlas.words.values import VALUES

__all__ = [
    "LANGS",
    "WORDS",
    "Lang",
    "change_line",
    "error_text",
    "explain",
    "join",
    "kind_name",
    "list_label",
    "row",
    "say",
]

WORDS: dict[str, tuple[str, str]] = {**VALUES, **REPORTS, **MESSAGES, **SURFACE, **EXPLORER}


def say(key: str, lang: Lang, /, **values: object) -> str:
    """The text of ``key`` in ``lang``, placeholders filled.

    >>> say("class.missing", "zh"), say("more", "en", n=3)
    ('缺项', '… 3 more')
    """
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def row(key: str, lang: Lang, /, **values: object) -> list[str]:
    """A header row the catalogue holds as ``a|b|c``."""
    return say(key, lang, **values).split("|")


def join(items: list[str] | tuple[str, ...], lang: Lang) -> str:
    """Names joined as the language writes a list: 、 in Chinese, ``, `` in English."""
    return ("、" if lang == "zh" else ", ").join(items)
