"""Database models (SQLAlchemy 2.0 typed mappings).

Schema changes go through Alembic migrations in ``bot/migrations``; never ``create_all`` in
production code.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Index, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class Mode(enum.StrEnum):
    """Who answers the buyer right now."""

    BOT = "bot"
    WAITING_FOR_REP = "waiting_for_rep"
    WITH_REP = "with_rep"


class Sender(enum.StrEnum):
    BUYER = "buyer"
    BOT = "bot"
    REP = "rep"


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # sha256 of the bearer token; None for socket.io sessions, which Rasa's protocol
    # identifies by session id alone.
    token_hash: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16), default="rest")
    mode: Mapped[Mode] = mapped_column(
        Enum(Mode, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Mode.BOT,
    )
    buyer_metadata: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The buyer turn at which the gateway last started a new Rasa session (0: never).
    rasa_session_turn: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id", cascade="all, delete-orphan"
    )


class TurnState(enum.StrEnum):
    """Where a buyer message's turn stands, so a retried send never reaches Rasa twice."""

    PENDING = "pending"  # stored; Rasa is working on it
    ANSWERED = "answered"  # the bot's replies are stored (reply_to points here)
    TO_REP = "to_rep"  # a person had the conversation: no bot reply is due
    FAILED = "failed"  # no real reply: the honest "having trouble" reply was stored


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        Index("ux_messages_conversation_client_id", "conversation_id", "client_id", unique=True),
        Index("ix_messages_reply_to", "reply_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender: Mapped[Sender] = mapped_column(
        Enum(Sender, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    text: Mapped[str] = mapped_column(Text, default="")
    # Pages the bot cited: [{"title", "url", "path", "heading"}].
    sources: Mapped[list[Any]] = mapped_column(default=list)
    # What Rasa sent besides text: {"buttons", "image", "attachment", "custom"}
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Who wrote a rep message, as the buyer saw it: {"rep": {"id", "name", "role", "photo_url"}}
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Idempotent sends: the id a client gave a buyer message (unique per conversation), the
    # buyer message a bot reply answers, and the buyer message's turn state.
    client_id: Mapped[str | None] = mapped_column(String(64))
    reply_to: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL", name="fk_messages_reply_to")
    )
    turn_state: Mapped[TurnState | None] = mapped_column(
        Enum(
            TurnState, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]
        )
    )

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


# --- reps, handoffs and feedback (issue 5) --------------------------------------------------------

# The largest id an integer primary key holds on every backend (PostgreSQL ``integer``): ids from
# clients are checked against it so that a huge number is a 422, not a database error.
MAX_ROW_ID = 2**31 - 1


class HandoffStatus(enum.StrEnum):
    """Where a handoff stands: queued, with a rep, handed back to the bot, or closed."""

    WAITING = "waiting"
    ACTIVE = "active"
    RELEASED = "released"
    CLOSED = "closed"


OPEN_HANDOFF_STATUSES = (HandoffStatus.WAITING, HandoffStatus.ACTIVE)


class Outcome(enum.StrEnum):
    WON = "won"
    LOST = "lost"
    NURTURE = "nurture"
    NO_DECISION = "no_decision"


class FlagKind(enum.StrEnum):
    """What a rep says is wrong with a bot answer, for the content editors."""

    WRONG = "wrong"
    STALE = "stale"
    MISSING = "missing"


def _str_enum(enum_class: type[enum.StrEnum], length: int) -> Enum:
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
    )


