"""Patterns: when and why slips happen, the mood around contact, urges against actions."""

import streamlit as st

from dashboard import patterns
from dashboard.charts import patterns as pattern_charts
from dashboard.ui import cards, charts, reads, session, sidebar

session.page_setup()
since, until = sidebar.period_filter()
hour = reads.day_start_hour()
params = {"since": since, "until": until, "day_start_hour": hour}
m = reads.metrics(until, since)

st.title("Patterns")
st.caption(
    f"{sidebar.describe_period(since, until, capital=True)}. A *break* is a contact you started "
    "on a no-contact day; nights count for the day they began."
)

breaks = int(m["no_contact"]["breaks"])
weekly = reads.query("patterns_weekly_actions", **params)
around = reads.query("patterns_mood_around_contact", **params)
if m["no_contact"]["nc_days"] == 0 and around.empty:
    st.info(
        "Nothing to look at here yet. Once you are in no contact (a milestone on the Log page) "
        "and log contacts, urges and moods, this page shows when slips tend to happen and what "
        "helps you hold on.",
        icon=":material/eco:",
    )
    cards.cards_rest("patterns", until, shown=())
    st.stop()

# -- when ------------------------------------------------------------------------------------
st.header("When slips happen")
grid = patterns.heatmap_grid(reads.query("patterns_break_heatmap", **params), hour)
window = patterns.risk_window(grid, hour)
if breaks == 0:
    st.info(patterns.no_breaks_message(int(m["no_contact"]["nc_days"])), icon=":material/eco:")
else:
    st.markdown(f"**{pattern_charts.heatmap_caption(grid, window)}**")
    charts.draw(pattern_charts.heatmap_chart, grid, window)
    st.caption(
        "Knowing your risky hours lets you plan for them: a friend on call, the phone in "
        "another room, a message written in a note instead of sent."
    )
cards.cards_beside("patterns", "heatmap", until)

chains = patterns.chain_summary(reads.query("patterns_unanswered_chains", **params))
figures = patterns.relapse_figures(m, chains)
for row in (figures[:3], figures[3:]):
    for column, figure in zip(st.columns(3), row, strict=False):
        with column:
            st.metric(figure.label, figure.value)
            st.caption(figure.explanation)
cards.cards_beside("patterns", "figures", until)

# -- why -------------------------------------------------------------------------------------
st.header("What sets it off")
triggers = reads.query("patterns_triggers", **params)
charts.chart(
    triggers,
    pattern_charts.top_triggers_chart,
    pattern_charts.triggers_caption,
    empty="No triggers noted in this period. When you log an urge or a contact, a word or two "
    "about what set it off (loneliness, a song, a drink) shows here which ones you already "
    "resist.",
)
cards.cards_beside("patterns", "triggers", until)

# -- mood --------------------------------------------------------------------------------------
st.header("Mood around contact")
baseline = patterns.usual_mood(m)
if patterns.has_mood_around(around):
    charts.draw(pattern_charts.mood_contact_chart, around, baseline)
    st.caption(pattern_charts.mood_contact_caption(around, baseline))
else:
    st.info(
        "No mood was logged within two days of a contact in this period, so there is nothing "
        "to compare yet.",
        icon=":material/eco:",
    )
cards.cards_beside("patterns", "mood_around_contact", until)
urges = reads.query("patterns_urge_before_break", **params)
if patterns.has_urge_before_break(urges):
    charts.draw(pattern_charts.urge_before_break_chart, urges)
    st.caption(pattern_charts.urge_before_break_caption(urges))
else:
    st.info(
        "When you rate your urge to reach out as you log your mood, this shows whether it "
        "climbs in the day before a slip, so you can see one coming.",
        icon=":material/eco:",
    )

# -- urges and actions -----------------------------------------------------------------------
st.header("Urges and what became of them")
if patterns.actions_unit(weekly) == "month":
    # Past two years of weeks, months keep the chart readable and light.
    months = reads.query("nc_weekly_outcomes", **params, as_of=until, grain="month")
    weekly = patterns.monthly_actions(months)
charts.chart(
    weekly,
    pattern_charts.weekly_actions_chart,
    pattern_charts.weekly_actions_caption,
    empty="No urges or breaks on no-contact days in this period. Logging an urge you resisted "
    "counts as a win, and they add up here week by week.",
)
cards.cards_beside("patterns", "urges_weekly", until)
cards.cards_rest("patterns", until)
