"""The guides' path (data/guidance/path.json): phases, the two routes, and where a person is.

With any red flag the route is the "apart" one and never offers reconnecting; while the intent
is undecided, the early phases of the reconcile route also name the other road (moving on).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.guidance import cards as library
from dashboard.guidance.cards import GUIDANCE_DIR, CardLibraryError, read_json
from dashboard.guidance.context import KNOWN_PATHS
from dashboard.guidance.rules import Rule, RuleSyntaxError, compile_rule, resolve
from dashboard.guidance.selection import NOT_WITH_RED_FLAGS, rank, red_flagged

PATH_FILE = GUIDANCE_DIR / "path.json"


@dataclass(frozen=True)
class _Phase:
    id: str
    title: str
    summary: str
    cards: tuple[str, ...]
    next_text: Mapping[str, str]


@dataclass(frozen=True)
class _Placement:
    phase: str
    rule: Rule
    because: str


@dataclass(frozen=True)
class PathSpec:
    """The phases, the two routes through them, and the ordered placement rules."""

    phases: Mapping[str, _Phase]
    routes: Mapping[str, tuple[str, ...]]
    placement: tuple[_Placement, ...]
    red_flag_support: str
    undecided_fork: str


def parse_path(data: Any, card_ids: set[str]) -> PathSpec:
    """Check path.json against the card ids and compile its placement rules."""
    if not isinstance(data, Mapping):
        raise CardLibraryError("path.json must be an object")
    try:
        phases = {
            p["id"]: _Phase(
                p["id"], p["title"], p["summary"], tuple(p["cards"]), dict(p["next_text"])
            )
            for p in data["phases"]
        }
        routes = {name: tuple(ids) for name, ids in data["routes"].items()}
        placement = tuple(
            _Placement(p["phase"], compile_rule(p["rule"], KNOWN_PATHS), p["because"])
            for p in data["placement"]
        )
        support = data["red_flag_support"]
        fork = data["undecided_fork"]
    except (KeyError, TypeError) as exc:
        raise CardLibraryError(f"path.json: missing or malformed field {exc}") from None
    except RuleSyntaxError as exc:
        raise CardLibraryError(f"path.json: {exc}") from None
    if set(routes) != {"reconcile", "apart"}:
        raise CardLibraryError("path.json: routes must be exactly 'reconcile' and 'apart'")
    if "reconnecting" in routes["apart"]:
        raise CardLibraryError("path.json: the apart route must never lead to reconnecting")
    for name, ids in routes.items():
        for phase_id in ids:
            if phase_id not in phases:
                raise CardLibraryError(f"path.json: route {name} names unknown phase {phase_id}")
            if name not in phases[phase_id].next_text:
                raise CardLibraryError(f"path.json: phase {phase_id} lacks next_text.{name}")
    for phase in phases.values():
        unknown = [c for c in phase.cards if c not in card_ids]
        if unknown:
            raise CardLibraryError(f"path.json: phase {phase.id} names unknown cards {unknown}")
    for place in placement:
        if place.phase not in phases:
            raise CardLibraryError(f"path.json: placement names unknown phase {place.phase}")
    return PathSpec(phases, routes, placement, support, fork)


@functools.lru_cache(maxsize=4)
def _load_path(path: Path) -> PathSpec:
    return parse_path(read_json(path, "the path file"), {c.id for c in library.load_cards()})


def load_path() -> PathSpec:
    """The path definition from data/guidance/path.json (read and checked once)."""
    return _load_path(PATH_FILE)


def _where(spec: PathSpec, context: Mapping[str, Any], red: bool) -> tuple[_Placement, str, str]:
    """The placement that holds, the phase it leads to, and the route's name."""
    chosen = next((p for p in spec.placement if p.rule.holds(context)), None)
    if chosen is None:  # path.json ends with a catch-all; this guards a hand-edited file
        chosen = spec.placement[-1]
    phase_id = chosen.phase
    apart = red or phase_id == "moving_on" or resolve(context, "settings.intent") == "move_on"
    route_name = "apart" if apart else "reconcile"
    if red and phase_id not in spec.routes[route_name]:
        phase_id = "moving_on"
    return chosen, phase_id, route_name


