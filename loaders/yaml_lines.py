"""A guarded YAML reader that remembers the line of every mapping and list item.

Plain values only: an explicit tag other than ``!!str``, ``!!int``, ``!!float``, ``!!bool``,
``!!null``, ``!!timestamp``, ``!!seq`` and ``!!map`` (``!!python/object``, ``!!binary``,
``!!set``, a custom ``!tag``), a merge key (``<<: *base``), a key written twice in one mapping
and nesting past ``MAX_DEPTH`` each raise ``Refused`` (a YAML error with the line, the field and
the value). An impossible date (``2013-02-30``) stays text, for the field's check to name.
``check_expanded_size`` refuses anchors (``*alias``) that expand past ``MAX_VALUES`` values or
add more than ``MAX_ALIAS_CHARS`` characters. Each mapping carries its line under the key
``LINE``; each list remembers its items' lines (``item_line``); ``strip_lines`` removes both.
``read_yaml`` does all of this and records what it refuses as one problem in a report.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .limits import limits
from .report import LoadReport

__all__ = [
    "LINE",
    "MAX_ALIAS_CHARS",
    "MAX_DEPTH",
    "MAX_VALUES",
    "LineLoader",
    "Refused",
    "TooLarge",
    "check_expanded_size",
    "item_line",
    "read_yaml",
    "strip_lines",
]

LINE = "__line__"
MAX_DEPTH = 40  # a chain map nests 3 levels; deeper is a mistake or an attack
MAX_VALUES = 1_000_000  # after anchors (*alias) are expanded
MAX_ALIAS_CHARS = 1_000_000  # characters anchors may add to what the file itself spells out
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
}
_MERGE_TAG = "tag:yaml.org,2002:merge"


class Refused(yaml.constructor.ConstructorError):
    """A YAML construct chainatlas does not read, with its line, field and value."""

    def __init__(self, problem: str, mark: Any, field: str = "", value: str = "") -> None:
        super().__init__(None, None, problem, mark)
        self.field = field
        self.value = value


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


class _Seq(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers the line of each item."""

    item_lines: list[int]


