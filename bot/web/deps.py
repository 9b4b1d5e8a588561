"""Request-scoped helpers shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, Header, HTTPException, Request, status
from sqlalchemy.orm import Session

from bot.chat import ChatService
from bot.config import Settings
from bot.db import session_scope
from bot.models import Conversation
from bot.rate_limits import RateLimiter
from bot.store import conversations as store


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_chat(request: Request) -> ChatService:
    return request.app.state.chat


def get_session(settings: Settings = Depends(get_settings_dep)) -> Iterator[Session]:
    with session_scope(settings.database_url) as session:
        yield session


# Commit before the response goes out: with FastAPI's default ("request") scope the code after
# ``yield`` runs once the response is sent, so a client's very next request (the widget's first
# message right after opening a conversation) could miss what this one wrote.
SessionDep = Depends(get_session, scope="function")


def bearer_token(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def buyer_conversation(
    conversation_id: str,
    authorization: str | None = Header(default=None),
    settings: Settings = Depends(get_settings_dep),
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
    with session_scope(settings.database_url) as session:
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
