"""The records of the atlas (pydantic v2).

Every fact carries ``source`` (where it comes from) and ``as_of`` (the date it was true).
Validation happens here, once: tiers, slugs, GB/T 4754-2017 class codes, region codes and the
GB 32100 check digit of a unified social credit code (统一社会信用代码).

The records live in modules by what they describe: ``enums`` (labels, types, vocabularies),
``base`` (``Record``, ``Fact``, ids and region codes), ``core`` (the chain map and the firms),
``workflow`` (clusters, projects, profiles), ``public`` (public data sets), ``pairing`` (the
central-SOE pairing table) and ``atlas`` (a batch to write). Import them from here.
"""

from __future__ import annotations

from .atlas import Atlas
from .base import Fact, Record, region_prefix
from .core import (
    Capability,
    Chain,
    Enterprise,
    ListMembership,
    Presence,
    Region,
    Segment,
    SupplyLink,
    WeakLink,
    is_valid_uscc,
    uscc_check_digit,
)
from .enums import (
    ContactChannel,
    LinkKind,
    NodeLabel,
    Ownership,
    PresenceKind,
    ProjectStatus,
    RelType,
    Tier,
    WeakLinkKind,
)
from .pairing import SoeIndustryKey, SoePairing, SoePairingTable
from .public import (
    Industry,
    IndustryMembership,
    Product,
    ProductLink,
    ProductSupply,
    SupplyTie,
)
from .workflow import (
    Cluster,
    ContactEntry,
    Executive,
    Intention,
    Profile,
    Project,
    StatusChange,
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
    "SoePairing",
    "SoeIndustryKey",
    "SoePairingTable",
    "Atlas",
    "uscc_check_digit",
    "is_valid_uscc",
    "region_prefix",
]
