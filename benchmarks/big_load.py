"""``python benchmarks/big_load.py [--rows 100000 250000] [--formats xlsx csv]``: one big registry
through ``chainatlas load``, as a planner would load it.

For each size and format it writes a registry (企业名称, 统一社会信用代码 (empty or valid), 所在地,
所属环节, 主营产品, 营业收入(万元); deterministic), makes a fresh store holding the sample chain
maps (``data/chains``), then runs ``chainatlas --store DIR load FILE`` in a child process and
prints the wall time and the child's peak resident memory (the limit a hidden file must meet:
500 MB and 30 s). ``--chainatlas CMD`` times another build (e.g. a checkout of an older
commit). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from chainatlas.graph.model.core import uscc_check_digit

ROOT = Path(__file__).resolve().parent.parent
CHAINS = sorted((ROOT / "data" / "chains").glob("*.yaml"))
HEADER = ["企业名称", "统一社会信用代码", "所在地", "所属环节", "主营产品", "营业收入(万元)"]
PLACES = [
    *"新乡市 郑州市 洛阳市 开封市 安阳市 鹤壁市 焦作市 濮阳市 许昌市 漯河市 南阳市".split(),
    *"商丘市 信阳市 周口市 驻马店市 河南省新乡市红旗区 长垣市 辉县市 410702 上海市浦东新区".split(),
]
WORDS = "华中天宇恒瑞鑫达宏泰金源新能盛锦丰隆汇通永利嘉和博远卓越"
TRADES = "科技材料化工电子能源动力新材机械电器实业"
FORMS = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"]
PRODUCTS = ["电池", "正极材料", "电解液", "隔膜", "铜箔", "冰箱", "压缩机", "甲醇"]
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def registry_rows(n: int, seed: int = 7) -> list[list[object]]:
    """``n`` firms: ~70% with a valid USCC, 1-2 segments by name, ~80% with a revenue."""
    rnd = random.Random(seed)
    segments = [
        s["name_zh"]
        for f in CHAINS
        for s in yaml.safe_load(f.read_text(encoding="utf-8"))["segments"]
    ]
    rows: list[list[object]] = []
    for i in range(n):
        name = (
            rnd.choice(PLACES)[:2]
            + "".join(rnd.choice(WORDS) for _ in range(2))
            + "".join(rnd.choice(TRADES) for _ in range(2))
            + f"{i}{rnd.choice(FORMS)}"
        )
        first17 = "91410700" + "".join(rnd.choice(CODE_CHARS) for _ in range(9))
        uscc = first17 + uscc_check_digit(first17) if rnd.random() < 0.7 else ""
        revenue = round(rnd.uniform(100, 500000), 1) if rnd.random() < 0.8 else ""
        rows.append(
            [
                name,
                uscc,
                rnd.choice(PLACES),
                "、".join(rnd.sample(segments, rnd.randint(1, 2))),
                "、".join(rnd.sample(PRODUCTS, 2)),
                revenue,
            ]
        )
    return rows


def write_registry(rows: list[list[object]], path: Path) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(HEADER)
            out.writerows(rows)
        return
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业名录")
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)


def run(cmd: list[str]) -> tuple[float, float, int, str]:
    """(wall seconds, peak MB of the child, exit code, last line of its output)."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    lines = out.decode("utf-8", "replace").strip().splitlines()
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), (lines or [""])[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 250_000])
    ap.add_argument("--formats", nargs="+", default=["xlsx", "csv"], choices=["xlsx", "csv"])
    ap.add_argument("--chainatlas", default=str(Path(sys.executable).with_name("chainatlas")))
    args = ap.parse_args()
    tool = shlex.split(args.chainatlas)
    print(f"{'rows':>8} {'format':>6} {'MB file':>8} {'wall s':>7} {'peak MB':>8}  result")
    with tempfile.TemporaryDirectory(prefix="big-load-") as tmp:
        base = Path(tmp)
        for n in args.rows:
            rows = registry_rows(n)
            for fmt in args.formats:
                file = base / f"registry-{n}.{fmt}"
                write_registry(rows, file)
                store = base / f"store-{n}-{fmt}"
                prep = subprocess.run(
                    [*tool, "--store", str(store), "load", *map(str, CHAINS)],
                    capture_output=True,
                )
                if prep.returncode:
                    sys.exit(f"loading the chain maps failed: {prep.stdout[-500:]!r}")
                wall, peak, code, last = run([*tool, "--store", str(store), "load", str(file)])
                size = file.stat().st_size / 2**20
                result = last if code == 0 else f"exit {code}: {last}"
                print(f"{n:>8} {fmt:>6} {size:>8.1f} {wall:>7.1f} {peak:>8.0f}  {result[:60]}")
                file.unlink()


if __name__ == "__main__":
    main()
