"""The decision summary: where the buyer stands, in plain text they can forward.

It only repeats what the buyer told us and what our content says (with its sources); anything
we could not answer is listed as an open question rather than filled in.

:class:`DecisionSummary` is the one shape of the summary everywhere: the dialogue builds it,
the action passes its JSON (:meth:`DecisionSummary.to_json`) to ``bot.handoff.request_handoff``,
which stores that JSON on the handoff row; routing, notifications, the transcript export and
the rep console all read those same fields back (:meth:`DecisionSummary.from_json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.dialogue.hits import HitLike, excerpt, source_of
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.worries import worry_label, worry_query

NOT_GIVEN = "not given yet"


class _Record(BaseModel):
    # Unknown keys (older or foreign records) are ignored; numbers given for text are kept as
    # text, so a stored record never fails to load over a type a person would not notice.
    model_config = ConfigDict(frozen=True, extra="ignore", coerce_numbers_to_str=True)


class Source(_Record):
    """A page we showed the buyer (the ``custom.sources`` items the gateway stores)."""

    title: str = ""
    url: str | None = None
    path: str = ""
    heading: str = ""

    @field_validator("title", "path", "heading", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

    @property
    def where(self) -> str:
        """The link to give a person: the public URL, else the content path."""
        return self.url or self.path

    @property
    def label(self) -> str:
        """The page and section, for a list of sources."""
        name = self.title or self.path or "source"
        return f"{name} — {self.heading}" if self.heading else name


class ContentSays(_Record):
    """What our content says on one topic of the buyer's decision, and where it says it."""

    topic: str
    text: str
    source: Source


class DecisionSummary(_Record):
    """Everything a person needs to pick the conversation up, in the buyer's own terms."""

    situation: str | None = None
    team_size: str | None = None
    current_tool: str | None = None
    timeline: str | None = None
    budget: str | None = None
    criteria: str | None = None
    worry: str | None = None
    worry_type: str | None = None
    competitors: list[str] = Field(default_factory=list)
    content_says: list[ContentSays] = Field(default_factory=list)
    questions_asked: list[str] = Field(default_factory=list)
    sources_shown: list[Source] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The one serialisation: what actions send, the handoff row stores and APIs return."""
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: DecisionSummary | Mapping[str, Any] | None) -> DecisionSummary:
        """Read a stored or received summary back; missing fields take their defaults."""
        if isinstance(data, DecisionSummary):
            return data
        return cls.model_validate(dict(data or {}))


# How people read each field (email, transcript; the console's SUMMARY_FIELDS use the same
# keys). Sources and content_says have their own sections.
FIELD_LABELS: dict[str, str] = {
    "situation": "Situation",
    "team_size": "Team size",
    "current_tool": "Current tool",
    "timeline": "Timeline",
    "budget": "Budget",
    "criteria": "What matters most",
    "worry": "Main worry",
    "worry_type": "Kind of worry",
    "competitors": "Competitors named",
    "questions_asked": "Questions asked",
    "open_questions": "Open questions",
}


@dataclass(frozen=True)
class Finding:
    """What the content says on one topic of the buyer's decision."""

    topic: str
    hit: HitLike | None
    quote: str | None = None  # the sentences chosen from the hit; its opening words if None


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


def competitors_named(profile: BuyerProfile, known_competitors: Iterable[str] = ()) -> list[str]:
    """The competitors in play: the one the buyer named, and their current tool if it is one.

    ``known_competitors`` are the names the content knows (its pages' ``competitors``); a
    current tool matching one (any case) is given in that spelling.
    """
    known = {name.lower(): name for name in known_competitors}
    names = [profile.competitor]
    if profile.current_tool and profile.current_tool.lower() in known:
        names.append(known[profile.current_tool.lower()])
    found: list[str] = []
    for name in names:
        if name and name.lower() not in {f.lower() for f in found}:
            found.append(name)
    return found


def build_summary(
    profile: BuyerProfile,
    findings: Sequence[Finding],
    questions_asked: Sequence[str],
    sources_shown: Sequence[Source | Mapping[str, Any]],
    open_questions: Sequence[str],
    *,
    known_competitors: Iterable[str] = (),
) -> DecisionSummary:
    """The summary as data: for the handoff record, the console and the rendered text."""
    unanswered = list(open_questions)
    unanswered += [f"What does our content say on {f.topic}?" for f in findings if f.hit is None]
    if not profile.criteria:
        unanswered.append("Which two or three criteria matter most?")
    return DecisionSummary(
        situation=profile.situation_line(),
        team_size=profile.team_size,
        current_tool=profile.current_tool,
        timeline=profile.timeline,
        budget=profile.budget,
        criteria=profile.criteria,
        worry=profile.main_worry,
        worry_type=profile.worry_type,
        competitors=competitors_named(profile, known_competitors),
        content_says=[
            ContentSays(
                topic=f.topic,
                text=f.quote or excerpt(f.hit.text, 45),
                source=Source.model_validate(source_of(f.hit)),
            )
            for f in findings
            if f.hit is not None
        ],
        questions_asked=list(questions_asked),
        sources_shown=_unique_sources(Source.model_validate(s) for s in sources_shown),
        open_questions=unanswered,
    )


def _unique_sources(sources: Iterable[Source]) -> list[Source]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for source in sources:
        key = (source.path, source.heading)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def render_summary(summary: DecisionSummary, product: str | None = None) -> str:
    """Plain text, no markup: it should read well pasted into an email or a chat.

    ``product`` is the site's product name (``site.yml``), so the heading names the vendor.
    """
    lines = [
        f"Decision summary: {product}" if product else "Decision summary",
        f"Situation: {summary.situation or NOT_GIVEN}",
        f"What matters most: {summary.criteria or NOT_GIVEN}",
        f"Main worry: {summary.worry or NOT_GIVEN}",
    ]
    if summary.content_says:
        lines.append("What our content says:")
        for item in summary.content_says:
            source = item.source
            lines.append(f"- On {item.topic}: {item.text} ({source.title}, {source.where})")
    if summary.open_questions:
        lines.append("Open questions:")
        lines += [f"- {q}" for q in summary.open_questions]
    if summary.sources_shown:
        lines.append("Sources:")
        lines += [f"- {s.title}: {s.where}" for s in summary.sources_shown]
    return "\n".join(lines)
