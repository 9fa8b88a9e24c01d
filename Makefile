PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run dashboard/app.py

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q tests/test_structure.py
	@# The repeated-code count (target: at most 30 pairs), where the duplicates tool is installed.
	@if command -v duplicates >/dev/null 2>&1; then duplicates --seconds 120 | head -1; fi

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) bench/run.py

demo: $(STAMP)
	$(VENV)/bin/tideline --db data/demo.duckdb demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
