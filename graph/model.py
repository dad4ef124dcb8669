"""The records of the atlas (pydantic v2).

Every fact carries ``source`` (where it comes from) and ``as_of`` (the date it was true).
Validation happens here, once: tiers, slugs, GB/T 4754-2017 class codes, region codes and the
GB 32100 check digit of a unified social credit code (统一社会信用代码).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

__all__ = [
    "NodeLabel",
    "RelType",
    "Tier",
    "LinkKind",
    "Ownership",
    "PresenceKind",
    "WeakLinkKind",
    "ProjectStatus",
    "Record",
    "Fact",
    "Chain",
    "Segment",
    "SupplyLink",
    "ListMembership",
    "Enterprise",
    "Capability",
    "Presence",
    "Region",
    "WeakLink",
    "Cluster",
    "StatusChange",
    "Project",
    "ContactChannel",
    "Intention",
    "Executive",
    "ContactEntry",
    "Profile",
    "Product",
    "Industry",
    "ProductLink",
    "ProductSupply",
    "IndustryMembership",
    "SupplyTie",
    "Atlas",
    "uscc_check_digit",
    "is_valid_uscc",
    "region_prefix",
]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
GBT_CLASS_RE = re.compile(r"^\d{4}$")
REGION_RE = re.compile(r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")


class NodeLabel(StrEnum):
    """Node labels; the only strings that ever name a label in a query."""

    CHAIN = "Chain"
    SEGMENT = "Segment"
    PRODUCT = "Product"
    INDUSTRY = "Industry"
    ENTERPRISE = "Enterprise"
    REGION = "Region"
    CLUSTER = "Cluster"
    PROJECT = "Project"
    WEAK_LINK = "WeakLink"
    PROFILE = "Profile"


class RelType(StrEnum):
    """Relationship types; the only strings that ever name a type in a query."""

    FEEDS = "FEEDS"
    PART_OF = "PART_OF"
    CAN_SUPPLY = "CAN_SUPPLY"
    LOCATED_IN = "LOCATED_IN"
    SUPPLIES = "SUPPLIES"
    MADE_FROM = "MADE_FROM"
    SUBTYPE_OF = "SUBTYPE_OF"
    IN_INDUSTRY = "IN_INDUSTRY"
    CLASSIFIED_AS = "CLASSIFIED_AS"
    BY = "BY"
    FILLS = "FILLS"
    AT = "AT"
    MEMBER_OF = "MEMBER_OF"


class Tier(StrEnum):
    UPSTREAM = "upstream"
    MIDSTREAM = "midstream"
    DOWNSTREAM = "downstream"


class LinkKind(StrEnum):
    MATERIAL = "material"
    COMPONENT = "component"
    EQUIPMENT = "equipment"
    SERVICE = "service"


class Ownership(StrEnum):
    CENTRAL_SOE = "central_soe"
    LOCAL_SOE = "local_soe"
    PRIVATE = "private"
    FOREIGN = "foreign"
    MIXED = "mixed"
    COLLECTIVE = "collective"
    UNKNOWN = "unknown"


class PresenceKind(StrEnum):
    HQ = "hq"
    PLANT = "plant"
    PLANNED = "planned"


class WeakLinkKind(StrEnum):
    WEAK = "weak"
    MISSING = "missing"


class ProjectStatus(StrEnum):
    """Pipeline stages 推介 → 在谈 → 签约 → 拟开工 → 在建 → 投产, or 终止."""

    PROMOTED = "推介"
    NEGOTIATING = "在谈"
    SIGNED = "签约"
    TO_START = "拟开工"
    UNDER_CONSTRUCTION = "在建"
    IN_PRODUCTION = "投产"
    TERMINATED = "终止"


Slug = Annotated[str, Field(min_length=1, max_length=200)]


def check_region_code(value: str) -> str:
    """A division code has 2, 4, 6, 9 or 12 digits; empty means 'not given'."""
    if value and not REGION_RE.match(value):
        raise ValueError(
            f"region code {value!r} is not a division code (2, 4, 6, 9 or 12 digits, e.g. 410700)"
        )
    return value


RegionCode = Annotated[str, AfterValidator(check_region_code)]
RequiredRegionCode = Annotated[str, Field(min_length=1), AfterValidator(check_region_code)]


class Record(BaseModel):
    """Base of every record: strict about unknown fields, strips whitespace."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


class Fact(Record):
    """A record that carries where it comes from and when it was true."""

    source: str = ""
    as_of: date | None = None


