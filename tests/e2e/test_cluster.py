"""The production topology on this machine: `bot serve cluster --web 2 --rasa 2`.

Two web processes, two Rasa servers and an action server, started by the launcher itself, on
PostgreSQL and Redis. A buyer on web A and a rep on web B talk live both ways; one
conversation's messages sent alternately through both web processes (so through both Rasa
servers) are each stored once and in order, in Candor's transcript and in Rasa's tracker, and
Rasa takes its per-conversation lock in Redis under our prefix. Without Redis or on SQLite the
launcher refuses to start more than one of each, and says why.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import socketio

from bot.chat import TROUBLE_TEXT
from bot.config import PROJECT_ROOT, Settings
from bot.launch import rasa_env
from bot.web.auth import CSRF_HEADER, SESSION_COOKIE
from tests.handoff.factories import ALWAYS, PASSWORD, add_rep
from tests.support.cluster import REDIS_URL, REPLY_S, Cluster, running_cluster
from tests.support.prestart import taken
from tests.support.sockets import say_goodbye
from tests.support.stack import BOT

REP_EMAIL = "cluster.rep@tessellate.example"


def launcher(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BOT, "serve", "cluster", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_several_processes_without_redis_or_on_sqlite(tmp_path: Path) -> None:
    env = {**os.environ, "CANDOR_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    env.pop("CANDOR_REDIS_URL", None)
    without_redis = launcher("--web", "2", "--rasa", "2", env=env)
    assert without_redis.returncode == 2
    assert "CANDOR_REDIS_URL is empty" in without_redis.stderr
    assert "lock store" in without_redis.stderr and "socket.io" in without_redis.stderr

    on_sqlite = launcher("--web", "2", "--rasa", "1", env={**env, "CANDOR_REDIS_URL": REDIS_URL})
    assert on_sqlite.returncode == 2
    assert "the database is SQLite" in on_sqlite.stderr and "postgresql://" in on_sqlite.stderr
    assert "started" not in on_sqlite.stdout  # nothing was launched


@pytest.mark.skipif(not (PROJECT_ROOT / ".venv-rasa").exists(), reason="needs .venv-rasa")
@pytest.mark.parametrize("redis_url", ["", REDIS_URL])
def test_rasa_reads_its_lock_store_from_our_settings(redis_url: str) -> None:
    """What Rasa itself builds from endpoints.yml and the environment `bot serve rasa` sets."""
    settings = Settings(redis_url=redis_url, redis_prefix="clustertest")
    probe = (
        "from rasa.utils.endpoints import read_endpoint_config\n"
        "from rasa.core.lock_store import LockStore\n"
        "store = LockStore.create(read_endpoint_config('endpoints.yml', 'lock_store'))\n"
        "kwargs = store.red.connection_pool.connection_kwargs if hasattr(store, 'red') else {}\n"
        "print(type(store).__name__, getattr(store, 'key_prefix', ''), kwargs.get('db', ''))\n"
    )
    python = str(settings.rasa_venv / "bin" / "python")
    done = subprocess.run(
        [python, "-c", probe],
        env=rasa_env(settings),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    printed = done.stdout.split()
    if redis_url:
        assert printed == ["RedisLockStore", "clustertest:lock:", "13"]
    else:
        assert printed == ["InMemoryLockStore"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Started in the background when the run was planned (tests/support/prestart.py)."""
    with taken("cluster") as started:
        if started is not None:
            yield started
            return
    with running_cluster(tmp_path_factory.mktemp("cluster"), redis_url=REDIS_URL) as launched:
        yield launched


