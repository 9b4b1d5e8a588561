"""``bot db``: migrations."""

from __future__ import annotations

import typer

from bot import migrate
from bot.config import get_settings

app = typer.Typer(no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Bring the database schema up to date (safe to run every start)."""
    migrate.upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@app.command()
def downgrade(revision: str) -> None:
    """Step the schema back to REVISION (e.g. 'base')."""
    migrate.downgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")
