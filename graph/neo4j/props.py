"""Records as Neo4j properties and back, as the store and the bulk importer both write them.

Nested lists of models (``Enterprise.lists``, a project's history, …) are one JSON string
property; floats stay floats (inf and NaN included); ``None`` is no property. An enterprise
also carries ``NAMES_PROPERTY``, its id and names for the name index.
"""

from __future__ import annotations

import json
import typing
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from ..model import Enterprise, NodeLabel
from .cypher import NAMES_PROPERTY

__all__ = ["to_props", "from_props", "node_props"]

M = TypeVar("M", bound=BaseModel)


@cache
def _nested_fields(cls: type[BaseModel]) -> frozenset[str]:
    """Fields holding lists of models: stored as one JSON string property."""
    out = set()
    for name, field in cls.model_fields.items():
        args = typing.get_args(field.annotation)
        if typing.get_origin(field.annotation) is list and any(
            isinstance(a, type) and issubclass(a, BaseModel) for a in args
        ):
            out.add(name)
    return frozenset(out)


def to_props(rec: BaseModel) -> dict[str, Any]:
    """A record as Neo4j properties: JSON-mode values, floats as floats, ``None`` left out."""
    as_json = rec.model_dump(mode="json")  # one dump: floats are read off the record itself
    nested = _nested_fields(type(rec))
    out: dict[str, Any] = {}
    for key, value in as_json.items():
        if key in nested:
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(raw := getattr(rec, key), float):
            out[key] = raw  # keeps inf/nan, which JSON mode would turn into null
        elif value is not None:
            out[key] = value
    return out


def node_props(label: NodeLabel, rec: BaseModel) -> dict[str, Any]:
    """A node's properties: ``to_props``, plus the joined names of an enterprise."""
    props = to_props(rec)
    if label is NodeLabel.ENTERPRISE and isinstance(rec, Enterprise):
        props[NAMES_PROPERTY] = "\n".join([rec.id, *rec.names()])
    return props


def from_props(cls: type[M], props: dict[str, Any]) -> M:
    """Rebuild a record from the properties ``to_props`` wrote."""
    data = {k: v for k, v in props.items() if not k.startswith("_")}  # derived, index-only
    for key in _nested_fields(cls):
        if key in data:
            data[key] = json.loads(data[key])
    return cls.model_validate(data)
