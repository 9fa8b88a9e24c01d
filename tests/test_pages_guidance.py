"""AppTests of guidance on the pages: cards by their charts, the path, red flags, safety, urges."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PACKAGE_DIR
from dashboard.guidance import Card, load_cards
from dashboard.metrics import today as tracking_today
from dashboard.store import Store
from dashboard.ui import session
from tests.conftest import build_demo

APP = PACKAGE_DIR / "app.py"
CHART_PAGES = ("today", "no_contact", "patterns", "cycles", "mood")
ALL_PAGES = (*CHART_PAGES, "guidance")
BY_TITLE = {c.title: c for c in load_cards()}
RECONCILIATION = {c.title for c in load_cards() if "reconciliation" in c.tags}
SAFETY_TITLE = "You don't have to carry this alone"
ABUSE_TITLE = "Abuse is a reason not to go back"
SEEK_SUPPORT_TITLE = "Support for you, not a way back"


def registered(page: str) -> bool:
    """Whether app.py's navigation lists the page (the lead adds Guidance; until then, direct)."""
    return f"pages/{page}.py" in APP.read_text(encoding="utf-8")


def open_page(page: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Open `db` as the journal and run the page, through app.py when it is registered."""
    monkeypatch.setenv("TIDELINE_DB", str(db))
    if registered(page):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.session_state[session.CHOICE_KEY] = session.JOURNAL
        at.run()
        at.switch_page(f"pages/{page}.py")
    else:
        at = AppTest.from_file(str(PACKAGE_DIR / "pages" / f"{page}.py"), default_timeout=30)
        at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    assert_fine(at)
    return at


def assert_fine(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def click(at: AppTest, label: str) -> None:
    """Click the button labelled `label`, rerun, and check the page ran without an exception."""
    [b for b in at.button if b.label == label][0].click().run()
    assert_fine(at)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


_TITLE = re.compile(r"^:material/explore: \*\*(.+)\*\*$")


def _walk(block, in_expander: bool = False):
    """Every element under a block in document order, with whether it sits in an expander."""
    for child in block.children.values():
        if hasattr(child, "children"):
            yield from _walk(child, in_expander or child.type == "expander")
        else:
            yield child, in_expander


def shown_cards(at: AppTest, include_expanders: bool = True) -> list[Card]:
    """The cards on the page in order, from their bold titles (safety: inside its warning)."""
    titles: list[str] = []
    for node, in_expander in _walk(at.main):
        if in_expander and not include_expanders:
            continue
        if node.type == "markdown" and (match := _TITLE.match(node.value)):
            titles.append(unescape(match.group(1)))
        elif node.type == "warning" and node.value.startswith("**"):
            titles.append(unescape(node.value.split("**")[1]))
    return [BY_TITLE[t] for t in titles]


def sources(at: AppTest) -> list[str]:
    return [unescape(c.value) for c in at.caption if c.value.startswith("Source: ")]


def source_of(card: Card) -> str:
    # The line worked out from the card's data: "Source: <title>, by <author> — <section>".
    by = f", by {card.source.author}" if card.source.author else ""
    return f"Source: {card.source.title}{by} — {card.source.section}"


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo story ending today, built once; tests that write work on a copy."""
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb", end=tracking_today(4))


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(demo_file, tmp_path / "demo_copy.duckdb"))


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0))


@pytest.fixture
def hoping(make_store: Callable[..., Store]) -> Path:
    """Broke up 40 days ago, no contact since the next day, intent 'reconcile', a few moods.

    39 no-contact days (>= 30) with no milestone after the start: the path places the user in
    'working on yourself' on the reconcile route, and reconciliation cards may show.
    """
    d0 = tracking_today(4) - dt.timedelta(days=40)
    s = make_store(
        name="hoping",
        settings={"intent": "reconcile"},
        milestones=[
            {"on": d0, "kind": "breakup", "title": ""},
            {"on": d0 + dt.timedelta(days=1), "kind": "no_contact_start", "title": ""},
        ],
        mood=[{"at": at_noon(d0 + dt.timedelta(days=k)), "mood": 5 + k % 3} for k in range(2, 40)],
    )
    path = s.path
    s.close()
    return Path(path)


def low_days(make_store: Callable[..., Store], name: str, moods: list[int]) -> Path:
    """Moods at noon on the last len(moods) tracking days, the last one today."""
    end = tracking_today(4)
    s = make_store(
        name=name,
        mood=[
            {"at": at_noon(end - dt.timedelta(days=len(moods) - 1 - i)), "mood": m}
            for i, m in enumerate(moods)
        ],
    )
    path = s.path
    s.close()
    return Path(path)