class LineLoader(yaml.SafeLoader):
    """A safe loader that remembers lines, and refuses absurd nesting and unknown tags."""

    depth = 0

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.max_depth = limits().depth  # CHAINATLAS_MAX_DEPTH, MAX_DEPTH by default

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > self.max_depth:
                raise Refused(
                    f"nested deeper than {self.max_depth} levels {limits().hint('depth')}; "
                    "write the items out flat",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_undefined(self, node: Any) -> Any:
        name = _tag_name(node.tag)
        raise Refused(
            f"the tag {name!r} is not read (chainatlas takes plain values only); "
            "delete the tag and write the value as text, a number or a list",
            node.start_mark,
            value=name,
        )


def _check_keys(loader: LineLoader, node: yaml.MappingNode) -> None:
    """Refuse a merge key (``<<``) and a key written twice in one mapping."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        line = key_node.start_mark.line + 1
        if key_node.tag == _MERGE_TAG:
            raise Refused(
                "a YAML merge key ('<<') is not read; write each field out in every item "
                "instead of merging from an anchor",
                key_node.start_mark,
                field="<<",
            )
        key = loader.construct_object(key_node)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: SafeLoader names it
            continue
        if first is not None:
            raise Refused(
                f"the key {key!r} is written twice in this mapping (lines {first} and {line}); "
                "keep one, else the second silently replaces the first",
                key_node.start_mark,
                field=str(key),
            )
        seen[key] = line


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    _check_keys(loader, node)
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


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def _construct_int(loader: LineLoader, node: yaml.ScalarNode) -> Any:
    """A decimal integer; ``0123`` (YAML 1.1 octal), ``0x1F``, ``1_000`` and ``1:30``
    (base 60) stay text as written: codes and ids keep their leading zeros."""
    text = loader.construct_scalar(node)
    if isinstance(text, str) and not _DECIMAL.fullmatch(text.strip()):
        return text
    return yaml.SafeLoader.construct_yaml_int(loader, node)


LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
LineLoader.add_constructor(None, LineLoader.construct_undefined)  # type: ignore[arg-type]
for _tag in ("binary", "set", "omap", "pairs"):  # safe in PyYAML, but no field holds them
    LineLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", LineLoader.construct_undefined)


class TooLarge(Exception):
    """The document expands past ``MAX_VALUES`` values or ``MAX_ALIAS_CHARS`` more characters
    than its text holds, holds a value longer than the cell limit (``limits().cell_chars``), or
    an anchor refers to itself. ``line`` is the line of the mapping nearest the value."""

    def __init__(self, message: str, line: int | None = None, kind: str = "bad-yaml") -> None:
        super().__init__(message)
        self.line = line
        self.kind = kind


def check_expanded_size(value: Any, text_chars: int | None = None) -> int:
    """How many values ``value`` holds once anchors are expanded (raises ``TooLarge``).

    With ``text_chars`` (the length of the text read), the characters of its strings once
    expanded may exceed it by at most ``MAX_ALIAS_CHARS``.
    """
    count, chars = _expanded_size(value, {}, set(), limits().cell_chars)
    if text_chars is not None and chars > text_chars + MAX_ALIAS_CHARS:
        raise TooLarge(
            f"anchors (*alias) expand it to {chars:,} characters, "
            f"more than {MAX_ALIAS_CHARS:,} beyond the {text_chars:,} written"
        )
    return count


def _expanded_size(
    value: Any, memo: dict[int, tuple[int, int]], open_: set[int], cap: int, line: Any = None
) -> tuple[int, int]:
    """(values, characters of strings) in ``value`` with every anchor expanded; a string longer
    than ``cap`` raises ``TooLarge``."""
    if not isinstance(value, dict | list):
        if isinstance(value, str) and len(value) > cap:
            raise TooLarge(
                f"a value holds {len(value):,} characters; a value may hold at most {cap:,} "
                f"{limits().hint('cell_chars')}: shorten it",
                line if isinstance(line, int) else None,
                "too-long",
            )
        return 1, len(value) if isinstance(value, str) else 0
    key = id(value)
    if key in memo:
        return memo[key]
    if key in open_:
        raise TooLarge("an anchor refers to itself")
    open_.add(key)
    if isinstance(value, dict):
        line = value.get(LINE, line)
    count, chars = 1, 0
    for k, v in value.items() if isinstance(value, dict) else enumerate(value):
        chars += _expanded_size(k, memo, open_, cap, line)[1] if isinstance(k, str) else 0
        n, c = _expanded_size(v, memo, open_, cap, line)
        count, chars = count + n, chars + c
    open_.discard(key)
    if count > MAX_VALUES:
        raise TooLarge(f"anchors (*alias) expand it to more than {MAX_VALUES:,} values")
    memo[key] = (count, chars)
    return count, chars


def read_yaml(text: str, report: LoadReport[Any], what: str) -> Any:
    """The document of ``text`` read by ``LineLoader``, or None when refused (one problem).

    ``what`` names the file's kind in the message ("a projects file").
    """
    lim = limits()
    items = text.count("\n") + text.count(",") + text.count(":")  # at least the values held
    if items > lim.yaml_items:
        report.add(
            "too-large",
            f"the YAML holds about {items:,} values; the limit is {lim.yaml_items:,} "
            f"{lim.hint('yaml_items')}: split it into several files",
        )
        return None
    try:
        doc = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
        check_expanded_size(doc, len(text))
    except Refused as exc:
        mark = exc.problem_mark
        report.add(
            "bad-yaml",
            f"{exc.problem}",
            line=mark.line + 1 if mark else None,
            field=exc.field,
            value=exc.value,
        )
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        report.add(
            "bad-yaml",
            f"YAML syntax error: {problem}; check indentation and quotes",
            line=mark.line + 1 if mark else None,
        )
        return None
    except TooLarge as exc:
        report.add(exc.kind, f"the YAML cannot be {what}: {exc}", line=exc.line)
        return None
    except RecursionError:
        report.add(
            "bad-yaml",
            f"the YAML cannot be {what}: it is nested too deeply; write the items out plainly",
        )
        return None
    _look(doc, report)
    return doc


def _look(value: Any, report: LoadReport[Any], line: Any = None) -> None:
    """Warnings for the values a planner should look at (``guards.check_value``): dates more
    than a year ahead, amounts no firm has; each names the nearest mapping's line."""
    from .guards import check_value

    stack = [(value, line)]
    while stack:
        item, line = stack.pop()
        if isinstance(item, dict):
            line = item.get(LINE, line)
            for k, v in item.items():
                if isinstance(v, dict | list):
                    stack.append((v, line))
                elif k != LINE:
                    check_value(str(k), v, report, str(k), {"line": line})
        elif isinstance(item, list):
            stack.extend((v, line) for v in item)


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
