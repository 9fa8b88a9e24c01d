"""End to end: entries logged through the Log page's forms, in Debian's Chromium, show up where
they should (Today, the No contact page, the charts), and an edit and a delete take effect.

One server on one journal for the module: the first test finds it empty (and is welcomed);
the others compare counts before and after their own entry, so each stands on its own.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def start(page: Any, url: str, wait_idle: Any) -> None:
    """Open the app in a new session: past the welcome page if the journal is still empty."""
    from playwright.sync_api import expect

    page.goto(url)
    wait_idle(page)
    welcome = page.get_by_role("button", name="Start my own journal")
    if welcome.count():
        welcome.click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    wait_idle(page)


def in_no_contact(page: Any, wait_idle: Any, said: bool = False) -> None:
    """Press Today's "Start no contact today" if it is offered (and, if `said`, see Today
    confirm it), then let the page settle."""
    from playwright.sync_api import expect

    begin = page.get_by_role("button", name="Start no contact today")
    if begin.count():
        begin.click()
        if said:
            expect(page.get_by_text("No contact starts today.")).to_be_visible()
        wait_idle(page)


def log_tab(page: Any, go_to: Any, tab: str) -> Any:
    """The Log page's `tab`, open: its panel."""
    go_to(page, "Log")
    page.get_by_role("tab", name=tab).click()
    return page.get_by_role("tabpanel", name=tab)


def save(page: Any, tab: str, button: str, wait_idle: Any) -> None:
    """Press a Log form's save button and see the kind confirmation."""
    from playwright.sync_api import expect

    page.get_by_role("tabpanel", name=tab).get_by_role("button", name=button).click()
    expect(page.get_by_text(re.compile(r"^Saved your "))).to_be_visible()
    wait_idle(page)


def set_slider(slider: Any, steps: int) -> None:
    """Move a slider by arrow keys (negative: to the left)."""
    slider.focus()
    for _ in range(abs(steps)):
        slider.press("ArrowRight" if steps > 0 else "ArrowLeft")


def pick(page: Any, tab: str, noun: str, words: str, after_run: Any) -> Any:
    """Choose the entry whose label holds `words` in a tab's recent entries; returns the box."""
    from playwright.sync_api import expect

    panel = page.get_by_role("tabpanel", name=tab)
    picker = panel.get_by_role("combobox", name=f"Pick a {noun} entry to change or delete")
    picker.click()
    picker.fill(words)
    after_run(page, page.get_by_role("option").filter(has_text=words).first.click)
    # Picking reruns the page; the person stays where they were: on this tab, list open.
    expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
    expect(picker).to_be_visible()
    return picker


# The Cycles milestones caption: "1 milestone in this period…", "3 milestones over 40 days…",
# "2 milestones, all on …".
MILESTONE_COUNT = r"(\d+) milestones?(?: over| in this period|, all on)"


def number_in(page: Any, pattern: str) -> int:
    """The whole number captured by `pattern` in the main area's text (0 if not found)."""
    found = re.search(pattern, page.get_by_test_id("stMain").inner_text())
    return int(found.group(1)) if found else 0


def test_a_new_user_logs_a_mood_and_sees_it(
    empty_url: str, page: Any, wait_idle: Any, go_to: Any, shoot: Any
) -> None:
    """Welcome -> own journal -> a 7 on the Log page -> Today's mood and the Mood chart."""
    from playwright.sync_api import expect

    page.goto(empty_url)
    expect(page.get_by_text("Welcome to Tideline")).to_be_visible()
    start(page, empty_url, wait_idle)

    go_to(page, "Log")
    # The mood slider starts at 5; two steps right make it 7.
    slider = page.get_by_role("slider", name="How are you feeling?").first
    set_slider(slider, 2)
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^7"))
    save(page, "Mood", "Save mood", wait_idle)

    go_to(page, "Today")
    expect(page.get_by_test_id("stMetric").filter(has_text="Latest")).to_contain_text("7/10")
    go_to(page, "Mood")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    # One entry of 7 on one day: its mean is 7.0.
    expect(page.get_by_text("Your mood averaged 7.0 over 1 logged day")).to_be_visible()
    shoot(page, "flow-mood-after-first-entry")


