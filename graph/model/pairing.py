"""The central-SOE pairing table (央企合作对接): which central state-owned groups a city
approaches, by industry, and the keys that say which industry a segment belongs to."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from .base import Record

__all__ = ["SoePairing", "SoeIndustryKey", "SoePairingTable"]


class SoePairing(Record):
    """One row of the pairing table: an industry, the group the seed named, today's group."""

    industry_zh: str = Field(min_length=1)
    industry_en: str = ""
    seed_name_zh: str = Field(min_length=1)
    seed_name_en: str = ""
    current_name_zh: str = Field(min_length=1)
    note: str = ""
    source: str = ""
    as_of: date | None = None


class SoeIndustryKey(Record):
    """What a chain (``scope="chain"``, ``key`` its id) or a GB/T 4754-2017 division
    (``scope="gbt_division"``, ``key`` its two digits) is in the table's words (``industry``,
    an ``industry_zh`` of the table)."""

    scope: Literal["chain", "gbt_division"]
    key: str = Field(min_length=1)
    industry: str = Field(min_length=1)


class SoePairingTable(Record):
    """The pairing rows and the keys that map a segment (by its chains, else by its GB/T
    4754-2017 divisions) to the table's industries."""

    pairings: list[SoePairing] = Field(default_factory=list)
    keys: list[SoeIndustryKey] = Field(default_factory=list)

    @model_validator(mode="after")
    def _keys_name_industries(self) -> SoePairingTable:
        known = {p.industry_zh for p in self.pairings}
        for k in self.keys:
            if k.industry not in known:
                raise ValueError(
                    f"{k.scope} {k.key!r} maps to industry {k.industry!r}, which is not in the "
                    f"pairing table; known: {', '.join(sorted(known))}"
                )
        return self

    def industry_of(self, scope: Literal["chain", "gbt_division"], key: str) -> str | None:
        """The table's industry for a chain id or a GB/T division, if a key names it."""
        for k in self.keys:
            if k.scope == scope and k.key == key:
                return k.industry
        return None
