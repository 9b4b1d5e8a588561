"""The decision summary: where the buyer stands, in plain text they can forward.

It only repeats what the buyer told us and what our content says (with its sources); anything
we could not answer is listed as an open question rather than filled in.

:class:`DecisionSummary` is the one shape of the summary everywhere: the dialogue builds it,
the action passes its JSON (:meth:`DecisionSummary.to_json`) to ``bot.handoff.request_handoff``,
which stores that JSON on the handoff row; routing, notifications, the transcript export and
the rep console all read those same fields back (:meth:`DecisionSummary.from_json`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.dialogue.entities import (
    trusted_budget,
    trusted_team_size,
    trusted_timeline,
    trusted_tool,
)
from bot.dialogue.hits import HitLike, excerpt, source_of
from bot.dialogue.profile import BuyerProfile
from bot.dialogue.reading import what_matters
from bot.dialogue.statements import as_questions, tells_only, without_requests
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

# The details the situation line may already state (``BuyerProfile.situation_line`` adds the
# ones the buyer's words do not), each with the check that reads it from a buyer's message.
_DETAIL_READERS: dict[str, Callable[[str | None, str], str | None]] = {
    "team_size": trusted_team_size,
    "current_tool": trusted_tool,
    "timeline": trusted_timeline,
    "budget": trusted_budget,
}


def shown_fields(summary: DecisionSummary) -> dict[str, Any]:
    """The ``FIELD_LABELS`` fields a person reads, name -> value, in that order: those with a
    value, less a detail (team size, current tool, timeline, budget) that the situation line
    already states, so a rendered summary gives each fact once ("Situation: We're 150 staff,
    on Ordinal" and no "Team size: 150" under it).

    The one rule for every view of the summary (the transcript export; the rep console gets
    the names from the handoff API). The data keeps every field: only what is shown changes.
    """
    repeated = repeated_details(summary)
    return {
        name: getattr(summary, name)
        for name in FIELD_LABELS
        if getattr(summary, name) and name not in repeated
    }


def repeated_details(summary: DecisionSummary) -> set[str]:
    """The details whose value the situation line states: as the line adds it ("team of
    150", "using Ordinal today"), or in the buyer's words as we would read that detail from a
    message ("We're 150 staff" holds a team of 150; "1500 requests a minute" or "150 days
    left" do not, "we moved off Ordinal" is not Ordinal as the current tool). When unsure the
    detail is not a repeat: a fact said twice is noise, a fact left out is lost."""
    situation = summary.situation or ""
    repeated = set()
    for name, reader in _DETAIL_READERS.items():
        value = getattr(summary, name)
        if not value or not situation:
            continue
        detail = BuyerProfile(**{name: value})
        if _holds(situation, detail.details()[0]):  # the words the line adds for it
            repeated.add(name)
        elif name == "team_size":
            # a number with people around it ("150 staff", "twelve of us"), the same number
            if _count(reader(value, situation)) == _count(value):
                repeated.add(name)
        elif not detail.details(unstated_in=situation) and reader(value, situation):
            repeated.add(name)
    return repeated


def _holds(text: str, phrase: str) -> bool:
    """Whether ``text`` holds ``phrase`` as words of its own ("budget $30" is not in "budget
    $30k" nor in "budget $30,000")."""
    words = re.escape(" ".join(phrase.split()))
    pattern = rf"(?<![\w$£€.,]){words}(?!\w|[.,]\d)"
    return re.search(pattern, " ".join(text.split()), re.IGNORECASE) is not None


def _count(number: str | None) -> str | None:
    return number.replace(",", "").strip() if number else None


@dataclass(frozen=True)
class Finding:
    """What the content says on one topic of the buyer's decision."""

    topic: str
    hit: HitLike | None
    quote: str | None = None  # the sentences chosen from the hit; its opening words if None


def topics_to_check(profile: BuyerProfile) -> list[tuple[str, str]]:
    """(label, search query) for each part of the decision the content can speak to: what
    matters most and the main worry (the buyer's own words are quoted in the label).

    The situation is not one: it is facts about the buyer, not a question, and a search on
    "we're 55 people on Pipit" finds pages by their words ("if you are under about ten people
    … Pipit is simpler"), which would put a wrong line in the rep's packet.
    """
    topics = []
    criteria = criteria_said(profile.criteria)
    if criteria:
        topics.append((f"“{criteria}”", criteria))
    if profile.main_worry:
        label = worry_label(profile.worry_type) or f"“{_bare(profile.main_worry)}”"
        topics.append((label, worry_query(profile.worry_type, profile.main_worry)))
    return topics


def criteria_said(criteria: str | None) -> str | None:
    """What matters most, in the buyer's words without the lead-in, a greeting, a request for
    a person or the full stop ("What matters most to us is that PMs can self-serve." -> "PMs
    can self-serve")."""
    if not criteria:
        return None
    said = without_requests(what_matters(criteria))
    return _bare(said) if said else None


def _bare(text: str) -> str:
    return text.strip().rstrip(".!;,: ").strip() or text.strip()


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
    unanswered = [
        question
        for asked in open_questions
        if asked and asked.strip() and not tells_only(asked)
        for question in as_questions(asked)
    ]
    unanswered += [f"What does our content say on {f.topic}?" for f in findings if f.hit is None]
    if not profile.criteria:
        unanswered.append("Which two or three criteria matter most?")
    return DecisionSummary(
        situation=profile.situation_line(),
        team_size=profile.team_size,
        current_tool=profile.current_tool,
        timeline=profile.timeline,
        budget=profile.budget,
        criteria=criteria_said(profile.criteria),
        worry=profile.main_worry,
        # Only a kind we know: NLU's raw worry words ("lose", "Business") would mislead a rep.
        worry_type=profile.worry_type if worry_label(profile.worry_type) else None,
        competitors=competitors_named(profile, known_competitors),
        content_says=_content_says(findings),
        # "We're currently on Northwind." was searched, but it is not a question they asked.
        questions_asked=[q for q in questions_asked if q and not tells_only(q)],
        sources_shown=_unique_sources(Source.model_validate(s) for s in sources_shown),
        open_questions=_unique(unanswered),
    )


def _unique(texts: Iterable[str]) -> list[str]:
    """Each text once (the same question asked twice, in any case, is one open question)."""
    seen: set[str] = set()
    unique = []
    for text in texts:
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(text)
    return unique


def _content_says(findings: Sequence[Finding]) -> list[ContentSays]:
    """Each finding as one line of text; a quote found for two topics is given once, under
    both ("On price and the risk of switching: …"), not twice."""
    said: list[ContentSays] = []
    for finding in findings:
        if finding.hit is None:
            continue
        text = one_line(finding.quote or excerpt(finding.hit.text, 45))
        same = next((i for i, c in enumerate(said) if c.text == text), None)
        if same is not None:
            first = said[same]
            said[same] = first.model_copy(update={"topic": f"{first.topic} and {finding.topic}"})
            continue
        source = Source.model_validate(source_of(finding.hit))
        said.append(ContentSays(topic=finding.topic, text=text, source=source))
    return said


def one_line(quote: str) -> str:
    """A quote (sentences, list items as "- " lines) as one line for "On <topic>: <quote>":
    items lose their dash and are joined with "; " unless a sentence already ended."""
    text = ""
    for line in quote.splitlines():
        line = line.strip().removeprefix("- ").strip()
        if not line:
            continue
        if text:
            text += " " if text[-1] in ".!?:" else "; "
        text += line
    return text


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
