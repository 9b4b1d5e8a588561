"""After an edit: do the next buyers asking a gap question get the page an editor named?

For each "answered by <page>" mark, the buyer questions asked since (those whose reply carries
an answer record) that are as close to the marked question as two questions in one gap group
(the same cosine distance) are counted: answered from that page, or still a gap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.gaps.privacy import mask_personal
from bot.gaps.record import AnswerStatus, read_record
from bot.gaps.report import Encode, PageRef, ResolutionStatus
from bot.models import GapResolution, Message, Sender

EXAMPLES = 3


def follow_up(
    session: Session, resolutions: Sequence[GapResolution], *, encode: Encode, distance: float
) -> list[ResolutionStatus]:
    if not resolutions:
        return []
    earliest = min(r.marked_at for r in resolutions)
    replies = session.scalars(
        select(Message)
        .where(
            Message.sender == Sender.BOT,
            Message.reply_to.is_not(None),
            Message.created_at >= earliest,
        )
        .order_by(Message.id)
    )
    asked = []  # (buyer message, record)
    for reply in replies:
        record = read_record(reply.payload)
        buyer = session.get(Message, reply.reply_to) if record is not None else None
        if buyer is not None and buyer.sender == Sender.BUYER and buyer.text.strip():
            asked.append((buyer, record))
    texts = [mask_personal(b.text) for b, _ in asked]
    vectors = encode([*texts, *(r.question for r in resolutions)])
    questions, marks = vectors[: len(asked)], vectors[len(asked) :]
    found = []
    for mark, resolution in zip(marks, resolutions, strict=True):
        close = [
            i
            for i, (buyer, _) in enumerate(asked)
            if buyer.created_at >= resolution.marked_at
            and 1.0 - float(np.dot(questions[i], mark)) <= distance
        ]
        got = [
            i
            for i in close
            if asked[i][1].path == resolution.page_path
            and asked[i][1].status in (AnswerStatus.ANSWERED, AnswerStatus.WEAK)
        ]
        found.append(
            ResolutionStatus(
                question=resolution.question,
                page=PageRef(path=resolution.page_path, heading=resolution.heading),
                marked_by=resolution.marked_by,
                marked_at=resolution.marked_at,
                asked_since=len(close),
                got_page=len(got),
                still_gaps=sum(1 for i in close if asked[i][1].status.is_gap),
                examples_since=list(dict.fromkeys(texts[i] for i in close))[:EXAMPLES],
            )
        )
    return found
