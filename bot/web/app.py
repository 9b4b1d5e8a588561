"""The ASGI app: FastAPI for pages and the API, python-socketio mounted at /socket.io/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import socketio
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot import session_secret
from bot.chat import ChatService
from bot.config import Settings, get_settings
from bot.db import database
from bot.handoff.relay import Relay
from bot.query_prefetch import QueryPrefetcher, prefetch_url
from bot.rasa_client import RasaClient
from bot.rate_limits import rate_limiter_for
from bot.shared_locks import RedisTurnLocks
from bot.web import auth
from bot.web.body_limit import BodySizeLimit
from bot.web.console_socket import ConsoleSocket
from bot.web.origins import BuyerApiCors, socket_origin_check
from bot.web.realtime import SocketRealtime
from bot.web.routes import (
    canned_replies,
    console,
    conversations,
    editors,
    feedback,
    handoffs,
    reps,
)
from bot.web.security_headers import SecurityHeaders
from bot.web.socket_channel import SocketChannel
from bot.web.throttle import LoginGuard

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None) -> socketio.ASGIApp:
    """The whole gateway. Refuses (InsecureSecret) to build on a weak session secret."""
    settings = settings or get_settings()
    settings = settings.model_copy(update={"session_secret": session_secret.require(settings)})
    sio = socketio.AsyncServer(
        async_mode="asgi",
        # Shared mode: a rep's message on one web process reaches a buyer on another.
        client_manager=socketio.AsyncRedisManager(
            settings.redis_url, channel=f"{settings.redis_prefix}-socketio"
        )
        if settings.redis_url
        else None,
        max_http_buffer_size=settings.max_request_bytes,
        # Our own origin always, plus the embedding sites (bot/web/origins.py).
        cors_allowed_origins=socket_origin_check(settings),
    )
    # The one database object of this process: everything below is handed it.
    db = database(settings.database_url)
    realtime = SocketRealtime(sio, db)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s)
    prefetcher = (
        QueryPrefetcher(prefetch_url(settings.action_server_url), settings.query_prefetch_timeout_s)
        if settings.query_prefetch
        else None
    )
    # Shared mode: a conversation's turns are ordered across web processes too.
    turn_locks = RedisTurnLocks(settings) if settings.redis_url else None
    chat = ChatService(settings, db, rasa, realtime, prefetcher, turn_locks)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        console_socket.stop()
        await socket_channel.seen.aclose()
        await rasa.aclose()
        if prefetcher is not None:
            await prefetcher.aclose()
        if turn_locks is not None:
            await turn_locks.aclose()

    auth.dummy_hash()  # before the first login, so an unknown email costs what a known one does
    docs = settings.dev_mode  # the API's shape is nobody else's business in production
    api = FastAPI(
        title="Candor",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    api.state.settings = settings
    api.state.db = db
    api.state.chat = chat
    api.state.sio = sio
    api.state.realtime = realtime
    api.state.relay = relay = Relay(settings, db, realtime)
    api.state.rate_limiter = rate_limiter_for(settings)
    api.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    api.state.login_guard = LoginGuard(
        per_account=settings.login_failures_per_account,
        per_address=settings.login_failures_per_address,
        window_s=settings.login_failure_window_s,
        concurrent_hashes=settings.login_concurrent_hashes,
        hash_wait_s=settings.login_hash_wait_s,
    )
    api.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    # Sites embedding the widget may call the buyer API (bearer token, no cookies).
    api.add_middleware(BuyerApiCors, settings=settings)
    # Outermost: the client address and scheme (https for Secure cookies) as a trusted proxy
    # saw them; from anyone else X-Forwarded-* is ignored.
    api.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    api.include_router(conversations.router)
    api.include_router(feedback.router)
    api.include_router(reps.router)
    api.include_router(handoffs.router)
    api.include_router(canned_replies.router)
    api.include_router(console.router)
    api.include_router(editors.router)
    api.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @api.get("/", include_in_schema=False)
    def chat_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @api.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    socket_channel = SocketChannel(settings, db, chat)
    sio.register_namespace(socket_channel)
    api.state.console_socket = console_socket = ConsoleSocket(settings, db, relay)
    sio.register_namespace(console_socket)
    return socketio.ASGIApp(sio, other_asgi_app=api)


def app() -> socketio.ASGIApp:
    """Factory for ``uvicorn --factory bot.web.app:app``."""
    return create_app()
