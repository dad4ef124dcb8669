"""A firm by the name a planner types: its id, name, full name or alias, or a unique part of one.

``match_enterprise(store, "宁德时代")`` is the one place a firm's name is resolved: the
profile, the loaders' references to stored firms and the explorer's ``--around`` all ask it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chainatlas.graph.errors import UnknownEnterprise
from chainatlas.graph.model import Enterprise
from chainatlas.graph.store import Store

__all__ = ["EnterpriseMatch", "match_enterprise"]

DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class EnterpriseMatch:
    """What a name found: the firm it names exactly (if any) and every firm found."""

    text: str
    exact: Enterprise | None = None
    found: list[Enterprise] = field(default_factory=list)

    @property
    def unique(self) -> Enterprise | None:
        """The exact firm, else the only firm found, else ``None``."""
        if self.exact is not None:
            return self.exact
        return self.found[0] if len(self.found) == 1 else None

    def require(self) -> Enterprise:
        """The unique firm, or ``UnknownEnterprise`` with the firms found as suggestions."""
        if self.unique is not None:
            return self.unique
        raise UnknownEnterprise(self.text, [f"{e.name} ({e.id})" for e in self.found[:8]])


def match_enterprise(store: Store, text: str, *, limit: int = DEFAULT_LIMIT) -> EnterpriseMatch:
    """The firms whose id, name, full name or alias equals or contains ``text`` (at most
    ``limit``); ``exact`` is the first (by id) whose id or one of whose names is ``text``."""
    found = store.find_enterprises(text, limit=limit)
    wanted = text.strip()
    exact = next((e for e in found if wanted == e.id or wanted in e.names()), None)
    return EnterpriseMatch(text=text, exact=exact, found=found)
