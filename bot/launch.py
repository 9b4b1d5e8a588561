"""How to start the Rasa server and the action server with our settings.

The Rasa server lives in its own Python 3.10 virtualenv and holds none of our code, so its
settings reach it as environment variables that ``endpoints.yml`` reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy.engine import make_url

from bot.config import PROJECT_ROOT, Settings


def tracker_store_url(database_url: str) -> str:
    """The same database for Rasa's tracker store, spelled for Rasa's SQLAlchemy 1.4 + psycopg2."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def lock_store_env(settings: Settings) -> dict[str, str]:
    """The ``lock_store:`` block of endpoints.yml: Redis in the shared mode, else in memory.

    Rasa takes one ticket lock per conversation around every message it handles; in memory
    that lock only orders messages inside one Rasa server, so several servers must share it.
    Rasa fails on an undefined ``${VAR}`` in endpoints.yml, so every variable is always set
    (an ``in_memory`` lock store ignores all but the type). Rasa hands each value over as a
    string, so "off" is the empty string: ``use_ssl: "false"`` would switch TLS on.
    """
    if not settings.redis_url:
        return {
            "CANDOR_LOCK_STORE_TYPE": "in_memory",
            "CANDOR_LOCK_STORE_HOST": "",
            "CANDOR_LOCK_STORE_PORT": "6379",
            "CANDOR_LOCK_STORE_DB": "0",
            "CANDOR_LOCK_STORE_USERNAME": "",
            "CANDOR_LOCK_STORE_PASSWORD": "",
            "CANDOR_LOCK_STORE_SSL": "",
            "CANDOR_LOCK_STORE_KEY_PREFIX": "",
        }
    url = urlsplit(settings.redis_url)
    if url.scheme not in ("redis", "rediss") or not url.hostname:
        # Rasa's RedisLockStore takes a host and port, not a unix socket or another scheme.
        raise ValueError(
            f"CANDOR_REDIS_URL must look like redis://[user:password@]host[:port][/db] "
            f"(or rediss:// for TLS) for Rasa's lock store, not {url.scheme}://…"
        )
    db = url.path.strip("/") or parse_qs(url.query).get("db", ["0"])[0]
    return {
        "CANDOR_LOCK_STORE_TYPE": "redis",
        "CANDOR_LOCK_STORE_HOST": url.hostname,
        "CANDOR_LOCK_STORE_PORT": str(url.port or 6379),
        "CANDOR_LOCK_STORE_DB": str(int(db)),
        "CANDOR_LOCK_STORE_USERNAME": unquote(url.username or ""),
        "CANDOR_LOCK_STORE_PASSWORD": unquote(url.password or ""),
        "CANDOR_LOCK_STORE_SSL": "true" if url.scheme == "rediss" else "",
        "CANDOR_LOCK_STORE_KEY_PREFIX": settings.redis_prefix,
    }


def rasa_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CANDOR_ACTION_SERVER_URL=settings.action_server_url,
        CANDOR_TRACKER_URL=tracker_store_url(settings.database_url),
        CANDOR_TRACKER_DIALECT=make_url(settings.database_url).get_backend_name(),
        **lock_store_env(settings),
        # Rasa's own telemetry would try to reach the internet.
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    return env


def latest_model(settings: Settings) -> Path:
    models = sorted(settings.rasa_model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise FileNotFoundError(f"no trained model in {settings.rasa_model_dir}: run `make train`")
    return models[-1]


def rasa_command(settings: Settings, port: int | None = None) -> list[str]:
    return [
        str(settings.rasa_venv / "bin" / "rasa"),
        "run",
        "--enable-api",
        # The HTTP API has no auth token here: keep it off the public interface.
        "--interface",
        settings.service_host,
        "--port",
        str(port or settings.rasa_port),
        "--model",
        str(latest_model(settings)),
        "--endpoints",
        str(PROJECT_ROOT / "endpoints.yml"),
        "--credentials",
        str(PROJECT_ROOT / "credentials.yml"),
    ]


def actions_env(settings: Settings) -> dict[str, str]:
    # rasa-sdk binds 0.0.0.0 unless told otherwise; only the local Rasa server calls it.
    return {**os.environ, "SANIC_HOST": settings.service_host}


def actions_command(settings: Settings, port: int | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "rasa_sdk",
        "--actions",
        "actions",
        "--port",
        str(port or settings.action_port),
    ]
