"""The history's rules on their own (``graph.revision``): which write undo takes back next, how
an undo's entry reads, how changes are told, and which files a load names for each record."""

from __future__ import annotations

import pytest
from chainatlas.graph.errors import NothingToUndo
from chainatlas.graph.model import Atlas, Enterprise, NodeLabel, WeakLink
from chainatlas.graph.revision import (
    Changes,
    HistoryEntry,
    LabelChange,
    mark_undone,
    next_to_undo,
    note_for_files,
    undo_entry,
    undo_target,
)


def entry(seq: int, undoes: int | None = None, undoable: bool = True) -> HistoryEntry:
    return HistoryEntry(seq=seq, at="2026-01-01T00:00:00+00:00", undoes=undoes, undoable=undoable)


def test_undo_steps_back_over_what_was_undone() -> None:
    # 1 2 3, undo 3 (4), write 5, undo 5 (6): next is 2
    entries = [entry(1), entry(2), entry(3), entry(4, 3), entry(5), entry(6, 5)]
    assert next_to_undo(entries) == mark_undone(entries)[1]
    assert [e.undone_by for e in mark_undone(entries)] == [None, None, 4, None, 6, None]
    assert next_to_undo([entry(1), entry(2, 1)]) is None


def test_undo_stops_at_a_write_it_cannot_take_back() -> None:
    entries = [entry(1), entry(2, undoable=False), entry(3), entry(4, 3)]
    with pytest.raises(NothingToUndo, match="write #2 .*cannot be undone"):
        undo_target(entries, "store")
    with pytest.raises(NothingToUndo, match="nothing to undo: the store here has no write left"):
        undo_target([], "here")


def test_an_undo_entry_reverses_the_changes() -> None:
    target = entry(3).model_copy(
        update={
            "files": ["a.csv"],
            "changes": Changes(
                nodes=[
                    LabelChange(
                        label="Enterprise",
                        counts={"added": 1, "changed": 0, "removed": 2},
                        added=["x 甲"],
                        removed=["y", "z"],
                    )
                ],
                edges={"CAN_SUPPLY": {"added": 4, "changed": 1, "removed": 0}},
                settings={"home_region": [None, "410700"]},
            ),
        }
    )
    undo = undo_entry(9, target)
    assert (undo.seq, undo.undoes, undo.command, undo.files, undo.undoable) == (
        9,
        3,
        "undo",
        ["a.csv"],
        False,
    )
    (firms,) = undo.changes.nodes
    assert firms.added == ["y", "z"] and firms.removed == ["x 甲"]
    assert firms.counts == {"removed": 1, "changed": 0, "added": 2}
    assert undo.changes.edges == {"CAN_SUPPLY": {"removed": 4, "changed": 1, "added": 0}}
    assert undo.changes.settings == {"home_region": ["410700", None]}


def test_changes_read_as_lines_with_counts_beyond_the_names_kept() -> None:
    change = LabelChange(label="Enterprise")
    for i in range(250):
        change.note("added", f"e{i}")
    assert len(change.added) == 200 and change.counts["added"] == 250
    lines = Changes(nodes=[change], superseded=["old.csv"]).lines(limit=3)
    assert lines == [
        "added 250 Enterprise: e0, e1, e2 … (+247 more)",
        "replaces what was loaded from: old.csv",
    ]
    assert Changes().lines() == ["no change"] and Changes().summary() == (
        "0 added, 0 changed, 0 removed"
    )


def test_a_load_names_each_record_by_the_files_it_came_from() -> None:
    a = Atlas(enterprises=[Enterprise(id="e1", name="甲"), Enterprise(id="e2", name="乙")])
    b = Atlas(
        enterprises=[Enterprise(id="e1", name="甲")],
        weak_links=[WeakLink(id="c:1", chain_id="c", segment_id="s", kind="weak")],
    )
    note = note_for_files([("/x/reg.csv", a), ("/y/more.csv", b)], replace=True)
    assert note.files == ["/x/reg.csv", "/y/more.csv"] and note.replace
    assert note.origins(NodeLabel.ENTERPRISE, "e1") == ["reg.csv", "more.csv"]
    assert note.origins(NodeLabel.WEAK_LINK, "c:1") == ["more.csv"]
    assert note.origins(NodeLabel.ENTERPRISE, "nobody") == []
