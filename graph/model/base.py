"""What every record shares: the base classes, ids, region codes and list cleaning."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = [
    "Record",
    "Fact",
    "Slug",
    "RegionCode",
    "RequiredRegionCode",
    "check_region_code",
    "check_slug",
    "clean_list",
    "region_prefix",
]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
REGION_RE = re.compile(r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$")

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


def check_slug(value: str, what: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(
            f"{what} {value!r} is not a valid id: use lowercase letters, digits, '-', '_' or '.'"
        )
    return value


def clean_list(values: list[str]) -> list[str]:
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
