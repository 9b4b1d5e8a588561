"""The ``bot`` command: editors, reps and the Makefile all go through here."""

from __future__ import annotations

import typer

from bot.cli import db, feedback, gaps, kb, reps, secret, serve

app = typer.Typer(no_args_is_help=True, help="Candor: buyer decision-support assistant.")
app.add_typer(db.app, name="db", help="Database migrations.")
app.add_typer(serve.app, name="serve", help="Start one of Candor's processes.")
app.add_typer(reps.app, name="reps", help="Reps: the named people buyers are handed to.")
app.add_typer(secret.app, name="secret", help="The session secret that signs rep sessions.")
kb.app.command("feedback")(feedback.feedback)
kb.app.command("gaps")(gaps.gaps)
kb.app.command("gap-answered")(gaps.mark_answered)
app.add_typer(kb.app, name="kb", help="Knowledge folder: check, build, ask, stats, feedback, gaps.")
