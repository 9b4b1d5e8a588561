"""How to start the Rasa server and the action server with our settings.

The Rasa server lives in its own Python 3.10 virtualenv and holds none of our code, so its
settings reach it as environment variables that ``endpoints.yml`` reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import PROJECT_ROOT, Settings


def tracker_store_url(database_url: str) -> str:
    """The same database for Rasa's tracker store, spelled for Rasa's SQLAlchemy 1.4 + psycopg2."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def rasa_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CANDOR_ACTION_SERVER_URL=settings.action_server_url,
        CANDOR_TRACKER_URL=tracker_store_url(settings.database_url),
        CANDOR_TRACKER_DIALECT=make_url(settings.database_url).get_backend_name(),
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
        # The HTTP API has no auth token here: keep it on the loopback interface.
        "--interface",
        settings.web_host,
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
    return {**os.environ, "SANIC_HOST": settings.web_host}


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
