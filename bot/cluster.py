"""Several web processes and Rasa servers side by side on one machine: ``bot serve cluster``.

Production spreads the same processes over machines behind a load balancer (README,
"Production topology"); this launcher starts them here so the shared mode can be run and
tested. Web process *i* talks to Rasa server *i mod R*, Rasa server *j* to action server
*j mod A*, and each web process sends its query prefetch hints to the action server its Rasa
server uses (that is where the prefetched vector is needed). A conversation whose messages
arrive through different web processes therefore reaches different Rasa servers; Rasa's lock
store in Redis makes them handle its messages one at a time, in order, and the tracker store
in PostgreSQL gives every server the same conversation.

Ports are the configured ones plus an offset: web 8000, 8001, …; Rasa 5005, 5006, …; actions
5055, 5056, ….  Honcho runs the processes (as for the Procfile): their output is interleaved
with a name prefix and when one stops, all stop.
"""

from __future__ import annotations

import datetime
import os
import shlex
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import httpx
from sqlalchemy.engine import make_url

from bot.config import PROJECT_ROOT, Settings


class ClusterRefused(ValueError):
    """This cluster cannot run safely (or at all) with these settings; the message says why."""


@dataclass(frozen=True)
class Member:
    """One process of the cluster."""

    name: str  # "web-1", "rasa-2", "actions-1"
    kind: str  # the `bot serve` command: web, rasa or actions
    url: str  # where it listens
    health_url: str  # answers 200 once it is ready
    calls: str | None  # the member it sends its work to
    env: dict[str, str] = field(default_factory=dict)  # CANDOR_* settings for this process


def refusal(settings: Settings, *, web: int, rasa: int, actions: int) -> str | None:
    """Why this many processes must not run with these settings, or None."""
    if min(web, rasa, actions) < 1:
        return "a cluster needs at least one web process, one Rasa server and one action server"
    if rasa > web:
        return (
            f"{rasa} Rasa servers for {web} web process{'es' if web > 1 else ''}: each web "
            f"process talks to one Rasa server, so {rasa - web} would never be used; start at "
            "most as many Rasa servers as web processes"
        )
    if web == 1 and rasa == 1:
        return None  # the make run topology: nothing is shared, nothing more is needed
    many = f"{web} web processes and {rasa} Rasa servers"
    if not settings.redis_url:
        return (
            f"refusing to start {many}: CANDOR_REDIS_URL is empty. Several processes must "
            "share Rasa's lock store (else two Rasa servers may answer one conversation's "
            "messages at once and out of order), the socket.io manager (else a rep on one "
            "web process never reaches a buyer on another) and the rate limits. Set "
            "CANDOR_REDIS_URL=redis://host:6379/0, or run --web 1 --rasa 1"
        )
    if make_url(settings.database_url).get_backend_name() == "sqlite":
        return (
            f"refusing to start {many}: the database is SQLite "
            f"({settings.database_url}), one file that every process would write at once "
            "(Candor's transcripts and Rasa's trackers): every write waits for its one lock, "
            "so writers time out under load, and it cannot be shared between machines. Set "
            "CANDOR_DATABASE_URL=postgresql://user:password@host:5432/candor, or run "
            "--web 1 --rasa 1"
        )
    return None


def plan(settings: Settings, *, web: int, rasa: int, actions: int) -> list[Member]:
    """The processes to start and how they reach each other; raises ClusterRefused."""
    problem = refusal(settings, web=web, rasa=rasa, actions=actions)
    if problem:
        raise ClusterRefused(problem)
    host = settings.service_host
    action_servers = [
        Member(
            name=f"actions-{k + 1}",
            kind="actions",
            url=f"http://{host}:{settings.action_port + k}",
            health_url=f"http://{host}:{settings.action_port + k}/health",
            calls=None,
            env={"CANDOR_ACTION_PORT": str(settings.action_port + k)},
        )
        for k in range(actions)
    ]
    rasa_servers = []
    for j in range(rasa):
        uses = action_servers[j % actions]
        port = settings.rasa_port + j
        rasa_servers.append(
            Member(
                name=f"rasa-{j + 1}",
                kind="rasa",
                url=f"http://{host}:{port}",
                # /status answers once the model is loaded, not merely when Sanic listens.
                health_url=f"http://{host}:{port}/status",
                calls=uses.name,
                env={
                    "CANDOR_RASA_PORT": str(port),
                    "CANDOR_ACTION_SERVER_URL": f"{uses.url}/webhook",
                },
            )
        )
    web_processes = []
    for i in range(web):
        talks_to = rasa_servers[i % rasa]
        port = settings.web_port + i
        # 0.0.0.0 listens everywhere; this machine reaches it on loopback.
        web_host = "127.0.0.1" if settings.web_host in ("0.0.0.0", "::") else settings.web_host
        web_processes.append(
            Member(
                name=f"web-{i + 1}",
                kind="web",
                url=f"http://{web_host}:{port}",
                health_url=f"http://{web_host}:{port}/healthz",
                calls=talks_to.name,
                env={
                    "CANDOR_WEB_PORT": str(port),
                    "CANDOR_RASA_URL": talks_to.url,
                    "CANDOR_ACTION_SERVER_URL": talks_to.env["CANDOR_ACTION_SERVER_URL"],
                },
            )
        )
    members = [*web_processes, *rasa_servers, *action_servers]
    ports = [int(m.url.rsplit(":", 1)[1]) for m in members]
    if len(set(ports)) != len(ports):
        raise ClusterRefused(
            "the port ranges overlap: web from CANDOR_WEB_PORT, Rasa from CANDOR_RASA_PORT and "
            f"actions from CANDOR_ACTION_PORT would share ports ({sorted(ports)})"
        )
    return members


