"""Planner-editable weights of the candidate score (a YAML file; defaults in data/weights.yaml).

A candidate's score is a sum of named factors. The capability factors (how the firm was found
to fit: ``segment`` tag, main ``product``, ``subtype``/``adjacent`` product in the product graph,
``industry`` class, ``text`` in its name) share the ``fit`` weight: each is valued 0..1 up to its
``how_*`` cap and they combine so that corroborating evidence adds up to at most 1. The other
factors (scale, lists, geography, expansion, ties, SOE pairing) are each ``weight × value ×
fit``: a firm's pull counts only in proportion to how well it fits the gap.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from chainatlas.graph.errors import ChainAtlasError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["Weights", "load_weights"]


class Weights(BaseModel):
    """How much each named factor (valued 0..1) contributes to a candidate's score."""

    model_config = ConfigDict(extra="forbid")

    fit: float = Field(0.60, ge=0)
    scale: float = Field(0.10, ge=0)
    lists: float = Field(0.08, ge=0)
    geography: float = Field(0.08, ge=0)
    expansion: float = Field(0.06, ge=0)
    ties: float = Field(0.04, ge=0)
    soe_pairing: float = Field(0.04, ge=0)
    # caps of the capability evidence, by how a firm was found (0..1)
    how_segment: float = Field(1.0, ge=0, le=1)
    how_product: float = Field(1.0, ge=0, le=1)
    how_subtype: float = Field(0.75, ge=0, le=1)
    how_adjacent: float = Field(0.25, ge=0, le=1)
    how_industry: float = Field(0.45, ge=0, le=1)
    how_text: float = Field(0.35, ge=0, le=1)
    min_fit: float = Field(0.15, ge=0, le=1)


def load_weights(path: str | Path | None) -> Weights:
    """Weights from a YAML file (missing keys keep their defaults); defaults when ``path`` is None."""
    if path is None:
        return Weights()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ChainAtlasError(f"cannot read weights file {p}: {exc}") from exc
    if not isinstance(data, dict):
        raise ChainAtlasError(f"weights file {p} must be a mapping of factor: weight")
    try:
        return Weights.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        raise ChainAtlasError(
            f"weights file {p}: {field}: {first['msg']} (known factors: "
            f"{', '.join(Weights.model_fields)})"
        ) from exc
