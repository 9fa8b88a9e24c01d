"""Contract tests for queries/patterns_*.sql on one small story, expected rows worked by hand.

The story (day_start_hour 4; 1 Jan 2026 is a Thursday, so 5 Jan is a Monday):
- no contact 5–19 Jan (reconnected on the 20th) and again from 25 Jan; as of Sun 1 Feb.
- contacts: c1 Sat 3 Jan 22:00 me (not an NC day), c2 Fri 9 Jan 23:15 me "Loneliness ",
  c3 Sat 10 Jan 01:40 me "loneliness" (tracking day Fri 9), c4 Sat 10 Jan 09:00 them,
  c5 Sat 10 Jan 23:30 me "alcohol" (reply unknown), c6 Wed 21 Jan 20:00 me (not NC, answered),
  c7/c8/c9 Sat 31 Jan 03:00/03:10/03:20 me (tracking day Fri 30; c8 answered),
  c10 Mon 2 Feb 10:00 me (after as-of: ignored everywhere).
  Breaks: c2, c3, c5, c7, c8, c9.
- urges: u1 6 Jan resisted "loneliness", u2 7 Jan peeked " Saw a post", u3 22 Jan resisted
  "alcohol" (not NC), u4 26 Jan resisted "song", u5 27 Jan resisted "Song", u6 28 Jan 02:00
  peeked, no trigger (tracking day 27 Jan).
- mood (urge): m1 9 Jan 20:00 3 (8), m2 10 Jan 12:00 5 (4), m3 12 Jan 10:00 7 (1),
  m6 15 Jan 10:00 6 (2), m7 21 Jan 10:00 8 (0), m4 30 Jan 12:00 2 (9), m5 31 Jan 10:00 4 (–).
"""

from __future__ import annotations

import datetime as dt

import pytest

D = dt.date
UNTIL = D(2026, 2, 1)
PARAMS = {"since": None, "until": UNTIL, "day_start_hour": 4}


def _contact(at: str, initiator: str = "me", response: bool | None = False, trigger: str = ""):
    return {
        "at": at,
        "initiator": initiator,
        "channel": "text",
        "got_response": response if initiator == "me" else None,
        "trigger": trigger,
    }


@pytest.fixture
def story(make_store):
    return make_store(
        milestones=[
            {"on": "2026-01-05", "kind": "no_contact_start"},
            {"on": "2026-01-20", "kind": "reconnected"},
            {"on": "2026-01-25", "kind": "no_contact_start"},
        ],
        contacts=[
            _contact("2026-01-03T22:00", trigger="boredom"),  # c1
            _contact("2026-01-09T23:15", trigger="Loneliness "),  # c2
            _contact("2026-01-10T01:40", trigger="loneliness"),  # c3
            _contact("2026-01-10T09:00", initiator="them"),  # c4
            _contact("2026-01-10T23:30", response=None, trigger="alcohol"),  # c5
            _contact("2026-01-21T20:00", response=True),  # c6
            _contact("2026-01-31T03:00"),  # c7
            _contact("2026-01-31T03:10", response=True),  # c8
            _contact("2026-01-31T03:20"),  # c9
            _contact("2026-02-02T10:00"),  # c10
        ],
        urges=[
            {
                "at": "2026-01-06T22:00",
                "intensity": 5,
                "outcome": "resisted",
                "trigger": "loneliness",
            },
            {
                "at": "2026-01-07T22:00",
                "intensity": 6,
                "outcome": "peeked",
                "trigger": " Saw a post",
            },
            {"at": "2026-01-22T22:00", "intensity": 4, "outcome": "resisted", "trigger": "alcohol"},
            {"at": "2026-01-26T21:00", "intensity": 3, "outcome": "resisted", "trigger": "song"},
            {"at": "2026-01-27T21:00", "intensity": 3, "outcome": "resisted", "trigger": "Song"},
            {"at": "2026-01-28T02:00", "intensity": 7, "outcome": "peeked"},
        ],
        mood=[
            {"at": "2026-01-09T20:00", "mood": 3, "urge": 8},  # m1
            {"at": "2026-01-10T12:00", "mood": 5, "urge": 4},  # m2
            {"at": "2026-01-12T10:00", "mood": 7, "urge": 1},  # m3
            {"at": "2026-01-15T10:00", "mood": 6, "urge": 2},  # m6
            {"at": "2026-01-21T10:00", "mood": 8, "urge": 0},  # m7
            {"at": "2026-01-30T12:00", "mood": 2, "urge": 9},  # m4
            {"at": "2026-01-31T10:00", "mood": 4},  # m5
        ],
    )


def test_break_heatmap(story, plain_rows):
    df = story.query("patterns_break_heatmap", PARAMS)
    assert list(df.columns) == ["weekday", "hour", "breaks"]
    # c2 Fri 23h; c3 01:40 on Saturday counts for Friday; c5 Sat 23h; c7–c9 Fri (30 Jan) 03h.
    assert plain_rows(df) == [(5, 1, 1), (5, 3, 3), (5, 23, 1), (6, 23, 1)]


