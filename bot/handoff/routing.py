"""Choosing the one named rep for a handoff: pure functions over a roster, with reasons.

Order of preference, as the product asks: expertise matching the conversation (competitors
named, the trigger's topic, tags and topic words in the buyer's own words), then availability
(online in the console, within working hours), then the fewest open handoffs; remaining ties go
to whoever was assigned least recently, so work is shared fairly. Every decision carries the
reasons a rep can read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.dialogue.handoff_rules import Trigger
from bot.dialogue.summary import DecisionSummary

# The topic each trigger is about, as an expertise tag.
TRIGGER_TOPICS: dict[Trigger, tuple[str, ...]] = {
    Trigger.PRICING_NEGOTIATION: ("pricing",),
    Trigger.CONTRACT_TERMS: ("contracts",),
    Trigger.DEAL_SIZE: ("pricing", "contracts"),
}

# Words buyers use for the topics reps list as expertise.
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "pricing": ("price", "pricing", "discount", "cost", "budget", "expensive", "quote"),
    "security": ("security", "secure", "soc 2", "soc2", "gdpr", "compliance", "sso", "dpa"),
    "contracts": ("contract", "contracts", "terms", "msa", "legal", "procurement"),
    "implementation": ("implementation", "migrate", "migration", "onboarding", "switching"),
}


@dataclass(frozen=True)
class Candidate:
    """One rep as routing sees them."""

    id: int
    name: str
    expertise: frozenset[str]
    timezone: str = "UTC"
    working_hours: Mapping[str, Any] = field(default_factory=dict)
    online: bool = False
    open_handoffs: int = 0
    last_assigned_at: datetime | None = None


@dataclass
class Decision:
    rep_id: int | None
    reasons: list[str]
    wanted: list[str]
    ranking: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep_id": self.rep_id,
            "reasons": self.reasons,
            "wanted": self.wanted,
            "ranking": self.ranking,
        }


def zone_for(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _clock(value: str, default: str) -> time:
    try:
        hours, minutes = (value or default).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        hours, minutes = default.split(":")
        return time(int(hours), int(minutes))


def _shifts(hours: Mapping[str, Any], zone: ZoneInfo, now: datetime, days_ahead: int = 8):
    """(start, end) of each working day from today on, in the rep's zone."""
    days = set(hours.get("days", [0, 1, 2, 3, 4]))
    start, end = _clock(hours.get("start", ""), "09:00"), _clock(hours.get("end", ""), "17:00")
    local_today = now.astimezone(zone).date()
    for offset in range(days_ahead):
        day = local_today + timedelta(days=offset)
        if day.weekday() in days:
            yield (
                datetime.combine(day, start, tzinfo=zone),
                datetime.combine(day, end, tzinfo=zone),
            )


def within_hours(hours: Mapping[str, Any], timezone: str, now: datetime) -> bool:
    return any(s <= now < e for s, e in _shifts(hours, zone_for(timezone), now, days_ahead=1))


def next_available(hours: Mapping[str, Any], timezone: str, now: datetime) -> datetime | None:
    """``now`` when within working hours, else the start of the next shift (None: never)."""
    for start, end in _shifts(hours, zone_for(timezone), now):
        if start <= now < end:
            return now
        if now < start:
            return start
    return None


def _buyer_text(summary: DecisionSummary, reason: str | None) -> str:
    """The buyer's own words and the facts they gave, lowercased.

    Sources shown are left out: a comparison page names every competitor, so matching on it
    would call for every competitor expert.
    """
    parts = [
        summary.situation,
        summary.current_tool,
        summary.criteria,
        summary.worry,
        summary.worry_type,
        reason,
        *summary.competitors,
        *summary.questions_asked,
    ]
    return " ".join(p for p in parts if p).lower()


def trigger_topics(trigger: Trigger | str) -> tuple[str, ...]:
    """The expertise a trigger calls for by itself (an unknown trigger calls for none)."""
    try:
        return TRIGGER_TOPICS.get(Trigger(trigger), ())
    except ValueError:
        return ()


def _mentions(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def wanted_expertise(
    trigger: Trigger | str,
    summary: DecisionSummary,
    known_tags: Iterable[str],
    *,
    reason: str | None = None,
) -> list[str]:
    """The expertise this conversation calls for, among the tags reps actually have.

    From the trigger's topic, the competitors the buyer named (or uses today), tags and topic
    words in the buyer's own words, and the handoff ``reason`` (which quotes their message).
    """
    known = {t.lower() for t in known_tags}
    text = _buyer_text(summary, reason)
    wanted = set(trigger_topics(trigger))
    wanted |= {name.lower() for name in summary.competitors}
    wanted |= {tag for tag in known if _mentions(text, tag)}
    wanted |= {
        topic for topic, words in TOPIC_WORDS.items() if any(_mentions(text, w) for w in words)
    }
    return sorted(wanted & known) if known else sorted(wanted)


def _availability(candidate: Candidate, now: datetime) -> tuple[int, bool]:
    in_hours = within_hours(candidate.working_hours, candidate.timezone, now)
    return 2 * candidate.online + in_hours, in_hours


def route(candidates: Sequence[Candidate], wanted: Iterable[str], now: datetime) -> Decision:
    """Pick one rep; ``rep_id`` is None only when the roster is empty."""
    wanted_set = {w.lower() for w in wanted}
    never = datetime.min.replace(tzinfo=UTC)
    rows = []
    for c in candidates:
        matches = sorted(wanted_set & c.expertise)
        availability, in_hours = _availability(c, now)
        key = (-len(matches), -availability, c.open_handoffs, c.last_assigned_at or never, c.id)
        rows.append((key, c, matches, in_hours))
    rows.sort(key=lambda row: row[0])
    ranking = [
        {
            "rep_id": c.id,
            "name": c.name,
            "matches": matches,
            "online": c.online,
            "within_hours": in_hours,
            "open_handoffs": c.open_handoffs,
        }
        for _, c, matches, in_hours in rows
    ]
    if not rows:
        return Decision(None, ["no active reps on the roster"], sorted(wanted_set), [])
    return Decision(rows[0][1].id, _reasons(rows), sorted(wanted_set), ranking)


def _reasons(rows: list[tuple[tuple, Candidate, list[str], bool]]) -> list[str]:
    key, chosen, matches, in_hours = rows[0]
    reasons = [
        f"expertise: {', '.join(matches)}" if matches else "no rep matched the topic's expertise",
        "online in the console" if chosen.online else "not online in the console",
        "within working hours" if in_hours else "outside working hours",
        f"{chosen.open_handoffs} open handoff(s)",
    ]
    runner_up = rows[1][0] if len(rows) > 1 else None
    if runner_up is not None and runner_up[:3] == key[:3]:
        reasons.append("tie on expertise, availability and load: assigned least recently")
    return reasons
