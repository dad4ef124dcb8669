"""Words of the commands that look after the store (stats, history, undo, remove, freshness,
formats, neo4j) and of the explorer page."""

from __future__ import annotations

SURFACE: dict[str, tuple[str, str]] = {
    "error": ("错误：", "error: "),
}
