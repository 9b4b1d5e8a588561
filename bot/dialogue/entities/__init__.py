"""Which extracted details we trust enough to write into the rep's packet.

The entity tagger reads "SOC 2" as a team size of 2 and "before my CEO signs" as a timeline.
A wrong fact in a rep's packet is worse than a missing one, so each value must also look like
what it claims to be, in the words around it; anything else is dropped (the buyer's own words
stay in the transcript, which the rep reads anyway). One module per detail: ``team``,
``budget``, ``timeline`` (with ``when``, what a time looks like) and ``tools``.
"""

from __future__ import annotations

from bot.dialogue.entities.budget import budget_in, trusted_budget
from bot.dialogue.entities.team import MAX_TEAM, team_size_in, trusted_team_size
from bot.dialogue.entities.timeline import timeline_in, trusted_timeline
from bot.dialogue.entities.tools import tool_in, trusted_tool

__all__ = [
    "MAX_TEAM",
    "team_size_in",
    "timeline_in",
    "tool_in",
    "trusted_budget",
    "trusted_details",
    "trusted_team_size",
    "trusted_timeline",
    "trusted_tool",
]


def trusted_details(extracted: dict[str, str | None], text: str) -> dict[str, str | None]:
    """The slots to keep from one message: NLU's values that pass their checks, else what
    the plain rules find in the words. Used by ``action_validate_slot_mappings`` and measured
    by ``bench/entity_bench.py``."""
    return {
        "team_size": trusted_team_size(extracted.get("team_size"), text) or team_size_in(text),
        "budget": trusted_budget(extracted.get("budget"), text) or budget_in(text),
        "timeline": trusted_timeline(extracted.get("timeline"), text) or timeline_in(text),
        "current_tool": trusted_tool(extracted.get("current_tool"), text)
        or tool_in(text, extracted.get("competitor")),
    }
