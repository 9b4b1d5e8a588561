"""``bot reps`` and ``bot kb feedback`` against a real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import PROJECT_ROOT, get_settings
from bot.db import session_scope
from bot.models import FlagKind, Sender
from bot.store import conversations as conversation_store
from bot.store import flags as flag_store
from bot.store import reps as rep_store
from tests.handoff.factories import SOURCE

runner = CliRunner()


@pytest.fixture
def db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CANDOR_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def invoke(*args: str, input: str | None = None):
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result


def rep(database_url: str, email: str):
    with session_scope(database_url) as session:
        return rep_store.get_rep_by_email(session, email=email)


def test_add_with_prompted_password_then_set_password(db: str) -> None:
    email = "cli.rep@example.com"
    invoke(
        "reps",
        "add",
        "--name",
        "Cli Rep",
        "--email",
        email,
        "--role",
        "Solutions Engineer",
        "--expertise",
        "Security, Northwind ,security",
        input="pw-one-long-enough\npw-one-long-enough\n",
    )
    added = rep(db, email)
    assert added.expertise == ["security", "northwind"]
    assert rep_store.verify_password("pw-one-long-enough", added.password_hash)
    invoke("reps", "set-password", email, "--password-stdin", input="pw-two-long-enough\n")
    assert rep_store.verify_password("pw-two-long-enough", rep(db, email).password_hash)
    assert "Cli Rep" in invoke("reps", "list").output
    missing = runner.invoke(
        app, ["reps", "set-password", "nobody@example.com", "--password-stdin"], input="x" * 20
    )
    assert missing.exit_code == 1


def test_a_password_is_never_a_command_line_argument(db: str) -> None:
    """Shell history and process listings would keep it: prompt or stdin only."""
    email = "argv.rep@example.com"
    base = ["reps", "add", "--name", "Argv Rep", "--email", email, "--role", "AE"]
    on_argv = runner.invoke(app, [*base, "--password", "in-my-shell-history"])
    assert on_argv.exit_code == 2 and "No such option" in on_argv.output
    too_short = runner.invoke(app, [*base, "--password-stdin"], input="short\n")
    assert too_short.exit_code == 2 and "at least 12" in too_short.output
    assert rep(db, email) is None  # nothing was created with a refused password


def test_import_is_idempotent_and_keeps_changed_passwords(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CANDOR_DEMO_MODE", "true")  # as `make run` seeds
    get_settings.cache_clear()
    roster = PROJECT_ROOT / "reps.yml"
    invoke("reps", "import", str(roster))
    invoke(
        "reps",
        "set-password",
        "priya.raman@tessellate.example",
        "--password-stdin",
        input="changed-by-priya\n",
    )
    invoke("reps", "import", str(roster))
    with session_scope(db) as session:
        seeded = [
            r for r in rep_store.list_reps(session) if r.email.endswith("@tessellate.example")
        ]
        assert len(seeded) == 4
        for seeded_rep in seeded:
            assert (PROJECT_ROOT / "bot/web/static/reps" / seeded_rep.photo).exists()
    priya = rep(db, "priya.raman@tessellate.example")
    assert rep_store.verify_password("changed-by-priya", priya.password_hash)
    assert not priya.must_change_password and priya.is_lead
    kenji = rep(db, "kenji.watanabe@tessellate.example")
    assert rep_store.verify_password("candor-demo", kenji.password_hash)
    assert kenji.must_change_password  # the public demo password: changed at first login


def test_import_outside_demo_mode_sets_no_password(db: str, tmp_path) -> None:
    roster = tmp_path / "roster.yml"
    roster.write_text(
        "default_password: candor-demo\n"
        "reps:\n  - {name: Nia Demo, email: nia.demo@example.com, role: AE}\n"
    )
    result = invoke("reps", "import", str(roster))
    assert "ignored outside demo mode" in result.output
    assert rep(db, "nia.demo@example.com").password_hash is None


def test_deactivating_a_rep_ends_their_sessions(db: str) -> None:
    email = "leaving.rep@example.com"
    invoke("reps", "add", "--name", "Leaving Rep", "--email", email, "--role", "AE",
           "--password-stdin", input="a-long-password\n")  # fmt: skip
    before = rep(db, email).session_version
    invoke("reps", "deactivate", email)
    after = rep(db, email)
    assert not after.active and after.session_version == before + 1


def test_kb_feedback_lists_open_flags_per_file(db: str) -> None:
    with session_scope(db) as session:
        conversation, _ = conversation_store.create_conversation(session)
        answer = conversation_store.add_message(
            session, conversation_id=conversation.id, sender=Sender.BOT, text="x", sources=[SOURCE]
        )
        flag = flag_store.flag_message(
            session, message_id=answer.id, rep_id=None, kind=FlagKind.WRONG, note="cli-test-note"
        )
    output = invoke("kb", "feedback").output
    assert "compare/northwind.md" in output and "cli-test-note" in output and "§ Pricing" in output
    as_json = invoke("kb", "feedback", "--json", "--path", "compare/northwind.md").output
    assert f'"id": {flag.id}' in as_json


def test_kb_stats_counts_open_flags_per_file(db: str, tmp_path) -> None:
    with session_scope(db) as session:
        before = flag_store.count_open_flags_by_path(session).get(SOURCE["path"], 0)
        conversation, _ = conversation_store.create_conversation(session)
        answer = conversation_store.add_message(
            session, conversation_id=conversation.id, sender=Sender.BOT, text="x", sources=[SOURCE]
        )
        for kind in (FlagKind.WRONG, FlagKind.STALE):
            flag_store.flag_message(session, message_id=answer.id, rep_id=None, kind=kind, note="")
    mini = PROJECT_ROOT / "tests" / "knowledge" / "fixtures" / "mini"
    output = invoke("kb", "stats", "--knowledge", str(mini), "--index", str(tmp_path / "i")).output
    assert f"flagged: {SOURCE['path']} — {before + 2}" in output
