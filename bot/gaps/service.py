"""One way to build the gap report from a database session and a knowledge base, shared by
``bot kb gaps`` and the editors' view so both always show the same groups."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.gaps.clustering import GroupingEncoder
from bot.gaps.collect import collect_gaps
from bot.gaps.followup import follow_up
from bot.gaps.report import GapReport, PageRef, build_report
from bot.knowledge import KnowledgeBase
from bot.store.gap_resolutions import list_resolutions

_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def since_moment(value: str | None, now: datetime | None = None) -> datetime | None:
    """``30d``, ``12h``, ``2w`` (ago) or an ISO date/time (UTC when no zone is given)."""
    if not value or not value.strip():
        return None
    now = now or datetime.now(UTC)
    relative = _RELATIVE.match(value.strip().lower())
    if relative:
        return now - timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"{value!r}: use 30d, 12h, 2w or a date like 2026-11-01") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def nearest_page(kb: KnowledgeBase):
    """``question -> PageRef``: the section the assistant's search finds for it today."""

    def find(question: str) -> PageRef | None:
        hits = kb.search(question, k=1)
        if not hits:
            return None
        best = hits[0]
        return PageRef(path=best.path, heading=best.heading, score=round(best.confidence, 3))

    return find


def grouping_encoder(kb: KnowledgeBase) -> GroupingEncoder:
    """How ``bot kb gaps`` embeds questions for grouping (the bench uses this too)."""
    return GroupingEncoder(
        kb.embedder,
        kb.site,
        (chunk.text for chunk in kb.chunks()),
        kb.settings.gap_cluster_idf_power,
    )


def gap_report(
    session: Session,
    kb: KnowledgeBase,
    *,
    distance: float,
    since: datetime | None = None,
    min_count: int = 1,
) -> GapReport:
    encode = grouping_encoder(kb)
    report = build_report(
        collect_gaps(session, since),
        encode=encode,
        distance=distance,
        nearest_page=nearest_page(kb),
        min_count=min_count,
        since=since,
    )
    resolutions = list_resolutions(session)
    report.answered = follow_up(session, resolutions, encode=encode, distance=distance)
    return report
