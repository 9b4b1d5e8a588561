"""Every test carries the markers of what it needs, so a run can pick them out or leave them
out (pyproject.toml declares them; tests/conftest.py applies them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def collected(marker: str, *paths: str) -> list[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            marker,
            *paths,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_postgres_runs_are_marked_and_sqlite_runs_are_not() -> None:
    ids = collected("postgres", "tests/handoff/test_service.py", "tests/handoff/test_claim_race.py")
    assert ids and all("[postgres]" in i or "claim_race" in i for i in ids), ids
    assert not [i for i in ids if "[sqlite]" in i]
    not_pg = collected("not postgres", "tests/handoff/test_service.py")
    assert not_pg and all("[postgres]" not in i for i in not_pg)


def test_tests_on_the_running_stack_and_the_browser_are_marked() -> None:
    stack = collected("stack", "tests/e2e/test_stack.py", "tests/e2e/test_chat_browser.py")
    assert len(stack) >= 6, stack
    browser = collected("browser", "tests/e2e/test_stack.py", "tests/e2e/test_chat_browser.py")
    assert browser and all("test_chat_browser.py" in i for i in browser), browser
