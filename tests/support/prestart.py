"""Real stacks started in the background while the rest of the suite runs.

Rasa takes one to two minutes to load its model, on one core; pytest runs the tests on one core
too. So, once the tests are collected, the stacks the selected end-to-end tests will need are
started one after another in a background thread (exactly as their fixtures would start them:
``running_stack``, each with its own throwaway database), and each fixture takes its own stack
when its first test needs it, waiting if it is not up yet. Nothing is shared that was not
shared before: a module's stack is still that module's alone, and is stopped when the module
ends. A stack that failed to start fails the fixture that asks for it, with the start's error.

Everything that touches this process's global state (migrating the throwaway database, reading
the environment) happens in the main thread before the background starts; the background thread
only launches processes and waits for them.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest


class Prestarted:
    """One context manager, entered in the background, taken and closed by a fixture."""

    def __init__(self, name: str, factory: Callable[[], AbstractContextManager[Any]]) -> None:
        self.name = name
        self.factory = factory
        self._exits = ExitStack()
        self._value: Any = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._cancelled = False

    def enter(self) -> None:
        try:
            if self._cancelled:
                raise RuntimeError(f"{self.name}: the session ended before it was started")
            self._value = self._exits.enter_context(self.factory())
        except BaseException as error:  # handed to the fixture that asks for it
            self._error = error
        finally:
            self._done.set()

    def get(self) -> Any:
        """The running thing, once it is up (waits for the background start)."""
        self._done.wait()
        if self._error is not None:
            raise RuntimeError(f"{self.name} failed to start: {self._error}") from self._error
        return self._value

    def close(self) -> None:
        """Stop it (after its start has finished, or been skipped)."""
        self._cancelled = True
        self._done.wait()
        self._exits.close()


class Pool:
    """Starts its entries in order, one at a time, in one background thread."""

    def __init__(self) -> None:
        self.entries: dict[str, Prestarted] = {}
        self._thread: threading.Thread | None = None

    def add(
        self,
        name: str,
        factory: Callable[[], AbstractContextManager[Any]],
        cleanup: Callable[[], object] | None = None,
    ) -> None:
        """``cleanup``: undoes what was prepared for the entry in the main thread (a database),
        after the entry is stopped, whether or not it was ever started."""
        entry = Prestarted(name, factory)
        if cleanup is not None:
            entry._exits.callback(cleanup)
        self.entries[name] = entry

    def start(self) -> None:
        if self.entries:
            self._thread = threading.Thread(target=self._run, name="prestart", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        for entry in list(self.entries.values()):
            entry.enter()

    def take(self, name: str) -> Prestarted | None:
        """The entry started for ``name``, or None when none was (the fixture starts its own)."""
        return self.entries.pop(name, None)

    def close(self) -> None:
        """Stop whatever no fixture took (a run cut short, or tests deselected after all)."""
        for entry in self.entries.values():
            entry._cancelled = True
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        for entry in self.entries.values():
            entry.close()
        self.entries.clear()


POOL = Pool()


@contextmanager
def taken(name: str) -> Iterator[Any]:
    """The stack (or site and stack) started for fixture ``name`` in the background, stopped
    when the block ends; None when none was started (the fixture then starts its own)."""
    entry = POOL.take(name)
    if entry is None:
        yield None
        return
    try:
        yield entry.get()
    finally:
        entry.close()


# The fixtures that start a stack of their own, by the name a test asks for them with.
STACK_FIXTURES = ("stack", "seeded_stack", "embed_stack", "webchat_stack", "processes", "cluster")
WEBCHAT = Path(__file__).resolve().parents[1] / "fixtures" / "rasa-webchat" / "webchat.umd.js"


@contextmanager
def seeded(database_url: str, workdir: Path, base_env: dict[str, str]) -> Iterator[Any]:
    """test_conversations' stack: the sample reps seeded, as `make run` seeds them."""
    from bench.conversation_eval import seed_reps
    from tests.support.stack import running_stack

    with running_stack(database_url, workdir, base_env) as running:
        seed_reps(running.env)
        yield running


@contextmanager
def allowing(
    root: Path, database_url: str, workdir: Path, base_env: dict[str, str]
) -> Iterator[Any]:
    """Somebody else's site served from ``root``, and a stack allowing its origin: (site, stack)."""
    from tests.support.host_site import serving
    from tests.support.stack import running_stack

    with serving(root) as site:
        extra = {"CANDOR_SOCKET_CORS_ORIGINS": site.url}
        with running_stack(database_url, workdir, base_env, extra) as running:
            yield site, running


def _raise(error: BaseException) -> AbstractContextManager[Any]:
    raise error


def plan(pool: Pool, items: Sequence[pytest.Item], tmp: pytest.TempPathFactory) -> None:
    """Add to ``pool`` the stacks ``items`` need, in the order the tests will ask for them."""
    from tests.support.databases import sqlite_database
    from tests.support.stack import running_stack

    first_need: dict[str, int] = {}
    for index, item in enumerate(items):
        for name in STACK_FIXTURES:
            if name in getattr(item, "fixturenames", ()):
                first_need.setdefault(name, index)
    base_env = dict(os.environ)  # read now, in the main thread, before any test changes it
    for name in sorted(first_need, key=first_need.__getitem__):
        if name == "processes":  # tests/e2e/test_faults.py's own three processes
            from tests.e2e.test_faults import Processes, started

            pool.add(name, partial(started, Processes(tmp.mktemp("faults"))))
            continue
        if name == "cluster":  # tests/e2e/test_cluster.py's launcher, on PostgreSQL and Redis
            from tests.support.cluster import REDIS_URL, running_cluster
            from tests.support.databases import postgres_database

            # Created and migrated here, in the main thread; dropped once the cluster stopped.
            database = postgres_database()
            try:
                database_url = database.__enter__()
            except Exception as error:  # PostgreSQL away: the cluster's fixture fails, not the run
                pool.add(name, partial(_raise, error))
                continue
            factory = partial(
                running_cluster,
                tmp.mktemp("cluster"),
                redis_url=REDIS_URL,
                database_url=database_url,
                base_env=base_env,
            )
            pool.add(name, factory, cleanup=partial(database.__exit__, None, None, None))
            continue
        workdir = tmp.mktemp({"stack": "stack", "seeded_stack": "conversations"}.get(name, name))
        # Migrated here, in the main thread (Alembic's context is process-global).
        url = sqlite_database(str(workdir / "candor.db"))
        if name == "stack":
            factory = partial(running_stack, url, workdir, base_env)
        elif name == "seeded_stack":
            factory = partial(seeded, url, workdir, base_env)
        else:
            root = tmp.mktemp("webchat-site" if name == "webchat_stack" else "host-site")
            if name == "webchat_stack":
                shutil.copy(WEBCHAT, root / "webchat.js")
            factory = partial(allowing, root, url, workdir, base_env)
        pool.add(name, factory)
