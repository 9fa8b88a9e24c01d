"""The demo story: a believable breakup journal as one `tideline/1` payload (PRODUCT.md s.5).

The default story is about six months of one person: a breakup, no contact with slips that
cluster on weekend nights, the ex reaching out, getting back together, a second breakup and a
turn toward moving on. `years=N` stretches the same kind of story to N years of a heavy user
(several mood entries, contacts and urges a day) for the benchmark.

Everything is drawn from one `random.Random(seed)` in a fixed order, so a seed and an end date
always give the same payload. Rows are built as plain dicts in the import format and are not
validated here (the importer does that); `tests/test_demo.py` checks every row validates.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any

FORMAT = "tideline/1"
DAY_START_HOUR = 4
DEFAULT_DAYS = 182
# The final arc (last breakup -> now) of a heavy story; long enough for a settled streak.
FINAL_ARC_DAYS = 50
MIN_YEARS = 0.5
# No slips in the last two weeks: the demo opens on a streak in progress, not on a slip.
QUIET_DAYS = 14
# Share of mood entries logged days later, so the therapist snapshot has something to report.
BACKFILL_SHARE = 0.05
FRI, SAT, SUN = 4, 5, 6
EX = "Sam"

# Mood effect of each activity (the day's base mood moves by this much).
ACTIVITY_EFFECT = {
    "exercise": 0.9,
    "friends": 1.2,
    "therapy": 0.6,
    "sleep": 0.5,
    "date night": 0.5,
    "walk": 0.4,
    "family": 0.3,
    "journaling": 0.2,
    "work": 0.0,
    "alcohol": -0.3,
}
ALCOHOL_NEXT_DAY = -1.1
SLIP_TODAY = -1.0
SLIP_YESTERDAY = -0.8

# Urges come mostly in the evening and at night; 24 and 25 are 00:xx and 01:xx the next morning.
URGE_HOURS = list(range(7, 26))
URGE_WEIGHTS = [1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 2, 3, 3, 4, 5, 5, 4, 3]


@dataclass(frozen=True)
class _Density:
    """How much a person logs: the default story versus the heavy benchmark user."""

    moods_per_day: tuple[int, int]
    skip_day: float  # chance of a day without a mood entry
    note_share: float
    urge_rate: float  # mean urges a day right after a breakup
    slip_weekend: float  # chance of a slip on an early Friday/Saturday night of no contact
    slip_weekday: float
    them_rate: float  # the ex reaching out, per no-contact day
    together_contacts: tuple[int, int]  # contacts logged a day while together
    reconnect_rate: float  # contacts a day while reconnecting
    together_urge_rate: float  # urges a day to message again while together (anxious moments)


LIGHT = _Density((1, 1), 0.08, 0.45, 0.9, 0.45, 0.03, 0.035, (0, 0), 0.5, 0.0)
HEAVY = _Density((3, 5), 0.03, 0.12, 3.0, 0.85, 0.35, 0.25, (1, 3), 1.4, 0.8)


# -- words a real person might write -----------------------------------------------------------
MOOD_NOTES: dict[str, list[str]] = {
    "breakup": [
        f"{EX} took the last box this afternoon. The flat is very quiet.",
        "Priya came over with soup and stayed until I fell asleep on the sofa.",
        "Called in sick. Slept, cried, slept. That's allowed today.",
        f"Keep picking up my phone to tell {EX} something, then remembering.",
    ],
    "breakup_again": [
        "It's over again. This time I said it first, and I meant it.",
        "Told Mum. She just listened, which was exactly right.",
        "Same ache as in the spring, but I know now that it passes.",
        "Cancelled the dinner we'd booked. Ate toast on the floor. Fine.",
    ],
    "nc_start": [
        "Day one of no contact. Muted the chat, kept the photos for now. One thing at a time.",
        "Wrote my reasons for no contact on a card and put it by the kettle.",
    ],
    "slip_after": [
        f"Texted {EX} last night after a few drinks. No answer. It's one night, not the month.",
        "Reread what I sent at 1 am. Cringed, then let it go. Back to it today.",
        "Slept badly after last night's message. Wrote down what I was hoping to hear.",
        "Last night happened. Strength dipped, it didn't vanish. Walk, shower, work.",
        "Woke up to no reply. Oddly that made it easier to put the phone down.",
    ],
    "low": [
        "Heavy day. Got through it, that's the whole report.",
        "Evenings are the worst. Made tea and watched something silly.",
        f"Everything reminds me of {EX} today, even the supermarket.",
        "Didn't do much. Lay on the floor listening to the rain for a while.",
        "Tired in a way sleep doesn't fix. Early night anyway.",
    ],
    "exercise": [
        "Ran 5k by the canal. My legs were louder than my head for once.",
        "Climbing with Jonah. First proper laugh in weeks.",
        "Yoga class at lunch. Shoulders finally came down from my ears.",
        "Swam twenty lengths. Counting strokes is a good way to not count days.",
    ],
    "friends": [
        f"Dinner at Priya's. Nobody mentioned {EX} and I didn't miss talking about it.",
        "Board games with the old uni crowd. Stayed out later than planned, in a good way.",
        "Jonah dragged me to a gig. I sang along to one song, badly.",
    ],
    "therapy": [
        "Therapy: we named the 2 am pattern. Lonely plus tired plus a drink, phone in hand.",
        "Therapy: homework is to write the text in here first and wait twenty minutes.",
        "Therapy: talked about what I actually want, not what I miss.",
        "Therapy: noticed I go quiet instead of saying what I need. Practising out loud.",
    ],
    "good": [
        "Quiet good day. Cooked a proper dinner just for me.",
        "Went a whole afternoon without checking anything. Noticed it afterwards.",
        "Bought flowers for the kitchen table. Small thing, felt nice.",
        "Finished a book for the first time in months.",
        "Sat in the sun outside the library with a coffee. Content, briefly. I'll take it.",
    ],
    "anniversary": [
        "Would have been three years today. Let myself be sad about it, then called my sister.",
        "Anniversary. Took the long way home so I wouldn't pass our restaurant.",
    ],
    "alcohol_after": [
        "Too much wine last night. Tired and flat today: water and an early night.",
        "Hungover and weepy. Noting that the two go together for me.",
    ],
    "first_meetup": [f"Coffee with {EX}. It felt easy, which scares me a little."],
    "reconnecting": [
        "We talked on the phone for three hours. I still don't know what I want.",
        f"{EX} apologised for how it ended. I believe they mean it, today.",
        "Going slowly. Told Priya, she asked good questions.",
    ],
    "together_good": [
        "Lazy morning, pancakes like before.",
        "Walked home holding hands. Trying to just enjoy it.",
        "Cooked together and laughed at the same bad film. A good day.",
    ],
    "together_uneasy": [
        "Nice evening, but I caught myself checking their mood all night.",
        "Same argument about the weekend again. I went quiet instead of saying it.",
        "Felt lonely sitting next to them on the sofa. Writing it down so I don't pretend.",
    ],
    "moved_on": [
        "I think I'm done going back. Not angry, just clear.",
        "Booked a weekend away on my own for the spring.",
        "Signed up for the pottery course Priya keeps talking about.",
        f"Deleted the drafts folder of messages to {EX}. Lighter than I expected.",
        f"Thought about {EX} today and it was just a thought, not a storm.",
    ],
}
# Notes that only fit a heavy day, and ones that only fit a lighter one.
SAD_CONTEXTS = frozenset({"breakup", "breakup_again", "slip_after", "alcohol_after", "anniversary"})
GLAD_CONTEXTS = frozenset({"exercise", "friends", "first_meetup", "moved_on"})
UNSENT = [
    "Unsent: 'I miss how you hummed while cooking.' Writing it here instead.",
    "Unsent: 'Are you seeing someone?' I don't actually want that answer at midnight.",
    "Unsent: 'Can we talk?' Deleted it and walked round the block.",
    "Unsent: 'I'm sorry for everything.' I'm not sorry for everything. Going to sleep.",
    "Unsent: 'Happy Friday x'. Sent a voice note to Priya instead.",
    "Unsent: 'Did you keep the blue mug?' It's not about the mug.",
    "Unsent: 'I saw our song on the radio.' Turned the radio off instead.",
]
RESISTED = [
    "Put the phone in the other room and made tea. Passed in about twenty minutes.",
    "Wanted to call. Called Jonah instead; we talked about his terrible new flatmate.",
    "Wrote three pages in the journal until the urge got boring.",
    "Sat on my hands, literally, for a song and a half. It passed.",
]
PEEKED = [
    f"Looked at {EX}'s profile for ten minutes. Nothing new. Felt worse, noted it.",
    "Saw the photo from Alex's wedding. Looked, closed the app, breathed.",
    f"Checked whether {EX} had seen my story. Then put the phone on charge in the hall.",
    "Scrolled old photos from the coast trip. Sweet and sore.",
]
# Notes on my own slips, by what happened: (answered?, first channel, how many messages).
SLIP_NOTES = {
    "call_then_text": ["Called, it rang out. Sent a text after. Nothing back."],
    "texts_unanswered": [
        "Two texts, no reply. I'm ok. Going to bed.",
        "Kept typing after the first one. No reply to any of it. Tomorrow I'll be kind to me.",
    ],
    "one_unanswered": [
        "Sent a long message. Delivered, no answer. That's an answer too.",
        "One message, no reply. Logging it and going to sleep.",
    ],
    "call_answered": ["We talked for twenty minutes, mostly small talk. Felt emptier after."],
    "answered": [
        f"{EX} replied 'take care'. Short and kind. Still stung.",
        "We texted for a bit. Nice for ten minutes, then the old hollow feeling.",
        "Asked how they were. They said fine. So did I.",
    ],
}
# Notes on the ex reaching out (my reply, if any, is part of their contact), by channel.
THEM_NOTES = {
    "text": [
        f"{EX} texted asking how I was. Replied 'doing ok, take care' and left it there.",
        f"{EX} sent a song. Didn't open it yet.",
        f"{EX} texted 'miss you'. Read it twice, didn't answer. Proud and sad at once.",
    ],
    "social": [f"{EX} liked my photo. Didn't respond.", f"{EX} reacted to my story. Left it."],
    "call": [f"Missed call from {EX}. Didn't call back; wrote about it instead."],
    "email": [f"{EX} emailed about the deposit. Answered the practical part only."],
}
LOGISTICS = [
    "Sorted out who keeps the keys.",
    "Arranged to pick up my bike from theirs.",
    "Agreed who pays which bills this month.",
]
TOGETHER_NOTES = ["", "", "", "Plans for Saturday.", "Just checking in.", "Sweet goodnight."]
THERAPY_NOTES = [
    "Mapped the weekend-night slips: tired, alone, a drink in.",
    "Practised saying what I need in one sentence.",
    "Talked about the pull to go back, and what would actually have to change.",
    "Wrote a plan for Friday nights: call someone first, phone stays in the hall.",
]

URGE_TRIGGERS = [
    ("loneliness", 5),
    ("saw a post", 3),
    ("boredom", 2),
    ("song", 2),
    ("old photos", 1),
    ("mutual friend", 1),
    ("sunday evening", 1),
    ("", 2),
]
SLIP_TRIGGERS = [
    ("loneliness", 4),
    ("saw a post", 2),
    ("song", 1),
    ("boredom", 1),
    ("couldn't sleep", 1),
]
TOGETHER_TRIGGERS = [("no reply yet", 4), ("they were out", 2), ("after an argument", 2), ("", 2)]
TOGETHER_URGE_NOTES = [
    "Wanted to send a third message while they were at the pub. Didn't.",
    "Nearly asked who they were with. Asked myself what I was afraid of instead.",
    "Typed 'are we ok?' after the argument. Waited until the morning to talk.",
]
WEEKDAY_SLIP_TRIGGERS = [("boredom", 2), ("saw a post", 2), ("loneliness", 2), ("song", 1)]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _slip_story(first_channel: str, count: int, unanswered: bool) -> str:
    """Which kind of note fits a slip of `count` messages starting with `first_channel`."""
    if unanswered:
        if count == 1:
            return "one_unanswered"
        return "call_then_text" if first_channel == "call" else "texts_unanswered"
    return "call_answered" if first_channel == "call" and count == 1 else "answered"


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: the rates here are small, so the loop is short.
    if lam <= 0:
        return 0
    limit = math.exp(-lam)
    k = 0
    p = rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _at(day: dt.date, minute: int) -> dt.datetime:
    """A time `minute` minutes after midnight of `day` (may run into the next morning)."""
    return dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minute)


def _iso(ts: dt.datetime) -> str:
    return ts.isoformat(timespec="minutes")


def _logged(rng: random.Random, ts: dt.datetime) -> str:
    """`created_at` of an entry logged as it happened: a few minutes after it."""
    return (ts + dt.timedelta(minutes=rng.randint(1, 20), seconds=rng.randint(0, 59))).isoformat(
        timespec="seconds"
    )


# -- the plan: milestones that shape the story -------------------------------------------------
def _milestone(on: dt.date, kind: str, title: str, note: str = "") -> dict[str, Any]:
    return {"on": on, "kind": kind, "title": title, "note": note}


def _default_plan(start: dt.date) -> list[dict[str, Any]]:
    """About six months: breakup, no contact, reconnecting, together, breakup, moving on."""

    def day(n: int) -> dt.date:
        return start + dt.timedelta(days=n)

    return [
        _milestone(
            day(0),
            "breakup",
            "We broke up",
            "Three years. It ended in the kitchen, quietly, which somehow made it worse.",
        ),
        _milestone(
            day(3),
            "no_contact_start",
            "Starting no contact",
            f"Muted {EX} everywhere. Goal: 30 days, one day at a time.",
        ),
        _milestone(
            day(20),
            "custom",
            f"Gave back {EX}'s things",
            "Left the box with Jonah so we didn't have to meet.",
        ),
        _milestone(
            day(74),
            "reconnected",
            f"{EX} reached out",
            "A long message: they've been thinking. I said I'd think too.",
        ),
        _milestone(
            day(79),
            "first_meetup",
            f"Coffee with {EX}",
            "Neutral ground, daylight, one hour. Went better than I feared.",
        ),
        _milestone(
            day(86),
            "the_talk",
            "The talk",
            "What went wrong, honestly. Agreed on weekly check-ins and me keeping my Thursdays.",
        ),
        _milestone(day(93), "back_together", "Back together", "Trying again, eyes open."),
        _milestone(
            day(128), "breakup", "Broke up again", "Same patterns, faster this time. I ended it."
        ),
        _milestone(
            day(131),
            "no_contact_start",
            "No contact again",
            "Second time round. I know how the first weeks go now.",
        ),
        _milestone(
            day(150), "custom", "Weekend away with Priya", "Sea air, long walks, slept nine hours."
        ),
        _milestone(
            day(165),
            "decided_to_move_on",
            "Moving on",
            "Not going back. Wrote down why, so that 2 am me can read it.",
        ),
    ]


def _heavy_plan(
    rng: random.Random, start: dt.date, end: dt.date, final_breakup: dt.date
) -> list[dict[str, Any]]:
    """On-and-off cycles every few months from `start`, then the final arc toward moving on."""
    plan: list[dict[str, Any]] = []
    cursor = start  # the day of the next breakup
    first = True
    while True:
        nc_after = rng.randint(2, 5)
        nc_days = rng.randint(25, 70)
        meet, talk, back = rng.randint(2, 6), rng.randint(3, 8), rng.randint(3, 8)
        together = rng.randint(30, 90)
        nc_on = cursor + dt.timedelta(days=nc_after)
        reconnected = nc_on + dt.timedelta(days=nc_days)
        met = reconnected + dt.timedelta(days=meet)
        talked = met + dt.timedelta(days=talk)
        back_on = talked + dt.timedelta(days=back)
        # At least a month together before the final breakup. The first cycle always fits:
        # with years >= 0.5 there are 132 days and a cycle needs at most 97 + 30.
        if not first and back_on + dt.timedelta(days=30) > final_breakup:
            break
        plan += [
            _milestone(cursor, "breakup", "We broke up" if first else "Broke up again"),
            _milestone(nc_on, "no_contact_start", "Starting no contact"),
            _milestone(reconnected, "reconnected", f"{EX} reached out"),
            _milestone(met, "first_meetup", f"Coffee with {EX}"),
            _milestone(talked, "the_talk", "The talk"),
            _milestone(back_on, "back_together", "Back together"),
        ]
        first = False
        cursor = back_on + dt.timedelta(days=together)
        if cursor >= final_breakup:
            break  # this together period runs up to the final breakup
    plan += [
        _milestone(final_breakup, "breakup", "Broke up again", "I ended it. Calmer this time."),
        _milestone(final_breakup + dt.timedelta(days=3), "no_contact_start", "No contact again"),
        _milestone(
            end - dt.timedelta(days=16),
            "decided_to_move_on",
            "Moving on",
            "Not going back. Wrote down why, so that 2 am me can read it.",
        ),
    ]
    return plan


# -- the day-by-day generator ------------------------------------------------------------------
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


@dataclass
class _Story:
    rng: random.Random
    start: dt.date
    end: dt.date
    plan: list[dict[str, Any]]
    density: _Density
    anniversary: tuple[int, int]
    mood: list[dict[str, Any]] = field(default_factory=list)
    mood_at: list[dt.datetime] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    urges: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[dict[str, Any]] = field(default_factory=list)

    # -- rows ----------------------------------------------------------------------------------
    def _private(self) -> bool:
        # Most notes stay private; some are marked shareable with the therapist.
        return self.rng.random() >= 0.3

    def contact(
        self,
        ts: dt.datetime,
        initiator: str,
        channel: str,
        got_response: bool | None = None,
        under_influence: bool = False,
        trigger: str = "",
        note: str = "",
    ) -> None:
        self.contacts.append(
            {
                "at": _iso(ts),
                "initiator": initiator,
                "channel": channel,
                "got_response": got_response,
                "under_influence": under_influence,
                "trigger": trigger,
                "note": note,
                "private": self._private(),
                "created_at": _logged(self.rng, ts),
            }
        )

    def urge(self, ts: dt.datetime, intensity: int, outcome: str, trigger: str, note: str) -> None:
        self.urges.append(
            {
                "at": _iso(ts),
                "intensity": intensity,
                "outcome": outcome,
                "trigger": trigger,
                "note": note,
                "private": self._private(),
                "created_at": _logged(self.rng, ts),
            }
        )

    # -- one day -------------------------------------------------------------------------------
    def activities(self, day: dt.date, st: _State, therapy: bool) -> list[str]:
        rng = self.rng
        wd = day.weekday()
        apart = st.phase != "together"
        since_breakup = (day - st.breakup).days if st.breakup else 999
        acts: list[str] = []
        if wd < SAT and not (apart and since_breakup < 2) and rng.random() < 0.88:
            acts.append("work")
        # Exercise comes back as the weeks go by, and more so once they decide to move on.
        recovery = min(1.0, since_breakup / 90) if apart else 0.5
        if rng.random() < 0.12 + 0.3 * recovery + (0.1 if st.moved_on else 0.0):
            acts.append("exercise")
        if rng.random() < (0.45 if wd >= FRI else 0.2):
            acts.append("friends")
        if rng.random() < 0.3:
            acts.append("walk")
        if rng.random() < (0.35 if wd == SUN else 0.1):
            acts.append("family")
        if rng.random() < (0.3 if apart else 0.1):
            acts.append("journaling")
        if rng.random() < 0.25:
            acts.append("sleep")
        if therapy:
            acts.append("therapy")
        p_alcohol = 0.4 if wd in (FRI, SAT) else 0.08
        if st.phase == "fresh":
            p_alcohol += 0.25
        if st.moved_on:
            p_alcohol *= 0.5
        if rng.random() < p_alcohol:
            acts.append("alcohol")
        if not apart and rng.random() < (0.35 if wd >= FRI else 0.1):
            acts.append("date night")
        return acts

    def slips(self, day: dt.date, st: _State, acts: list[str], anniversary: bool) -> int:
        """Contacts I start during no contact (breaks); returns how many were made."""
        rng, dens = self.rng, self.density
        if st.phase != "nc" or day > self.end - dt.timedelta(days=QUIET_DAYS):
            return 0
        since_nc = (day - st.nc_start).days if st.nc_start else 0
        decay = 0.2 + 0.8 * math.exp(-since_nc / 25)
        if st.moved_on:
            decay *= 0.4
        wd = day.weekday()
        made = 0
        forced = wd in (FRI, SAT) and not st.first_weekend_done
        drinking = "alcohol" in acts
        p_weekend = dens.slip_weekend * decay * (1.5 if drinking else 0.8)
        if forced or (wd in (FRI, SAT) and rng.random() < p_weekend):
            # The first weekend of no contact is the hardest: a drink, then a double text.
            st.first_weekend_done = True
            if forced and not drinking:
                acts.append("alcohol")
                drinking = True
            influenced = drinking and (forced or rng.random() < 0.85)
            if influenced and rng.random() < 0.7:
                trigger = "alcohol"
            else:
                trigger = _weighted(rng, SLIP_TRIGGERS)
            count = 2 if forced else rng.choices((1, 2, 3), weights=(55, 35, 10))[0]
            unanswered = forced or rng.random() < 0.55
            minute = 22 * 60 + rng.randint(0, 150)  # 22:00-00:30, so every text is before 02:00
            first_channel = rng.choices(("text", "call", "social"), (7, 2, 1))[0]
            note = rng.choice(SLIP_NOTES[_slip_story(first_channel, count, unanswered)])
            for i in range(count):
                last = i == count - 1
                # In a run of messages only the last one can have been answered.
                got = last and not unanswered
                channel = "text" if i else first_channel
                text = note if last else ""
                self.contact(_at(day, minute), "me", channel, got, influenced, trigger, text)
                minute += rng.randint(8, 40)
                made += 1
        elif rng.random() < dens.slip_weekday * decay:
            minute = rng.randint(12 * 60, 21 * 60 + 30)
            got = rng.random() < 0.5
            channel = rng.choices(("text", "social", "email"), (6, 3, 1))[0]
            note = rng.choice(SLIP_NOTES[_slip_story(channel, 1, not got)])
            self.contact(
                _at(day, minute),
                "me",
                channel,
                got,
                False,
                _weighted(rng, WEEKDAY_SLIP_TRIGGERS),
                note if rng.random() < 0.5 else "",
            )
            made += 1
        if anniversary and not made:
            minute = rng.randint(19 * 60, 21 * 60)
            self.contact(
                _at(day, minute),
                "me",
                "text",
                True,
                False,
                "anniversary",
                "Sent 'thinking of you today'. They said the same. Then nothing, which is right.",
            )
            made += 1
        return made

    def other_contacts(self, day: dt.date, st: _State, milestone_kinds: list[str]) -> None:
        """Contacts that are not breaks: the ex reaching out, logistics, reconnecting, together."""
        rng, dens = self.rng, self.density
        if st.phase == "nc":
            since_nc = (day - st.nc_start).days if st.nc_start else 0
            if rng.random() < dens.them_rate * (1.5 if since_nc < 30 else 0.7):
                channel = rng.choices(("text", "social", "call", "email"), (5, 3, 2, 1))[0]
                note = rng.choice(THEM_NOTES[channel])
                self.contact(
                    _at(day, rng.randint(9 * 60, 22 * 60 + 30)),
                    "them",
                    channel,
                    note=note if rng.random() < 0.7 else "",
                )
        elif st.phase == "fresh":
            if rng.random() < 0.6:
                me = rng.random() < 0.4
                self.contact(
                    _at(day, rng.randint(10 * 60, 20 * 60)),
                    "me" if me else "them",
                    rng.choice(("text", "call")),
                    True if me else None,
                    note=rng.choice(LOGISTICS),
                )
        elif st.phase == "reconnecting":
            if "reconnected" in milestone_kinds:
                self.contact(
                    _at(day, rng.randint(18 * 60, 21 * 60)),
                    "them",
                    "text",
                    note=f"{EX} asked if we could talk. Said yes, in daylight, over coffee.",
                )
            if "first_meetup" in milestone_kinds:
                self.contact(
                    _at(day, rng.randint(10 * 60, 16 * 60)),
                    "them",
                    "in_person",
                    note="Coffee. An hour that went quickly.",
                )
            if rng.random() < min(1.0, dens.reconnect_rate * 0.6):
                self.contact(_at(day, rng.randint(11 * 60, 22 * 60)), "them", "text")
            if rng.random() < dens.reconnect_rate * 0.2:
                self.contact(
                    _at(day, rng.randint(11 * 60, 22 * 60)),
                    "me",
                    rng.choice(("text", "call")),
                    True,
                )
        else:
            low, high = dens.together_contacts
            count = rng.randint(low, high)
            for minute in sorted(rng.sample(range(8 * 60, 23 * 60), count)):
                me = rng.random() < 0.5
                self.contact(
                    _at(day, minute),
                    "me" if me else "them",
                    rng.choices(("text", "call", "video", "in_person"), (6, 2, 1, 1))[0],
                    (rng.random() < 0.95) if me else None,
                    note=rng.choice(TOGETHER_NOTES),
                )

    def urges_for(self, day: dt.date, st: _State, acts: list[str], anniversary: bool) -> bool:
        """Urges that did not become contact; returns whether one was a peek after a post."""
        rng, dens = self.rng, self.density
        if st.phase == "together":
            # Only a heavy user logs these: the pull to message again while together.
            for minute in sorted(
                rng.sample(range(9 * 60, 23 * 60), _poisson(rng, dens.together_urge_rate))
            ):
                note = rng.choice(TOGETHER_URGE_NOTES) if rng.random() < dens.note_share else ""
                intensity = rng.randint(2, 7)
                self.urge(
                    _at(day, minute), intensity, "resisted", _weighted(rng, TOGETHER_TRIGGERS), note
                )
            return False
        since_breakup = (day - st.breakup).days if st.breakup else 999
        lam = dens.urge_rate * (0.3 + 0.7 * math.exp(-since_breakup / 40))
        if st.phase == "reconnecting":
            lam *= 0.4
        if day.weekday() in (FRI, SAT):
            lam *= 1.3
        if st.moved_on:
            lam *= 0.6
        progress = (day - self.start).days / max(1, (self.end - self.start).days)
        if st.moved_on:
            progress = 1.0
        count = _poisson(rng, lam) + (1 if anniversary else 0)
        if not count:
            return False
        slots = {rng.choices(URGE_HOURS, URGE_WEIGHTS)[0] * 60 + rng.randint(0, 59)}
        while len(slots) < count:
            slots.add(rng.choices(URGE_HOURS, URGE_WEIGHTS)[0] * 60 + rng.randint(0, 59))
        triggers = list(URGE_TRIGGERS)
        if "alcohol" in acts:
            triggers.append(("alcohol", 4))
        jealous = False
        for i, minute in enumerate(sorted(slots)):
            # Early on an urge often ends in a look at their profile; later, and more so with
            # each month of practice across the whole story, it is mostly resisted.
            peek = rng.random() < 0.08 + 0.42 * math.exp(-since_breakup / 45) * (1 - 0.6 * progress)
            trigger = "anniversary" if anniversary and i == 0 else _weighted(rng, triggers)
            if peek and trigger == "saw a post":
                jealous = True
            level = 3.5 + 4 * math.exp(-since_breakup / 35)
            intensity = max(1, min(10, round(rng.gauss(level, 1.5))))
            note = ""
            if rng.random() < dens.note_share * 1.2:
                if peek:
                    note = rng.choice(PEEKED)
                else:
                    note = rng.choice(UNSENT if rng.random() < 0.6 else RESISTED)
            self.urge(_at(day, minute), intensity, "peeked" if peek else "resisted", trigger, note)
        return jealous

    def mood_note(self, ctx: list[str], value: int) -> str:
        """A note that fits the day and the mood logged (no hangover note on a bright day)."""
        for key in ctx:
            if key in SAD_CONTEXTS and value > 5 or key in GLAD_CONTEXTS and value < 5:
                continue
            if key == "together":
                key = "together_good" if value >= 7 else "together_uneasy"
            if key in MOOD_NOTES:
                return self.rng.choice(MOOD_NOTES[key])
        if value <= 3:
            return self.rng.choice(MOOD_NOTES["low"])
        if value >= 6:
            return self.rng.choice(MOOD_NOTES["good"])
        return ""

    def emotions(
        self, value: int, st: _State, since_breakup: int, flags: dict[str, bool]
    ) -> list[str]:
        if value <= 3:
            pool = ["sad", "lonely", "anxious", "numb"]
        elif value <= 6:
            pool = ["anxious", "sad", "lonely", "calm", "hopeful", "confused"]
        else:
            pool = ["calm", "hopeful", "grateful", "relieved", "proud"]
        if flags["slipped"]:
            pool += ["guilty", "guilty", "ashamed"]
        if flags["jealous"]:
            pool += ["jealous", "jealous"]
        if st.phase == "reconnecting":
            pool += ["confused", "hopeful"]
        if st.phase == "together" and value <= 6:
            pool += ["anxious"]
        if since_breakup <= 7:
            pool += ["angry", "confused"]
        if st.moved_on and value >= 5:
            pool += ["relieved", "proud"]
        k = self.rng.choice((1, 1, 2, 2, 3))
        out: list[str] = []
        for word in self.rng.sample(pool, len(pool)):
            if word not in out:
                out.append(word)
                if len(out) == k:
                    break
        return out

    def moods_for(
        self,
        day: dt.date,
        st: _State,
        acts: list[str],
        flags: dict[str, bool],
        ctx: list[str],
    ) -> None:
        rng, dens = self.rng, self.density
        since_breakup = (day - st.breakup).days if st.breakup else 999
        last_days = day > self.end - dt.timedelta(days=3)
        low_stretch = st.phase in ("fresh", "nc") and since_breakup <= 3
        protected = low_stretch or day > self.end - dt.timedelta(days=7)
        if not protected and rng.random() < dens.skip_day:
            return
        if st.phase == "fresh":
            base = 2.3
        elif st.phase == "nc":
            base = 2.6 + 3.4 * (1 - math.exp(-since_breakup / 28))
        elif st.phase == "reconnecting":
            base = 6.0
        else:
            since = (day - st.together_since).days if st.together_since else 60
            base = 7.3 - 2.2 * min(1.0, since / 50)  # the honeymoon fades
        if st.moved_on:
            base += 0.7
        base += sum(ACTIVITY_EFFECT.get(a, 0.0) for a in acts)
        if flags["alcohol_yesterday"]:
            base += ALCOHOL_NEXT_DAY
        if flags["slip_today"]:
            base += SLIP_TODAY
        if flags["slip_yesterday"]:
            base += SLIP_YESTERDAY
        if flags["anniversary"]:
            base -= 1.2
        if day.weekday() == SUN:
            base -= 0.3
        base += rng.gauss(0, 0.7)

        low, high = dens.moods_per_day
        if high == 1:
            minutes = [rng.randint(19 * 60 + 30, 23 * 60 + 20)]
            # A hard morning gets its own entry too.
            if flags["slip_yesterday"] or since_breakup <= 2 or flags["anniversary"]:
                minutes.insert(0, rng.randint(7 * 60 + 15, 9 * 60 + 30))
        else:
            count = rng.randint(low, high)
            span = (23 * 60 + 30 - (7 * 60 + 30)) // count
            minutes = [7 * 60 + 30 + i * span + rng.randint(0, span - 1) for i in range(count)]
        emotion_flags = {
            "slipped": flags["slip_today"] or flags["slip_yesterday"],
            "jealous": flags["jealous"],
        }
        spread = 0.5 if high == 1 else 0.9
        for i, minute in enumerate(minutes):
            last = i == len(minutes) - 1
            raw = base + rng.gauss(0, spread)
            if i == 0 and flags["slip_yesterday"] and minute < 12 * 60:
                raw -= 0.7
            value = max(1, min(10, round(raw)))
            if low_stretch:
                value = min(value, 3)
            if last_days:
                # The demo must not open on the low-mood card: the last days are steadier.
                value = max(value, 4)
            if st.phase in ("fresh", "nc"):
                level = 1 + 7 * math.exp(-since_breakup / 35) + (1.5 if flags["slip_today"] else 0)
                urge: int | None = max(0, min(10, round(rng.gauss(level, 1.2))))
            elif st.phase == "reconnecting":
                urge = rng.randint(2, 5)
            else:
                urge = None
            if last:
                day_acts = list(acts)
            else:
                day_acts = [a for a in acts if a == "work" or rng.random() < 0.4]
            note = ""
            if rng.random() < (dens.note_share if last else dens.note_share / 3):
                note = self.mood_note(ctx, value)
            at = _at(day, minute)
            self.mood.append(
                {
                    "at": _iso(at),
                    "mood": value,
                    "urge": urge,
                    "emotions": self.emotions(value, st, since_breakup, emotion_flags),
                    "activities": day_acts,
                    "note": note,
                    "private": self._private() if note else True,
                    "created_at": _logged(rng, at),
                }
            )
            self.mood_at.append(at)

    # -- the whole story -----------------------------------------------------------------------
    def run(self) -> None:
        rng = self.rng
        by_day: dict[dt.date, list[dict[str, Any]]] = {}
        for m in self.plan:
            by_day.setdefault(m["on"], []).append(m)
        st = _State()
        slip_yesterday = alcohol_yesterday = False
        therapy_weekday = (self.start.weekday() + 1) % 7
        therapy_from = self.start + dt.timedelta(days=7)
        sessions = 0
        day = self.start
        one = dt.timedelta(days=1)
        while day <= self.end:
            today = by_day.get(day, [])
            kinds = [m["kind"] for m in today]
            for kind in kinds:
                st.apply(kind, day)
            for m in today:
                self.milestones.append(m)
            # Therapy weekly while apart, every other week while together.
            therapy = False
            if day >= therapy_from and day.weekday() == therapy_weekday:
                sessions += 1
                therapy = st.phase != "together" or sessions % 2 == 0
                if therapy:
                    note = rng.choice(THERAPY_NOTES) if rng.random() < 0.5 else ""
                    self.milestones.append(_milestone(day, "therapy_session", "Therapy", note))
            anniversary = (day.month, day.day) == self.anniversary and st.phase != "together"
            acts = self.activities(day, st, therapy)
            made = self.slips(day, st, acts, anniversary)
            self.other_contacts(day, st, kinds)
            jealous = self.urges_for(day, st, acts, anniversary)
            ctx = self._context(kinds, st, made, slip_yesterday, alcohol_yesterday, anniversary)
            if therapy:
                ctx.append("therapy")
            ctx += [a for a in ("exercise", "friends") if a in acts]
            flags = {
                "slip_today": made > 0,
                "slip_yesterday": slip_yesterday,
                "alcohol_yesterday": alcohol_yesterday,
                "anniversary": anniversary,
                "jealous": jealous,
            }
            self.moods_for(day, st, acts, flags, ctx)
            slip_yesterday, alcohol_yesterday = made > 0, "alcohol" in acts
            day += one

    @staticmethod
    def _context(
        kinds: list[str],
        st: _State,
        made: int,
        slip_yesterday: bool,
        alcohol_yesterday: bool,
        anniversary: bool,
    ) -> list[str]:
        """Which kind of note fits the day, most specific first."""
        ctx: list[str] = []
        if "breakup" in kinds:
            ctx.append("breakup" if st.together_since is None else "breakup_again")
        if "no_contact_start" in kinds:
            ctx.append("nc_start")
        if slip_yesterday:
            ctx.append("slip_after")
        if anniversary:
            ctx.append("anniversary")
        if alcohol_yesterday:
            ctx.append("alcohol_after")
        if "first_meetup" in kinds:
            ctx.append("first_meetup")
        if st.moved_on:
            ctx.append("moved_on")
        elif st.phase in ("reconnecting", "together"):
            ctx.append(st.phase)
        return ctx

    def backfill(self) -> None:
        """Mark ~5% of mood entries as logged 1-4 days later (never later than the end day)."""
        rng = self.rng
        latest = self.end - dt.timedelta(days=5)
        eligible = [i for i, at in enumerate(self.mood_at) if at.date() <= latest]
        count = min(len(eligible), round(BACKFILL_SHARE * len(self.mood)))
        for i in rng.sample(eligible, count):
            at = self.mood_at[i]
            # Caught up on an evening 1-4 days later, at least a full day after the moment.
            logged = _at(at.date() + dt.timedelta(days=rng.randint(1, 4)), rng.randint(1140, 1380))
            if logged - at < dt.timedelta(days=1):
                logged += dt.timedelta(days=1)
            self.mood[i]["created_at"] = logged.isoformat(timespec="seconds")

    def payload(self) -> dict[str, Any]:
        self.run()
        self.backfill()
        milestones = [
            {
                "on": m["on"].isoformat(),
                "kind": m["kind"],
                "title": m["title"],
                "note": m["note"],
                "created_at": _logged(self.rng, _at(m["on"], 21 * 60)),
            }
            for m in self.milestones
        ]
        return {
            "format": FORMAT,
            "settings": {
                "day_start_hour": DAY_START_HOUR,
                "no_contact_goal_days": 30,
                "intent": "move_on",
            },
            "mood": sorted(self.mood, key=lambda r: r["at"]),
            "contacts": sorted(self.contacts, key=lambda r: r["at"]),
            "urges": sorted(self.urges, key=lambda r: r["at"]),
            "milestones": milestones,
        }


def demo_payload(
    end: dt.date | None = None, years: float | None = None, seed: int = 7
) -> dict[str, Any]:
    """The demo story ending at `end` (default today) as one tideline/1 object.

    `years=None` gives about six months of one person; `years=N` (at least 0.5) the same kind of
    story over N years of a heavy user, for the benchmark.
    """
    if isinstance(end, dt.datetime):
        end = end.date()
    end = end or dt.date.today()
    rng = random.Random(seed)
    if years is None:
        start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
        plan = _default_plan(start)
        density = LIGHT
    else:
        if not years >= MIN_YEARS:
            raise ValueError(f"years must be at least {MIN_YEARS}, not {years!r}")
        start = end - dt.timedelta(days=round(years * 365.25) - 1)
        final_breakup = end - dt.timedelta(days=FINAL_ARC_DAYS)
        plan = _heavy_plan(rng, start, end, final_breakup)
        density = HEAVY
    # The relationship's anniversary falls in the first no-contact period of the story.
    first_anniversary = start + dt.timedelta(days=45)
    story = _Story(rng, start, end, plan, density, (first_anniversary.month, first_anniversary.day))
    return _not_after(story.payload(), dt.datetime.now())


def _not_after(payload: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """Drop entries later than now: a story that ends today must not show this evening yet."""
    for table in ("mood", "contacts", "urges"):
        kept = []
        for row in payload[table]:
            if dt.datetime.fromisoformat(row["at"]) > now:
                continue
            if row.get("created_at") and dt.datetime.fromisoformat(row["created_at"]) > now:
                row = {**row, "created_at": now.replace(microsecond=0).isoformat()}
            kept.append(row)
        payload[table] = kept
    return payload