class Rep(Base):
    """A named person a buyer can be handed to; logs in to the console."""

    __tablename__ = "reps"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120), default="")
    bio: Mapped[str] = mapped_column(String(300), default="")
    # A file name under settings.photos_dir, served at /static/reps/<photo>.
    photo: Mapped[str | None] = mapped_column(String(200))
    # Lower-case tags: products, competitors, industries, topics (pricing, security...).
    expertise: Mapped[list[Any]] = mapped_column(default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # {"days": [0..6] (Monday=0), "start": "09:00", "end": "17:30"} in the rep's time zone.
    working_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Set for seeded demo passwords and passwords shorter than the minimum: the console lets
    # the rep do nothing but choose a new one.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Signed into every session cookie; bumped on logout, password change and deactivation,
    # which ends every session (and console socket) issued before.
    session_version: Mapped[int] = mapped_column(default=0)
    # Leads may close, release or reassign any open handoff; other reps only their own.
    is_lead: Mapped[bool] = mapped_column(default=False)
    # Reps of one team share (and may edit) one set of canned replies.
    team: Mapped[str] = mapped_column(String(60), default="sales", server_default="sales")
    # Presence for routing, readable from any process: set while a console is open.
    last_seen_at: Mapped[datetime | None] = mapped_column()
    last_assigned_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Handoff(Base):
    """A conversation handed to a person: who, why, the summary, and how it ended."""

    __tablename__ = "handoffs"
    __table_args__ = (Index("ix_handoffs_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[HandoffStatus] = mapped_column(
        _str_enum(HandoffStatus, 16), default=HandoffStatus.WAITING
    )
    trigger: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("reps.id", ondelete="SET NULL"))
    # The routing decision: {"rep_id", "reasons": [...], "candidates": [...]}.
    routing: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Delivery status per channel: {"email": {"status", "detail", "at"}, "webhook": {...}}.
    notifications: Mapped[dict[str, Any]] = mapped_column(default=dict)
    buyer_email: Mapped[str | None] = mapped_column(String(254))
    outcome: Mapped[Outcome | None] = mapped_column(_str_enum(Outcome, 16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    rep: Mapped[Rep | None] = relationship()
    conversation: Mapped[Conversation] = relationship()


class AnswerFlag(Base):
    """A rep's note that a bot answer was wrong, stale or missing, tied to its source."""

    __tablename__ = "answer_flags"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[str] = mapped_column(String(64))
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("reps.id", ondelete="SET NULL"))
    kind: Mapped[FlagKind] = mapped_column(_str_enum(FlagKind, 16))
    note: Mapped[str] = mapped_column(Text, default="")
    # The knowledge file and section the answer came from (None when it cited nothing).
    source_path: Mapped[str | None] = mapped_column(String(500), index=True)
    source_heading: Mapped[str | None] = mapped_column(String(500))
    resolved: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rep: Mapped[Rep | None] = relationship()


# --- buyers' feedback on answers (issue 12) ------------------------------------------------------


class AnswerFeedback(Base):
    """A buyer's helpful / not-helpful on one bot answer; one per message (a second click
    changes it). Not-helpful answers are listed among the content gaps."""

    __tablename__ = "answer_feedback"
    __table_args__ = (
        Index("ux_answer_feedback_message", "message_id", unique=True),
        Index("ix_answer_feedback_conversation", "conversation_id"),
        Index("ix_answer_feedback_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE", name="fk_answer_feedback_message")
    )
    conversation_id: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    message: Mapped[Message] = relationship()


class GapResolution(Base):
    """An editor's note that a gap question is now answered by a page (after an edit), so the
    gap report can show whether the next buyers asking it get that page."""

    __tablename__ = "gap_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(Text)  # as shown to the editor (masked)
    page_path: Mapped[str] = mapped_column(String(500))
    heading: Mapped[str | None] = mapped_column(String(500))
    marked_by: Mapped[str] = mapped_column(String(254), default="")
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- the console as an inbox (issue 15) ----------------------------------------------------------


class CannedReply(Base):
    """A reply a team's reps reuse (pricing links, "let me check with the team"); any rep of
    the team may add, edit or remove one, so the wording stays the team's, not one person's."""

    __tablename__ = "canned_replies"
    __table_args__ = (Index("ux_canned_replies_team_title", "team", "title", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    team: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("reps.id", ondelete="SET NULL", name="fk_canned_replies_rep")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class HandoffNote(Base):
    """A rep's private note on a handoff: for reps only, never sent to the buyer, so it lives
    apart from the messages (everything in ``messages`` may reach the buyer's widget)."""

    __tablename__ = "handoff_notes"
    __table_args__ = (Index("ix_handoff_notes_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(
        ForeignKey("handoffs.id", ondelete="CASCADE", name="fk_handoff_notes_handoff")
    )
    conversation_id: Mapped[str] = mapped_column(String(64))
    rep_id: Mapped[int | None] = mapped_column(
        ForeignKey("reps.id", ondelete="SET NULL", name="fk_handoff_notes_rep")
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rep: Mapped[Rep | None] = relationship()


class ConversationRead(Base):
    """How far one rep has read one conversation: buyer messages after it are unread for them."""

    __tablename__ = "conversation_reads"

    rep_id: Mapped[int] = mapped_column(
        ForeignKey("reps.id", ondelete="CASCADE", name="fk_conversation_reads_rep"),
        primary_key=True,
    )
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE", name="fk_conversation_reads_conv"),
        primary_key=True,
    )
    last_message_id: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
