"""The benchmark's journals and what it reads off a page, through public doors only.

The journals are written by the `tideline demo --years N` command (the demo generator of a heavy
user), the pages are found by their files under dashboard/pages/, and a chart's rows are counted
from what AppTest would send to the browser. Nothing here imports a dashboard module by name, so
the benchmark keeps working while the modules behind the pages move.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
BARE = ROOT / "bench" / "bare_page.py"
PAGES = ROOT / "dashboard" / "pages"


def tideline() -> list[str]:
    """This interpreter's `tideline` (its entry point, or `python -m dashboard.cli`)."""
    script = Path(sys.executable).with_name("tideline")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "dashboard.cli"]


def pages() -> list[str]:
    """The navigable pages by file stem (the hidden welcome page is not one a returning user
    sees), in the order of their files."""
    names = sorted(p.stem for p in PAGES.glob("*.py"))
    return [n for n in names if n not in ("welcome", "__init__")]


def build_journal(path: Path, years: int, end: dt.date) -> Path:
    """A heavy user's `years` of the demo story, written by `tideline demo --years`."""
    cmd = [*tideline(), "--db", str(path), "demo", "--years", str(years), "--end", end.isoformat()]
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, text=True)
    return path


def _arrow_rows(blob: bytes) -> int:
    """Rows of an Arrow IPC stream (none without one)."""
    import pyarrow as pa

    return pa.ipc.open_stream(blob).read_all().num_rows if blob else 0


def chart_rows(at: Any) -> list[int]:
    """Rows each chart on the current AppTest page ships to the browser (Arrow data, named
    datasets and inline values alike)."""
    counts = []
    for el in at.get("vega_lite_chart") or []:
        proto = el.proto
        rows = _arrow_rows(proto.data.data) + sum(_arrow_rows(d.data.data) for d in proto.datasets)
        spec = json.loads(proto.spec)
        rows += sum(len(v) for v in (spec.get("datasets") or {}).values())
        rows += len((spec.get("data") or {}).get("values") or [])
        counts.append(rows)
    return counts


def entries(path: Path, table: str) -> int:
    """How many entries a journal's table holds (the public Store, read after the timings)."""
    from dashboard.store import Store

    with Store(path) as store:
        return len(store.rows(table))