def test_a_contact_i_start_in_no_contact_is_a_break(
    empty_url: str, page: Any, wait_idle: Any, go_to: Any
) -> None:
    """Start no contact on Today, log a contact I started: Today and No contact show a break."""
    from playwright.sync_api import expect

    start(page, empty_url, wait_idle)
    in_no_contact(page, wait_idle, said=True)
    go_to(page, "No contact")
    breaks_before = number_in(page, r"(\d+) had a break")

    panel = log_tab(page, go_to, "Contact")
    # "I did" is the default answer to who reached out; say it anyway, as a user would.
    panel.get_by_text("I did", exact=True).click()
    # The optional fields are folded under "More details" (the save button stays in reach).
    panel.get_by_text("More details (optional)").first.click()
    panel.get_by_label("What set it off? (optional)").fill("a song on the radio")
    save(page, "Contact", "Save contact", wait_idle)

    go_to(page, "No contact")
    # Today is a no-contact day with a contact I started: one more day with a break.
    assert number_in(page, r"(\d+) had a break") == breaks_before + 1
    go_to(page, "Today")
    # The run starts again today, so the page leads with what was kept, not with "day 0".
    expect(page.get_by_role("heading", name="You are still in this")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Strength")).to_be_visible()


def test_an_urge_resisted_is_counted(empty_url: str, page: Any, wait_idle: Any, go_to: Any) -> None:
    """An urge I resisted on a no-contact day is counted on Today and on No contact."""
    start(page, empty_url, wait_idle)
    in_no_contact(page, wait_idle)
    resisted_today = number_in(page, r"(\d+) urges? resisted")
    go_to(page, "No contact")
    resisted_chart = number_in(page, r"you resisted (\d+) urge")

    panel = log_tab(page, go_to, "Urge")
    panel.get_by_text("I resisted", exact=True).click()
    panel.get_by_label("The message you wrote instead of sending it (optional)").fill(
        "I miss you, but I am not sending this."
    )
    save(page, "Urge", "Save urge", wait_idle)

    go_to(page, "Today")
    assert number_in(page, r"(\d+) urges? resisted") == resisted_today + 1
    go_to(page, "No contact")
    assert number_in(page, r"you resisted (\d+) urge") == resisted_chart + 1


def test_a_milestone_shows_on_cycles_and_in_the_log(
    empty_url: str, page: Any, wait_idle: Any, go_to: Any, after_run: Any
) -> None:
    """A therapy session logged as a milestone is counted on Cycles and listed on the Log page."""
    from playwright.sync_api import expect

    start(page, empty_url, wait_idle)
    go_to(page, "Cycles")
    before = number_in(page, MILESTONE_COUNT)

    panel = log_tab(page, go_to, "Milestone")
    # The first "What happened?" is the new entry's (the list below has its own edit form).
    panel.get_by_label("What happened?").first.click()
    page.get_by_role("option", name="Therapy session").click()
    panel.get_by_label("Title (optional)").first.fill("First session with R.")
    save(page, "Milestone", "Save milestone", wait_idle)

    page.get_by_role("tab", name="Milestone").click()
    panel.get_by_text(re.compile(r"^Recent milestone entries")).click()
    picker = pick(page, "Milestone", "milestone", "First session with R.", after_run)
    expect(picker).to_have_value(re.compile(r"· Therapy session First session with R\.$"))

    go_to(page, "Cycles")
    assert number_in(page, MILESTONE_COUNT) == before + 1
    assert page.get_by_test_id("stVegaLiteChart").count() >= 1


def test_edit_then_delete_a_mood(
    empty_url: str, page: Any, wait_idle: Any, go_to: Any, after_run: Any
) -> None:
    """A mood changed from 3 to 9 raises today's mean on Today; deleted, it leaves the list."""
    from playwright.sync_api import expect

    start(page, empty_url, wait_idle)
    go_to(page, "Log")
    # A fresh mood of 3 (two steps left of 5), the newest entry.
    set_slider(page.get_by_role("slider", name="How are you feeling?").first, -2)
    save(page, "Mood", "Save mood", wait_idle)

    go_to(page, "Today")
    mean_before = float(
        page.get_by_test_id("stMetric").filter(has_text="Mean today").inner_text().split()[-1]
    )
    go_to(page, "Log")
    panel = page.get_by_role("tabpanel", name="Mood")
    recent = panel.get_by_text(re.compile(r"^Recent mood entries \(\d+\)"))
    count = int(re.search(r"\((\d+)\)", recent.inner_text()).group(1))
    recent.click()
    picker = pick(page, "Mood", "mood", "mood 3/10", after_run)
    expect(picker).to_have_value(re.compile(r"· mood 3/10$"))
    # The picked entry's edit form holds the second mood slider on the tab.
    edit = panel.get_by_role("slider", name="How are you feeling?").nth(1)
    expect(edit).to_have_attribute("aria-valuetext", re.compile(r"^3"))
    set_slider(edit, 6)
    expect(edit).to_have_attribute("aria-valuetext", re.compile(r"^9"))
    panel.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Updated that mood entry.")).to_be_visible()
    wait_idle(page)

    go_to(page, "Today")
    # Every mood in this journal was logged today, so `count` entries make today's mean and
    # raising one of them by 6 (3 -> 9) raises the mean by 6 / count (shown to one decimal).
    after = float(
        page.get_by_test_id("stMetric").filter(has_text="Mean today").inner_text().split()[-1]
    )
    assert abs(after - (mean_before + 6 / count)) <= 0.1, (mean_before, after, count)

    go_to(page, "Log")
    panel.get_by_text(re.compile(r"^Recent mood entries")).click()
    expect(picker).to_have_value(re.compile(r"· mood 9/10$"))
    panel.get_by_role("button", name="Delete this entry…").click()
    wait_idle(page)
    expect(panel.get_by_text(re.compile(r"^Delete this mood entry"))).to_be_visible()
    panel.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("Deleted that mood entry.")).to_be_visible()
    wait_idle(page)
    expect(panel.get_by_text(f"Recent mood entries ({count - 1})")).to_be_visible()


def test_i_want_to_text_them_then_reached_out_opens_the_contact_tab(
    empty_url: str, page: Any, wait_idle: Any, after_run: Any
) -> None:
    """Today's urge moment: the words written there wait in the Log page's Contact form."""
    from playwright.sync_api import expect

    start(page, empty_url, wait_idle)
    after_run(page, page.get_by_role("button", name="I want to text them").click)
    expect(page.get_by_role("heading", name="Before you send anything")).to_be_visible()
    page.get_by_label("Write it here instead").fill("Are you awake? I keep thinking of you.")
    after_run(page, page.get_by_role("button", name="I reached out to them").click)

    expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible()
    expect(page.get_by_text("one message doesn't undo the days you kept")).to_be_visible()
    # The Log page opens on its Contact tab, with the words already in the note.
    expect(page.get_by_role("tab", name="Contact")).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel", name="Contact")
    expect(panel.get_by_label("Note (optional)").first).to_have_value(
        "Are you awake? I keep thinking of you."
    )
