"""Start the real stack for end-to-end tests: Rasa server, action server and web app.

Each runs as its own process on a free port, exactly as the Procfile starts them, against a
throwaway database and index; logs go to files that are printed when a process fails.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.config import PROJECT_ROOT
from tests.support.ports import free_port

BOT = str(PROJECT_ROOT / ".venv" / "bin" / "bot")
MODEL = PROJECT_ROOT / "models" / "candor.tar.gz"
# Rasa loads TensorFlow and the model: about 60-90 s on an idle 2-core machine, several minutes
# on a busy one. Only a ceiling for a process that never comes up, not a speed requirement.
RASA_START_TIMEOUT_S = 600


@dataclass
class Stack:
    web_url: str
    rasa_url: str
    action_url: str
    database_url: str
    env: dict[str, str]
    logs: Path


def stack_env(
    database_url: str,
    workdir: Path,
    base: Mapping[str, str] | None = None,
    extra: Mapping[str, str] | None = None,
    **ports: int,
) -> dict[str, str]:
    """The stack's environment: ``base`` (default: this process's environment) with the stack's
    own settings, then ``extra`` (settings a test wants, such as a CORS allow-list)."""
    env = dict(os.environ if base is None else base)
    env.update(
        CANDOR_DATABASE_URL=database_url,
        CANDOR_INDEX_DIR=str(workdir / "index"),
        CANDOR_KNOWLEDGE_DIR=str(PROJECT_ROOT / "knowledge"),
        CANDOR_RASA_PORT=str(ports["rasa"]),
        CANDOR_RASA_URL=f"http://127.0.0.1:{ports['rasa']}",
        CANDOR_ACTION_PORT=str(ports["actions"]),
        CANDOR_ACTION_SERVER_URL=f"http://127.0.0.1:{ports['actions']}/webhook",
        CANDOR_WEB_PORT=str(ports["web"]),
        CANDOR_PUBLIC_BASE_URL=f"http://127.0.0.1:{ports['web']}",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    env.update(extra or {})
    # The gateway refuses to serve without a strong session secret: each stack gets its own.
    env.setdefault("CANDOR_SESSION_SECRET", secrets.token_urlsafe(48))
    return env


@contextmanager
def process(
    name: str, args: list[str], env: dict[str, str], logs: Path
) -> Iterator[subprocess.Popen]:
    """Run ``args`` in its own process group, so that stopping it stops its workers too
    (the action server's Sanic serves from a child process)."""
    log = open(logs / f"{name}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        args,
        env=env,
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            signal_group(proc, signal.SIGKILL)
            proc.wait()
        log.close()


def signal_group(proc: subprocess.Popen, sig: signal.Signals) -> None:
    """Signal the process and every process it started."""
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(proc.pid, sig)


def wait_until_up(name: str, url: str, proc: subprocess.Popen, logs: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited ({proc.returncode}):\n{tail(logs / f'{name}.log')}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{name} not up after {timeout:.0f}s:\n{tail(logs / f'{name}.log')}")


def warm_up(rasa_url: str) -> None:
    """One question through Rasa and the action server before any test's first message.

    The first turn builds Rasa's TensorFlow graphs and waits for the action server's
    knowledge base: on a busy machine that is longer than the gateway waits for a reply,
    and the first test would get the honest "having trouble" answer instead of its own.
    """
    body = {"sender": "stack-warm-up", "message": "Do you integrate with Salesforce?"}
    httpx.post(f"{rasa_url}/webhooks/rest/webhook", json=body, timeout=RASA_START_TIMEOUT_S)


# A finished index per knowledge folder, copied from the first stack that built one this session.
_built_indexes: dict[str, Path] = {}
_built_indexes_lock = threading.Lock()


def seed_index(env: Mapping[str, str]) -> None:
    """Start the stack's own (still empty) index directory from a copy of an index this process
    already built for the same knowledge folder, if any.

    `bot kb build` then runs exactly as before, but re-embeds only what differs (it reuses a
    vector only for the same content hash and the same model): the same index, in about 3 s
    instead of 20 s of CPU per stack."""
    index = Path(env["CANDOR_INDEX_DIR"])
    with _built_indexes_lock:
        built = _built_indexes.get(env["CANDOR_KNOWLEDGE_DIR"])
        if built is not None and not index.exists():
            shutil.copytree(built, index)


def remember_index(env: Mapping[str, str]) -> None:
    """Keep a copy of a freshly built index (before any server uses it) for ``seed_index``."""
    with _built_indexes_lock:
        if env["CANDOR_KNOWLEDGE_DIR"] in _built_indexes:
            return
        copy = Path(tempfile.mkdtemp(prefix="candor-index-"))
        atexit.register(shutil.rmtree, copy, ignore_errors=True)
        shutil.copytree(env["CANDOR_INDEX_DIR"], copy / "index")
        _built_indexes[env["CANDOR_KNOWLEDGE_DIR"]] = copy / "index"


def build_index(env: Mapping[str, str]) -> None:
    """`bot kb build` into the stack's own index directory (seeded: see ``seed_index``)."""
    seed_index(env)
    build = subprocess.run(
        [BOT, "kb", "build"], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    if build.returncode != 0:
        raise RuntimeError(f"bot kb build failed:\n{build.stdout}\n{build.stderr}")
    remember_index(env)


def tail(path: Path, lines: int = 40) -> str:
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


@contextmanager
def running_stack(
    database_url: str,
    workdir: Path,
    base_env: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[Stack]:
    """``base_env``: the environment to start from (default: this process's, read now; a stack
    started in the background passes the one read at session start, so that no test's
    monkeypatched variable leaks into it)."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make train` (make test does) first")
    ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
    env = stack_env(database_url, workdir, base=base_env, extra=extra_env, **ports)
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    build_index(env)
    with ExitStack() as stack:
        actions = stack.enter_context(process("actions", [BOT, "serve", "actions"], env, logs))
        rasa = stack.enter_context(process("rasa", [BOT, "serve", "rasa"], env, logs))
        web = stack.enter_context(process("web", [BOT, "serve", "web"], env, logs))
        action_url = f"http://127.0.0.1:{ports['actions']}"
        rasa_url = env["CANDOR_RASA_URL"]
        web_url = env["CANDOR_PUBLIC_BASE_URL"]
        wait_until_up("actions", f"{action_url}/health", actions, logs, 120)
        wait_until_up("web", f"{web_url}/healthz", web, logs, 60)
        wait_until_up("rasa", f"{rasa_url}/status", rasa, logs, RASA_START_TIMEOUT_S)
        warm_up(rasa_url)
        yield Stack(web_url, rasa_url, action_url, database_url, env, logs)
