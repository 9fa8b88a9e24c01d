"""Which journal this browser session has open and how every page starts.

The choice between the demo story and the person's own journal, the lock screen of an
encrypted journal, the place kept in the address (`?journal=demo` or `?journal=own`), the
welcome screen of a first visit, flash messages, and `page_setup`, which every page calls first.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import streamlit as st

try:
    from streamlit.runtime.pages_manager import PagesManager
except ImportError:  # a Streamlit without the old multipage mode has nothing to correct
    PagesManager = None

from dashboard import store as store_mod
from dashboard import throttle
from dashboard.demo import demo_payload
from dashboard.formats.tideline import import_payload
from dashboard.store import Store, StoreError, StoreLocked
from dashboard.ui import reads, writes

JOURNAL = "journal"
DEMO = "demo"
CHOICE_KEY = "tideline_db"
FLASH_KEY = "tideline_flash"
UNLOCKED_KEY = "tideline_unlocked"
# This browser session's name for the wrong-passphrase throttle (dashboard.throttle).
THROTTLE_KEY = "tideline_throttle_id"
LABELS = {JOURNAL: "your own journal", DEMO: "the demo story"}
# The address carries which journal is open (`?journal=demo` or `?journal=own`) so that a
# reload, which starts a new session, opens it again. Only these short words, never a path.
PLACE_PARAM = "journal"
PLACE_WORDS = {DEMO: "demo", JOURNAL: "own"}
# Set by "Back to the welcome screen": the welcome shows although the session chose before.
WELCOME_KEY = "tideline_welcome"
# Set once a run of this session has gone through the entry point (app.py).
ENTRY_KEY = "tideline_entry"


# -- which journal -----------------------------------------------------------------------------
def journal_path() -> Path:
    """The user's own journal (TIDELINE_DB, else data/tideline.duckdb)."""
    return store_mod.default_db_path()


def demo_path() -> Path:
    """The demo story's database (TIDELINE_DEMO_DB, else data/demo.duckdb)."""
    return Path(os.environ.get("TIDELINE_DEMO_DB") or store_mod.DEMO_DB)


def choice() -> str:
    """Which database this browser session has open: JOURNAL (the default) or DEMO."""
    return st.session_state.get(CHOICE_KEY, JOURNAL)


def page_id() -> str:
    """Which page this run draws (st.navigation's hash of its script)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return "" if ctx is None else str(ctx.page_script_hash)


def db_path() -> str:
    """The file of the journal this session has open."""
    return str(demo_path() if choice() == DEMO else journal_path())


def open_demo() -> None:
    """Switch this session to the demo story, creating its database from the story if needed."""
    demo = reads.open_store(str(demo_path()))
    if demo.is_empty():
        import_payload(demo, demo_payload())
        writes.after_write()
    st.session_state[CHOICE_KEY] = DEMO
    st.session_state.pop(WELCOME_KEY, None)
    _say_place()


def open_journal() -> None:
    """Switch this session to the user's own journal."""
    st.session_state[CHOICE_KEY] = JOURNAL
    st.session_state.pop(WELCOME_KEY, None)
    _say_place()


# -- lock screen -------------------------------------------------------------------------------
def unlocked_here(path: str) -> bool:
    """Whether this browser session has given the passphrase for this journal."""
    return bool(st.session_state.get(UNLOCKED_KEY, {}).get(path))


def unlock(path: str, passphrase: str) -> None:
    """Open (or re-check) an encrypted journal for this session; raises StoreLocked kinds.

    After a few wrong passphrases, in this session or in all of them, a try is refused without
    checking the passphrase until the throttle's wait has passed (nothing sleeps meanwhile).
    """
    gate = throttle.for_journal(path)
    me = st.session_state.setdefault(THROTTLE_KEY, secrets.token_hex(16))
    wait = gate.wait(me)
    if wait > 0:
        raise StoreLocked(throttle.refused_text(wait))
    try:
        reads.unlock_store(path, passphrase)
    except StoreLocked as exc:
        wait = gate.failed(me) if passphrase else 0.0
        if wait > 0:
            raise StoreLocked(f"{str(exc).rstrip('.')}. {throttle.refused_text(wait)}") from None
        raise
    gate.succeeded(me)
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


# -- the place in the address ------------------------------------------------------------------
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
    if st.session_state.get(ENTRY_KEY) or PagesManager is None:
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        # What st.navigation itself does on its first call; set once, so this cannot loop.
        PagesManager.uses_pages_directory = False
        st.rerun()


# -- welcome -----------------------------------------------------------------------------------
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
        return reads.open_store(str(path)).is_empty()
    except StoreError:
        # The page will show the friendly message when it opens the journal.
        return False


def back_to_welcome() -> None:
    """Leave the open journal for the welcome screen; both journals stay as they are on disk."""
    st.session_state.pop(CHOICE_KEY, None)
    st.session_state[WELCOME_KEY] = True
    # Without query_params the switch clears the address's `?journal=`; the next run keeps it so.
    st.switch_page("pages/welcome.py")


# -- flash messages ----------------------------------------------------------------------------
def flash(message: str) -> None:
    """Show a message at the top of the next run (it survives st.rerun)."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """The message left by `flash`, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


# -- every page --------------------------------------------------------------------------------
def page_setup() -> Store:
    """Every page starts here: the database switch in the sidebar, the flash message, the store."""
    through_entry_point()
    reads.read_ahead(None)  # until this page's period is known (sidebar.period_filter)
    opened = reads.store()
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
