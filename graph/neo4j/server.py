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
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from filelock import FileLock

from ..errors import Neo4jServerError

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
]

DEFAULT_VERSION = "5.26.30"
TEMURIN_25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
LAUNCHER_CLASS = "org.chainatlas.neo4j.Launcher"
READY_PREFIX = "chainatlas-neo4j ready "
LAUNCHER_SOURCE = Path("src/main/java/org/chainatlas/neo4j/Launcher.java")
PID_FILE = "neo4j.pid"
STATE_FILE = "server.json"
LOG_FILE = "chainatlas-neo4j.log"

# Flags Neo4j's own launcher passes on Java 17+ (the embedded DBMS needs the same opens).
_BASE_JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens",
    "java.base/java.nio=ALL-UNNAMED",
    "--add-opens",
    "java.base/java.io=ALL-UNNAMED",
    "--add-opens",
    "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens",
    "java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]


# ---------------------------------------------------------------------------------------------
# settings


def default_version() -> str:
    """The Neo4j version to use: ``CHAINATLAS_NEO4J_VERSION`` or :data:`DEFAULT_VERSION`."""
    return os.environ.get("CHAINATLAS_NEO4J_VERSION", "").strip() or DEFAULT_VERSION


def _version(version: str | None) -> str:
    v = (version or "").strip() or default_version()
    if not re.fullmatch(r"[0-9][0-9A-Za-z.\-]*", v):
        raise Neo4jServerError(f"not a Neo4j version: {v!r} (expected e.g. 5.26.30 or 2026.08.1)")
    return v


def tools_dir() -> Path:
    """The folder holding ``pom.xml`` and the launcher source."""
    env = os.environ.get("CHAINATLAS_NEO4J_TOOLS_DIR", "").strip()
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "tools" / "neo4j"
    if not (path / "pom.xml").is_file():
        raise Neo4jServerError(
            f"tools/neo4j/pom.xml not found at {path}; run from a chainatlas source checkout "
            "or set CHAINATLAS_NEO4J_TOOLS_DIR"
        )
    return path


def lib_dir(version: str | None = None) -> Path:
    """``tools/neo4j/lib/<version>/``: the runtime jars (and ``classes/`` with the launcher)."""
    return tools_dir() / "lib" / _version(version)


def select_java_home(
    version: str | None = None, java_home: str | Path | None = None
) -> Path | None:
    """The JDK for ``version``: explicit, ``CHAINATLAS_NEO4J_JAVA_HOME``, Temurin 25 for 2026.x
    releases (when installed), then ``JAVA_HOME``; ``None`` means ``java`` on ``PATH``."""
    if java_home:
        return Path(java_home)
    env = os.environ.get("CHAINATLAS_NEO4J_JAVA_HOME", "").strip()
    if env:
        return Path(env)
    if _version(version).startswith("202") and (TEMURIN_25 / "bin" / "java").exists():
        return TEMURIN_25
    env = os.environ.get("JAVA_HOME", "").strip()
    return Path(env) if env else None


def _jdk_tool(java_home: Path | None, tool: str) -> str:
    if java_home is not None:
        exe = java_home / "bin" / tool
        if not exe.exists():
            raise Neo4jServerError(f"{tool} not found in the JDK at {java_home}")
        return str(exe)
    found = shutil.which(tool)
    if not found:
        raise Neo4jServerError(
            f"{tool} not found on PATH; install a JDK 17+ (e.g. apt-get install "
            "openjdk-17-jdk-headless) or set CHAINATLAS_NEO4J_JAVA_HOME"
        )
    return found


@lru_cache(maxsize=8)
def _java_major(java: str) -> int:
    out = subprocess.run(
        [java, "-version"], capture_output=True, text=True, timeout=60, check=False
    ).stderr
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        raise Neo4jServerError(f"cannot tell the Java version of {java}: {out.strip()[:200]}")
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


# ---------------------------------------------------------------------------------------------
# fetching and building


def _launcher_class(lib: Path) -> Path:
    return lib / "classes" / Path(*LAUNCHER_CLASS.split(".")).with_suffix(".class")


def ensure_jars(
    version: str | None = None, *, quiet: bool = False, java_home: str | Path | None = None
) -> Path:
    """Make sure ``tools/neo4j/lib/<version>/`` holds Neo4j's runtime jars and the compiled
    launcher; run Maven and ``javac`` when not. Returns the lib folder.

    Raises :class:`Neo4jServerError` carrying Maven's or javac's output when that fails.
    """
    ver = _version(version)
    tools = tools_dir()
    lib = tools / "lib" / ver
    lib.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(tools / "lib" / f".{ver}.lock"), timeout=1800):
        if not (lib / f"neo4j-{ver}.jar").is_file():
            _fetch(tools, ver, lib, quiet=quiet)
        source = tools / LAUNCHER_SOURCE
        cls = _launcher_class(lib)
        if not cls.is_file() or cls.stat().st_mtime < source.stat().st_mtime:
            _compile(source, lib, select_java_home(ver, java_home), quiet=quiet)
    return lib


