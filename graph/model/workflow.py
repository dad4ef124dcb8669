"""The city's workflow records: clusters, key projects and their history, firm profiles."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .base import Fact, Record, RegionCode, Slug
from .enums import ContactChannel, ProjectStatus

__all__ = [
    "Cluster",
    "StatusChange",
    "Project",
    "Intention",
    "Executive",
    "ContactEntry",
    "Profile",
]


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
