"""A reviewed list import is one write: the confirmed memberships, the duplicate firms removed
and the remembered decisions land together, are one history entry, and one undo takes them back.
The store side: ``WriteNote.delete`` and ``WriteNote.settings`` on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from chainatlas.graph.errors import UnknownRecord
from chainatlas.graph.model import Atlas, Enterprise, NodeLabel, Presence
from chainatlas.graph.revision import WriteNote
from chainatlas.graph.store import Store

from tests.test_lists import (
    CHINA500,
    GLOBAL500,
    REGISTRY,
    _cli,
    _firms,
    _review_rows,
    _write_review,
)


def test_a_write_can_delete_nodes_and_set_settings_in_one_step(store: Store) -> None:
    store.write(
        Atlas(
            enterprises=[Enterprise(id="a", name="甲"), Enterprise(id="dup", name="甲公司")],
            presences=[Presence(enterprise_id="dup", region_code="410700")],
        )
    )
    before = (store.enterprises(), store.presences(["dup"]), store.settings())
    entries = len(store.history())
    note = WriteNote(command="merge", delete={NodeLabel.ENTERPRISE: ["dup"]}, settings={"k": "v"})
    changes = store.write(
        Atlas(enterprises=[Enterprise(id="a", name="甲", aliases=["甲公司"])]), note
    )
    assert [e.id for e in store.enterprises()] == ["a"] and store.presences(["dup"]) == []
    assert store.settings()["k"] == "v"
    assert len(store.history()) == entries + 1
    [ent] = [c for c in changes.nodes if c.label == NodeLabel.ENTERPRISE.value]
    assert ent.counts == {"added": 0, "changed": 1, "removed": 1}
    assert changes.settings == {"k": [None, "v"]}
    store.undo()
    assert (store.enterprises(), store.presences(["dup"]), store.settings()) == before
    # a node the store does not hold: refused, nothing written
    with pytest.raises(UnknownRecord):
        store.write(
            Atlas(enterprises=[Enterprise(id="b", name="乙")]),
            WriteNote(delete={NodeLabel.ENTERPRISE: ["ghost"]}, settings={"k": "w"}),
        )
    assert [e.id for e in store.enterprises()] == ["a", "dup"] and "k" not in store.settings()
    assert len(store.history()) == entries + 2  # the write and its undo; nothing more


def test_a_reviewed_import_is_one_write_and_one_undo(store: Store, tmp_path: Path) -> None:
    where, lists = store.location, tmp_path / "lists"
    lists.mkdir()
    (lists / "fortune_china500_2025.csv").write_text(CHINA500, encoding="utf-8")
    (lists / "fortune_global500_2025.csv").write_text(GLOBAL500, encoding="utf-8")
    (tmp_path / "reg.csv").write_text(REGISTRY, encoding="utf-8")
    assert _cli(where, "load", str(tmp_path / "reg.csv"))[0] == 0
    review = tmp_path / "review.csv"
    assert _cli(where, "import", "lists", str(lists), "--review", str(review))[0] == 0
    made = {e.name: e.id for e in _firms(where).values() if e.id.startswith("e-")}
    dup = made["宁德时代新能源有限公司"]
    rows = _review_rows(review)
    for r in rows:
        r["confirm"] = (
            "是" if (r["entry"], r["candidate_id"]) == ("宁德时代新能源有限公司", "catl") else ""
        )
    _write_review(review, rows)
    before_firms = _firms(where)
    before_history = store.history()
    before_settings = store.settings()
    code, _, err = _cli(where, "import", "lists", str(lists), "--reviewed", str(review))
    assert code == 0, err
    after = store.history()
    assert len(after) == len(before_history) + 1  # one write: memberships, removal, decisions
    entry = after[-1]
    assert entry.command == "import lists"
    [ent] = [c for c in entry.changes.nodes if c.label == NodeLabel.ENTERPRISE.value]
    assert ent.counts["removed"] == 1 and any(dup in n for n in ent.removed)
    assert "list_review" in entry.changes.settings
    firms = _firms(where)
    assert dup not in firms and [m.rank for m in firms["catl"].lists] == [2]
    code, _, err = _cli(where, "undo")
    assert code == 0, err
    assert _firms(where) == before_firms  # the duplicate back, catl without the membership
    assert store.settings() == before_settings
