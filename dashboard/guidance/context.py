"""The context the card rules read: the typed metrics, the settings part and derived fields.

`KNOWN_PATHS`, every path a rule may name, derives from the types: `metrics.Metrics` (so a field
added to the metrics is known to the rules at once, and a rule naming a field that is not there
fails when the library loads), `RuleSettings` and `RelapseNames`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict, get_type_hints, is_typeddict

from dashboard.metrics import Metrics, field_paths
from dashboard.schema import MILESTONE_KINDS


class RuleSettings(TypedDict):
    """`settings.*`: what the rules read of the journal's settings."""

    intent: str
    red_flags: list[str]
    any_red_flag: bool
    no_contact_goal_days: int


class RelapseNames(TypedDict):
    """Added under `relapse`: the trigger names of `top_triggers`, for `'alcohol' in ...`."""

    top_trigger_names: list[str]


KNOWN_PATHS: frozenset[str] = (
    field_paths(Metrics)
    | field_paths(RuleSettings, "settings.")
    | field_paths(RelapseNames, "relapse.")
)
# The sections of the metrics record ("no_contact", "relapse", ...) and their field names.
SECTIONS: dict[str, tuple[str, ...]] = {
    name: tuple(get_type_hints(hint))
    for name, hint in get_type_hints(Metrics).items()
    if is_typeddict(hint)
}


def build_context(metrics: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """The rule context: the section 4 metrics plus the settings part and derived fields.

    Every field the metrics record declares is there (null when the metrics handed in lack it);
    a count for every milestone kind (0 when absent, so `milestones.counts.the_talk >= 1` reads
    naturally); `relapse.top_trigger_names`; `settings.{intent, red_flags, any_red_flag,
    no_contact_goal_days}`.
    """
    context: dict[str, Any] = copy.deepcopy(dict(metrics))
    for name, fields in SECTIONS.items():
        given = context.get(name)
        section = context[name] = dict(given) if isinstance(given, Mapping) else {}
        for key in fields:
            section.setdefault(key, None)
    names: list[str] = []
    for item in context["relapse"]["top_triggers"] or []:
        if isinstance(item, Sequence) and not isinstance(item, str) and item:
            names.append(str(item[0]).strip().lower())
    context["relapse"]["top_trigger_names"] = names
    milestones = context["milestones"]
    given = milestones["counts"] if isinstance(milestones["counts"], Mapping) else {}
    milestones["counts"] = {kind: 0 for kind in MILESTONE_KINDS} | dict(given)
    # Unknown flag words still count as a flag: when in doubt, the safer advice wins.
    flags = [str(f).strip().lower() for f in settings.get("red_flags") or [] if str(f).strip()]
    goal = settings.get("no_contact_goal_days", context["no_contact"]["goal_days"] or 30)
    rule_settings: RuleSettings = {
        "intent": settings.get("intent") or "undecided",
        "red_flags": flags,
        "any_red_flag": bool(flags),
        "no_contact_goal_days": goal,
    }
    context["settings"] = rule_settings
    return context
