"""``bot serve``: the three processes the Procfile starts."""

from __future__ import annotations

import os

import typer
import uvicorn

from bot import session_secret
from bot.config import PROJECT_ROOT, get_settings
from bot.launch import actions_command, actions_env, rasa_command, rasa_env

app = typer.Typer(no_args_is_help=True)


@app.command()
def web() -> None:
    """The web gateway: chat page, API, socket.io and the rep console."""
    settings = get_settings()
    try:
        session_secret.require(settings)
    except session_secret.InsecureSecret as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    uvicorn.run(
        "bot.web.app:app",
        factory=True,
        host=settings.web_host,
        port=settings.web_port,
        # The app believes X-Forwarded-* from CANDOR_TRUSTED_PROXIES only (bot/web/app.py).
        proxy_headers=False,
    )


@app.command()
def rasa() -> None:
    """The Rasa server (its own Python 3.10 venv) with our endpoints and tracker store."""
    settings = get_settings()
    command = rasa_command(settings)
    os.chdir(PROJECT_ROOT)
    os.execve(command[0], command, rasa_env(settings))


@app.command()
def actions() -> None:
    """The rasa-sdk action server running our actions."""
    settings = get_settings()
    command = actions_command(settings)
    os.chdir(PROJECT_ROOT)
    os.execve(command[0], command, actions_env(settings))
