"""The benchmark's yardstick: a bare Streamlit page drawing one Altair chart of 3,650 points."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

days = pd.date_range("2016-01-01", periods=3650, freq="D")
values = 5 + 2 * np.sin(np.arange(3650) / 30)
df = pd.DataFrame({"day": days, "mood": values})
st.altair_chart(alt.Chart(df).mark_line().encode(x="day:T", y="mood:Q"), width="stretch")
