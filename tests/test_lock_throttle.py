"""The lock screen waits longer after each wrong passphrase, per session and over all sessions.

The throttle's clock is moved by hand (nothing sleeps); the app finds the test's throttle
because there is one per journal in the process (`throttle.for_journal`).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import throttle
from dashboard.throttle import Policy, Throttle
from tests.test_lock_screen import APP, SECRET, locked_journal, texts

__all__ = ["locked_journal"]  # the fixture, shared with the lock screen's own tests


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _try(at: AppTest, passphrase: str) -> str:
    at.text_input[0].input(passphrase)
    at.button[0].click().run()
    assert not at.exception
    return texts(at)


def test_wrong_tries_bring_a_growing_wait_and_a_try_too_soon_is_refused(
    locked_journal: Path,
) -> None:
    clock = Clock()
    gate = throttle.for_journal(str(locked_journal), lambda: Throttle(clock=clock))
    at = AppTest.from_file(APP, default_timeout=30).run()
    for _ in range(3):  # three free tries
        shown = _try(at, "not it at all")
        assert "does not unlock" in shown and "Too many" not in shown
    shown = _try(at, "still not it")
    assert "does not unlock" in shown
    assert "the next try is possible in 2 seconds" in shown
    # Even the right passphrase is refused, unchecked, until the two seconds have passed.
    shown = _try(at, SECRET)
    assert "Too many wrong passphrases: the next try is possible in 2 seconds" in shown
    assert "Your journal is locked" in shown
    clock.now += 1.5
    assert "the next try is possible in 1 second" in _try(at, SECRET)
    clock.now += 0.5
    assert "Your journal is locked" not in _try(at, SECRET)
    assert at.title[0].value.startswith("Today")
    assert gate.wait("anyone") == 0  # the right passphrase cleared the total


def test_a_new_session_meets_the_wait_of_all_sessions_together(locked_journal: Path) -> None:
    clock = Clock()
    few = Policy(free=4, first=2.0, cap=600.0)
    throttle.for_journal(str(locked_journal), lambda: Throttle(clock=clock, total=few))
    first = AppTest.from_file(APP, default_timeout=30).run()
    for _ in range(3):
        assert "Too many" not in _try(first, "not it at all")
    second = AppTest.from_file(APP, default_timeout=30).run()
    assert "Too many" not in _try(second, "not it either")  # the fourth in total: still free
    # The fifth in total: every session now waits, a fresh one (a reload) too.
    assert "the next try is possible in 2 seconds" in _try(second, "nor this")
    third = AppTest.from_file(APP, default_timeout=30).run()
    assert "the next try is possible in 2 seconds" in _try(third, SECRET)
    clock.now += 2
    assert "Your journal is locked" not in _try(third, SECRET)
