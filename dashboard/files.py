"""Writing files whole: a temporary file beside the target that takes its name in one rename,
and a copy of an open journal made by a child process (see dashboard.store._OPEN)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from dashboard import crypto
from dashboard.errors import StoreError


@contextlib.contextmanager
def output_file(dest: str | Path) -> Iterator[Path]:
    """A temporary file beside `dest` to write into: it takes the name `dest` in one rename when
    the block ends without an error, and is removed otherwise, so `dest` is never half written
    and an older file there stays whole until then. The file is readable by its owner only."""
    dest = Path(dest)
    if not dest.parent.is_dir():
        raise StoreError(f"no folder {dest.parent} to write {dest.name} into")
    # What a killed writer of the same file left behind goes first (see crypto.clear_parts).
    crypto.clear_parts(dest.parent, f".{dest.name}.*.part")
    handle, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(name)
    try:
        crypto.hold_part(handle)
        yield tmp
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
        os.close(handle)


# A child process copies an open journal: its handles carry none of this process's locks, so
# closing them leaves DuckDB's lock in place (see dashboard.store._OPEN).
_COPY = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"


def copy_outside(src: Path, dest: Path) -> None:
    """Copy `src` to `dest` in a child process (a journal open here keeps its lock)."""
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _COPY, str(src), str(dest)],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise StoreError(f"could not write the backup {dest}: {exc}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["the copy did not finish"])[-1]
        raise StoreError(f"could not write the backup {dest}: {last}")
