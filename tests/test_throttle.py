"""The lock screen's throttle: growing waits per session and in total, on an injected clock."""

from __future__ import annotations

import pytest

from dashboard import throttle
from dashboard.throttle import Policy, Throttle


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_policy_doubles_after_the_free_tries_up_to_its_cap() -> None:
    policy = Policy(free=3, first=2.0, cap=300.0)
    # Tries 1-3 free; then 2, 4, 8 ... seconds; 2 * 2**7 = 256 at try 11, 512 capped at try 12.
    assert [policy.delay(n) for n in range(1, 8)] == [0, 0, 0, 2, 4, 8, 16]
    assert policy.delay(11) == 256 and policy.delay(12) == 300 and policy.delay(40) == 300


def test_a_session_waits_after_its_free_tries_and_is_free_once_the_time_has_passed() -> None:
    clock = Clock()
    gate = Throttle(clock=clock)
    assert [gate.failed("a") for _ in range(3)] == [0, 0, 0]
    assert gate.wait("a") == 0
    assert gate.failed("a") == 2  # the fourth wrong try
    clock.now += 1.5
    assert gate.wait("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert gate.wait("a") == 0
    assert gate.failed("a") == 4  # the fifth
    # Another session has its own count, and the total (5 of 10 free) holds nothing back.
    assert gate.wait("b") == 0


def test_many_sessions_together_meet_the_total_limit() -> None:
    clock = Clock()
    gate = Throttle(clock=clock)
    # Ten sessions of one wrong try each (a reload is a new session): all free in total too.
    for n in range(10):
        assert gate.failed(f"s{n}") == 0
    # The eleventh wrong try, from a fresh session, makes every session wait 2 s.
    assert gate.failed("s10") == 2
    assert gate.wait("never-tried") == 2
    clock.now += 2
    assert gate.failed("s11") == 4  # the twelfth in total
    assert gate.wait("s0") == 4


def test_the_right_passphrase_clears_the_session_and_the_total() -> None:
    clock = Clock()
    gate = Throttle(clock=clock, total=Policy(free=4, first=2.0, cap=600.0))
    for _ in range(4):
        gate.failed("a")
    assert gate.wait("a") == 2 and gate.wait("b") == 0
    gate.failed("b")  # the fifth in total
    assert gate.wait("b") == 2
    gate.succeeded("b")
    assert gate.wait("b") == 0
    # The total starts afresh, but "a" keeps its own count.
    assert gate.wait("a") == 2


def test_only_so_many_sessions_are_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle, "MAX_SESSIONS", 2)
    gate = Throttle(clock=Clock(), total=Policy(free=100, first=2.0, cap=600.0))
    for name in ("a", "a", "a", "a", "b", "c"):
        gate.failed(name)
    # "a" (waiting 2 s) was the oldest of three sessions, so it is forgotten.
    assert gate.wait("a") == 0


def test_the_message_says_when_the_next_try_is_possible() -> None:
    assert throttle.wait_text(0.2) == "in 1 second"
    assert throttle.wait_text(1.01) == "in 2 seconds"
    assert throttle.wait_text(119) == "in 119 seconds"
    assert throttle.wait_text(300) == "in 5 minutes"
    assert throttle.wait_text(301) == "in 6 minutes"
    assert "the next try is possible in 8 seconds" in throttle.refused_text(8)


def test_one_throttle_per_journal_in_the_process() -> None:
    made = Throttle(clock=Clock())
    assert throttle.for_journal("/tmp/t-one.duckdb", lambda: made) is made
    assert throttle.for_journal("/tmp/t-one.duckdb") is made
    assert throttle.for_journal("/tmp/t-two.duckdb") is not made
