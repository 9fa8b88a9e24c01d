"""The only Streamlit glue besides the pages: which database is open, cached reads, writes,
the sidebar (database switch and period filter) and friendly errors.

Pages call these functions and lay out what they return; they hold no SQL and no computation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import metrics as metrics_mod
from dashboard import store as store_mod
from dashboard.charts.style import DAILY_MAX_DAYS
from dashboard.store import Store, StoreError, StoreInUse, StoreLocked, is_encrypted
from dashboard.validate import ValidationError

JOURNAL = "journal"
DEMO = "demo"
CHOICE_KEY = "tideline_db"
FLASH_KEY = "tideline_flash"
PERIOD_KEY = "tideline_period"
CUSTOM_KEY = "tideline_period_custom"
PERIODS = ("Last 30 days", "Last 90 days", "All time", "Custom")
DEFAULT_PERIOD = "All time"
LABELS = {JOURNAL: "your own journal", DEMO: "the demo story"}
# The address carries which journal is open (`?journal=demo` or `?journal=own`) so that a
# reload, which starts a new session, opens it again. Only these short words, never a path.
PLACE_PARAM = "journal"
PLACE_WORDS = {DEMO: "demo", JOURNAL: "own"}
# Set by "Back to the welcome screen": the welcome shows although the session chose before.
WELCOME_KEY = "tideline_welcome"
# Set once a run of this session has gone through the entry point (app.py).
ENTRY_KEY = "tideline_entry"


# -- which database ----------------------------------------------------------------------------
def journal_path() -> Path:
    """The user's own journal (TIDELINE_DB, else data/tideline.duckdb)."""
    return store_mod.default_db_path()


def demo_path() -> Path:
    """The demo story's database (TIDELINE_DEMO_DB, else data/demo.duckdb)."""
    return Path(os.environ.get("TIDELINE_DEMO_DB") or store_mod.DEMO_DB)


def choice() -> str:
    """Which database this browser session has open: JOURNAL (the default) or DEMO."""
    return st.session_state.get(CHOICE_KEY, JOURNAL)


def db_path() -> str:
    return str(demo_path() if choice() == DEMO else journal_path())


UNLOCKED_KEY = "tideline_unlocked"
# Encrypted journals opened in this process. Kept out of st.cache_resource so that the
# passphrase never becomes a cache key; every browser session still has to prove it knows it.
_VAULT: dict[str, Store] = {}
_VAULT_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _open_plain(path: str) -> Store:
    # One Store (one DuckDB connection) per file per process, shared by every session.
    # A failure is not cached, so the next run tries again (e.g. once the CLI has closed it).
    return Store(path)


def _open(path: str) -> Store:
    """The process's Store for a file: the unlocked one for an encrypted journal."""
    with _VAULT_LOCK:
        if path in _VAULT:
            return _VAULT[path]
    return _open_plain(path)


def unlocked_here(path: str) -> bool:
    """Whether this browser session has given the passphrase for this journal."""
    return bool(st.session_state.get(UNLOCKED_KEY, {}).get(path))


def unlock(path: str, passphrase: str) -> None:
    """Open (or re-check) an encrypted journal for this session; raises StoreLocked kinds."""
    from dashboard import vault

    with _VAULT_LOCK:
        opened = _VAULT.get(path)
        if opened is None:
            _VAULT[path] = vault.unlock(path, passphrase)
        elif not opened.passphrase_matches(passphrase):
            raise StoreLocked("that passphrase does not unlock this journal; nothing was changed")
    st.session_state.setdefault(UNLOCKED_KEY, {})[path] = True


def lock_screen(path: str) -> None:
    """A passphrase form for an encrypted journal; the page stops until it is unlocked."""
    st.title("Your journal is locked")
    st.markdown(
        "This journal is encrypted on disk. Type your passphrase to open it in this browser "
        "session. It is used to unlock the file and is not stored anywhere."
    )
    with st.form("unlock"):
        passphrase = st.text_input("Passphrase", type="password")
        if st.form_submit_button("Unlock", type="primary"):
            try:
                unlock(path, passphrase)
            except StoreLocked as exc:
                st.error(str(exc), icon=":material/lock:")
            else:
                st.rerun()
    st.caption("Forgot it? Without the passphrase the journal cannot be read, by design.")


