"""Node labels and their size on the canvas, so the layout can leave room for them.

vis-network draws a dot's label centred below it, one line per ``\\n``, each line as high as the
font. The layout has no browser to measure text, so it over-estimates: a wide character (CJK,
full-width forms) counts as one em, an ASCII capital as 0.75 em, anything else as 0.62 em
(Noto Sans CJK draws Latin narrower than that), and a line as 1.2 em. The browser test reads
the real boxes from the page and checks that none overlap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from chainatlas.graph.store import Store
from chainatlas.words import Lang, list_label, say

__all__ = [
    "FONT_SIZE",
    "LINE_HEIGHT",
    "OFFICIAL_BADGE",
    "label_size",
    "list_label",  # from chainatlas.words, where tables use it too
    "region_names",
    "segment_label",
    "text_width",
]

FONT_SIZE = 20.0
LINE_HEIGHT = 1.2  # ems per line, above vis-network's own (one em per line)
OFFICIAL_BADGE = {"weak": "[官方弱项]", "missing": "[官方缺项]"}


def segment_label(name: str, official: str | None, chains: int, lang: Lang = "zh") -> str:
    """The label of a segment node: its name, the official-list mark, the number of chains."""
    label = name
    if official in OFFICIAL_BADGE:
        label += "\n" + say(f"x.badge.{official}", lang)
    if chains > 1:
        label += "\n" + say("x.shared_by", lang, n=chains)
    return label


def text_width(line: str, size: float = FONT_SIZE) -> float:
    """An upper estimate of the drawn width of one line of text at ``size`` px."""
    ems = 0.0
    for ch in line:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            ems += 1.0
        elif "A" <= ch <= "Z":
            ems += 0.75
        else:
            ems += 0.62
    return ems * size


def label_size(label: str, size: float = FONT_SIZE) -> tuple[float, float]:
    """Width and height (px at zoom 1) an upper estimate of the label's box."""
    lines = label.split("\n") if label else []
    width = max((text_width(line, size) for line in lines), default=0.0)
    return width, len(lines) * size * LINE_HEIGHT


def region_names(store: Store, codes: Sequence[str]) -> dict[str, str]:
    """By division code: its name, or its city's or province's when the store lacks it."""
    wanted = {c: [c, c[:4].ljust(6, "0"), c[:2].ljust(6, "0")] for c in codes if c}
    known = {
        r.code: r.name_zh
        for r in store.regions({x for chain in wanted.values() for x in chain})
        if r.name_zh
    }
    from chainatlas.loaders.divisions import division_of  # the shipped GB/T 2260 table

    for chain in wanted.values():
        for x in chain:
            d = division_of(x) if x not in known else None
            if d is not None:
                known[x] = d.name
    return {c: next((known[x] for x in chain if x in known), "") for c, chain in wanted.items()}