class Recorder:
    """Collects socket.io events and waits for the one a test expects."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.changed = threading.Condition()

    def listen(self, client: socketio.Client, names: list[str], namespace: str = "/") -> None:
        for name in names:
            client.on(name, self._recorder(name), namespace=namespace)

    def _recorder(self, name: str):
        def record(data: Any = None) -> None:
            with self.changed:
                self.events.append((name, data))
                self.changed.notify_all()

        return record

    def wait_for(self, name: str, match=lambda data: True, timeout: float = 15) -> Any:
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for event, data in self.events:
                    if event == name and match(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {name!r} event; got {[e for e, _ in self.events]}")
                self.changed.wait(left)


def open_conversation(web: str) -> tuple[str, dict[str, str], str]:
    opened = httpx.post(f"{web}/api/conversations", json={}, timeout=10)
    assert opened.status_code == 201, opened.text
    body = opened.json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}, body["token"]


def send(web: str, conversation_id: str, bearer: dict[str, str], text: str, client_id: str):
    return httpx.post(
        f"{web}/api/conversations/{conversation_id}/messages",
        json={"text": text, "client_message_id": client_id},
        headers=bearer,
        timeout=REPLY_S + 15,
    )


@pytest.mark.stack
@pytest.mark.postgres
def test_buyer_on_web_a_and_rep_on_web_b_talk_live(cluster: Cluster) -> None:
    add_rep(cluster.database_url, REP_EMAIL, name="Robin Ellis", hours=ALWAYS)
    rep_http = httpx.Client(base_url=cluster.web_b, timeout=REPLY_S)
    login = rep_http.post("/api/reps/login", json={"email": REP_EMAIL, "password": PASSWORD})
    assert login.status_code == 200, login.text
    csrf = {CSRF_HEADER: login.json()["csrf_token"]}
    console, console_events = socketio.Client(), Recorder()
    console_events.listen(
        console, ["handoff", "handoff_updated", "buyer_message"], namespace="/console"
    )
    console.connect(
        cluster.web_b,
        namespaces=["/console"],
        headers={"Cookie": f"{SESSION_COOKIE}={rep_http.cookies[SESSION_COOKIE]}"},
        wait_timeout=10,
    )

    conversation_id, bearer, token = open_conversation(cluster.web_a)
    buyer, buyer_events = socketio.Client(), Recorder()
    buyer_events.listen(buyer, ["message", "mode"])
    buyer.connect(
        cluster.web_a, auth={"conversation_id": conversation_id, "token": token}, wait_timeout=10
    )
    try:
        # Through web A and its Rasa server the bot hands over to the rep, who is online
        # because their console is open on web B; web B's console hears of it at once.
        asked = send(cluster.web_a, conversation_id, bearer, "Can I talk to a real person?", "p1")
        assert asked.status_code == 200, asked.text
        assert "Robin Ellis" in " ".join(m["text"] for m in asked.json()["messages"])
        handoff = console_events.wait_for(
            "handoff", lambda d: d["conversation_id"] == conversation_id
        )["handoff"]

        # The rep claims and replies on web B; the buyer's socket on web A sees both.
        claimed = rep_http.post(f"/api/handoffs/{handoff['id']}/claim", headers=csrf)
        assert claimed.status_code == 200, claimed.text
        assert buyer_events.wait_for("mode", lambda d: d["mode"] == "with_rep")
        rep_http.post(
            f"/api/handoffs/{handoff['id']}/messages",
            json={"text": "Hi, Robin here from web B."},
            headers=csrf,
        ).raise_for_status()
        reply = buyer_events.wait_for("message", lambda m: m["sender"] == "rep")
        assert reply["text"] == "Hi, Robin here from web B."
        assert reply["rep"]["name"] == "Robin Ellis"

        # The buyer answers on web A; the rep's console on web B gets it live.
        answered = send(cluster.web_a, conversation_id, bearer, "Thanks Robin, from web A.", "p2")
        assert answered.status_code == 200 and answered.json()["messages"] == []  # bot silent
        pushed = console_events.wait_for(
            "buyer_message", lambda d: d["conversation_id"] == conversation_id
        )
        assert pushed["message"]["text"] == "Thanks Robin, from web A."
    finally:
        say_goodbye(buyer)
        say_goodbye(console)


class LockWatcher:
    """Polls Redis for Rasa's lock on one conversation while turns run."""

    def __init__(self, url: str, key: str) -> None:
        self.client = redis.Redis.from_url(url)
        self.key = key
        self.seen = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self.stopped.is_set():
            self.seen += bool(self.client.exists(self.key))
            time.sleep(0.01)

    def __enter__(self) -> LockWatcher:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopped.set()
        self.thread.join()
        self.client.close()


@pytest.mark.stack
@pytest.mark.postgres
def test_messages_alternating_between_web_processes_are_stored_once_in_order(
    cluster: Cluster,
) -> None:
    conversation_id, bearer, _ = open_conversation(cluster.web_a)
    texts = [
        "Hi, we are looking at tools for our team",
        "Does Tessellate support single sign-on?",
        "How much does it cost?",
        "Is there a free plan?",
        "How does it compare with Northwind?",
        "Thanks, that helps",
    ]
    webs = [cluster.web_a, cluster.web_b]  # web A talks to rasa-1, web B to rasa-2
    lock_key = f"{cluster.redis_prefix}:lock:{conversation_id}"
    with LockWatcher(REDIS_URL, lock_key) as lock:
        for n, text in enumerate(texts):
            sent = send(webs[n % 2], conversation_id, bearer, text, f"m{n}")
            assert sent.status_code == 200, sent.text
            replies = sent.json()["messages"]
            assert replies and all(r["text"] != TROUBLE_TEXT for r in replies), replies
    # Rasa took each turn's lock in Redis, under this deployment's prefix.
    assert lock.seen > 0

    # A retry of the third message through the other web process is the stored turn again.
    retried = send(cluster.web_a, conversation_id, bearer, texts[2], "m2")
    assert retried.status_code == 200 and retried.json()["repeated"] is True

    transcript = httpx.get(
        f"{cluster.web_b}/api/conversations/{conversation_id}/messages", headers=bearer
    ).json()["messages"]
    buyer_texts = [m["text"] for m in transcript if m["sender"] == "buyer"]
    assert buyer_texts == texts  # each once, in the order sent
    senders = [m["sender"] for m in transcript]
    for n in range(len(texts)):  # every buyer message is followed by its own replies
        start = [i for i, s in enumerate(senders) if s == "buyer"][n]
        assert senders[start + 1] == "bot"

    # Both Rasa servers see one tracker with every message once, in order.
    for rasa in (cluster.rasa_1, cluster.rasa_2):
        tracker = httpx.get(f"{rasa}/conversations/{conversation_id}/tracker", timeout=30)
        user_texts = [e["text"] for e in tracker.json()["events"] if e["event"] == "user"]
        assert user_texts == texts