LowJournal = Callable[[str, list[int]], Callable[[str], AppTest]]


@pytest.fixture
def low_journal(make_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch) -> LowJournal:
    """low_journal(name, moods)(page): `page` open on a journal of `low_days(name, moods)`."""

    def build(name: str, moods: list[int]) -> Callable[[str], AppTest]:
        db = low_days(make_store, name, moods)
        return lambda page: open_page(page, db, monkeypatch)

    return build


# -- the demo story ------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ALL_PAGES)
def test_demo_pages_show_at_most_three_cards_with_sources(
    page: str, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(page, demo_file, monkeypatch)
    cards = shown_cards(at, include_expanders=False)
    # The rule: at most three cards a page; the demo story gives every page some.
    assert 1 <= len(cards) <= 3, [c.id for c in cards]
    assert len({c.id for c in cards}) == len(cards)
    outside = [
        unescape(n.value)
        for n, in_expander in _walk(at.main)
        if not in_expander and n.type == "caption" and n.value.startswith("Source: ")
    ]
    assert outside == [source_of(c) for c in cards]
    # Neither three low days nor a mood of 1 lately in the demo story: no safety card.
    assert SAFETY_TITLE not in {c.title for c in cards}
    if page != "guidance":
        # Beside a chart of this page (no red flag is ticked in the demo story).
        assert all(c.page == page for c in cards), [c.place for c in cards]


def test_demo_cards_sit_beside_their_chart(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page("no_contact", demo_file, monkeypatch)
    order: list[str] = []
    for node, _ in _walk(at.main):
        if "vega_lite_chart" in node.type:
            order.append("chart")
        elif node.type == "markdown" and (match := _TITLE.match(node.value)):
            order.append(BY_TITLE[unescape(match.group(1))].chart or "")
    # Calendar, runs, weekly bars: each card comes after the chart it names, before the next.
    charts_seen = 0
    position = {"calendar": 1, "streaks": 2, "urges_vs_breaks": 3}
    for item in order:
        if item == "chart":
            charts_seen += 1
        else:
            assert charts_seen == position[item], order


# -- red flags, end to end -----------------------------------------------------------------------
def save_on_guidance(at: AppTest, intent: str, flags: set[str]) -> AppTest:
    at.radio(key="guidance_intent").set_value(intent)
    for flag in ("abuse", "contempt", "betrayal"):
        at.checkbox(key=f"guidance_flag_{flag}").set_value(flag in flags)
    click(at, "Save")
    return at


def page_texts(at: AppTest) -> str:
    parts = [n.value for n, _ in _walk(at.main) if isinstance(getattr(n, "value", None), str)]
    return "\n".join(unescape(p) for p in parts)


def cards_everywhere(db: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Card]]:
    return {p: shown_cards(open_page(p, db, monkeypatch)) for p in ALL_PAGES}


def test_red_flag_switch_end_to_end(hoping: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: intent reconcile, 39 no-contact days, no urge, one breakup. The No contact page's
    # cards whose rules hold are exactly three: 'A month of quiet behind you' (nc_days >= 30),
    # 'Working on yourself' (nc_days >= 7) and 'If they get in touch' (reconciliation: no
    # contact active and intent != move_on), so all three show.
    before = cards_everywhere(hoping, monkeypatch)
    assert "when-they-reach-out" in {c.id for c in before["no_contact"]}
    guide = open_page("guidance", hoping, monkeypatch)
    assert [s.value for s in guide.subheader][0] == "You are here: Working on yourself"
    assert "Reconnecting" in page_texts(guide)  # an ahead step on the reconcile route

    guide = save_on_guidance(guide, "reconcile", {"abuse"})
    with Store(hoping) as s:
        assert s.settings()["red_flags"] == ["abuse"]

    after = cards_everywhere(hoping, monkeypatch)
    for page, cards in after.items():
        assert not [c.id for c in cards if "reconciliation" in c.tags], page
        # The guides' advice not to go back reaches every page.
        assert ABUSE_TITLE in {c.title for c in cards}, page
    guide = open_page("guidance", hoping, monkeypatch)
    text = page_texts(guide)
    assert [s.value for s in guide.subheader][0] == "You are here: Moving on"
    assert "it will not suggest going back" in [i.value for i in guide.info][0]
    assert "Reconnecting" not in text and "A second version" not in text
    assert not {c.title for c in shown_cards(guide)} & RECONCILIATION

    # Untick: the reconciliation card and the reconcile route can come back.
    save_on_guidance(guide, "reconcile", set())
    again = open_page("no_contact", hoping, monkeypatch)
    assert "when-they-reach-out" in {c.id for c in shown_cards(again)}
    assert ABUSE_TITLE not in {c.title for c in shown_cards(again)}
    guide = open_page("guidance", hoping, monkeypatch)
    assert [s.value for s in guide.subheader][0] == "You are here: Working on yourself"


def test_move_on_intent_keeps_reconnecting_off_the_path(
    hoping: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = save_on_guidance(open_page("guidance", hoping, monkeypatch), "move_on", set())
    guide = open_page("guidance", hoping, monkeypatch)
    assert [s.value for s in guide.subheader][0] == "You are here: Moving on"
    assert "Reconnecting" not in page_texts(guide)
    cards = shown_cards(open_page("no_contact", hoping, monkeypatch))
    assert not [c.id for c in cards if "reconciliation" in c.tags]


# -- safety --------------------------------------------------------------------------------------
def test_safety_card_first_on_today_and_mood_after_three_low_days(
    low_journal: LowJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Daily means 3, 2, 3 (each <= 3) on the last three days: current_low_run_days = 3;
    # the lowest of those days is 2, so only the low run makes the rule hold.
    open_on = low_journal("low", [3, 2, 3])
    # The crisis lines follow the country; this computer's locale says United States.
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for page in ("today", "mood"):
        at = open_on(page)
        cards = shown_cards(at)
        assert cards and cards[0].title == SAFETY_TITLE, (page, [c.id for c in cards])
        assert len(cards) <= 3
        warning = at.warning[0].value
        assert "988" in warning and "findahelpline.com" in warning
        assert not at.error  # gentle, never the alarming red box
    for page in ("no_contact", "patterns"):
        assert SAFETY_TITLE not in page_texts(open_on(page))


def test_safety_card_stays_away_after_two_low_days(low_journal: LowJournal) -> None:
    # Means 5, 3, 2: the run of days <= 3 ending today is 2 long and no mood was 1.
    open_on = low_journal("two_low", [5, 3, 2])
    for page in ("today", "mood"):
        assert SAFETY_TITLE not in page_texts(open_on(page))


def test_a_mood_of_one_in_the_last_three_days_brings_the_safety_card(
    low_journal: LowJournal,
) -> None:
    # 1 two days ago, then 6 and 7: no low run today, but min_last_3d = 1.
    cards = shown_cards(low_journal("one", [1, 6, 7])("mood"))
    assert cards[0].title == SAFETY_TITLE


# -- "I want to text them" -------------------------------------------------------------------------
def open_moment(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    at = open_page("today", db, monkeypatch)
    click(at, "I want to text them")
    return at


Moment = tuple[Path, AppTest]


def write_then(at: AppTest, words: str, button: str) -> None:
    """Write `words` in the moment's note, then press `button`."""
    at.text_area(key="moment_note").set_value(words)
    click(at, button)


@pytest.fixture
def moment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, AppTest]:
    """A new journal, and Today open on it with the "I want to text them" moment open."""
    db = tmp_path / "journal.duckdb"
    return db, open_moment(db, monkeypatch)


def urges(db: Path) -> list[dict]:
    with Store(db) as s:
        return s.rows("urges")


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [("I let it pass", "resisted"), ("I looked at their profile or messages", "peeked")],
)
def test_text_them_saves_a_private_urge(answer: str, outcome: str, moment: Moment) -> None:
    db, at = moment
    cards = shown_cards(at)
    # Empty journal: the two moment cards whose rule is `always`; no others on the page.
    assert {c.id for c in cards} == {"urge-write-it-here", "urge-let-it-wait"}
    at.text_area(key="moment_note").set_value("I miss you. Can we talk?")
    at.slider(key="moment_urge").set_value(8)
    [b for b in at.button if b.label == answer][0].click().run()
    assert_fine(at)
    saved = urges(db)
    assert len(saved) == 1
    assert saved[0]["note"] == "I miss you. Can we talk?"
    assert saved[0]["outcome"] == outcome
    assert saved[0]["intensity"] == 8
    assert saved[0]["private"] is True
    assert at.success and "Saved" in at.success[0].value
    # The moment is closed again: the button is back.
    assert any(b.label == "I want to text them" for b in at.button)


def test_text_them_acted_on_opens_the_contact_form_and_saves_no_urge(moment: Moment) -> None:
    db, at = moment
    write_then(at, "Hey, are you up?", "I reached out to them")
    assert urges(db) == []
    assert at.title[0].value == "Log"
    assert "Contact" in [t.label for t in at.tabs]
    # The Log page opens on its Contact tab.
    assert at.session_state["log_tab"] == "Contact"
    flash = at.success[0].value
    assert "Contact" in flash and "doesn't undo" in flash
    # The note waits for the Log page's contact form: still in the session, or already taken
    # by the form (then it is the text of one of the Log page's text areas).
    notes = [a.value for a in at.text_area]
    assert "Hey, are you up?" in notes
    # Saving the prefilled contact form records it as a contact I started, with the words.
    # (AppTest reruns the page it last switched to itself, so point it at the Log page.)
    at.switch_page("pages/log.py").run()
    assert "Hey, are you up?" in [a.value for a in at.text_area]
    click(at, "Save contact")
    with Store(db) as s:
        (contact,) = s.rows("contacts")
    assert (contact["initiator"], contact["note"]) == ("me", "Hey, are you up?")
    # The hint is used once: the next new-contact form is empty again.
    assert [a.value for a in at.text_area if a.key.startswith("new_contacts")] == [""]


def test_text_them_not_now_closes_without_saving(moment: Moment) -> None:
    db, at = moment
    click(at, "Not now")
    assert urges(db) == []
    assert any(b.label == "I want to text them" for b in at.button)
    assert not any("kept here" in c.value for c in at.caption)


def test_text_them_not_now_keeps_the_words_until_the_user_says_how_it_went(moment: Moment) -> None:
    db, at = moment
    write_then(at, "I still think about you.", "Not now")
    assert urges(db) == []  # nothing saved yet: the outcome is not known
    assert any("kept here" in c.value for c in at.caption)
    # Opening the moment again brings the words back; answering saves them once.
    [b for b in at.button if b.label == "I want to text them"][0].click().run()
    assert at.text_area(key="moment_note").value == "I still think about you."
    click(at, "I let it pass")
    (saved,) = urges(db)
    assert (saved["note"], saved["outcome"], saved["private"]) == (
        "I still think about you.",
        "resisted",
        True,
    )
    # The kept words are gone once saved: the next moment starts empty.
    assert not any("kept here" in c.value for c in at.caption)
    [b for b in at.button if b.label == "I want to text them"][0].click().run()
    assert at.text_area(key="moment_note").value == ""


def test_kept_words_stay_with_their_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Words kept in the user's journal must not show up while the demo story is open.
    db = tmp_path / "journal.duckdb"
    monkeypatch.setenv("TIDELINE_DEMO_DB", str(tmp_path / "demo.duckdb"))
    at = open_moment(db, monkeypatch)
    at.text_area(key="moment_note").set_value("Only for my own journal.")
    [b for b in at.button if b.label == "Not now"][0].click().run()
    at.session_state[session.CHOICE_KEY] = session.DEMO
    at.run()
    assert_fine(at)
    assert not any("kept here" in c.value for c in at.caption)
    [b for b in at.button if b.label == "I want to text them"][0].click().run()
    assert at.text_area(key="moment_note").value == ""
    [b for b in at.button if b.label == "Not now"][0].click().run()
    at.session_state[session.CHOICE_KEY] = session.JOURNAL
    at.run()
    assert any("kept here" in c.value for c in at.caption)
    [b for b in at.button if b.label == "I want to text them"][0].click().run()
    assert at.text_area(key="moment_note").value == "Only for my own journal."


# -- an empty journal ----------------------------------------------------------------------------
def test_guidance_page_on_an_empty_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("guidance", tmp_path / "journal.duckdb", monkeypatch)
    assert at.title[0].value == "Your path"
    # No milestones, intent undecided: the catch-all placement, first phase of the reconcile
    # route (undecided is not move_on), every later phase ahead.
    assert at.subheader[0].value == "You are here: No contact"
    assert "The guides begin with a stretch of no contact." in page_texts(at)
    assert not at.info  # no red-flag support note
    # At most three cards, like every page (the whole library is the command line's job).
    assert 1 <= len(shown_cards(at)) <= 3
    # Undecided: beside what comes next, the other road is named too.
    text = page_texts(at)
    assert "Or: Moving on" in text and "You don't have to decide yet." in text
