"""Tideline: a local-first dashboard for the weeks and months after a breakup."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
QUERIES_DIR = PROJECT_DIR / "queries"
DATA_DIR = PROJECT_DIR / "data"