def friendly(exc: StoreError) -> str:
    """The message shown instead of a traceback when the database cannot be used."""
    if isinstance(exc, StoreInUse):
        return (
            f"{exc} Your entries are safe; Tideline will open the journal as soon as the "
            "other program lets go of it — reload this page then."
        )
    return f"Tideline could not open its database: {exc}"


def store() -> Store:
    """The open Store; on a database problem show a kind message and stop the page."""
    path = db_path()
    # Asked on every run: once this process has the file open, its Store answers, so the
    # header is never read behind DuckDB's back (that would drop its lock on the file).
    if is_encrypted(path) and not unlocked_here(path):
        lock_screen(path)
        st.stop()
    try:
        return _open(path)
    except StoreError as exc:
        st.error(friendly(exc), icon=":material/lock:")
        st.stop()
        raise  # st.stop() raises; this line keeps type checkers content


def keep_place() -> None:
    """Bring back the journal the address names in a new session, and keep the address saying it.

    Every run of the entry point calls this: a reload starts with empty session state, and a
    sidebar link clears the address's query, so the word is read once and written back after.
    Anything but one known word is ignored (and leaves the address).
    """
    st.session_state[ENTRY_KEY] = True
    if CHOICE_KEY not in st.session_state and not st.session_state.get(WELCOME_KEY):
        words = st.query_params.get_all(PLACE_PARAM)
        by_word = {word: db for db, word in PLACE_WORDS.items()}
        named = by_word.get(words[0]) if len(words) == 1 else None
        if named == DEMO:
            try:
                with st.spinner("Setting up the demo story…"):
                    open_demo()
            except StoreError:
                # Stay in the demo all the same: its pages say what is wrong with the file,
                # rather than the own journal opening in its place without a word.
                st.session_state[CHOICE_KEY] = DEMO
        elif named == JOURNAL:
            open_journal()
    _say_place()


def place_in_address() -> dict[str, str]:
    """The address's query for the open journal: {'journal': 'demo' | 'own'}, or {} before a
    choice (for st.switch_page, which otherwise clears it)."""
    word = PLACE_WORDS.get(st.session_state.get(CHOICE_KEY, ""))
    return {PLACE_PARAM: word} if word else {}


def _say_place() -> None:
    # Only when it differs: each write is a message to the browser.
    wanted = place_in_address().get(PLACE_PARAM)
    if st.query_params.get_all(PLACE_PARAM) != ([wanted] if wanted else []):
        if wanted:
            st.query_params[PLACE_PARAM] = wanted
        else:
            del st.query_params[PLACE_PARAM]


def through_entry_point() -> None:
    """Make sure this session's pages run under app.py's navigation; called first by every page.

    With a pages/ folder beside the entry point, Streamlit runs an app as an old-style
    multipage app until st.navigation has been called once in the process. So the first page a
    fresh server is asked for (a tab reloaded after a restart, say /log?journal=demo) would run
    on its own: no entry point, so no journal from the address, and a sidebar of file names.
    Such a run is rerun once, through the entry point, for the same page and address.
    """
    if st.session_state.get(ENTRY_KEY):
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the old mode has nothing to correct
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        # What st.navigation itself does on its first call; set once, so this cannot loop.
        PagesManager.uses_pages_directory = False
        st.rerun()


def first_run() -> bool:
    """True when the session has made no choice yet and the journal holds nothing, or when the
    person asked for the welcome screen again."""
    if CHOICE_KEY in st.session_state:
        return False
    if st.session_state.get(WELCOME_KEY):
        return True
    path = journal_path()
    if not path.exists():
        return True
    try:
        return _open(str(path)).is_empty()
    except StoreError:
        # The page will show the friendly message when it opens the journal.
        return False


def open_demo() -> None:
    """Switch this session to the demo story, creating its database from the story if needed."""
    from dashboard.demo import demo_payload
    from dashboard.interchange import import_payload

    demo = _open(str(demo_path()))
    if demo.is_empty():
        import_payload(demo, demo_payload())
        after_write()
    st.session_state[CHOICE_KEY] = DEMO
    st.session_state.pop(WELCOME_KEY, None)
    _say_place()


def open_journal() -> None:
    """Switch this session to the user's own journal."""
    st.session_state[CHOICE_KEY] = JOURNAL
    st.session_state.pop(WELCOME_KEY, None)
    _say_place()


