"""The decision summary: where the buyer stands, in plain text they can forward.

It only repeats what the buyer told us and what our content says (with its sources); anything
we could not answer is listed as an open question rather than filled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue.hits import HitLike, excerpt, source_of
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.worries import worry_label, worry_query

NOT_GIVEN = "not given yet"


@dataclass(frozen=True)
class Finding:
    """What the content says on one topic of the buyer's decision."""

    topic: str
    hit: HitLike | None


def topics_to_check(profile: BuyerProfile) -> list[tuple[str, str]]:
    """(label, search query) for each part of the decision the buyer told us about."""
    topics = []
    if profile.situation_line():
        topics.append(("your situation", profile.situation_line() or ""))
    if profile.criteria:
        topics.append((profile.criteria, profile.criteria))
    if profile.main_worry:
        label = worry_label(profile.worry_type) or profile.main_worry
        topics.append((label, worry_query(profile.worry_type, profile.main_worry)))
    return topics


def build_summary(
    profile: BuyerProfile,
    findings: Sequence[Finding],
    questions_asked: Sequence[str],
    sources_shown: Sequence[dict[str, Any]],
    open_questions: Sequence[str],
) -> dict[str, Any]:
    """The summary as data: for the handoff record, the console and the rendered text."""
    unanswered = list(open_questions)
    unanswered += [f"What does our content say on {f.topic}?" for f in findings if f.hit is None]
    if not profile.criteria:
        unanswered.append("Which two or three criteria matter most?")
    return {
        "situation": profile.situation_line(),
        "team_size": profile.team_size,
        "current_tool": profile.current_tool,
        "timeline": profile.timeline,
        "budget": profile.budget,
        "criteria": profile.criteria,
        "worry": profile.main_worry,
        "worry_type": profile.worry_type,
        "content_says": [
            {"topic": f.topic, "text": excerpt(f.hit.text, 45), "source": source_of(f.hit)}
            for f in findings
            if f.hit is not None
        ],
        "questions_asked": list(questions_asked),
        "sources_shown": _unique_sources(sources_shown),
        "open_questions": unanswered,
    }


def _unique_sources(sources: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, Any]] = set()
    unique = []
    for source in sources:
        key = (source.get("path"), source.get("heading"))
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def render_summary(summary: dict[str, Any]) -> str:
    """Plain text, no markup: it should read well pasted into an email or a chat."""
    lines = [
        "Decision summary: Tessellate",
        f"Situation: {summary['situation'] or NOT_GIVEN}",
        f"What matters most: {summary['criteria'] or NOT_GIVEN}",
        f"Main worry: {summary['worry'] or NOT_GIVEN}",
    ]
    if summary["content_says"]:
        lines.append("What our content says:")
        for item in summary["content_says"]:
            source = item["source"]
            where = source["url"] or source["path"]
            lines.append(f"- On {item['topic']}: {item['text']} ({source['title']}, {where})")
    if summary["open_questions"]:
        lines.append("Open questions:")
        lines += [f"- {q}" for q in summary["open_questions"]]
    if summary["sources_shown"]:
        lines.append("Sources:")
        lines += [f"- {s['title']}: {s['url'] or s['path']}" for s in summary["sources_shown"]]
    return "\n".join(lines)
