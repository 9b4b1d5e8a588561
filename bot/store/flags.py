"""Reps' flags on bot answers (wrong, stale, missing), grouped by knowledge file for editors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import AnswerFlag, FlagKind, Message, Sender

NO_SOURCE = "(no source)"


def flag_message(
    session: Session, *, message_id: int, rep_id: int | None, kind: FlagKind, note: str = ""
) -> AnswerFlag:
    """Flag a bot message; the flag records the file and section the answer came from."""
    message = session.get(Message, message_id)
    if message is None or message.sender != Sender.BOT:
        raise LookupError("only the bot's messages can be flagged")
    source = (message.sources or [{}])[0] if message.sources else {}
    flag = AnswerFlag(
        message_id=message.id,
        conversation_id=message.conversation_id,
        rep_id=rep_id,
        kind=kind,
        note=note.strip(),
        source_path=source.get("path"),
        source_heading=source.get("heading"),
    )
    session.add(flag)
    session.flush()
    return flag


def list_open_flags(session: Session, *, path: str | None = None) -> list[AnswerFlag]:
    query = select(AnswerFlag).where(AnswerFlag.resolved.is_(False))
    if path is not None:
        query = query.where(AnswerFlag.source_path == path)
    return list(session.scalars(query.order_by(AnswerFlag.source_path, AnswerFlag.id)))


def flags_for_conversation(session: Session, *, conversation_id: str) -> list[AnswerFlag]:
    return list(
        session.scalars(
            select(AnswerFlag)
            .where(AnswerFlag.conversation_id == conversation_id)
            .order_by(AnswerFlag.id)
        )
    )


def count_open_flags_by_path(session: Session) -> dict[str, int]:
    """Open flags per knowledge file (``(no source)`` for answers that cited nothing).

    ``bot kb stats`` shows these counts next to each file.
    """
    rows = session.execute(
        select(AnswerFlag.source_path, func.count())
        .where(AnswerFlag.resolved.is_(False))
        .group_by(AnswerFlag.source_path)
    )
    return {path or NO_SOURCE: count for path, count in rows}


def resolve_flag(session: Session, *, flag_id: int) -> None:
    flag = session.get(AnswerFlag, flag_id)
    if flag is None:
        raise LookupError(f"no flag {flag_id}")
    flag.resolved = True
    session.flush()


def flag_to_dict(flag: AnswerFlag) -> dict[str, Any]:
    return {
        "id": flag.id,
        "message_id": flag.message_id,
        "conversation_id": flag.conversation_id,
        "kind": flag.kind.value,
        "note": flag.note,
        "source_path": flag.source_path,
        "source_heading": flag.source_heading,
        "resolved": flag.resolved,
        "rep": flag.rep.name if flag.rep else None,
        "created_at": flag.created_at.isoformat(),
    }
