"""The web app alone, for console tests that need no bot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.config import Settings
from tests.support.databases import sqlite_database
from tests.support.stack import free_port


def console_without_rasa(workdir: Path) -> Iterator[tuple[str, Settings]]:
    """The web app alone on a real SQLite database, Rasa down (nothing in a console-only test
    needs the bot): its URL and settings, for a module fixture to yield from."""
    from tests.web.test_abuse_sockets import serving

    settings = Settings(
        database_url=sqlite_database(str(workdir / "candor.db")),
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_timeout_s=3,
        index_dir=workdir / "index",
    )
    with serving(settings) as url:
        yield url, settings