def _route(spec: PathSpec, phase_id: str, route_name: str) -> tuple[str, ...]:
    """The route's phases, with the user's own at the end when the route lacks it."""
    route = spec.routes[route_name]
    return route if phase_id in route else (*route, phase_id)


def _steps(spec: PathSpec, phase_id: str, route_name: str) -> list[dict[str, Any]]:
    # On the apart route no contact and self-care go on alongside moving on, not before it.
    earlier = "ongoing" if route_name == "apart" else "done"
    route = _route(spec, phase_id, route_name)
    at = route.index(phase_id)
    return [
        {
            "id": pid,
            "title": spec.phases[pid].title,
            "status": earlier if i < at else "current" if i == at else "ahead",
        }
        for i, pid in enumerate(route)
    ]


def _card_ids(spec: PathSpec, phase_id: str, context: Mapping[str, Any], red: bool) -> list[str]:
    """The phase's cards; with a red flag the red-flag cards that hold lead, and cards about
    reconciling or owning one's part leave."""
    by_id = {c.id: c for c in library.load_cards()}
    ids = [
        c
        for c in spec.phases[phase_id].cards
        if not (red and {"reconciliation", NOT_WITH_RED_FLAGS} & set(by_id[c].tags))
    ]
    if not red:
        return ids
    flagged = [
        c.id
        for c in sorted(by_id.values(), key=rank)
        if "red_flags" in c.tags and "urge_moment" not in c.tags and c.holds(context)
    ]
    return flagged + [i for i in ids if i not in flagged]


def _next(spec: PathSpec, phase_id: str, route_name: str) -> dict[str, Any] | None:
    phase = spec.phases[phase_id]
    route = _route(spec, phase_id, route_name)
    at = route.index(phase_id)
    if at + 1 < len(route):
        following = spec.phases[route[at + 1]]
        text = phase.next_text.get(route_name, following.summary)
        return {"id": following.id, "title": following.title, "text": text}
    if phase.next_text.get(route_name):
        # The end of a route still has advice on what to keep doing.
        return {"id": None, "title": None, "text": phase.next_text[route_name]}
    return None


def _fork(
    spec: PathSpec, phase_id: str, route_name: str, context: Mapping[str, Any]
) -> dict[str, Any] | None:
    if (
        route_name == "reconcile"
        and resolve(context, "settings.intent") == "undecided"
        and phase_id in spec.routes["apart"]
    ):
        other = spec.phases["moving_on"]
        return {"id": other.id, "title": other.title, "text": spec.undecided_fork}
    return None


def path_for(context: Mapping[str, Any]) -> dict[str, Any]:
    """Where the milestones and intent place the user on the guides' path, and what is next.

    Returns {"phase", "title", "summary", "because", "route": [{"id", "title", "status"}],
    (status: done | current | ahead, or ongoing for phases before moving on),
    "cards": [card ids], "next": {"id", "title", "text"} | None, "fork": {"id", "title",
    "text"} | None, "red_flags", "support"}.
    With any red flag the route is the "apart" one: it never offers reconnecting. While the
    intent is undecided, the early phases of the reconcile route also name the other road
    (`fork`: moving on), so an undecided user is not led one way only.
    """
    spec = load_path()
    red = red_flagged(context)
    chosen, phase_id, route_name = _where(spec, context, red)
    phase = spec.phases[phase_id]
    return {
        "phase": phase_id,
        "title": phase.title,
        "summary": phase.summary,
        "because": chosen.because if phase_id == chosen.phase else spec.red_flag_support,
        "route": _steps(spec, phase_id, route_name),
        "cards": _card_ids(spec, phase_id, context, red),
        "next": _next(spec, phase_id, route_name),
        "fork": _fork(spec, phase_id, route_name, context),
        "red_flags": red,
        "support": spec.red_flag_support if red else None,
    }
