"""A growing wait after wrong passphrases, per browser session and over all sessions together.

The lock screen asks `Throttle.wait(session)` before it tries a passphrase and refuses the try
while the wait lasts; it reports a wrong passphrase with `failed(session)` and a right one with
`succeeded(session)`. Nothing sleeps: a try is simply refused until its time has come, so the
server keeps serving every other session meanwhile.

A session may try a few times freely, then waits 2 s, 4 s, 8 s and so on up to 5 minutes; over
all sessions of the process (a reload or a second tab starts a new session) a few more free
tries are allowed, then the same doubling up to 10 minutes. The clock is injected (`clock`), so
tests move time forward instead of waiting.

Pure: no Streamlit; one `Throttle` per journal in the process (`for_journal`).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from dashboard import wording


@dataclass(frozen=True)
class Policy:
    """How long to wait after the n-th wrong try in a row: nothing for the first `free`, then
    `first` seconds, doubled at each further wrong try, never more than `cap`."""

    free: int
    first: float
    cap: float

    def delay(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return min(self.cap, self.first * 2 ** (failures - self.free - 1))


SESSION = Policy(free=3, first=2.0, cap=300.0)
TOTAL = Policy(free=10, first=2.0, cap=600.0)
# Sessions remembered at most (the oldest are forgotten); the total still counts their tries.
MAX_SESSIONS = 1024


@dataclass
class _Count:
    failures: int = 0
    until: float = 0.0


class Throttle:
    """Wrong-passphrase counts of one journal: per session and in total."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        session: Policy = SESSION,
        total: Policy = TOTAL,
    ) -> None:
        self._clock = clock
        self._policies = (session, total)
        self._sessions: OrderedDict[str, _Count] = OrderedDict()
        self._total = _Count()
        self._lock = threading.Lock()

    def wait(self, session: str) -> float:
        """Seconds until this session may try again (0.0: now)."""
        with self._lock:
            now = self._clock()
            own = self._sessions.get(session, _Count())
            return max(0.0, own.until - now, self._total.until - now)

    def failed(self, session: str) -> float:
        """Count a wrong passphrase; returns the wait it brings (0.0 while tries are free)."""
        with self._lock:
            now = self._clock()
            own = self._sessions.pop(session, _Count())
            self._sessions[session] = own
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.popitem(last=False)
            for count, policy in zip((own, self._total), self._policies, strict=True):
                count.failures += 1
                count.until = now + policy.delay(count.failures)
            return max(0.0, own.until - now, self._total.until - now)

    def succeeded(self, session: str) -> None:
        """The right passphrase: this session and the total start afresh."""
        with self._lock:
            self._sessions.pop(session, None)
            self._total = _Count()


def wait_text(seconds: float) -> str:
    """When the next try is possible: 'in 2 seconds', 'in 5 minutes' (rounded up)."""
    whole = max(1, math.ceil(seconds))
    if whole < 120:
        return f"in {wording.plural(whole, 'second')}"
    return f"in {wording.plural(math.ceil(whole / 60), 'minute')}"


def refused_text(seconds: float) -> str:
    """The lock screen's message while tries are refused."""
    return (
        "Too many wrong passphrases: the next try is possible "
        f"{wait_text(seconds)}. Until then no passphrase is checked."
    )


_JOURNALS: dict[str, Throttle] = {}
_JOURNALS_LOCK = threading.Lock()


def for_journal(path: str, factory: Callable[[], Throttle] = Throttle) -> Throttle:
    """The process's one Throttle for this journal (made by `factory` on first use)."""
    with _JOURNALS_LOCK:
        if path not in _JOURNALS:
            _JOURNALS[path] = factory()
        return _JOURNALS[path]
