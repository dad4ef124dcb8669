"""The embedded store under several processes: no lost write, no corrupt file, a clear wait.

Every writer is a real ``chainatlas load`` process. A writer killed with SIGKILL in the middle
of writing the file leaves the previous file whole and loadable, with every row it had.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.errors import StoreLocked
from chainatlas.graph.model import Atlas, Region

from tests.conftest import MINI

CHAINATLAS = str(Path(sys.executable).parent / "chainatlas")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def registry(path: Path, prefix: str, rows: int) -> Path:
    lines = ["id,name,hq_region,segments"]
    lines += [f"{prefix}-{i},{prefix}企业{i},410700,cells:0.5" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load(store: Path, *files: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CHAINATLAS, "--store", str(store), "--quiet", "load", *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    proc = load(store, *sorted(MINI.iterdir()))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return store


def test_two_writers_at_once_both_land(mini: Path, tmp_path: Path) -> None:
    a = registry(tmp_path / "a.csv", "a", 3000)
    b = registry(tmp_path / "b.csv", "b", 3000)
    procs = [load(mini, a), load(mini, b)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    store = NetworkXStore(mini)  # the file opens: not corrupt
    assert store.stats()["Enterprise"] == 7 + 3000 + 3000
    assert len(store.enterprises(["a-0", "a-2999", "b-0", "b-2999", "local-cells"])) == 5


def _hold_lock(store: Path, seconds: float) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        import sys, time
        from filelock import FileLock
        with FileLock({str(store / "atlas.pickle") + ".lock"!r}):
            print("held", flush=True)
            time.sleep({seconds})
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_writer_that_cannot_wait_gets_store_locked(mini: Path) -> None:
    holder = _hold_lock(mini, 30)
    try:
        store = NetworkXStore(mini, lock_timeout=0.2)
        before = store.stats()
        with pytest.raises(StoreLocked) as info:
            store.write(Atlas(regions=[Region(code="410800", name_zh="焦作市")]))
        assert str(info.value) == (
            f"the embedded store {mini / 'atlas.pickle'} is being written by another process "
            f"(waited 0.2 s for {mini / 'atlas.pickle'}.lock); try again when it is done"
        )
        assert NetworkXStore(mini).stats() == before
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_waits_for_the_lock_then_writes(mini: Path) -> None:
    holder = _hold_lock(mini, 1.5)
    store = NetworkXStore(mini, lock_timeout=60)
    store.write(Atlas(regions=[Region(code="410800", name_zh="焦作市")]))
    holder.wait(timeout=60)
    assert holder.returncode == 0  # the holder finished its sleep: the writer waited for it
    assert NetworkXStore(mini).stats()["Region"] == store.stats()["Region"]
    assert [r.code for r in NetworkXStore(mini).regions(["410800"])] == ["410800"]


def _kill_while_writing(store: Path, big: Path) -> bool:
    """Start a load and SIGKILL it once its temporary file appears; True if caught mid-write."""
    proc = load(store, big)
    deadline = time.monotonic() + 240
    caught = False
    while proc.poll() is None and time.monotonic() < deadline:
        if any(store.glob(".atlas.pickle-*.tmp")):
            proc.send_signal(signal.SIGKILL)
            caught = True
            break
        time.sleep(0.002)
    proc.communicate(timeout=60)
    return caught and proc.returncode == -signal.SIGKILL


@pytest.mark.slow
def test_sigkill_during_a_big_write_leaves_the_previous_file(mini: Path, tmp_path: Path) -> None:
    before = NetworkXStore(mini)
    counts = before.stats()
    local = [e.model_dump() for e in before.enterprises(["local-cells", "big-separator"])]
    big = registry(tmp_path / "big.csv", "big", 40000)
    interrupted = sum(_kill_while_writing(mini, big) for _ in range(3))
    assert interrupted >= 1, "the write finished before it could be interrupted"
    after = NetworkXStore(mini)  # opens: the file was replaced whole or not at all
    assert after.stats() == counts  # rows lost: none; rows half-written: none
    assert [e.model_dump() for e in after.enterprises(["local-cells", "big-separator"])] == local
    # the next write works and sweeps the dead temporary files away
    after.write(Atlas(regions=[Region(code="410800", name_zh="焦作市")]))
    assert not list(mini.glob(".atlas.pickle-*.tmp"))
    assert NetworkXStore(mini).stats()["Region"] == counts["Region"] + 1
