"""The ASGI app: FastAPI for pages and the API, python-socketio mounted at /socket.io/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import socketio
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from bot.chat import ChatService
from bot.config import Settings, get_settings
from bot.handoff.relay import Relay
from bot.query_prefetch import QueryPrefetcher, prefetch_url
from bot.rasa_client import RasaClient
from bot.web.console_socket import ConsoleSocket
from bot.web.realtime import SocketRealtime
from bot.web.routes import console, conversations, feedback, handoffs, reps
from bot.web.socket_channel import SocketChannel

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None) -> socketio.ASGIApp:
    settings = settings or get_settings()
    origins = settings.socket_cors_origins.strip()
    sio = socketio.AsyncServer(
        async_mode="asgi",
        cors_allowed_origins=None
        if not origins
        else origins
        if origins == "*"
        else origins.split(","),
    )
    realtime = SocketRealtime(sio)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s)
    prefetcher = (
        QueryPrefetcher(prefetch_url(settings.action_server_url), settings.query_prefetch_timeout_s)
        if settings.query_prefetch
        else None
    )
    chat = ChatService(settings, rasa, realtime, prefetcher)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await rasa.aclose()
        if prefetcher is not None:
            await prefetcher.aclose()

    api = FastAPI(title="Candor", lifespan=lifespan)
    api.state.settings = settings
    api.state.chat = chat
    api.state.sio = sio
    api.state.realtime = realtime
    api.state.relay = relay = Relay(settings, realtime)
    api.include_router(conversations.router)
    api.include_router(feedback.router)
    api.include_router(reps.router)
    api.include_router(handoffs.router)
    api.include_router(console.router)
    api.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @api.get("/", include_in_schema=False)
    def chat_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @api.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    SocketChannel(sio, settings, chat)
    ConsoleSocket(sio, settings, relay)
    return socketio.ASGIApp(sio, other_asgi_app=api)


def app() -> socketio.ASGIApp:
    """Factory for ``uvicorn --factory bot.web.app:app``."""
    return create_app()
