"""Planner-editable weights of the candidate score: a config passed to the queries.

The surface reads a YAML file of weights into ``Weights`` (the shipped one is data/weights.yaml,
equal to the defaults here); the queries only take the model.

A candidate's score is a sum of named factors. The capability factors (how the firm was found
to fit: ``segment`` tag, main ``product``, ``subtype``/``adjacent`` product in the product graph,
``industry`` class, ``text`` in its name) share the ``fit`` weight: each is valued 0..1 up to its
``how_*`` cap and they combine so that corroborating evidence adds up to at most 1. The other
factors (scale, lists, geography, expansion, ties, SOE pairing) are each ``weight × value ×
fit``: a firm's pull counts only in proportion to how well it fits the gap.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Weights"]


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
    how_product: float = Field(0.85, ge=0, le=1)
    how_subtype: float = Field(0.75, ge=0, le=1)
    how_adjacent: float = Field(0.25, ge=0, le=1)
    how_industry: float = Field(0.55, ge=0, le=1)
    how_text: float = Field(0.35, ge=0, le=1)
    how_search: float = Field(0.6, ge=0, le=1)
    min_fit: float = Field(0.15, ge=0, le=1)
