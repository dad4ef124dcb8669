"""Records of public data sets: products, industry classes and the links between them and firms."""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import Fact
from .enums import RelType

__all__ = [
    "Product",
    "Industry",
    "ProductLink",
    "ProductSupply",
    "IndustryMembership",
    "SupplyTie",
]


class Product(Fact):
    """A free-text product of a public data set (e.g. ChainKnowledgeGraph), keyed by name."""

    name: str = Field(min_length=1)


class Industry(Fact):
    """A classification node: GB/T 4754-2017 (``scheme='gbt4754'``) or Shenwan 2021."""

    code: str = Field(min_length=1)
    name: str = ""
    scheme: str = "gbt4754"
    level: int | None = None
    parent_code: str = ""


class ProductLink(Fact):
    """``(from)-[:MADE_FROM]->(to)`` (to is a material of from) or ``SUBTYPE_OF`` (from is a kind of to)."""

    from_name: str
    to_name: str
    rel: RelType = RelType.MADE_FROM

    @field_validator("rel")
    @classmethod
    def _rel(cls, v: RelType) -> RelType:
        if v not in (RelType.MADE_FROM, RelType.SUBTYPE_OF):
            raise ValueError("a product link is MADE_FROM or SUBTYPE_OF")
        return v


class ProductSupply(Fact):
    """``(Enterprise)-[:CAN_SUPPLY {weight, evidence}]->(Product)``: a main product and its revenue share."""

    enterprise_id: str
    product_name: str
    weight: float | None = None
    evidence: str = ""


class IndustryMembership(Fact):
    """``(Enterprise)-[:IN_INDUSTRY]->(Industry)``."""

    enterprise_id: str
    industry_code: str


class SupplyTie(Fact):
    """``(Enterprise)-[:SUPPLIES]->(Enterprise)``: a known customer relation."""

    from_id: str
    to_id: str
    evidence: str = ""
