"""Start the production topology on this machine: `bot serve cluster --web N --rasa N`.

N web processes, N Rasa servers and an action server, started by the launcher itself, on a
fresh PostgreSQL database and Redis under a prefix of their own. Used by the cluster tests and
the load bench.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.databases import postgres_database
from tests.support.ports import free_ports_in_a_row
from tests.support.stack import (
    BOT,
    MODEL,
    process,
    seed_index,
    stack_env,
    tail,
    wait_until_up,
)

# A Redis database of its own (the suite's other users keep to 0), and a prefix per run.
REDIS_URL = os.environ.get("CANDOR_TEST_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/13")
# Two Rasa servers loading the model at once: 60-90 s on an idle 2-core machine, over 7
# minutes when other suites share it.
STARTUP_S = 600
REPLY_S = 60.0


@dataclass
class Cluster:
    webs: list[str]
    rasas: list[str]
    action_url: str
    database_url: str
    redis_prefix: str
    logs: Path

    @property
    def web_a(self) -> str:
        return self.webs[0]

    @property
    def web_b(self) -> str:
        return self.webs[1]

    @property
    def rasa_1(self) -> str:
        return self.rasas[0]

    @property
    def rasa_2(self) -> str:
        return self.rasas[1]


@contextmanager
def running_cluster(
    workdir: Path,
    *,
    web: int = 2,
    rasa: int = 2,
    redis_url: str = REDIS_URL,
    database_url: str | None = None,
    base_env: Mapping[str, str] | None = None,
) -> Iterator[Cluster]:
    """A fresh PostgreSQL database, a unique CANDOR_REDIS_PREFIX, `bot kb build` and
    `bot serve cluster`; yields once every member answers its health URL, stops them all after.

    ``database_url``: a fresh, migrated database made by the caller (the background start in
    tests/support/prestart.py migrates it in the main thread); default: one made here, dropped
    after. ``base_env``: the environment to start from (default: this process's, read now)."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make train` first")
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    web_port, rasa_port, action_port = (free_ports_in_a_row(n) for n in (web, rasa, 1))
    prefix = f"t{uuid.uuid4().hex[:10]}"
    with ExitStack() as stack:
        if database_url is None:
            database_url = stack.enter_context(postgres_database())
        env = stack_env(
            database_url, workdir, base_env, web=web_port, rasa=rasa_port, actions=action_port
        )
        env.update(
            CANDOR_REDIS_URL=redis_url,
            CANDOR_REDIS_PREFIX=prefix,
            CANDOR_RASA_TIMEOUT_S=str(REPLY_S),  # the first turns of a cold Rasa, 2 cores
        )
        # The index builds while the servers load (the action server opens it on first use).
        seed_index(env)  # from an index this session built already, if any
        build = stack.enter_context(process("kb-build", [BOT, "kb", "build"], env, logs))
        command = [BOT, "serve", "cluster", "--web", str(web), "--rasa", str(rasa)]
        launched = stack.enter_context(process("cluster", command, env, logs))
        webs = [f"http://127.0.0.1:{web_port + i}" for i in range(web)]
        rasas = [f"http://127.0.0.1:{rasa_port + i}" for i in range(rasa)]
        action_url = f"http://127.0.0.1:{action_port}"
        urls = {
            **{f"web-{i + 1}": f"{url}/healthz" for i, url in enumerate(webs)},
            "actions-1": f"{action_url}/health",
            **{f"rasa-{i + 1}": f"{url}/status" for i, url in enumerate(rasas)},
        }
        deadline = time.monotonic() + STARTUP_S
        for name, url in urls.items():
            wait_until_up("cluster", url, launched, logs, max(1.0, deadline - time.monotonic()))
            # The launcher's log interleaves every member's output under its name.
            if f"{name} started" not in (logs / "cluster.log").read_text():
                raise RuntimeError(f"the launcher never said '{name} started'")
        if build.wait(timeout=max(1.0, deadline - time.monotonic())) != 0:
            raise RuntimeError(f"bot kb build failed:\n{tail(logs / 'kb-build.log')}")
        yield Cluster(webs, rasas, action_url, database_url, prefix, logs)