def _fetch(tools: Path, ver: str, lib: Path, *, quiet: bool) -> None:
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError(
            "mvn (Apache Maven) not found on PATH; install it (e.g. apt-get install maven) "
            "to fetch Neo4j from Maven Central"
        )
    tmp = lib.with_name(f".{ver}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(tools / "pom.xml"),
        f"-Dneo4j.version={ver}",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={tmp}",
    ]
    if not quiet:
        print(f"chainatlas: fetching Neo4j {ver} from Maven Central (once; cached in ~/.m2) ...")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tools)
    if proc.returncode != 0 or not (tmp / f"neo4j-{ver}.jar").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        output = (proc.stdout + proc.stderr).strip()
        raise Neo4jServerError(
            f"Maven could not fetch Neo4j {ver} (exit {proc.returncode}); command: "
            f"{' '.join(cmd)}\n{output[-6000:]}"
        )
    shutil.rmtree(lib, ignore_errors=True)
    tmp.rename(lib)


def _compile(source: Path, lib: Path, java_home: Path | None, *, quiet: bool) -> None:
    javac = _jdk_tool(java_home, "javac")
    out = lib / "classes"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cmd = [javac, "-nowarn", "-encoding", "UTF-8", "-d", str(out)]
    cmd += ["-cp", str(lib / "*"), str(source)]
    if not quiet:
        print(f"chainatlas: compiling the Neo4j launcher for {lib.name} ...")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        shutil.rmtree(out, ignore_errors=True)
        raise Neo4jServerError(
            f"javac failed for the Neo4j launcher ({lib.name}); command: {' '.join(cmd)}\n"
            f"{(proc.stdout + proc.stderr).strip()[-6000:]}"
        )


# ---------------------------------------------------------------------------------------------
# processes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_in_use(port: int, host: str = "127.0.0.1") -> bool:
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


def java_command(
    data_dir: Path,
    port: int,
    *,
    version: str | None = None,
    java_home: str | Path | None = None,
    detach: bool = False,
    lib: Path | None = None,
) -> list[str]:
    """The full ``java ...`` command line that runs the launcher."""
    ver = _version(version)
    lib = lib or lib_dir(ver)
    java = _jdk_tool(select_java_home(ver, java_home), "java")
    heap = os.environ.get("CHAINATLAS_NEO4J_HEAP", "").strip() or "3g"
    cmd = [java, "-Xms256m", f"-Xmx{heap}", *_BASE_JVM_FLAGS]
    if _java_major(java) >= 24:
        cmd.append("--sun-misc-unsafe-memory-access=allow")
    cmd += ["-cp", f"{lib / 'classes'}{os.pathsep}{lib / '*'}", LAUNCHER_CLASS]
    cmd += [str(Path(data_dir).resolve()), str(port)]
    if detach:
        cmd.append("--no-stdin-watch")
    pagecache = os.environ.get("CHAINATLAS_NEO4J_PAGECACHE_MB", "").strip()
    if pagecache:
        if not pagecache.isdigit() or int(pagecache) < 16:
            raise Neo4jServerError(
                f"CHAINATLAS_NEO4J_PAGECACHE_MB={pagecache!r}: give the page cache in megabytes "
                "(a whole number, at least 16)"
            )
        cmd += ["--pagecache", pagecache]
    return cmd


build_command = java_command


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
    ver = _version(version)
    state = _read_state(data_dir)
    if state and isinstance(state.get("pid"), int) and _pid_alive(state["pid"]):
        raise Neo4jServerError(
            f"a Neo4j server already runs for {data_dir} (pid {state['pid']}, "
            f"{state.get('uri', '?')}); stop it first"
        )
    if _port_in_use(port):
        raise Neo4jServerError(f"port {port} on 127.0.0.1 is already in use; choose another")
    lib = ensure_jars(ver, quiet=quiet, java_home=java_home)
    cmd = java_command(data_dir, port, version=ver, java_home=java_home, detach=detach, lib=lib)
    log_path = data_dir / LOG_FILE
    log: IO[bytes] = log_path.open("ab")
    offset = log.tell()
    t0 = time.monotonic()
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
    uri = f"bolt://127.0.0.1:{port}"
    info = {
        "pid": proc.pid,
        "port": port,
        "uri": uri,
        "version": ver,
        "data_dir": str(data_dir),
        "log": str(log_path),
        "detached": detach,
        "started_at": time.time(),
        "command": cmd,
    }
    (data_dir / PID_FILE).write_text(f"{proc.pid}\n", encoding="utf-8")
    (data_dir / STATE_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")
    ready = False
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            break
        text = _log_tail(log_path, offset, limit=1_000_000)
        if READY_PREFIX + uri in text:
            ready = True
            break
        time.sleep(0.2)
    if not ready:
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
