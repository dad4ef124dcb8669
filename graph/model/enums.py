"""The enumerations of the model: node labels, relationship types and the closed vocabularies."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "NodeLabel",
    "RelType",
    "Tier",
    "LinkKind",
    "Ownership",
    "PresenceKind",
    "WeakLinkKind",
    "ProjectStatus",
    "ContactChannel",
]


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


class ContactChannel(StrEnum):
    """How a contact with a target firm happened."""

    VISIT = "visit"  # 走访 / 拜访: we went to them
    RECEPTION = "reception"  # 来访 / 接待: they came to us
    MEETING = "meeting"  # 会谈 / 洽谈会 / 推介会
    CALL = "call"  # 电话 / 视频
    LETTER = "letter"  # 函件 / 邮件
    OTHER = "other"
