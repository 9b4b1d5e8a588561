"""``bot secret``: the session secret for a local run (``make run`` needs no setup)."""

from __future__ import annotations

import typer

from bot import session_secret
from bot.config import get_settings

app = typer.Typer(no_args_is_help=True)


@app.command()
def ensure() -> None:
    """Keep a random session secret in CANDOR_SESSION_SECRET_FILE (once; later runs reuse it).

    Does nothing when CANDOR_SESSION_SECRET is set: that one is used.
    """
    settings = get_settings()
    if settings.session_secret:
        typer.echo("CANDOR_SESSION_SECRET is set; using it")
        return
    path = settings.session_secret_file
    written = session_secret.ensure_file(path)
    typer.echo(f"{'generated a session secret in' if written else 'session secret kept in'} {path}")


@app.command()
def check() -> None:
    """Exit 1, saying why, if the web app would refuse the session secret."""
    try:
        session_secret.require(get_settings())
    except session_secret.InsecureSecret as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo("session secret ok")