def _check_slug(value: str, what: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(
            f"{what} {value!r} is not a valid id: use lowercase letters, digits, '-', '_' or '.'"
        )
    return value


def _clean_list(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        v = v.strip()
        if v and v not in seen:
            seen[v] = None
    return list(seen)


def region_prefix(code: str) -> str:
    """The significant prefix of a division code: ``410700`` → ``4107``, ``410000`` → ``41``.

    >>> region_prefix("410700"), region_prefix("410000"), region_prefix("410721")
    ('4107', '41', '410721')
    """
    code = code.strip()
    if len(code) > 6:
        code = code.rstrip("0")
        code = code + "0" * ((6 - len(code)) % 2) if len(code) < 6 else code
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


class Chain(Fact):
    """An industry chain (产业链), e.g. ``battery-ev``."""

    id: Slug
    name_zh: str
    name_en: str = ""
    description: str = ""

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_slug(v, "chain id")


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
        return _check_slug(v, "segment id")

    @field_validator("aliases", "keywords", "chain_ids")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        return _clean_list(v)

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
        return _clean_list(out)

    @model_validator(mode="after")
    def _parent_not_self(self) -> Segment:
        if self.parent == self.id:
            raise ValueError(f"segment {self.id!r} cannot be its own parent")
        return self

    def names(self) -> list[str]:
        """Every name a planner might type for this segment."""
        return _clean_list([self.name_zh, self.name_en, *self.aliases])


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
        return _clean_list(v)

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
        return _clean_list([self.name, self.full_name, *self.aliases])

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


class Cluster(Fact):
    """An industrial cluster (产业集群) in a park."""

    id: Slug
    name: str
    park: str = ""
    region_code: str = ""
    chain_id: str = ""
    segment_ids: list[str] = Field(default_factory=list)
    member_ids: list[str] = Field(default_factory=list)
    lead_id: str = ""


class StatusChange(Record):
    """One dated step of a project's status history."""

    status: ProjectStatus
    on: date
    note: str = ""
    source: str = ""


class Project(Fact):
    """A key project (重点项目) with its dated status history."""

    id: Slug
    name: str
    enterprise_id: str = ""
    segment_ids: list[str] = Field(default_factory=list)
    investment_100m_cny: float | None = Field(default=None, ge=0)
    status: ProjectStatus = ProjectStatus.PROMOTED
    responsible_unit: str = ""
    lead_official: str = ""
    region_code: str = ""
    history: list[StatusChange] = Field(default_factory=list)


class ContactChannel(StrEnum):
    """How a contact with a target firm happened."""

    VISIT = "visit"  # 走访 / 拜访: we went to them
    RECEPTION = "reception"  # 来访 / 接待: they came to us
    MEETING = "meeting"  # 会谈 / 洽谈会 / 推介会
    CALL = "call"  # 电话 / 视频
    LETTER = "letter"  # 函件 / 邮件
    OTHER = "other"


class Intention(Fact):
    """A project intention (项目意向) of a firm: what it may build, where, how big, when."""

    segment_id: str = ""
    segment_text: str = ""
    region_code: RegionCode = ""
    investment_100m_cny: float | None = Field(default=None, ge=0)
    timing: str = ""
    note: str = ""

    def key(self) -> tuple[str, str, str]:
        return (self.segment_id or self.segment_text, self.region_code, self.timing)


class Executive(Fact):
    """An executive (高管) and the ties planners note: home town (籍贯), alma mater (毕业院校)."""

    name: str = Field(min_length=1)
    role: str = ""
    home_town: str = ""
    alma_mater: str = ""
    ties: str = ""


class ContactEntry(Record):
    """One entry of the contact log (对接记录): who met whom, how, what came of it, what next."""

    on: date
    who: str = ""
    counterpart: str = ""
    channel: ContactChannel = ContactChannel.OTHER
    outcome: str = ""
    next_step: str = ""
    next_date: date | None = None
    source: str = ""

    def key(self) -> tuple[date, str, str]:
        return (self.on, self.who, self.channel.value)


class Profile(Fact):
    """The information base (目标企业信息库) on one firm, keyed by ``enterprise_id``.

    Loading another profile of the same firm merges into it (``graph.merge.merge_profile``):
    contact entries accumulate, intentions and executives are replaced by key.
    """

    enterprise_id: str = Field(min_length=1)
    status: str = ""
    strategy: str = ""
    layout: str = ""
    intentions: list[Intention] = Field(default_factory=list)
    executives: list[Executive] = Field(default_factory=list)
    contacts: list[ContactEntry] = Field(default_factory=list)


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


class Atlas(Record):
    """A batch of records to write in one atomic step."""

    chains: list[Chain] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    links: list[SupplyLink] = Field(default_factory=list)
    enterprises: list[Enterprise] = Field(default_factory=list)
    capabilities: list[Capability] = Field(default_factory=list)
    presences: list[Presence] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    weak_links: list[WeakLink] = Field(default_factory=list)
    clusters: list[Cluster] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    industries: list[Industry] = Field(default_factory=list)
    product_links: list[ProductLink] = Field(default_factory=list)
    product_supplies: list[ProductSupply] = Field(default_factory=list)
    industry_memberships: list[IndustryMembership] = Field(default_factory=list)
    supply_ties: list[SupplyTie] = Field(default_factory=list)
    profiles: list[Profile] = Field(default_factory=list)

    def extend(self, other: Atlas) -> None:
        for name in type(self).model_fields:
            getattr(self, name).extend(getattr(other, name))

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in type(self).model_fields}

    def is_empty(self) -> bool:
        return not any(self.counts().values())
