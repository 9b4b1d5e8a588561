"""``bot serve``: the three processes the Procfile starts, or several of each (``cluster``)."""

from __future__ import annotations

import os

import typer
import uvicorn

from bot import cluster as cluster_launcher
from bot import session_secret
from bot.config import PROJECT_ROOT, get_settings
from bot.launch import actions_command, actions_env, latest_model, rasa_command, rasa_env

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


@app.command()
def cluster(
    web: int = typer.Option(2, min=1, help="Web processes, on CANDOR_WEB_PORT and up."),
    rasa: int = typer.Option(2, min=1, help="Rasa servers, on CANDOR_RASA_PORT and up."),
    actions: int = typer.Option(1, min=1, help="Action servers, on CANDOR_ACTION_PORT and up."),
) -> None:
    """Several web processes and Rasa servers side by side (needs PostgreSQL and Redis).

    Web process i talks to Rasa server i mod RASA; Rasa's lock store in Redis keeps each
    conversation's messages in order across servers. Ctrl-C stops them all.
    """
    settings = get_settings()
    try:
        members = cluster_launcher.plan(settings, web=web, rasa=rasa, actions=actions)
        latest_model(settings)
        rasa_env(settings)  # a Redis URL Rasa's lock store cannot use fails here, not in Rasa
    except (cluster_launcher.ClusterRefused, FileNotFoundError, ValueError) as error:
        typer.echo(f"bot serve cluster: {error}", err=True)
        raise typer.Exit(2) from error
    problems = [
        problem
        for problem in (
            cluster_launcher.redis_problem(settings),
            _ports_problem(cluster_launcher.ports_in_use(settings, members)),
        )
        if problem
    ]
    if problems:
        typer.echo("bot serve cluster: " + "; ".join(problems), err=True)
        raise typer.Exit(2)
    typer.echo(cluster_launcher.describe(settings, members))
    raise typer.Exit(cluster_launcher.run(members))


def _ports_problem(taken: list[str]) -> str | None:
    return f"already in use: {', '.join(taken)}" if taken else None
