"""The Neo4j server's program: its version, the JDK, and the jars fetched from Maven Central.

``tools/neo4j/pom.xml`` pulls ``org.neo4j:neo4j`` (Community) and the Bolt connector into
``tools/neo4j/lib/<version>/``; ``tools/neo4j/src/main/java/.../Launcher.java`` is compiled
beside them. :func:`java_command` is the command line that runs the launcher (``server.py``
starts it; the bulk importer runs Neo4j's admin tool with the same JVM flags).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from filelock import FileLock

from ..errors import Neo4jServerError

__all__ = [
    "DEFAULT_VERSION",
    "TEMURIN_25",
    "LAUNCHER_CLASS",
    "default_version",
    "tools_dir",
    "lib_dir",
    "select_java_home",
    "java_command",
    "ensure_jars",
    "checked_version",
]

DEFAULT_VERSION = "5.26.30"
TEMURIN_25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
LAUNCHER_CLASS = "org.chainatlas.neo4j.Launcher"
LAUNCHER_SOURCE = Path("src/main/java/org/chainatlas/neo4j/Launcher.java")

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


# -- settings -------------------------------------------------------------------------------------
def default_version() -> str:
    """The Neo4j version to use: ``CHAINATLAS_NEO4J_VERSION`` or :data:`DEFAULT_VERSION`."""
    return os.environ.get("CHAINATLAS_NEO4J_VERSION", "").strip() or DEFAULT_VERSION


def checked_version(version: str | None) -> str:
    """``version`` (or the default) when it looks like a Neo4j version; else an error."""
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
    return tools_dir() / "lib" / checked_version(version)


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
    if checked_version(version).startswith("202") and (TEMURIN_25 / "bin" / "java").exists():
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


# -- fetching and building ------------------------------------------------------------------------
def _launcher_class(lib: Path) -> Path:
    return lib / "classes" / Path(*LAUNCHER_CLASS.split(".")).with_suffix(".class")


def ensure_jars(
    version: str | None = None, *, quiet: bool = False, java_home: str | Path | None = None
) -> Path:
    """Make sure ``tools/neo4j/lib/<version>/`` holds Neo4j's runtime jars and the compiled
    launcher; run Maven and ``javac`` when not. Returns the lib folder.

    Raises :class:`Neo4jServerError` carrying Maven's or javac's output when that fails.
    """
    ver = checked_version(version)
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
    ver = checked_version(version)
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
