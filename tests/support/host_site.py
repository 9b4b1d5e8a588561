"""Somebody else's website for the embedding tests: a static folder on its own port (another
port is another origin), and the real stack with that origin in the allow-list."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.databases import sqlite_database
from tests.support.ports import free_port
from tests.support.stack import Stack, running_stack


@dataclass
class HostSite:
    url: str
    root: Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass


@contextmanager
def serving(root: Path) -> Iterator[HostSite]:
    """Serve ``root`` on a free port until the block ends."""
    port = free_port()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HostSite(f"http://127.0.0.1:{port}", root)
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def stack_allowing(
    origin: str, workdir: Path, base_env: Mapping[str, str] | None = None
) -> Iterator[Stack]:
    """The real stack (SQLite) with ``origin`` allowed to open the buyer channel (set in the
    stack's own environment only: this process's stays as it is)."""
    with running_stack(
        sqlite_database(str(workdir / "candor.db")),
        workdir,
        base_env=base_env,
        extra_env={"CANDOR_SOCKET_CORS_ORIGINS": origin},
    ) as running:
        yield running