def back_to_welcome() -> None:
    """Leave the open journal for the welcome screen; both journals stay as they are on disk."""
    st.session_state.pop(CHOICE_KEY, None)
    st.session_state[WELCOME_KEY] = True
    # Without query_params the switch clears the address's `?journal=`; the next run keeps it so.
    st.switch_page("pages/welcome.py")


# -- cached reads ----------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=512)
def _query(db: str, name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    return _open(db).query(name, dict(params))


@st.cache_data(show_spinner=False, max_entries=64)
def _settings(db: str) -> dict[str, Any]:
    return _open(db).settings()


@st.cache_data(show_spinner=False, max_entries=128)
def _metrics(db: str, as_of: dt.date, since: dt.date | None) -> dict[str, Any]:
    return metrics_mod.compute(_open(db), as_of=as_of, since=since)


@st.cache_data(show_spinner=False, max_entries=128)
def _nc_daily(db: str, as_of: dt.date, since: dt.date | None) -> pd.DataFrame:
    return metrics_mod.nc_daily(_open(db), as_of, since)


def query(name: str, **params: Any) -> pd.DataFrame:
    """queries/<name>.sql with these bound parameters, cached until the next write."""
    store()  # shows the friendly message if the database cannot be opened
    return _query(db_path(), name, tuple(sorted(params.items())))


def settings() -> dict[str, Any]:
    store()
    return _settings(db_path())


def day_start_hour() -> int:
    return int(settings()["day_start_hour"])


def now() -> dt.datetime:
    """The local time to the minute: what a new entry is stamped with."""
    return dt.datetime.now().replace(second=0, microsecond=0)


def today() -> dt.date:
    """Today's tracking day (a night out still belongs to the evening it started)."""
    return metrics_mod.today(day_start_hour())


def metrics(as_of: dt.date, since: dt.date | None = None) -> dict[str, Any]:
    """The section 4 metrics dict, cached until the next write."""
    store()
    return _metrics(db_path(), as_of, since)


def nc_daily(as_of: dt.date, since: dt.date | None = None) -> pd.DataFrame:
    """One row per day with its no-contact state, cached until the next write."""
    store()
    return _nc_daily(db_path(), as_of, since)


def mood_days_logged(since: dt.date | None, until: dt.date) -> int:
    """Tracking days with mood entries in [since, until] (whether a chart draws days or weeks)."""
    if since is None:
        # The whole history: the metrics behind every page's guidance cards already count them.
        return int(metrics(until)["mood"]["days_logged"])
    params = {"day_start_hour": day_start_hour(), "since": since, "until": until}
    return int(query("mood_span", **params).iloc[0, 0])


def mood_trend(since: dt.date | None, until: dt.date) -> pd.DataFrame:
    """Daily mood, or weekly past two years of logged days (a few hundred rows either way)."""
    params = {"day_start_hour": day_start_hour(), "since": since, "until": until}
    if mood_days_logged(since, until) <= DAILY_MAX_DAYS:
        return query("mood_daily", **params)
    return query("mood_weekly", **params)


def _plain(column: str, value: Any) -> Any:
    # DuckDB's DataFrames hold numpy and pandas types; the validator wants plain Python ones.
    if isinstance(value, pd.Timestamp):
        return value.date() if column == "on" else value.to_pydatetime()
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def latest_entries(limit: int = 8) -> pd.DataFrame:
    """The latest entries of every kind in words: When, Kind, What (newest first)."""
    df = query("recent_all", limit=limit)

    def when(row: Any) -> str:
        at = pd.Timestamp(row["at"])
        # A milestone has a date, not a time.
        return f"{at:%a} {at.day} {at:%b}" + ("" if row["kind"] == "milestone" else f", {at:%H:%M}")

    return pd.DataFrame(
        {
            "When": [when(row) for _, row in df.iterrows()],
            "Kind": df["kind"].str.capitalize().tolist(),
            "What": [str(w)[:1].upper() + str(w)[1:] for w in df["summary"]],
        }
    )


def recent(table: str, limit: int = 20) -> list[dict[str, Any]]:
    """The latest entries of a table (newest first) as plain dicts, for editing."""
    df = query(f"recent_{table}", limit=limit)
    return [{k: _plain(k, v) for k, v in rec.items()} for rec in df.to_dict("records")]


# -- writes ----------------------------------------------------------------------------------
def after_write() -> None:
    """Forget every cached read: the next run sees the new data."""
    st.cache_data.clear()


def _write(action: Callable[[Store], Any]) -> tuple[bool, Any]:
    try:
        result = action(store())
    except ValidationError as exc:
        st.error(f"Not saved: {exc}", icon=":material/front_hand:")
        return False, None
    except StoreError as exc:
        st.error(friendly(exc), icon=":material/lock:")
        return False, None
    after_write()
    return True, result


def add(table: str, row: dict[str, Any]) -> int | None:
    """Validate and save a new entry; on a problem show why and save nothing."""
    ok, row_id = _write(lambda s: s.add(table, row))
    return row_id if ok else None


def update(table: str, row_id: int, row: dict[str, Any]) -> bool:
    """Replace an entry's fields; on a problem show why and change nothing."""
    ok, _ = _write(lambda s: s.update(table, row_id, row))
    return ok


def delete(table: str, row_id: int) -> bool:
    ok, _ = _write(lambda s: s.delete(table, row_id))
    return ok


def flash(message: str) -> None:
    """Show a message at the top of the next run (it survives st.rerun)."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


# -- sidebar ---------------------------------------------------------------------------------
def page_setup() -> Store:
    """Every page starts here: the database switch in the sidebar, the flash message, the store."""
    through_entry_point()
    opened = store()
    with st.sidebar:
        st.markdown(f"**Open:** {LABELS[choice()]}")
        if choice() == DEMO:
            st.caption("Entries you add here go to the demo story, not your journal.")
            if st.button("Open my own journal", key="switch_db", width="stretch"):
                open_journal()
                st.rerun()
        elif st.button("Explore the demo story", key="switch_db", width="stretch"):
            with st.spinner("Setting up the demo story…"):
                open_demo()
            st.rerun()
        if st.button(
            "Back to the welcome screen", key="to_welcome", icon=":material/waves:", width="stretch"
        ):
            back_to_welcome()
    show_flash()
    return opened


def _since_for(period: str, today_: dt.date) -> dt.date | None:
    if period == "Last 30 days":
        return today_ - dt.timedelta(days=29)
    if period == "Last 90 days":
        return today_ - dt.timedelta(days=89)
    return None


def period_filter() -> tuple[dt.date | None, dt.date]:
    """The sidebar period (last 30 / 90 days, all, custom) as (since, until); since None = all.

    The choice lives under its own session key (not the widget's) so it follows the user from
    page to page.
    """
    today_ = today()
    current = st.session_state.get(PERIOD_KEY, DEFAULT_PERIOD)
    with st.sidebar:
        period = st.radio("Period", PERIODS, index=PERIODS.index(current), horizontal=True)
        st.session_state[PERIOD_KEY] = period
        if period != "Custom":
            return _since_for(period, today_), today_
        start, end = st.session_state.get(CUSTOM_KEY, (today_ - dt.timedelta(days=29), today_))
        picked = st.date_input("From – to", value=(start, end), max_value=today_)
    if isinstance(picked, tuple | list) and len(picked) == 2:
        start, end = picked
    elif isinstance(picked, tuple | list) and len(picked) == 1:
        # Half-way through picking a range: use the first day through today.
        start, end = picked[0], today_
    st.session_state[CUSTOM_KEY] = (start, end)
    return start, end


def no_period_here(why: str) -> None:
    """On a page the sidebar period does not apply to, say so where the filter would be."""
    with st.sidebar:
        st.caption(f"Period: {why}")


def describe_period(since: dt.date | None, until: dt.date, capital: bool = False) -> str:
    """The period in words for captions: 'from 3 Jan 2026 to 1 Feb 2026' or 'up to …'."""
    text = f"up to {_day(until)}" if since is None else f"from {_day(since)} to {_day(until)}"
    return text[0].upper() + text[1:] if capital else text


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


# -- layout helpers --------------------------------------------------------------------------
# Chart specs by (builder, fingerprint of its arguments). A spec is a pure function of its
# arguments, so unlike the cached reads it is not forgotten on a write: after a write only the
# charts whose data changed are built again. Bounded, in memory only, shared by the sessions.
SPEC_CACHE_SIZE = 256
_specs: OrderedDict[tuple[str, str, bytes], dict[str, Any]] = OrderedDict()
_specs_lock = threading.Lock()


def _fingerprint(value: Any, digest: Any) -> None:
    """Feed `value` into the hash `digest`: DataFrames by their columns, types and values."""
    if isinstance(value, pd.DataFrame | pd.Series):
        digest.update(repr((type(value).__name__, value.shape)).encode())
        columns = value.columns if isinstance(value, pd.DataFrame) else [value.name]
        dtypes = value.dtypes if isinstance(value, pd.DataFrame) else [value.dtype]
        digest.update(
            repr([(str(c), str(t)) for c, t in zip(columns, dtypes, strict=True)]).encode()
        )
        try:
            digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        except TypeError:
            # Unhashable cells (lists): the pickled frame says the same thing, more slowly.
            digest.update(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    elif isinstance(value, list | tuple):
        digest.update(f"{type(value).__name__}[{len(value)}]".encode())
        for item in value:
            _fingerprint(item, digest)
    elif isinstance(value, dict):
        digest.update(f"dict[{len(value)}]".encode())
        for key in sorted(value, key=repr):
            _fingerprint(key, digest)
            _fingerprint(value[key], digest)
    else:
        digest.update(f"{type(value).__qualname__}:{value!r};".encode())


def _spec(module: str, name: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """The Vega-Lite spec of `module.name(*args)`, from the cache when the arguments match."""
    digest = hashlib.blake2b(digest_size=20)
    _fingerprint(args, digest)
    key = (module, name, digest.digest())
    with _specs_lock:
        spec = _specs.get(key)
        if spec is not None:
            _specs.move_to_end(key)
    if spec is None:
        # Building and validating an Altair chart costs more than the page's queries. The
        # chart functions' specs are validated by their own tests.
        build = getattr(importlib.import_module(module), name)
        spec = build(*args).to_dict(validate=False)
        with _specs_lock:
            _specs[key] = spec
            while len(_specs) > SPEC_CACHE_SIZE:
                _specs.popitem(last=False)
    # st.vega_lite_chart copies the top level before it moves data out of it; a shallow copy
    # keeps the cached spec whole even so.
    return dict(spec)


def draw(build: Callable[..., alt.TopLevelMixin], *args: Any, width: str = "stretch") -> None:
    """Draw the chart `build(*args)` makes (a pure function of its arguments)."""
    if "<" in build.__qualname__:
        # A lambda or a nested function cannot be found again by name: draw it uncached.
        spec = build(*args).to_dict(validate=False)
    else:
        spec = _spec(build.__module__, build.__qualname__, args)
    st.vega_lite_chart(spec, width=width)


def chart(
    df: pd.DataFrame,
    build: Callable[[pd.DataFrame], alt.Chart],
    caption: Callable[[pd.DataFrame], str],
    empty: str,
    min_rows: int = 1,
) -> None:
    """Draw a chart with its one-sentence caption, or a kind explanation when data is too thin."""
    if len(df) < min_rows:
        st.info(empty, icon=":material/eco:")
        return
    draw(build, df)
    st.caption(caption(df))


# What Today leads with ('inactive', 'streak' or 'strength'): the same rule as the command line.
today_lead = metrics_mod.lead_with


# -- guidance --------------------------------------------------------------------------------
# The guidance engine is pure (no Streamlit); this section turns its cards into page elements.
# Imported here rather than at the top so the section stays self-contained.
from dashboard import guidance as guidance_mod  # noqa: E402
from dashboard import helplines as helplines_mod  # noqa: E402
from dashboard.guidance import Card  # noqa: E402

# Cards shown per page (issue 4): the most relevant first, beside the chart they speak to.
CARDS_PER_PAGE = 3
# Set by Today's "I want to text them" flow when the urge was acted on: the Log page can open
# its Contact tab with this note (see take_contact_hint).
CONTACT_HINT_KEY = "tideline_contact_hint"


def guidance_context(as_of: dt.date | None = None) -> dict[str, Any]:
    """The rule context on a day: the whole history up to it (never the period filter)."""
    day = as_of or today()
    # Both reads are cached until the next write; building the context itself is cheap.
    return guidance_mod.build_context(metrics(day), settings())


def source_line(card: Card) -> str:
    """'Source: <title>, by <author> — <section>' (no author part when the article has none)."""
    src = card.source
    by = f", by {src.author}" if src.author else ""
    return f"Source: {src.title}{by} — {src.section}"


def md_escape(text: str) -> str:
    """Text shown as typed: markdown and maths characters escaped."""
    # Card text is prose, not markdown: keep a stray $ or * from turning into maths or bold.
    for char in ("\\", "$", "*", "_", "`", "[", "]", "<", "~", "|"):
        text = text.replace(char, "\\" + char)
    # A heading or quote mark only means something at the start of the text.
    return "\\" + text if text[:1] in ("#", ">") else text


def card_lines(card: Card) -> str:
    """The crisis or abuse-support lines a card shows below its text, as a markdown list
    ('' for cards without lines): the person's country first, then the directory."""
    country = helplines_mod.effective_country(settings(), os.environ)
    items = helplines_mod.lines_for_card(card.tags, country)
    return "\n".join(f"- {md_escape(item)}" for item in items)


def show_card(card: Card) -> None:
    """One card, calmly: title, body and its source; the safety card in a soft warning box.

    The safety card and the abuse-support cards list their lines (helplines.lines_for_card)
    below the text, wherever they show."""
    lines = card_lines(card)
    if "safety" in card.tags:
        with st.container():
            text = f"**{md_escape(card.title)}**\n\n{md_escape(card.body)}"
            st.warning(f"{text}\n\n{lines}" if lines else text, icon=":material/favorite:")
            st.caption(md_escape(source_line(card)))
        return
    with st.container(border=True):
        st.markdown(f":material/explore: **{md_escape(card.title)}**")
        st.markdown(md_escape(card.body))
        if lines:
            st.markdown(lines)
        st.caption(md_escape(source_line(card)))


def show_cards(cards: list[Card]) -> None:
    """Several cards in order (the most relevant first)."""
    for card in cards:
        show_card(card)


@st.cache_data(show_spinner=False, max_entries=256)
def _page_card_ids(db: str, page: str, as_of: dt.date) -> list[str]:
    # A page asks for its cards once per chart; the choice only changes with a write (which
    # clears this cache) or another day, so it is made once. `db` keeps journals apart.
    moment = ("urge_moment",) if page == "today" else ()
    cards = guidance_mod.cards_for(
        guidance_context(as_of), page, limit=CARDS_PER_PAGE, exclude_tags=moment
    )
    return [c.id for c in cards]


def page_cards(page: str, as_of: dt.date | None = None) -> list[Card]:
    """The page's cards: at most three, safety first where it belongs, then the best fits.

    Today's "moment" cards wait for the "I want to text them" button, so they are left out of
    Today's three.
    """
    by_id = {c.id: c for c in guidance_mod.load_cards()}
    return [by_id[i] for i in _page_card_ids(db_path(), page, as_of or today())]


def safety_first(page: str, as_of: dt.date | None = None) -> bool:
    """Show the safety card at the top of Today or Mood when it holds; True when shown."""
    cards = [c for c in page_cards(page, as_of) if "safety" in c.tags]
    show_cards(cards)
    return bool(cards)


def support_card() -> bool:
    """The library's support (safety) card, drawn as on every page, whatever today's rule says.

    For a moment the page itself knows is hard (the Log page, right after a low mood is saved).
    True when the library has such a card.
    """
    cards = [c for c in guidance_mod.load_cards() if "safety" in c.tags]
    show_cards(cards[:1])
    return bool(cards)


def cards_beside(page: str, chart: str, as_of: dt.date | None = None) -> None:
    """The page's cards placed beside this chart (the safety card is shown first, not here)."""
    show_cards(
        [
            c
            for c in page_cards(page, as_of)
            if c.place == f"{page}:{chart}" and "safety" not in c.tags
        ]
    )


def cards_rest(
    page: str, as_of: dt.date | None = None, shown: tuple[str, ...] | None = None
) -> None:
    """The page's cards that have no chart on the page (e.g. red-flag advice), at its end.

    `shown` names the charts whose cards were placed beside them (default: every chart of the
    page); a page that stops early passes () so its cards still appear.
    """
    drawn = guidance_mod.PLACES[page] if shown is None else shown
    here = {f"{page}:{chart}" for chart in drawn}
    show_cards(
        [c for c in page_cards(page, as_of) if c.place not in here and "safety" not in c.tags]
    )


def save_guidance_settings(intent: str, red_flags: list[str]) -> bool:
    """Save the intent and red flags; on a problem show why and change nothing."""
    ok, _ = _write(lambda s: s.save_settings({"intent": intent, "red_flags": list(red_flags)}))
    return ok


def take_contact_hint() -> dict[str, Any] | None:
    """The note left by Today's urge flow for the Log page's contact form (read once)."""
    return st.session_state.pop(CONTACT_HINT_KEY, None)
