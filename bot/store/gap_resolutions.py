"""Editors' "answered by <page>" marks on gap questions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import GapResolution


def mark_answered(
    session: Session, *, question: str, page_path: str, heading: str | None, marked_by: str = ""
) -> GapResolution:
    resolution = GapResolution(
        question=question.strip(),
        page_path=page_path.strip(),
        heading=(heading or "").strip() or None,
        marked_by=marked_by,
    )
    session.add(resolution)
    session.flush()
    return resolution


def list_resolutions(session: Session) -> list[GapResolution]:
    return list(session.scalars(select(GapResolution).order_by(GapResolution.id)))
