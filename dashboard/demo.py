"""The demo story: a believable breakup journal as one `tideline/1` payload (PRODUCT.md s.5).

The story (every text, weight, time of day and milestone) lives in `data/demo/`, one file per
concern; this module plays it out day by day. The default story is six months of one person;
`years=N` stretches the same kind of story to N years of a heavy user for the benchmark.
Everything is drawn from one `random.Random(seed)` in a fixed order, so a seed and an end date
always give the same payload. Rows are not validated here (the importer does that).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import random
from dataclasses import dataclass, field
from typing import Any

from dashboard import DATA_DIR

FORMAT = "tideline/1"
DEMO_DIR = DATA_DIR / "demo"
CONCERNS = ("story", "activities", "moods", "urges", "slips", "contacts", "notes")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CONTACT = {"initiator": "them", "channel": "text", "got_response": None}
CONTACT |= {"under_influence": False, "trigger": "", "note": ""}
TABLES = ("mood", "contacts", "urges")
URGE = ("intensity", "outcome", "trigger", "note")
Row = dict[str, Any]
Flags = dict[str, bool]


@functools.cache
def story_data() -> dict[str, Any]:
    """The files of data/demo/ by concern, read once; "{ex}" in a text is the ex's name."""
    texts = {c: (DEMO_DIR / f"{c}.json").read_text(encoding="utf-8") for c in CONCERNS}
    ex = json.loads(texts["story"])["ex"]
    return {c: json.loads(text.replace("{ex}", ex)) for c, text in texts.items()}


