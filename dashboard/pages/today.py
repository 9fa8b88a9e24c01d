"""Today: where no contact stands, today's mood and the latest entries."""

import streamlit as st

from dashboard import ui

ui.page_setup()
since, until = ui.period_filter()
today = ui.today()
# Streaks are measured over the whole history (a view filter must not cut a run short);
# the period only scopes the adherence and break counts below.
m = ui.metrics(until)
period = ui.metrics(until, since) if since else m
nc = m["no_contact"]
goal = int(nc["goal_days"])
lead = ui.today_lead(nc)

st.title("Today" if until == today else f"As of {until:%A} {until.day} {until:%B %Y}")

if lead == "inactive":
    st.subheader("No contact")
    if nc["nc_days"]:
        st.markdown(
            f"You are not in a no-contact period right now. Your longest break-free run so far "
            f"was **{nc['longest_streak_days']} days**, and that stays yours."
        )
    else:
        st.markdown(
            "No contact means a stretch of time where you do not reach out to your ex, so the "
            "feelings can settle. Tideline counts the days and is kind about slips."
        )
    start = until == today and st.button("Start no contact today", type="primary", width="stretch")
    if start and ui.add("milestones", {"on": today, "kind": "no_contact_start", "title": ""}):
        ui.flash("No contact starts today. One day at a time.")
        st.rerun()
elif lead == "strength":
    # After a slip: lead with what was kept, never with a bare "day 0".
    st.subheader("You are still in this")
    left, right = st.columns(2)
    left.metric(
        "Strength",
        f"{nc['strength_pct']:.0f}%",
        help="Builds with each clean day; a slip lowers it a little, it never wipes it out.",
    )
    right.metric("Longest run", f"{nc['longest_streak_days']} days")
    current = nc["current_streak_days"] or 0
    st.markdown(
        "A slip is part of how this goes for most people; it does not undo the days you kept. "
        + (
            f"You are {current} day{'s' if current != 1 else ''} into a new run."
            if current
            else "Tomorrow is a fresh day to build on."
        )
    )
    st.progress(min(current / goal, 1.0), text=f"Towards your goal of {goal} days")
else:
    current = nc["current_streak_days"]
    st.subheader("No contact")
    left, right = st.columns(2)
    left.metric("Current run", f"{current} day{'s' if current != 1 else ''}")
    right.metric("Strength", f"{nc['strength_pct']:.0f}%")
    left, right = st.columns(2)
    left.metric("Longest run", f"{nc['longest_streak_days']} days")
    adherence = nc["adherence_pct"]
    right.metric("Adherence", f"{adherence:.0f}%", help="Share of no-contact days with no break")
    if current >= goal:
        st.progress(1.0, text=f"You reached your goal of {goal} days. 🌱")
    else:
        st.progress(current / goal, text=f"{current} of {goal} days")

pnc = period["no_contact"]
if pnc["nc_days"]:
    st.caption(
        f"{ui.describe_period(since, until, capital=True)}: {pnc['adherence_pct']:.0f}% of "
        f"{pnc['nc_days']} no-contact days were break-free; {pnc['urges_resisted']} urges "
        f"resisted, {pnc['breaks']} break{'s' if pnc['breaks'] != 1 else ''}."
    )

# --- Guidance cards for the Today page belong here (the guidance engine's place). ---

st.subheader("Mood today")
mood = ui.query("mood_day", day_start_hour=ui.day_start_hour(), day=until).iloc[0]
if int(mood["entries"]):
    left, right = st.columns(2)
    left.metric("Latest", f"{int(mood['latest_mood'])}/10", help=f"at {mood['latest_at']:%H:%M}")
    right.metric(
        "Mean today", f"{float(mood['mean_mood']):.1f}", help=f"{int(mood['entries'])} entries"
    )
else:
    st.markdown("Nothing logged yet today. How are you feeling?")
    st.page_link("pages/log.py", label="Log your mood", icon=":material/edit_note:")

st.subheader("Latest entries")
latest = ui.query("recent_all", limit=8)
if latest.empty:
    st.info("Your entries will show up here once you log something.", icon=":material/eco:")
else:
    st.dataframe(
        latest[["at", "kind", "summary"]],
        hide_index=True,
        width="stretch",
        column_config={
            "at": st.column_config.DatetimeColumn("When", format="ddd D MMM, HH:mm"),
            "kind": "Kind",
            "summary": "What",
        },
    )
