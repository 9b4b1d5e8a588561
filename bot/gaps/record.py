"""The answer record: how the assistant answered one buyer message, typed once.

The action server writes it into the reply's ``custom`` payload under ``RECORD_KEY``; the
gateway stores that payload with the bot message; ``bot kb gaps`` and the page report read it
back. One pydantic model for writer and readers, so a renamed field fails loudly in tests
rather than silently emptying the editors' report.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.dialogue.answer import Answer

RECORD_KEY = "answer_record"


class AnswerStatus(enum.StrEnum):
    """How a buyer message was answered, as editors care about it."""

    ANSWERED = "answered"  # cited, clearly above the bar
    WEAK = "weak"  # cited, but within the weak margin of the bar
    PARTIAL = "partial"  # a message with several questions, some of them not answered
    DECLINED = "declined"  # "our pages don't say"
    FALLBACK = "fallback"  # not understood at all: asked to rephrase

    @property
    def is_gap(self) -> bool:
        return self is not AnswerStatus.ANSWERED


class AnswerRecord(BaseModel):
    """What the content offered for one buyer message (never the buyer's text: that is the
    buyer message itself, which the reply points at with ``reply_to``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    version: Literal[1] = 1
    status: AnswerStatus
    path: str | None = None  # the section chosen (answered) or nearest (declined)
    heading: str | None = None
    score: float | None = None
    threshold: float | None = None  # the bar the score had to reach
    margin: float | None = None  # score - threshold: negative when declined
    # Parts of a multi-question message the content did not answer ("partial", "declined").
    open_questions: list[str] = Field(default_factory=list, max_length=10)

    def to_custom(self) -> dict[str, Any]:
        """The ``custom`` payload entry the action sends along with the reply."""
        return {RECORD_KEY: self.model_dump(mode="json")}


def record_for(answer: Answer, weak_margin: float) -> AnswerRecord:
    """The record of a composed answer; ``weak_margin`` (Settings.gap_weak_margin) is how far
    above its bar an answer must score not to count as weak."""
    evidence = answer.evidence
    if not answer.confident:
        status = AnswerStatus.DECLINED
    elif answer.unanswered:
        status = AnswerStatus.PARTIAL
    elif evidence is not None and evidence.margin < weak_margin:
        status = AnswerStatus.WEAK
    else:
        status = AnswerStatus.ANSWERED
    return AnswerRecord(
        status=status,
        path=evidence.path if evidence else None,
        heading=evidence.heading if evidence else None,
        score=evidence.score if evidence else None,
        threshold=evidence.threshold if evidence else None,
        margin=round(evidence.margin, 4) if evidence else None,
        open_questions=list(answer.unanswered)[:10] if status.is_gap else [],
    )


def fallback_record() -> AnswerRecord:
    """The message was not understood and the content was not close: asked to rephrase."""
    return AnswerRecord(status=AnswerStatus.FALLBACK)


def read_record(payload: dict[str, Any] | None) -> AnswerRecord | None:
    """The record stored in a bot message's payload, or None (older replies, other actions,
    or a record this version cannot read)."""
    custom = (payload or {}).get("custom")
    raw = custom.get(RECORD_KEY) if isinstance(custom, dict) else None
    if not isinstance(raw, dict):
        return None
    try:
        return AnswerRecord.model_validate(raw)
    except ValidationError:
        return None