def ports_in_use(settings: Settings, members: list[Member]) -> list[str]:
    """Members whose port something else already listens on (they would fail to start)."""
    taken = []
    for member in members:
        port = int(member.url.rsplit(":", 1)[1])
        host = settings.web_host if member.kind == "web" else settings.service_host
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                taken.append(f"{member.name} (port {port})")
    return taken


def redis_problem(settings: Settings) -> str | None:
    """Why the configured Redis cannot be used, or None (no Redis configured is fine here)."""
    if not settings.redis_url:
        return None
    import redis

    try:
        redis.Redis.from_url(settings.redis_url, socket_timeout=3).ping()
    except (redis.RedisError, ValueError) as error:
        return f"Redis at {redacted(settings.redis_url)} does not answer: {error}"
    return None


def redacted(url: str) -> str:
    """A URL fit to print: the password replaced by ***."""
    return make_url(url).render_as_string(hide_password=True)


def describe(settings: Settings, members: list[Member]) -> str:
    """What an operator needs to know: every process, its URL and whom it calls."""
    counts = {kind: sum(m.kind == kind for m in members) for kind in ("web", "rasa", "actions")}
    lines = [
        f"Candor cluster: {counts['web']} web, {counts['rasa']} Rasa, "
        f"{counts['actions']} action server(s)",
        f"  database  {redacted(settings.database_url)}",
        f"  redis     {redacted(settings.redis_url) if settings.redis_url else '(none)'}",
    ]
    for member in members:
        calls = f"  -> {member.calls}" if member.calls else ""
        lines.append(f"  {member.name:<10} {member.url}{calls}")
    webs = [m for m in members if m.kind == "web"]
    lines.append(f"Chat page: {webs[0].url}/   Rep console: {webs[0].url}/console")
    if len(webs) > 1:
        lines.append(
            "Put a load balancer in front of the web processes: sticky sessions (socket.io's "
            "polling transport), or websocket-only clients."
        )
    return "\n".join(lines)


def bot_command(kind: str) -> str:
    """The shell command honcho runs for one member: ``bot serve <kind>`` from this venv."""
    beside = os.path.join(os.path.dirname(sys.executable), "bot")
    executable = beside if os.path.exists(beside) else shutil.which("bot") or "bot"
    return shlex.join([executable, "serve", kind])


def run(members: list[Member], output: TextIO = sys.stdout) -> int:
    """Start every member under honcho and block until they stop; returns the exit code.

    SIGINT or SIGTERM stops all of them; so does any one of them exiting.
    """
    from honcho.manager import Manager
    from honcho.printer import Message, Printer

    manager = Manager(Printer(output))
    for member in members:
        manager.add_process(
            member.name,
            bot_command(member.kind),
            env={**os.environ, **member.env},
            cwd=str(PROJECT_ROOT),
        )

    def say(text: str) -> None:
        line = Message("line", text + "\n", datetime.datetime.now(), "system", None)
        manager.events.put(line)

    threading.Thread(target=_announce_ready, args=(members, say), daemon=True).start()
    manager.loop()
    return manager.returncode or 0


def _announce_ready(members: list[Member], say: Callable[[str], None]) -> None:
    """Say once when every member answers its health check (Rasa takes a minute or more)."""
    started = time.monotonic()
    waiting = list(members)
    with httpx.Client(timeout=2) as client:
        while waiting:
            for member in list(waiting):
                try:
                    if client.get(member.health_url).status_code == 200:
                        waiting.remove(member)
                except httpx.HTTPError:
                    pass
            time.sleep(1)
    say(f"all {len(members)} processes are up after {time.monotonic() - started:.0f} s")
