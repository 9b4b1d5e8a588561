"""Writing conversations the way the gateway does (buyer message, then the bot's replies with
the action's custom payload), so the gap readers are tested on what production stores."""

from __future__ import annotations

from bot.db import session_scope
from bot.dialogue.answer import DONT_KNOW
from bot.gaps.record import AnswerRecord, AnswerStatus
from bot.models import Sender, TurnState
from bot.store import conversations, handoffs, turns
from bot.store.turns import ReplyDraft

PRICING = {"title": "Pricing", "url": None, "path": "buying/pricing.md", "heading": "Plans"}


class Log:
    def __init__(self, database_url: str) -> None:
        self.url = database_url

    def conversation(self) -> str:
        with session_scope(self.url) as session:
            conversation, _ = conversations.create_conversation(session)
            return conversation.id

    def turn(
        self,
        conversation_id: str,
        text: str,
        status: AnswerStatus | None,
        *,
        reply: str = "",
        path: str | None = None,
        open_questions: list[str] | None = None,
    ) -> tuple[int, int]:
        """One buyer message and the bot's reply; returns (buyer id, reply id)."""
        custom: dict = {}
        sources = []
        if status is not None:
            record = AnswerRecord(
                status=status,
                path=path,
                heading="Plans" if path else None,
                score=0.6 if status == AnswerStatus.DECLINED else 1.2,
                threshold=0.75,
                margin=-0.15 if status == AnswerStatus.DECLINED else 0.45,
                open_questions=open_questions or [],
            )
            custom = record.to_custom()
            if status != AnswerStatus.DECLINED and path:
                sources = [{**PRICING, "path": path}]
        with session_scope(self.url) as session:
            turn = turns.record_buyer_message(
                session,
                conversation_id=conversation_id,
                text=text,
                metadata={},
                quick_reply=None,
                client_id=None,
                max_metadata_bytes=16_000,
            )
            draft = ReplyDraft(
                reply or (DONT_KNOW if status == AnswerStatus.DECLINED else "Yes."),
                sources,
                {"custom": custom} if custom else {},
            )
            stored, _ = turns.store_replies(
                session,
                buyer_message_id=turn.buyer_message.id,
                replies=[draft],
                state=TurnState.ANSWERED,
            )
            return turn.buyer_message.id, stored[0].id

    def handoff(self, conversation_id: str, trigger: str = "asked_for_person") -> int:
        with session_scope(self.url) as session:
            handoff = handoffs.create_handoff(
                session,
                conversation_id=conversation_id,
                trigger=trigger,
                reason="",
                summary={},
                rep_id=None,
                routing={},
            )
            return handoff.id

    def rep_says(self, conversation_id: str, text: str, name: str = "Priya Raman") -> None:
        with session_scope(self.url) as session:
            conversations.add_message(
                session,
                conversation_id=conversation_id,
                sender=Sender.REP,
                text=text,
                meta={"rep": {"id": 1, "name": name}},
            )
