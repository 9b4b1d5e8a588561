"""Request-scoped dependencies shared by the routers, as ``Annotated`` aliases.

An endpoint names what it needs by type (``settings: SettingsDep``, ``session: SessionDep``);
everything comes from what ``create_app`` put on ``app.state`` once, so no route builds its own
database, service or settings. The rep-session aliases (``CurrentRep``…) live in ``auth.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status
from sqlalchemy.orm import Session

from bot.chat import ChatService
from bot.config import Settings
from bot.db import Database
from bot.handoff.relay import Relay
from bot.models import Conversation
from bot.rate_limits import RateLimiter
from bot.store import conversations as store


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_chat(request: Request) -> ChatService:
    return request.app.state.chat


def get_relay(request: Request) -> Relay:
    return request.app.state.relay


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_db)]
ChatDep = Annotated[ChatService, Depends(get_chat)]
RelayDep = Annotated[Relay, Depends(get_relay)]


def get_session(db: DatabaseDep) -> Iterator[Session]:
    with db.session() as session:
        yield session


# The request's unit of work. Committed before the response goes out: with FastAPI's default
# ("request") scope the code after ``yield`` runs once the response is sent, so a client's very
# next request (the widget's first message right after opening a conversation) could miss what
# this one wrote.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def bearer_token(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def buyer_conversation(
    conversation_id: str,
    db: DatabaseDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Conversation:
    """The conversation named in the path, if the bearer token is its own.

    Its own short unit of work: the endpoint then awaits Rasa holding no connection.
    """
    token = bearer_token(authorization)
    if token is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing 'Authorization: Bearer <token>' header "
            "(the token from POST /api/conversations)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with db.session() as session:
        conversation = store.get_conversation(session, conversation_id=conversation_id)
        # An unknown id gets the wrong-token answer (same status, text and hashing work), so
        # the API never tells a stranger which conversation ids exist.
        if conversation is None or not store.token_matches(conversation, token):
            store.hash_token(token)
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, "this token does not open that conversation"
            )
        return conversation


def limit_conversation_creation(request: Request) -> None:
    """A client address may open only so many conversations a minute."""
    limiter: RateLimiter = request.app.state.rate_limiter
    address = request.client.host if request.client else "unknown"
    if not limiter.hit("open_conversation", address):
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "too many new conversations from this address; wait a minute and try again",
        )


# The conversation named in the path, opened by the caller's bearer token.
BuyerConversation = Annotated[Conversation, Depends(buyer_conversation)]
