"""The chain map and the firms: chains, segments, supply links, enterprises, regions, weak links."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator, model_validator

from .base import Fact, Record, RegionCode, RequiredRegionCode, Slug, check_slug, clean_list
from .enums import LinkKind, Ownership, PresenceKind, Tier, WeakLinkKind

__all__ = [
    "Chain",
    "Segment",
    "SupplyLink",
    "ListMembership",
    "Enterprise",
    "Capability",
    "Presence",
    "Region",
    "WeakLink",
    "uscc_check_digit",
    "is_valid_uscc",
]

GBT_CLASS_RE = re.compile(r"^\d{4}$")


class Chain(Fact):
    """An industry chain (产业链), e.g. ``battery-ev``."""

    id: Slug
    name_zh: str
    name_en: str = ""
    description: str = ""

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return check_slug(v, "chain id")


class Segment(Fact):
    """A link of a chain (环节)."""

    id: Slug
    name_zh: str
    name_en: str = ""
    tier: Tier
    parent: str | None = None
    chain_ids: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    gbt_codes: list[str] = Field(default_factory=list)
    importance: float | None = Field(default=None, ge=0, le=5)
    description: str = ""

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return check_slug(v, "segment id")

    @field_validator("aliases", "keywords", "chain_ids")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        return clean_list(v)

    @field_validator("gbt_codes", mode="before")
    @classmethod
    def _gbt(cls, v: Any) -> list[str]:
        if v is None:
            return []
        if isinstance(v, str | int):
            v = [v]
        out = []
        for code in v:
            code = str(code).strip()
            if not GBT_CLASS_RE.match(code):
                raise ValueError(
                    f"GB/T 4754-2017 class code {code!r} must be 4 digits (e.g. '3841')"
                )
            out.append(code)
        return clean_list(out)

    @model_validator(mode="after")
    def _parent_not_self(self) -> Segment:
        if self.parent == self.id:
            raise ValueError(f"segment {self.id!r} cannot be its own parent")
        return self

    def names(self) -> list[str]:
        """Every name a planner might type for this segment."""
        return clean_list([self.name_zh, self.name_en, *self.aliases])


class SupplyLink(Fact):
    """``(from)-[:FEEDS {kind}]->(to)``: the upstream segment supplies the downstream one."""

    from_id: str
    to_id: str
    kind: LinkKind = LinkKind.MATERIAL
    chain_id: str = ""


class ListMembership(Record):
    """A ranking an enterprise appears on, e.g. ``fortune_global500`` 2025 rank 37."""

    list: str
    year: int | None = None
    rank: int | None = None

    def label(self) -> str:
        parts = [self.list]
        if self.year:
            parts.append(str(self.year))
        if self.rank:
            parts.append(f"#{self.rank}")
        return " ".join(parts)


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_digit(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a code.

    >>> uscc_check_digit("91350100M000100Y4")
    '3'
    """
    total = 0
    for ch, w in zip(first17, USCC_WEIGHTS, strict=True):
        idx = USCC_ALPHABET.find(ch)
        if idx < 0:
            raise ValueError(f"character {ch!r} is not allowed in a unified social credit code")
        total += idx * w
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    """True when ``code`` is 18 characters with a correct GB 32100 check digit."""
    code = code.strip().upper()
    if len(code) != 18:
        return False
    try:
        return uscc_check_digit(code[:17]) == code[17]
    except ValueError:
        return False


class Enterprise(Fact):
    """A firm: names, registry code, ownership, lists, HQ and the planners' information base."""

    id: Slug
    name: str
    full_name: str = ""
    aliases: list[str] = Field(default_factory=list)
    uscc: str = ""
    ownership: Ownership = Ownership.UNKNOWN
    stock_code: str = ""
    hq_region: RegionCode = ""
    revenue_100m_cny: float | None = Field(default=None, ge=0)
    employees: int | None = Field(default=None, ge=0)
    lists: list[ListMembership] = Field(default_factory=list)
    products: list[str] = Field(default_factory=list)
    website: str = ""
    industry: str = ""
    # target information base (目标企业信息库)
    status: str = ""
    strategy: str = ""
    layout: str = ""
    intentions: str = ""
    executives: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v:
            raise ValueError("an enterprise needs a name")
        return v

    @field_validator("aliases", "products")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        return clean_list(v)

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, v: str) -> str:
        v = v.strip().upper()
        if v and not is_valid_uscc(v):
            if len(v) != 18:
                raise ValueError(f"unified social credit code {v!r} must have 18 characters")
            raise ValueError(
                f"unified social credit code {v!r} fails the GB 32100 check digit "
                f"(expected last character {uscc_check_digit(v[:17])!r}); check for a typo"
                if all(c in USCC_ALPHABET for c in v[:17])
                else f"unified social credit code {v!r} contains characters not allowed by GB 32100"
            )
        return v

    def names(self) -> list[str]:
        return clean_list([self.name, self.full_name, *self.aliases])

    def province(self) -> str:
        return self.hq_region[:2] if self.hq_region else ""


class Capability(Fact):
    """``(Enterprise)-[:CAN_SUPPLY {evidence, strength}]->(Segment)``."""

    enterprise_id: str
    segment_id: str
    strength: float = Field(default=1.0, ge=0, le=1)
    evidence: str = ""


class Presence(Fact):
    """``(Enterprise)-[:LOCATED_IN {kind}]->(Region)``: HQ, plant or planned plant."""

    enterprise_id: str
    region_code: RequiredRegionCode
    kind: PresenceKind = PresenceKind.HQ


class Region(Fact):
    """An administrative division (GB/T 2260 / statistical codes)."""

    code: RequiredRegionCode
    name_zh: str
    name_en: str = ""
    level: str = ""
    parent: str = ""
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)


class WeakLink(Fact):
    """An official weak or missing link (产业链弱项/缺项) at a segment."""

    id: str
    chain_id: str
    segment_id: str
    kind: WeakLinkKind
    note: str = ""
    written_as: str = ""
