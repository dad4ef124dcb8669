"""Fetch and run a real, local Neo4j Community server without Docker.

``tools/neo4j/pom.xml`` pulls ``org.neo4j:neo4j`` (Community) and the Bolt connector from Maven
Central into ``tools/neo4j/lib/<version>/``; ``tools/neo4j/src/main/java/.../Launcher.java``
embeds the DBMS with Bolt on 127.0.0.1 and auth off, and prints a ready line. This module runs
Maven and ``javac`` when needed, starts the launcher (attached to this process, or detached in
the background), and stops it again.

Settings (environment):

- ``CHAINATLAS_NEO4J_VERSION``: Neo4j version (default :data:`DEFAULT_VERSION`, 5.26 LTS).
- ``CHAINATLAS_NEO4J_JAVA_HOME``, then ``JAVA_HOME``: the JDK to use. For 2026.x releases (which
  need Java 21+), Temurin 25 at :data:`TEMURIN_25` is chosen when present.
- ``CHAINATLAS_NEO4J_HEAP``: JVM max heap (default ``3g``, enough for a chainkg-sized import in
  one transaction).
- ``CHAINATLAS_NEO4J_PAGECACHE_MB``: page cache in MiB (default 512). Size it to the store files
  (``data/databases/neo4j``) when the data is large: 1M firms are about 1.5 GB, and reads that
  miss the page cache are several times slower.
- ``CHAINATLAS_NEO4J_TOOLS_DIR``: where ``pom.xml`` lives (default ``<repo>/tools/neo4j``).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ..errors import Neo4jServerError
from .jars import (
    DEFAULT_VERSION,
    LAUNCHER_CLASS,
    TEMURIN_25,
    checked_version,
    default_version,
    ensure_jars,
    java_command,
    lib_dir,
    select_java_home,
    tools_dir,
)

__all__ = [
    "DEFAULT_VERSION",
    "TEMURIN_25",
    "LAUNCHER_CLASS",
    "READY_PREFIX",
    "Neo4jServerError",
    "ServerHandle",
    "default_version",
    "tools_dir",
    "lib_dir",
    "select_java_home",
    "java_command",
    "ensure_jars",
    "build_command",
    "start_server",
    "stop_server",
    "server_status",
    "free_port",
    "port_in_use",
]

READY_PREFIX = "chainatlas-neo4j ready "
PID_FILE = "neo4j.pid"
STATE_FILE = "server.json"
LOG_FILE = "chainatlas-neo4j.log"

build_command = java_command


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts connections on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _pid_alive(pid: int) -> bool:
    """True when ``pid`` runs and is our launcher (a reused pid or a zombie counts as gone)."""
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)  # reap it if it is our own child
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    if proc.is_dir():
        with contextlib.suppress(OSError):
            stat = (proc / "stat").read_text()
            if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
                return False
        with contextlib.suppress(OSError):
            return LAUNCHER_CLASS.encode() in (proc / "cmdline").read_bytes()
    return True


@dataclass
class ServerHandle:
    """A started server. Attached servers (``detach=False``) stop when :meth:`stop` is called,
    when this Python process exits (their stdin closes), or on SIGTERM."""

    pid: int
    port: int
    uri: str
    data_dir: Path
    version: str
    log_path: Path
    command: list[str]
    startup_seconds: float
    detached: bool
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def is_running(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        return _pid_alive(self.pid)

    def stop(self, timeout: float = 60) -> bool:
        """Stop the server; True if it was running."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(OSError):
                if self.process.stdin:
                    self.process.stdin.close()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            _clear_state(self.data_dir, self.pid)
            return True
        return stop_server(self.data_dir, timeout=timeout)

    close = stop

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _read_state(data_dir: Path) -> dict[str, Any] | None:
    try:
        state = json.loads((Path(data_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pid_file = Path(data_dir) / PID_FILE
        try:
            return {"pid": int(pid_file.read_text().strip())}
        except (OSError, ValueError):
            return None
    return state if isinstance(state, dict) else None


def _clear_state(data_dir: Path, pid: int | None = None) -> None:
    state = _read_state(data_dir)
    if pid is not None and state is not None and state.get("pid") not in (None, pid):
        return  # another server owns the data dir now
    for name in (PID_FILE, STATE_FILE):
        with contextlib.suppress(FileNotFoundError):
            (Path(data_dir) / name).unlink()


def _log_tail(path: Path, offset: int, limit: int = 4000) -> str:
    try:
        with path.open("rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return text[-limit:].strip()


def start_server(
    data_dir: Path,
    port: int = 7687,
    *,
    version: str | None = None,
    java_home: str | Path | None = None,
    detach: bool = False,
    timeout: float = 120,
    quiet: bool = True,
) -> ServerHandle:
    """Fetch (if needed) and start Neo4j with its data, logs, pid file and
    ``chainatlas-neo4j.log`` under ``data_dir``; wait until Bolt answers.

    ``detach=True`` runs it in its own session, ignoring stdin, so it outlives this process
    (stop it with :func:`stop_server`). Otherwise it stops when this process closes its stdin.
    """
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    ver = checked_version(version)
    _check_free(data_dir, port)
    lib = ensure_jars(ver, quiet=quiet, java_home=java_home)
    cmd = java_command(data_dir, port, version=ver, java_home=java_home, detach=detach, lib=lib)
    log_path = data_dir / LOG_FILE
    t0 = time.monotonic()
    proc, offset = _launch(cmd, data_dir, log_path, detach=detach)
    uri = f"bolt://127.0.0.1:{port}"
    _write_state(
        data_dir,
        {
            "pid": proc.pid,
            "port": port,
            "uri": uri,
            "version": ver,
            "data_dir": str(data_dir),
            "log": str(log_path),
            "detached": detach,
            "started_at": time.time(),
            "command": cmd,
        },
    )
    if not _wait_ready(proc, log_path, offset, READY_PREFIX + uri, t0 + timeout):
        why = (
            f"exited with code {proc.returncode}"
            if proc.poll() is not None
            else f"was not ready after {timeout:.0f} s"
        )
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        _clear_state(data_dir, proc.pid)
        raise Neo4jServerError(f"Neo4j {ver} {why}; log {log_path}:\n{_log_tail(log_path, offset)}")
    return ServerHandle(
        pid=proc.pid,
        port=port,
        uri=uri,
        data_dir=data_dir,
        version=ver,
        log_path=log_path,
        command=cmd,
        startup_seconds=time.monotonic() - t0,
        detached=detach,
        process=None if detach else proc,
    )


def _check_free(data_dir: Path, port: int) -> None:
    """Refuse a data dir whose server runs, and a port something listens on."""
    state = _read_state(data_dir)
    if state and isinstance(state.get("pid"), int) and _pid_alive(state["pid"]):
        raise Neo4jServerError(
            f"a Neo4j server already runs for {data_dir} (pid {state['pid']}, "
            f"{state.get('uri', '?')}); stop it first"
        )
    if port_in_use(port):
        raise Neo4jServerError(f"port {port} on 127.0.0.1 is already in use; choose another")


def _launch(
    cmd: list[str], data_dir: Path, log_path: Path, *, detach: bool
) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``cmd`` with its output appended to the log; the process and where its output
    starts in the log."""
    log: IO[bytes] = log_path.open("ab")
    offset = log.tell()
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL if detach else subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=data_dir,
            start_new_session=detach,
        )
    finally:
        log.close()
    return proc, offset


def _write_state(data_dir: Path, info: dict[str, Any]) -> None:
    (data_dir / PID_FILE).write_text(f"{info['pid']}\n", encoding="utf-8")
    (data_dir / STATE_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")


def _wait_ready(
    proc: subprocess.Popen[bytes], log_path: Path, offset: int, ready_line: str, deadline: float
) -> bool:
    """Wait until the launcher logs ``ready_line``; False when it exits or the deadline passes."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready_line in _log_tail(log_path, offset, limit=1_000_000):
            return True
        time.sleep(0.2)
    return False


def stop_server(data_dir: Path, timeout: float = 60) -> bool:
    """Stop the server recorded under ``data_dir`` (SIGTERM, then SIGKILL after ``timeout``).
    Returns True if one was running."""
    data_dir = Path(data_dir).resolve()
    state = _read_state(data_dir)
    pid = state.get("pid") if state else None
    if not isinstance(pid, int) or not _pid_alive(pid):
        _clear_state(data_dir)
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    killed = False
    while _pid_alive(pid):
        if time.monotonic() > deadline:
            if killed:
                raise Neo4jServerError(f"Neo4j (pid {pid}) did not exit even after SIGKILL")
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            killed = True
            deadline = time.monotonic() + 10
        time.sleep(0.2)
    _clear_state(data_dir, pid)
    return True


def server_status(data_dir: Path) -> dict[str, Any]:
    """``running``, ``pid``, ``uri``, ``port``, ``version``, ``data_dir``, ``log`` for the
    server recorded under ``data_dir``."""
    data_dir = Path(data_dir).resolve()
    state = _read_state(data_dir) or {}
    pid = state.get("pid")
    running = isinstance(pid, int) and _pid_alive(pid)
    return {
        "running": running,
        "pid": pid if running else None,
        "uri": state.get("uri") if running else None,
        "port": state.get("port") if running else None,
        "version": state.get("version") or default_version(),
        "data_dir": str(data_dir),
        "log": str(data_dir / LOG_FILE),
    }
