"""The page report: for each knowledge page, how buyers met it and how it served them.

Times cited, buyers' not-helpful verdicts on answers citing it, handoffs that followed a
citation of it in the same conversation, reps' open flags, and the front matter editors keep
(updated, owner, stale). Read from stored messages; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.knowledge.results import DocumentInfo
from bot.models import AnswerFeedback, Handoff, Message, Sender
from bot.store.flags import count_open_flags_by_path


class PageStats(BaseModel):
    path: str
    title: str
    cited: int  # bot answers citing the page
    helpful: int
    not_helpful: int
    not_helpful_rate: float | None  # of the verdicts given on answers citing it
    handoffs_after: int  # handoffs that came after a citation of it in the same conversation
    open_flags: int
    updated: dt.date
    owner: str
    stale: bool


def page_report(
    session: Session,
    documents: Iterable[DocumentInfo],
    *,
    stale_after_days: int,
    today: dt.date | None = None,
) -> list[PageStats]:
    """One row per page, most cited first."""
    today = today or dt.date.today()
    cutoff = today - dt.timedelta(days=stale_after_days)
    cited: dict[str, list[Message]] = defaultdict(list)
    rows = session.scalars(select(Message).where(Message.sender == Sender.BOT).order_by(Message.id))
    for message in rows:
        for path in {s.get("path") for s in message.sources or [] if isinstance(s, dict)}:
            if path:
                cited[path].append(message)
    verdicts = {f.message_id: f.helpful for f in session.scalars(select(AnswerFeedback))}
    handoffs = list(session.scalars(select(Handoff)))
    flags = count_open_flags_by_path(session)
    report = []
    for document in documents:
        messages = cited.get(document.path, [])
        given = [verdicts[m.id] for m in messages if m.id in verdicts]
        not_helpful = sum(1 for v in given if not v)
        first_citation: dict[str, dt.datetime] = {}
        for message in messages:
            first_citation.setdefault(message.conversation_id, message.created_at)
        after = sum(
            1
            for h in handoffs
            if h.conversation_id in first_citation
            and first_citation[h.conversation_id] <= h.created_at
        )
        report.append(
            PageStats(
                path=document.path,
                title=document.title,
                cited=len(messages),
                helpful=len(given) - not_helpful,
                not_helpful=not_helpful,
                not_helpful_rate=round(not_helpful / len(given), 3) if given else None,
                handoffs_after=after,
                open_flags=flags.get(document.path, 0),
                updated=document.updated,
                owner=document.owner,
                stale=document.updated < cutoff,
            )
        )
    report.sort(key=lambda p: (-p.cited, p.path))
    return report
