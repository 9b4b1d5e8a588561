"""A real HTTP server on a free port that records the JSON POSTed to it (webhook targets)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.stack import free_port


@dataclass
class Receiver:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    status: int = 200


@contextmanager
def receiving(path: str) -> Iterator[Receiver]:
    """Serve until the block ends; ``receiver.url`` is ``http://127.0.0.1:<port><path>``."""
    port = free_port()
    receiver = Receiver(url=f"http://127.0.0.1:{port}{path}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": body,
                    "json": json.loads(body),
                }
            )
            self.send_response(receiver.status)
            self.end_headers()
            receiver.arrived.set()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
