"""The editors' gap report: gap questions grouped by meaning, ranked by how many buyers asked.

A pydantic model at the boundary, so ``bot kb gaps --json`` (and any view built on it) has one
stable shape. Every question and rep reply in it is masked (bot/gaps/privacy.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from bot.gaps.clustering import central_order, cluster_vectors
from bot.gaps.collect import GapQuestion
from bot.gaps.privacy import mask_personal

EXAMPLES = 3

Encode = Callable[[Sequence[str]], np.ndarray]
NearestPage = Callable[[str], "PageRef | None"]


class PageRef(BaseModel):
    path: str
    heading: str | None = None
    score: float | None = None


class RepAnswer(BaseModel):
    question: str
    reply: str
    rep: str | None = None


class GapGroup(BaseModel):
    buyers: int  # distinct conversations that asked
    questions: int
    examples: list[str]  # the most typical first, masked
    reasons: dict[str, int]  # declined, weak, partial, fallback, not_helpful, handoff
    nearest_page: PageRef | None = None  # what the pages offer for it now
    found_then: PageRef | None = None  # the section the assistant found when asked
    rep_answers: list[RepAnswer] = Field(default_factory=list)
    buyer_reasons: list[str] = Field(default_factory=list)  # one-line not-helpful reasons
    first_asked: datetime
    last_asked: datetime


class ResolutionStatus(BaseModel):
    """A gap an editor marked "answered by <page>", and how the buyers who asked something
    like it since then were answered."""

    question: str
    page: PageRef
    marked_by: str
    marked_at: datetime
    asked_since: int  # similar buyer questions after the mark
    got_page: int  # of them, answered citing that page
    still_gaps: int  # of them, declined, weak, partial or fallen back on
    examples_since: list[str] = Field(default_factory=list)  # masked


class GapReport(BaseModel):
    since: datetime | None
    questions: int
    groups: list[GapGroup]
    answered: list[ResolutionStatus] = Field(default_factory=list)


def build_report(
    gaps: list[GapQuestion],
    *,
    encode: Encode,
    distance: float,
    nearest_page: NearestPage | None = None,
    min_count: int = 1,
    since: datetime | None = None,
) -> GapReport:
    """Group ``gaps`` (``encode`` embeds texts, unit-normalised) and rank the groups."""
    masked = [mask_personal(g.text) for g in gaps]
    vectors = encode(masked) if gaps else np.zeros((0, 1), dtype=np.float32)
    labels = cluster_vectors(vectors, distance)
    members: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        members.setdefault(label, []).append(row)
    groups = []
    for rows in members.values():
        buyers = len({gaps[r].conversation_id for r in rows})
        if buyers < min_count:
            continue
        groups.append(_group(gaps, masked, central_order(vectors, rows), buyers, nearest_page))
    groups.sort(key=lambda g: (-g.buyers, -g.questions, -g.last_asked.timestamp()))
    return GapReport(since=since, questions=len(gaps), groups=groups)


def _group(
    gaps: list[GapQuestion],
    masked: list[str],
    rows: list[int],
    buyers: int,
    nearest_page: NearestPage | None,
) -> GapGroup:
    examples = list(dict.fromkeys(masked[r] for r in rows))[:EXAMPLES]
    reasons = Counter(reason for r in rows for reason in gaps[r].reasons)
    found = Counter(
        (gaps[r].record.path, gaps[r].record.heading)
        for r in rows
        if gaps[r].record is not None and gaps[r].record.path
    )
    found_then = None
    if found:
        (path, heading), _ = found.most_common(1)[0]
        found_then = PageRef(path=path, heading=heading)
    rep_answers = [
        RepAnswer(
            question=masked[r], reply=mask_personal(gaps[r].rep_reply or ""), rep=gaps[r].rep_name
        )
        for r in rows
        if gaps[r].rep_reply
    ]
    asked = [gaps[r].asked_at for r in rows]
    return GapGroup(
        buyers=buyers,
        questions=len(rows),
        examples=examples,
        reasons=dict(sorted(reasons.items())),
        nearest_page=nearest_page(masked[rows[0]]) if nearest_page else None,
        found_then=found_then,
        rep_answers=rep_answers[:EXAMPLES],
        buyer_reasons=[
            mask_personal(gaps[r].feedback_reason) for r in rows if gaps[r].feedback_reason
        ][:EXAMPLES],
        first_asked=min(asked),
        last_asked=max(asked),
    )


def report_json(report: GapReport) -> dict[str, Any]:
    return report.model_dump(mode="json")
