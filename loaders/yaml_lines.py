"""A guarded YAML reader that remembers the line of every mapping and list item.

Safe tags only; nesting past ``MAX_DEPTH`` is a syntax error; ``check_expanded_size`` refuses
anchors (``*alias``) that expand past ``MAX_VALUES``. Each mapping carries its line under the
key ``LINE``; each list remembers its items' lines (``item_line``); ``strip_lines`` removes both.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = [
    "LINE",
    "MAX_DEPTH",
    "MAX_VALUES",
    "LineLoader",
    "TooLarge",
    "check_expanded_size",
    "item_line",
    "strip_lines",
]

LINE = "__line__"
MAX_DEPTH = 40  # a chain map nests 3 levels; deeper is a mistake or an attack
MAX_VALUES = 1_000_000  # after anchors (*alias) are expanded


class _Seq(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers the line of each item."""

    item_lines: list[int]


class LineLoader(yaml.SafeLoader):
    """A safe loader that remembers lines, and refuses absurd nesting."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: LineLoader, node: yaml.SequenceNode) -> Any:
    seq = _Seq()
    seq.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield seq
    seq.extend(loader.construct_sequence(node))


def _construct_timestamp(loader: LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2026-13-45: keep the text, validation names the field
        return loader.construct_scalar(node)


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class TooLarge(Exception):
    """The document expands past ``MAX_VALUES`` values, or an anchor refers to itself."""


def check_expanded_size(value: Any) -> int:
    """How many values ``value`` holds once anchors are expanded (raises ``TooLarge``)."""
    return _expanded_size(value, {}, set())


def _expanded_size(value: Any, memo: dict[int, int], open_: set[int]) -> int:
    if not isinstance(value, dict | list):
        return 1
    key = id(value)
    if key in memo:
        return memo[key]
    if key in open_:
        raise TooLarge("an anchor refers to itself")
    open_.add(key)
    items = value.values() if isinstance(value, dict) else value
    total = 1 + sum(_expanded_size(v, memo, open_) for v in items)
    open_.discard(key)
    if total > MAX_VALUES:
        raise TooLarge(f"anchors (*alias) expand it to more than {MAX_VALUES:,} values")
    memo[key] = total
    return total


def item_line(seq: Any, index: int) -> int | None:
    """The line of item ``index`` of a list read by ``LineLoader`` (None when unknown)."""
    lines = getattr(seq, "item_lines", None)
    return lines[index] if lines and index < len(lines) else None


def strip_lines(value: Any) -> Any:
    """``value`` without the remembered lines (lists become plain lists)."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