def test_break_heatmap_honours_the_period(story, plain_rows):
    # From 10 Jan on: c5 (Sat 10) and c7–c9 (Fri 30); c2 and c3 belong to Friday the 9th.
    df = story.query("patterns_break_heatmap", PARAMS | {"since": D(2026, 1, 10)})
    assert plain_rows(df) == [(5, 3, 3), (6, 23, 1)]
    # As of 29 Jan the second NC period has no break yet.
    df = story.query("patterns_break_heatmap", PARAMS | {"until": D(2026, 1, 29)})
    assert plain_rows(df) == [(5, 1, 1), (5, 23, 1), (6, 23, 1)]


def test_unanswered_chains(story, plain_rows):
    # In time order: c1 c2 c3 unanswered (run of 3), c4 theirs, c5 unknown, c6 answered,
    # c7 unanswered (1), c8 answered, c9 unanswered (1); c10 is after as-of.
    df = story.query("patterns_unanswered_chains", PARAMS)
    assert plain_rows(df) == [(1, 2), (3, 1)]
    # From 5 Jan: c1 drops out, so c2 c3 make a run of 2.
    df = story.query("patterns_unanswered_chains", PARAMS | {"since": D(2026, 1, 5)})
    assert plain_rows(df) == [(1, 2), (2, 1)]


def test_triggers(story, plain_rows):
    # Breaks: loneliness ×2 (c2, c3 once trimmed and lower-cased), alcohol ×1 (c5); c1 is not
    # a break. Urges on NC days: loneliness resisted, "saw a post" peeked, song resisted ×2;
    # u3 (22 Jan) is outside no contact, u6 has no trigger.
    df = story.query("patterns_triggers", PARAMS)
    assert list(df.columns) == ["trigger", "breaks", "resisted", "peeked"]
    assert plain_rows(df) == [
        ("loneliness", 2, 1, 0),  # 3 in all
        ("song", 0, 2, 0),  # 2
        ("alcohol", 1, 0, 0),  # 1, then by name
        ("saw a post", 0, 0, 1),  # 1
    ]


def test_triggers_honour_the_period(story, plain_rows):
    # From 10 Jan: c2 and c3 (tracking day 9 Jan) and the urges of 6 and 7 Jan drop out. Left:
    # the break c5 (10 Jan, "alcohol") and the urges u4, u5 (26, 27 Jan, "song", resisted);
    # u3 is still outside no contact and u6 has no trigger. Song 2 in all, alcohol 1.
    df = story.query("patterns_triggers", PARAMS | {"since": D(2026, 1, 10)})
    assert plain_rows(df) == [("song", 0, 2, 0), ("alcohol", 1, 0, 0)]


def test_mood_around_contact(story, plain_rows):
    df = story.query("patterns_mood_around_contact", PARAMS)
    # Mine (c1 c2 c3 c5 c6 c7 c8 c9 = 8 contacts), before [at − 48 h, at):
    #   c2: m1 3 · c3: m1 3 · c5: m1 3, m2 5 · c6: m7 8 · c7, c8, c9: m4 2 each
    #   -> 8 entries, (3 + 3 + 3 + 5 + 8 + 2 + 2 + 2) / 8 = 28 / 8 = 3.5
    # after [at, at + 48 h): c2: m2 5 · c3: m2 5 · c5: m3 7 · c7, c8, c9: m5 4 each
    #   -> 6 entries, (5 + 5 + 7 + 4 + 4 + 4) / 6 = 29 / 6
    # Theirs (c4, 10 Jan 09:00): before m1 3; after m2 5 (m3 on the 12th at 10:00 is 49 h on).
    assert plain_rows(df) == [
        ("me", "before", 8, 8, 3.5),
        ("me", "after", 8, 6, pytest.approx(29 / 6)),
        ("them", "before", 1, 1, 3.0),
        ("them", "after", 1, 1, 5.0),
    ]


def test_mood_around_contact_stops_at_as_of(story, plain_rows):
    # As of 30 Jan: c7–c9 (tracking day 30 Jan) still count, but m5 (31 Jan) is not logged
    # yet, so their "after" windows are empty: mine after = c2 5, c3 5, c5 7 -> 17 / 3.
    df = story.query("patterns_mood_around_contact", PARAMS | {"until": D(2026, 1, 30)})
    assert plain_rows(df)[1] == ("me", "after", 8, 3, pytest.approx(17 / 3))


