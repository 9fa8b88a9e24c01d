"""The only Streamlit glue besides the pages and app.py, one module per concern.

- session: which journal is open (demo or own), the lock screen, the place in the address,
  the welcome screen, flash messages and `page_setup` (where every page starts).
- reads: the one DuckDB connection per file and every cached read (queries, settings, metrics).
- writes: the only write path, with one error handling, clearing the cached reads after a write.
- sidebar: the period filter and the period in words.
- charts: the chart-spec cache and drawing a chart with its caption.
- cards: guidance cards placed on the pages, the support card and a card's source line.
- style: the one global style (keyboard focus).

Pages import the modules they use (`from dashboard.ui import reads, session`) and lay out
what the functions return; they hold no SQL and no computation.
"""
