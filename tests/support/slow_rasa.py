"""A Rasa REST channel stand-in that takes its time: the gateway's boundary, not its logic.

It answers ``POST /webhooks/rest/webhook`` after ``delay_s`` with one text that echoes the
message, and records every call, so tests can count what reached "Rasa" and what was stored.
Only the gateway is under test with it; the real Rasa runs in tests/e2e.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.stack import free_port


@dataclass
class SlowRasa:
    url: str
    delay_s: float
    calls: Counter = field(default_factory=Counter)  # (sender, message) -> times received
    reply_with: list[dict[str, Any]] | None = None  # None: echo the message
    lock: threading.Lock = field(default_factory=threading.Lock)

    @staticmethod
    def echo(message: str) -> str:
        return f"echo: {message}"


@contextmanager
def slow_rasa(delay_s: float) -> Iterator[SlowRasa]:
    port = free_port()
    rasa = SlowRasa(url=f"http://127.0.0.1:{port}", delay_s=delay_s)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            with rasa.lock:
                rasa.calls[(body["sender"], body["message"])] += 1
            time.sleep(rasa.delay_s)
            items = rasa.reply_with
            if items is None:
                items = [{"recipient_id": body["sender"], "text": SlowRasa.echo(body["message"])}]
            data = json.dumps(items).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rasa
    finally:
        server.shutdown()
        server.server_close()