@functools.cache
def _minute(clock: str) -> int:
    """Minutes after midnight of "22:30" ("24:30" is half past midnight the next morning)."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _at(day: dt.date, minute: int) -> dt.datetime:
    """A time `minute` minutes after midnight of `day` (may run into the next morning)."""
    return dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minute)


def _when(rng: random.Random, day: dt.date, window: list[str]) -> dt.datetime:
    return _at(day, rng.randint(_minute(window[0]), _minute(window[1])))


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _curve(c: dict[str, float], days: int, factor: float = 1.0) -> float:
    """`floor` plus a `rise` that fades over `days` (and is scaled by `factor`)."""
    return c["floor"] + c["rise"] * math.exp(-days / c["days"]) * factor


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: the rates here are small, so the loop is short.
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k


def _logged(rng: random.Random, ts: dt.datetime) -> str:
    """`created_at` of an entry logged as it happened: a few minutes after it."""
    late = dt.timedelta(minutes=rng.randint(1, 20), seconds=rng.randint(0, 59))
    return (ts + late).isoformat(timespec="seconds")


def _milestone(on: dt.date, kind: str, title: str, note: str = "") -> Row:
    return {"on": on, "kind": kind, "title": title, "note": note}


def _planned(base: dt.date, plan: list[Row]) -> list[Row]:
    on = [base + dt.timedelta(days=m["day"]) for m in plan]
    return [_milestone(d, m["kind"], m["title"], m["note"]) for d, m in zip(on, plan, strict=True)]


def _heavy_plan(rng: random.Random, start: dt.date, end: dt.date) -> list[Row]:
    """On-and-off cycles every few months from `start`, then the final arc toward moving on."""
    heavy = story_data()["story"]["heavy"]
    final_breakup = end + dt.timedelta(days=heavy["final"][0]["day"])
    enough = dt.timedelta(days=heavy["min_together_before_final"])
    plan: list[Row] = []
    cursor = start  # the day of the next breakup
    while True:
        days = [cursor]
        for m in heavy["cycle"][1:]:
            days.append(days[-1] + dt.timedelta(days=rng.randint(*m["after"])))
        together = dt.timedelta(days=rng.randint(*heavy["together_days"]))
        # The first cycle always fits: with years >= 0.5 there are 132 days.
        if plan and days[-1] + enough > final_breakup:
            break
        titles = [
            m.get("first_title", m["title"]) if not plan else m["title"] for m in heavy["cycle"]
        ]
        plan += [
            _milestone(on, m["kind"], t)
            for on, m, t in zip(days, heavy["cycle"], titles, strict=True)
        ]
        cursor = days[-1] + together
        if cursor >= final_breakup:
            break  # this together period runs up to the final breakup
    return plan + _planned(end, heavy["final"])


@dataclass
class _State:
    """Where the story is on a given day (derived from the milestones so far)."""

    phase: str = "together"  # together | fresh (breakup, no NC yet) | nc | reconnecting
    breakup: dt.date | None = None
    nc_start: dt.date | None = None
    together_since: dt.date | None = None
    moved_on: bool = False
    first_weekend_done: bool = False

    def apply(self, kind: str, on: dt.date) -> None:
        if kind == "breakup":
            self.phase, self.breakup, self.moved_on = "fresh", on, False
        elif kind == "no_contact_start" and self.phase != "nc":
            # A no_contact_start inside an active period changes nothing (PRODUCT.md s.4).
            self.phase, self.nc_start, self.first_weekend_done = "nc", on, False
        elif kind == "reconnected":
            self.phase = "reconnecting"
        elif kind == "back_together":
            self.phase, self.together_since = "together", on
        elif kind == "decided_to_move_on":
            self.moved_on = True

    def since_breakup(self, day: dt.date) -> int:
        return (day - self.breakup).days if self.breakup else 999

    def since_nc(self, day: dt.date) -> int:
        return (day - self.nc_start).days if self.nc_start else 0


@dataclass
class _Story:
    rng: random.Random
    start: dt.date
    end: dt.date
    plan: list[Row]
    density: dict[str, Any]
    anniversary: tuple[int, int]
    data: dict[str, Any] = field(default_factory=story_data)
    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})
    mood_at: list[dt.datetime] = field(default_factory=list)
    milestones: list[Row] = field(default_factory=list)
    sessions: int = 0
    yesterday: tuple[bool, bool] = (False, False)  # a slip, alcohol

    # -- rows ----------------------------------------------------------------------------------
    def _private(self, noted: bool = True) -> bool:
        # Most notes stay private; some are marked shareable with the therapist.
        return self.rng.random() >= self.data["story"]["shareable_share"] if noted else True

    def _add(self, table: str, ts: dt.datetime, row: Row) -> None:
        row = {"at": ts.isoformat(timespec="minutes"), **row, "private": self._private()}
        self.tables[table].append(row | {"created_at": _logged(self.rng, ts)})

    def contact(self, ts: dt.datetime, *values: Any, **named: Any) -> None:
        self._add("contacts", ts, CONTACT | dict(zip(CONTACT, values, strict=False)) | named)

    def urge(self, ts: dt.datetime, *values: Any) -> None:
        self._add("urges", ts, dict(zip(URGE, values, strict=True)))

    # -- one day -------------------------------------------------------------------------------
    def activities(self, day: dt.date, st: _State, therapy: bool) -> list[str]:
        rng, wd, apart = self.rng, WEEKDAYS[day.weekday()], st.phase != "together"
        since, acts = st.since_breakup(day), []
        for name, a in self.data["activities"]["activities"].items():
            if a.get("on_therapy_days") or wd not in a.get("days", WEEKDAYS):
                acts += [name] if therapy and a.get("on_therapy_days") else []
                continue
            if (a.get("together_only") or since < a.get("not_apart_before_day", 0)) and apart:
                continue
            p = a.get("p_apart", a["p"]) if apart else a["p"]
            p = a["p_busy"] if wd in a.get("busy_days", ()) else p
            if "recovery" in a:
                recovery = min(1.0, since / a["recovery_days"]) if apart else a["recovery_together"]
                p += a["recovery"] * recovery
            p += a.get("fresh", 0) if st.phase == "fresh" else 0
            if st.moved_on:
                p = (p + a.get("moved_on_add", 0)) * a.get("moved_on_times", 1)
            acts += [name] if rng.random() < p else []
        return acts

    def slips(self, day: dt.date, st: _State, acts: list[str], anniversary: bool) -> int:
        """Contacts I start during no contact (breaks); returns how many were made."""
        rng, s = self.rng, self.data["slips"]
        if st.phase != "nc" or day > self.end - dt.timedelta(days=self.data["story"]["quiet_days"]):
            return 0
        decay = _curve(s["decay"], st.since_nc(day)) * (s["moved_on_times"] if st.moved_on else 1)
        w = s["weekend"]
        night = WEEKDAYS[day.weekday()] in w["nights"]
        forced = night and not st.first_weekend_done
        p_weekend = self.density["slip_weekend"] * decay
        p_weekend *= w["drinking_times"] if "alcohol" in acts else w["sober_times"]
        if forced or (night and rng.random() < p_weekend):
            made = self._weekend_slip(day, st, acts, forced)
        elif rng.random() < self.density["slip_weekday"] * decay:
            made = self._weekday_slip(day)
        else:
            made = 0
        if anniversary and not made:
            a = s["anniversary"]
            ts = _when(rng, day, a["window"])
            self.contact(ts, "me", a["channel"], a["got_response"], False, a["trigger"], a["note"])
            made += 1
        return made

    def _weekend_slip(self, day: dt.date, st: _State, acts: list[str], forced: bool) -> int:
        # The first weekend of no contact is the hardest: a drink, then a double text.
        rng, w = self.rng, self.data["slips"]["weekend"]
        st.first_weekend_done = True
        acts += ["alcohol"] if forced and "alcohol" not in acts else []
        influenced = "alcohol" in acts and (forced or rng.random() < w["influenced"])
        if influenced and rng.random() < w["alcohol_trigger"]:
            trigger = "alcohol"
        else:
            trigger = _pick(rng, w["triggers"])
        count = w["first_weekend_messages"] if forced else int(_pick(rng, w["messages"]))
        unanswered = forced or rng.random() < w["unanswered"]
        ts, first = _when(rng, day, w["window"]), _pick(rng, w["channels"])
        note = rng.choice(self._slip_notes(first, count, unanswered))
        for i in range(count):
            last = i == count - 1  # in a run of messages only the last can have been answered
            channel = w["follow_up_channel"] if i else first
            got, text = last and not unanswered, note if last else ""
            self.contact(ts, "me", channel, got, influenced, trigger, text)
            ts += dt.timedelta(minutes=rng.randint(*w["gap_minutes"]))
        return count

    def _weekday_slip(self, day: dt.date) -> int:
        rng, w = self.rng, self.data["slips"]["weekday"]
        ts, got = _when(rng, day, w["window"]), rng.random() < w["answered"]
        channel = _pick(rng, w["channels"])
        note = rng.choice(self._slip_notes(channel, 1, not got))
        trigger = _pick(rng, w["triggers"])
        note = note if rng.random() < w["note_share"] else ""
        self.contact(ts, "me", channel, got, False, trigger, note)
        return 1

    def _slip_notes(self, first: str, count: int, unanswered: bool) -> list[str]:
        """The notes of the first rule in slips.json that fits the slip."""
        for r in self.data["slips"]["notes"]:
            fits = r.get("first", first) == first and r.get("messages", count) == count
            if fits and r["unanswered"] == unanswered:
                return r["notes"]
        raise ValueError("slips.json: no notes fit")

    def other_contacts(self, day: dt.date, st: _State, kinds: list[str]) -> None:
        """Contacts that are not breaks: the ex reaching out, logistics, reconnecting, together."""
        rng, c = self.rng, self.data["contacts"]
        if st.phase == "nc":
            t = c["them_in_no_contact"]
            rate = self.density["them_rate"]
            rate *= t["early_times"] if st.since_nc(day) < t["early_days"] else t["later_times"]
            if rng.random() < rate:
                channel = _pick(rng, t["channels"])
                note, ts = rng.choice(t["notes"][channel]), _when(rng, day, t["window"])
                self.contact(
                    ts, "them", channel, note=note if rng.random() < t["note_share"] else ""
                )
        elif st.phase == "fresh" and rng.random() < c["logistics"]["share"]:
            t = c["logistics"]
            who, got = ("me", True) if rng.random() < t["mine"] else ("them", None)
            ts, channel = _when(rng, day, t["window"]), rng.choice(t["channels"])
            self.contact(ts, who, channel, got, note=rng.choice(t["notes"]))
        elif st.phase == "reconnecting":
            self._reconnecting(day, kinds)
        elif st.phase == "together":
            t = c["together"]
            window = range(*map(_minute, t["window"]))
            for minute in sorted(
                rng.sample(window, rng.randint(*self.density["together_contacts"]))
            ):
                me = rng.random() < t["mine"]
                channel = _pick(rng, t["channels"])
                who, got = ("me", rng.random() < t["answered"]) if me else ("them", None)
                self.contact(_at(day, minute), who, channel, got, note=rng.choice(t["notes"]))

    def _reconnecting(self, day: dt.date, kinds: list[str]) -> None:
        rng, t = self.rng, self.data["contacts"]["reconnecting"]
        for kind, m in t["on_milestone"].items():
            if kind in kinds:
                self.contact(_when(rng, day, m["window"]), "them", m["channel"], note=m["note"])
        rate = self.density["reconnect_rate"]
        if rng.random() < min(1.0, rate * t["theirs_times"]):
            self.contact(_when(rng, day, t["window"]), "them", t["their_channel"])
        if rng.random() < rate * t["mine_times"]:
            ts = _when(rng, day, t["window"])
            self.contact(ts, "me", rng.choice(t["my_channels"]), True)

    def urges_for(self, day: dt.date, st: _State, acts: list[str], anniversary: bool) -> bool:
        """Urges that did not become contact; returns whether one was a peek after a post."""
        rng, u = self.rng, self.data["urges"]
        if st.phase == "together":
            return self._together_urges(day)
        since, times = st.since_breakup(day), u["rate_times"]
        lam = self.density["urge_rate"] * _curve(u["rate"], since)
        lam *= times["reconnecting"] if st.phase == "reconnecting" else 1
        lam *= times["weekend"] if WEEKDAYS[day.weekday()] in u["weekend"] else 1
        lam *= times["moved_on"] if st.moved_on else 1
        progress = (day - self.start).days / max(1, (self.end - self.start).days)
        practice = 1 - u["peek"]["practice"] * (1.0 if st.moved_on else progress)
        count = _poisson(rng, lam) + (1 if anniversary else 0)
        hours, slots = [int(h) for h in u["hours"]], set()
        while len(slots) < count:
            slots.add(rng.choices(hours, list(u["hours"].values()))[0] * 60 + rng.randint(0, 59))
        triggers = u["triggers"] | (u["drinking_trigger"] if "alcohol" in acts else {})
        jealous = False
        for i, minute in enumerate(sorted(slots)):
            # Early on an urge often ends in a look at their profile; later, and more so with
            # each month of practice across the whole story, it is mostly resisted.
            peek = rng.random() < _curve(u["peek"], since, practice)
            trigger = "anniversary" if anniversary and i == 0 else _pick(rng, triggers)
            jealous = jealous or (peek and trigger == u["jealous_after"])
            level = _curve(u["intensity"], since)
            intensity = _clamp(round(rng.gauss(level, u["intensity"]["noise"])), 1, 10)
            note = ""
            if rng.random() < self.density["note_share"] * u["note_share_times"]:
                unsent = peek or rng.random() < u["unsent_share"]
                note = rng.choice(u["peeked"] if peek else u["unsent"] if unsent else u["resisted"])
            self.urge(_at(day, minute), intensity, "peeked" if peek else "resisted", trigger, note)
        return jealous

    def _together_urges(self, day: dt.date) -> bool:
        # Only a heavy user logs these: the pull to message again while together.
        rng, t = self.rng, self.data["urges"]["together"]
        window = range(*map(_minute, t["window"]))
        for minute in sorted(rng.sample(window, _poisson(rng, self.density["together_urge_rate"]))):
            note = rng.choice(t["notes"]) if rng.random() < self.density["note_share"] else ""
            intensity = rng.randint(*t["intensity"])
            self.urge(_at(day, minute), intensity, "resisted", _pick(rng, t["triggers"]), note)
        return False

    # -- mood ----------------------------------------------------------------------------------
    def mood_note(self, ctx: list[str], value: int) -> str:
        """A note that fits the day and the mood logged (no hangover note on a bright day)."""
        n = self.data["notes"]
        for key in ctx:
            sad, glad = key in n["sad"], key in n["glad"]
            if sad and value > n["sad_not_above"] or glad and value < n["glad_not_below"]:
                continue
            if key == "together":
                key = "together_good" if value >= n["together_good_from"] else "together_uneasy"
            if key in n["mood"]:
                return self.rng.choice(n["mood"][key])
        if value <= n["low_upto"]:
            return self.rng.choice(n["mood"]["low"])
        return self.rng.choice(n["mood"]["good"]) if value >= n["good_from"] else ""

    def emotions(self, value: int, st: _State, since: int, flags: Flags) -> list[str]:
        e = self.data["moods"]["emotions"]
        pool = list(next(b["words"] for b in e["bands"] if value <= b["upto"]))
        when = {
            "slipped": flags["slip_today"] or flags["slip_yesterday"],
            "jealous": flags["jealous"],
            "reconnecting": st.phase == "reconnecting",
            "together_uneasy": st.phase == "together" and value <= e["uneasy_upto"],
            "fresh": since <= e["fresh_days"],
            "moved_on_steady": st.moved_on and value >= e["steady_from"],
        }
        for extra in e["extra"]:
            pool += extra["words"] if when[extra["when"]] else []
        k = self.rng.choice(e["how_many"])
        return list(dict.fromkeys(self.rng.sample(pool, len(pool))))[:k]

    def _mood_base(self, day: dt.date, st: _State, acts: list[str], flags: Flags) -> float:
        m = self.data["moods"]
        b = m["base"][st.phase]
        if st.phase == "nc":
            base = b["level"] + b["rise"] * (1 - math.exp(-st.since_breakup(day) / b["days"]))
        elif st.phase == "together":
            since = (day - st.together_since).days if st.together_since else b["days_if_unknown"]
            base = b["level"] - b["fade"] * min(1.0, since / b["days"])  # the honeymoon fades
        else:
            base = b["level"]
        base += m["moved_on"] if st.moved_on else 0
        effects = self.data["activities"]["activities"]
        base += sum(effects[a]["effect"] if a in effects else 0.0 for a in acts)
        for flag, shift in m["shifts"].items():
            base += shift if flags[flag] else 0
        return base + self.rng.gauss(0, m["day_noise"])

    def _mood_minutes(self, since: int, flags: Flags) -> list[int]:
        rng, t = self.rng, self.data["moods"]["times"]
        low, high = self.density["moods_per_day"]
        if high == 1:
            minutes = [rng.randint(*map(_minute, t["evening"]))]
            # A hard morning gets its own entry too.
            if flags["slip_yesterday"] or since <= t["hard_morning_days"] or flags["anniversary"]:
                minutes.insert(0, rng.randint(*map(_minute, t["morning"])))
            return minutes
        count = rng.randint(low, high)
        first, last = map(_minute, t["day"])
        span = (last - first) // count
        return [first + i * span + rng.randint(0, span - 1) for i in range(count)]

    def _mood_urge(self, st: _State, since: int, slip_today: bool) -> int | None:
        u = self.data["moods"]["urge"]
        if st.phase in ("fresh", "nc"):
            level = _curve(u, since) + (u["slip_today"] if slip_today else 0)
            return _clamp(round(self.rng.gauss(level, u["noise"])), 0, 10)
        return self.rng.randint(*u["reconnecting"]) if st.phase == "reconnecting" else None

    def moods_for(
        self, day: dt.date, st: _State, acts: list[str], flags: Flags, ctx: list[str]
    ) -> None:
        rng, m, dens = self.rng, self.data["moods"], self.density
        since = st.since_breakup(day)
        steady = day > self.end - dt.timedelta(days=m["steady_last_days"])
        low_stretch = st.phase in ("fresh", "nc") and since <= m["low_stretch_days"]
        protected = low_stretch or day > self.end - dt.timedelta(days=m["always_logged_last_days"])
        if not protected and rng.random() < dens["skip_day"]:
            return
        base = self._mood_base(day, st, acts, flags)
        minutes = self._mood_minutes(since, flags)
        earlier, morning = m["earlier_entries"], m["morning_after_slip"]
        before = _minute(morning["before"])
        for i, minute in enumerate(minutes):
            last = i == len(minutes) - 1
            raw = base + rng.gauss(0, dens["mood_spread"])
            if i == 0 and flags["slip_yesterday"] and minute < before:
                raw += morning["shift"]
            value = _clamp(round(raw), 1, 10)
            value = min(value, m["low_stretch_ceiling"]) if low_stretch else value
            # The demo must not open on the low-mood card: the last days are steadier.
            value = max(value, m["steady_floor"]) if steady else value
            urge = self._mood_urge(st, since, flags["slip_today"])
            share = earlier["activity_share"]
            day_acts = acts if last else [a for a in acts if a == "work" or rng.random() < share]
            share = dens["note_share"] / (1 if last else earlier["note_share_divided_by"])
            note = self.mood_note(ctx, value) if rng.random() < share else ""
            at = _at(day, minute)
            row = {"at": at.isoformat(timespec="minutes"), "mood": value, "urge": urge}
            row["emotions"] = self.emotions(value, st, since, flags)
            row |= {
                "activities": list(day_acts),
                "note": note,
                "private": self._private(bool(note)),
            }
            self.tables["mood"].append(row | {"created_at": _logged(rng, at)})
            self.mood_at.append(at)

    # -- the whole story -----------------------------------------------------------------------
    def run(self) -> None:
        by_day: dict[dt.date, list[Row]] = {}
        for m in self.plan:
            by_day.setdefault(m["on"], []).append(m)
        st, day = _State(), self.start
        while day <= self.end:
            self.one_day(day, st, by_day.get(day, []))
            day += dt.timedelta(days=1)

    def one_day(self, day: dt.date, st: _State, today: list[Row]) -> None:
        kinds = [m["kind"] for m in today]
        for kind in kinds:
            st.apply(kind, day)
        self.milestones += today
        therapy = self.therapy(day, st)
        anniversary = (day.month, day.day) == self.anniversary and st.phase != "together"
        acts = self.activities(day, st, therapy)
        made = self.slips(day, st, acts, anniversary)
        self.other_contacts(day, st, kinds)
        jealous = self.urges_for(day, st, acts, anniversary)
        flags = {"slip_today": made > 0, "anniversary": anniversary, "jealous": jealous}
        flags |= dict(zip(("slip_yesterday", "alcohol_yesterday"), self.yesterday, strict=True))
        flags["sunday"] = WEEKDAYS[day.weekday()] == "Sun"
        self.moods_for(day, st, acts, flags, self.context(kinds, st, flags, acts))
        self.yesterday = (made > 0, "alcohol" in acts)

    def therapy(self, day: dt.date, st: _State) -> bool:
        """Therapy weekly while apart, every other week while together."""
        t = self.data["story"]["therapy"]
        weekday = (self.start.weekday() + t["weekday_after_first_day"]) % 7
        if day < self.start + dt.timedelta(days=t["from_day"]) or day.weekday() != weekday:
            return False
        self.sessions += 1
        if st.phase == "together" and self.sessions % 2:
            return False
        note = self.rng.choice(t["notes"]) if self.rng.random() < t["note_share"] else ""
        self.milestones.append(_milestone(day, "therapy_session", t["title"], note))
        return True

    def context(self, kinds: list[str], st: _State, flags: Flags, acts: list[str]) -> list[str]:
        """What the day is about, most specific first (notes.json orders the contexts)."""
        breakup, apart = "breakup" in kinds, st.together_since is None
        about = {
            "breakup": breakup and apart,
            "breakup_again": breakup and not apart,
            "nc_start": "no_contact_start" in kinds,
            "slip_after": flags["slip_yesterday"],
            "anniversary": flags["anniversary"],
            "alcohol_after": flags["alcohol_yesterday"],
            "first_meetup": "first_meetup" in kinds,
            "moved_on": st.moved_on,
            "reconnecting": not st.moved_on and st.phase == "reconnecting",
            "together": not st.moved_on and st.phase == "together",
        }
        on = {key for key, yes in about.items() if yes} | set(acts)
        return [key for key in self.data["notes"]["contexts"] if key in on]

    def backfill(self) -> None:
        """Mark a share of mood entries as logged days later (never later than the end day)."""
        rng, b, mood = self.rng, self.data["story"]["backfill"], self.tables["mood"]
        latest = self.end - dt.timedelta(days=b["not_in_last_days"])
        eligible = [i for i, at in enumerate(self.mood_at) if at.date() <= latest]
        for i in rng.sample(eligible, min(len(eligible), round(b["share"] * len(mood)))):
            at = self.mood_at[i]
            # Caught up on an evening days later, at least a full day after the moment.
            logged = _when(
                rng, at.date() + dt.timedelta(days=rng.randint(*b["days_later"])), b["window"]
            )
            logged += dt.timedelta(days=1) if logged - at < dt.timedelta(days=1) else dt.timedelta()
            mood[i]["created_at"] = logged.isoformat(timespec="seconds")

    def payload(self) -> dict[str, Any]:
        self.run()
        self.backfill()
        story, minute = self.data["story"], _minute(self.data["story"]["milestone_logged_at"])
        milestones = [
            {**m, "on": m["on"].isoformat(), "created_at": _logged(self.rng, _at(m["on"], minute))}
            for m in self.milestones
        ]
        rows = {t: sorted(self.tables[t], key=lambda r: r["at"]) for t in TABLES}
        return {
            "format": FORMAT,
            "settings": dict(story["settings"]),
            **rows,
            "milestones": milestones,
        }


def demo_payload(end: dt.date | None = None, years: float | None = None, seed: int = 7) -> Row:
    """The demo story ending at `end` (default today) as one tideline/1 object.

    `years=None` gives about six months of one person; `years=N` (at least 0.5) the same kind of
    story over N years of a heavy user, for the benchmark.
    """
    end = (end.date() if isinstance(end, dt.datetime) else end) or dt.date.today()
    story, rng = story_data()["story"], random.Random(seed)
    if years is not None and not years >= story["min_years"]:
        raise ValueError(f"years must be at least {story['min_years']}, not {years!r}")
    days = story["default_days"] if years is None else round(years * 365.25)
    start = end - dt.timedelta(days=days - 1)
    if years is None:
        plan, density = _planned(start, story["plan"]), story["density"]["light"]
    else:
        plan, density = _heavy_plan(rng, start, end), story["density"]["heavy"]
    # The relationship's anniversary falls in the first no-contact period of the story.
    first = start + dt.timedelta(days=story["anniversary_day"])
    made = _Story(rng, start, end, plan, density, (first.month, first.day))
    return _not_after(made.payload(), dt.datetime.now())


def _not_after(payload: Row, now: dt.datetime) -> Row:
    """Drop entries later than now: a story that ends today must not show this evening yet."""
    stamp = now.replace(microsecond=0).isoformat()
    for table in TABLES:
        kept = [row for row in payload[table] if dt.datetime.fromisoformat(row["at"]) <= now]
        payload[table] = [r | {"created_at": min(r["created_at"], stamp)} for r in kept]
    return payload
