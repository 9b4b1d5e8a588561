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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id", cascade="all, delete-orphan"
    )


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_id_id", "conversation_id", "id"),)

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

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
