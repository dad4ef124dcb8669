"""Record every ``--json`` answer of the demo, the A-share graph and the workflow commands.

    python tools/answers.py OUT_DIR [--store PATH_OR_URI] [--chainkg DIR]

Writes one JSON file per command into OUT_DIR, so that a refactoring can be checked
byte for byte against the answers recorded before it (``diff -r before after``).
Paths that differ between runs (the output folder) are written relative to it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAINKG = ROOT.parent / "shared" / "data" / "chainkg"
TMP = Path(tempfile.mkdtemp(prefix="chainatlas-answers-"))

SAMPLE = [
    ["stats"],
    ["gaps", "--chain", "battery-ev"],
    ["gaps", "--chain", "refrigeration-electronics"],
    ["gaps", "--chain", "coal-chemicals"],
    ["candidates", "--segment", "lithium-salts"],
    ["candidates", "--segment", "separators", "--top", "5"],
    ["candidates", "--query", "锂电池隔膜"],
    ["candidates", "--query", "压缩机"],
    ["candidates", "--query", "甲醇", "--ownership", "central_soe"],
    ["targets", "--chain", "battery-ev"],
    ["targets", "--all", "--top", "10"],
    ["explore", "--chain", "battery-ev", "-o", "{out}/x.html"],
    ["explore", "--around", "宁德时代", "-o", "{out}/y.html"],
    ["profile", "宁德时代"],
    ["clusters"],
    ["report", "quarterly", "--quarter", "2013Q2", "-f", "md"],
    ["soe", "--industry", "生物"],
]
CHAINKG_CMDS = [
    ["stats"],
    ["candidates", "--query", "碳酸锂"],
    ["candidates", "--query", "隔膜"],
    ["candidates", "--query", "IGBT"],
    ["candidates", "--segment", "lithium-salts", "--top", "10"],
    ["gaps", "--chain", "battery-ev"],
]


def run(cli: list[str], store: str, args: list[str], out: Path, name: str) -> None:
    argv = [*cli, "--store", store, "--quiet", *[a.format(out=out) for a in args], "--json"]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=out, check=False)
    text = proc.stdout.replace(str(out), "OUT").replace(str(TMP), "TMP")
    (out / f"{name}.json").write_text(f"exit {proc.returncode}\n{text}", encoding="utf-8")
    if proc.returncode:
        print(f"{name}: exit {proc.returncode}: {proc.stderr.strip()[:300]}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--store", default=None, help="a bolt:// URI (default: embedded stores)")
    ap.add_argument("--chainkg", type=Path, default=CHAINKG)
    ns = ap.parse_args()
    out: Path = ns.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cli = [str(Path(sys.executable).parent / "chainatlas")]
    tmp = TMP
    store = ns.store or str(tmp / "sample")
    run(cli, store, ["demo", "--reset", "--out", "{out}/demo"], out, "demo")
    for i, args in enumerate(SAMPLE):
        run(cli, store, args, out, f"sample-{i:02d}-{args[0]}")
    run(cli, store, ["load", str(ROOT / "data" / "workflow" / "projects.csv")], out, "load-again")
    if ns.chainkg.is_dir():
        kg = ns.store or str(tmp / "kg")
        if ns.store:
            run(cli, kg, ["demo", "--reset", "--out", "{out}/demo2"], out, "kg-reset")
        else:
            chains = sorted((ROOT / "data" / "chains").glob("*.yaml"))
            run(cli, kg, ["load", *map(str, chains)], out, "kg-chains")
            run(cli, kg, ["init", "--region", "410700"], out, "kg-init")
        run(cli, kg, ["import", "chainkg", str(ns.chainkg)], out, "kg-import")
        for i, args in enumerate(CHAINKG_CMDS):
            run(cli, kg, args, out, f"kg-{i:02d}-{args[0]}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
