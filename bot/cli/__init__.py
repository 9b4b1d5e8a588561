"""The ``bot`` command: editors, reps and the Makefile all go through here."""

from __future__ import annotations

import typer

from bot.cli import db, serve

app = typer.Typer(no_args_is_help=True, help="Candor: buyer decision-support assistant.")
app.add_typer(db.app, name="db", help="Database migrations.")
app.add_typer(serve.app, name="serve", help="Start one of Candor's processes.")

try:  # each sub-app lives in its own module, owned by its feature
    from bot.cli import kb

    app.add_typer(kb.app, name="kb", help="Knowledge folder: check, build, ask, stats.")
except ImportError:  # pragma: no cover - while a feature is being written
    pass
