"""Charts: pure functions from aggregated DataFrames to Altair charts (no Streamlit here)."""
