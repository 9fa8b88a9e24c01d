"""Figures from fresh processes: the command line against a floor, and a server's memory.

The floor of a command is `python -c "import pandas, duckdb"` (what any Tideline process pays
before it does anything), run just before the command in the same round. The server's memory is
the resident set (VmRSS) of the `streamlit run` process after a browser has visited every page,
over that of a bare Streamlit server that has drawn the bare page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from common import APP, BARE, ROOT, pages, tideline

FLOOR = [sys.executable, "-c", "import pandas, duckdb"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
# A run is over, nothing is stale or loading, and every chart has been drawn by Vega.
IDLE = """() => document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')
    && !document.querySelector('[data-testid=stStatusWidgetRunningIcon], '
        + '[data-testid=stSkeleton], [data-testid=stAppSkeleton], [data-stale=true]')
    && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
        .every(chart => chart.querySelector('canvas, svg'))"""


def process_seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start


def metrics_command(journal: Path) -> list[str]:
    return [*tideline(), "--db", str(journal), "metrics"]


def pdf_command(journal: Path, end: dt.date, out: Path) -> list[str]:
    """`tideline snapshot` of the year up to `end` as a PDF."""
    start = end - dt.timedelta(days=364)
    period = ["--from", start.isoformat(), "--to", end.isoformat()]
    return [*tideline(), "--db", str(journal), "snapshot", *period, "--out", str(out)]


def against_floor(cmd: list[str], repeats: int) -> list[tuple[float, float]]:
    """(command seconds, floor seconds) of each repetition, the floor run just before."""
    process_seconds(FLOOR)  # the interpreter and the libraries' files into the page cache
    pairs = []
    for _ in range(repeats):
        floor = process_seconds(FLOOR)
        pairs.append((process_seconds(cmd), floor))
    return pairs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health") as r:
            if r.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the Streamlit server at {url} did not start")


@contextlib.contextmanager
def served(script: Path, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """`streamlit run script` on a free local port: (its address, its process id)."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    cmd += ["--browser.gatherUsageStats", "false"]
    out = subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, proc.pid
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def rss_kb(pid: int) -> int:
    """The resident memory of a process, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def visit(url: str, stems: list[str]) -> None:
    """Open the address, then each page by its link in the sidebar (one browser session, as a
    person clicking through), waiting until each is drawn."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_function(IDLE, timeout=300_000)
        for stem in stems:
            page.locator(f'[data-testid=stSidebarNav] a[href$="/{stem}"]').first.click()
            page.wait_for_url(f"**/{stem}", timeout=60_000)
            page.wait_for_function(IDLE, timeout=300_000)
        page.wait_for_timeout(500)
        browser.close()


def server_memory(journal: Path, repeats: int) -> list[tuple[int, int]]:
    """(app server kB after every page, bare server kB after the bare page) per repetition."""
    stems = [s for s in pages() if s != "today"]
    pairs = []
    for _ in range(repeats):
        with served(BARE, {}) as (url, pid):
            visit(url, [])
            bare = rss_kb(pid)
        with served(APP, {"TIDELINE_DB": str(journal)}) as (url, pid):
            visit(url, stems)
            pairs.append((rss_kb(pid), bare))
    return pairs


def can_browse() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True