def test_mood_around_contact_honours_the_period(story, plain_rows):
    # From 21 Jan: my contacts c6 (21 Jan 20:00) and c7, c8, c9 (tracking day 30 Jan); theirs
    # (c4, 10 Jan) drops out, so there are no "them" rows. Mood entries from before the
    # period still count inside a contact's window: the window belongs to the contact.
    #   before: c6 [19 Jan 20:00, 21 Jan 20:00) holds m7 8; c7–c9 each hold m4 2 (30 Jan 12:00)
    #     -> 4 entries, (8 + 2 + 2 + 2) / 4 = 3.5
    #   after: c6 none (next entry is 30 Jan); c7–c9 each hold m5 4 (31 Jan 10:00) -> 3, mean 4
    df = story.query("patterns_mood_around_contact", PARAMS | {"since": D(2026, 1, 21)})
    assert plain_rows(df) == [("me", "before", 4, 4, 3.5), ("me", "after", 4, 3, 4.0)]


def test_urge_before_break(story, plain_rows):
    df = story.query("patterns_urge_before_break", PARAMS)
    # Before each break [at − 24 h, at): c2 m1 8 · c3 m1 8 · c5 m2 4 (m1 is 27.5 h earlier)
    #   · c7, c8, c9 m4 9 each -> 6 ratings, (8 + 8 + 4 + 9 + 9 + 9) / 6 = 47 / 6.
    # Other NC days, in no window: m3 1 (12 Jan), m6 2 (15 Jan); m7 is not an NC day,
    # m5 has no rating -> (1 + 2) / 2 = 1.5.
    assert plain_rows(df) == [("before_break", 6, pytest.approx(47 / 6)), ("other", 2, 1.5)]


def test_urge_before_break_without_other_days(story, plain_rows):
    # From 25 Jan: the breaks c7–c9 (m4 9 each); the only rated NC entry is m4 itself.
    df = story.query("patterns_urge_before_break", PARAMS | {"since": D(2026, 1, 25)})
    assert plain_rows(df) == [("before_break", 3, 9.0), ("other", 0, None)]


def test_weekly_actions(story, plain_rows):
    # Week of Mon 5 Jan: u1 resisted, u2 peeked, breaks c2 c3 c5.
    # Weeks of 12 and 19 Jan: nothing on NC days (u3 on 22 Jan is not NC).
    # Week of Mon 26 Jan: u4 u5 resisted, u6 peeked (27 Jan), breaks c7 c8 c9.
    df = story.query("patterns_weekly_actions", PARAMS)
    assert list(df.columns) == ["week", "resisted", "peeked", "broke"]
    assert plain_rows(df) == [(D(2026, 1, 5), 1, 1, 3), (D(2026, 1, 26), 2, 1, 3)]


def test_weekly_actions_honour_the_period(story, plain_rows):
    # From Sat 10 Jan: in the week of Mon 5 Jan only c5 (10 Jan) is left (u1, u2, c2, c3 are
    # earlier); the week of 26 Jan is whole: u4 u5 resisted, u6 peeked, c7–c9.
    df = story.query("patterns_weekly_actions", PARAMS | {"since": D(2026, 1, 10)})
    assert plain_rows(df) == [(D(2026, 1, 5), 0, 0, 1), (D(2026, 1, 26), 2, 1, 3)]


def test_empty_database(store, plain_rows):
    for name in (
        "patterns_break_heatmap",
        "patterns_unanswered_chains",
        "patterns_triggers",
        "patterns_mood_around_contact",
        "patterns_weekly_actions",
    ):
        assert store.query(name, PARAMS).empty, name
    df = store.query("patterns_urge_before_break", PARAMS)
    assert plain_rows(df) == [("before_break", 0, None), ("other", 0, None)]


def test_day_start_hour_moves_the_night(make_store, plain_rows):
    # With the day starting at midnight, 01:40 on Saturday belongs to Saturday.
    s = make_store(
        milestones=[{"on": "2026-01-05", "kind": "no_contact_start"}],
        contacts=[_contact("2026-01-10T01:40")],
        settings={"day_start_hour": 0},
    )
    df = s.query("patterns_break_heatmap", PARAMS | {"day_start_hour": 0})
    assert plain_rows(df) == [(6, 1, 1)]


def test_mood_around_contact_with_entries_at_the_same_minute(make_store, plain_rows):
    # Two entries at 10:00 (4 and 6) are both before a 12:00 contact: 2 entries, mean 5.
    # The 12:00 entry shares the contact's minute, so it is "after" ([at, at + 48 h)), as is
    # the one the next day at 11:59; 14 Jan 12:00 is exactly 48 h on and falls outside.
    s = make_store(
        contacts=[_contact("2026-01-12T12:00")],
        mood=[
            {"at": "2026-01-12T10:00", "mood": 4},
            {"at": "2026-01-12T10:00", "mood": 6},
            {"at": "2026-01-12T12:00", "mood": 8},
            {"at": "2026-01-13T11:59", "mood": 2},
            {"at": "2026-01-14T12:00", "mood": 9},
        ],
    )
    df = s.query("patterns_mood_around_contact", PARAMS)
    # After: (8 + 2) / 2 = 5.
    assert plain_rows(df) == [("me", "before", 1, 2, 5.0), ("me", "after", 1, 2, 5.0)]
