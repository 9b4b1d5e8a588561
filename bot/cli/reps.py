"""``bot reps``: the roster of people buyers are handed to (add, list, import, set-password)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.config import get_settings
from bot.db import default_database
from bot.models import utcnow
from bot.store import reps as rep_store

app = typer.Typer(no_args_is_help=True, help="Reps: the named people buyers are handed to.")
out = Console()

ROSTER_FIELDS = ("name", "role", "bio", "photo", "timezone", "working_hours", "active", "team")

PASSWORD_STDIN_HELP = "Read the password from the first line of standard input (for scripts)."


def _password(from_stdin: bool, prompt: str = "Password") -> str:
    """Asked for twice without echo, or read from stdin; never from the command line.

    A password given as an argument ends up in shell history and in every process listing.
    """
    if from_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = typer.prompt(prompt, hide_input=True, confirmation_prompt=True)
    problem = rep_store.password_problem(secret, get_settings().rep_password_min_chars)
    if problem:
        raise typer.BadParameter(problem, param_hint="password")
    return secret


@app.command()
def add(
    name: str = typer.Option(..., help="Full name, as buyers will see it."),
    email: str = typer.Option(..., help="Login and notification address."),
    role: str = typer.Option(..., help="Job title, as buyers will see it."),
    expertise: str = typer.Option("", help="Comma-separated tags: products, competitors, topics."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN_HELP),
    lead: bool = typer.Option(False, help="May close, release or reassign any open handoff."),
    bio: str = typer.Option("", help="One short line about the rep."),
    photo: str | None = typer.Option(None, help="File name under the photos folder."),
    timezone: str = typer.Option("UTC", help="IANA time zone, e.g. Europe/Berlin."),
    days: str = typer.Option("0,1,2,3,4", help="Working days, Monday=0."),
    start: str = typer.Option("09:00", help="Start of the working day (local time)."),
    end: str = typer.Option("17:00", help="End of the working day (local time)."),
) -> None:
    """Add a rep (or update the rep with that email); the password is prompted for."""
    secret = _password(password_stdin)
    hours = {"days": [int(d) for d in days.split(",") if d.strip()], "start": start, "end": end}
    with default_database().session() as session:
        rep, created = rep_store.upsert_rep(
            session,
            email=email,
            name=name,
            role=role,
            bio=bio,
            photo=photo,
            expertise=expertise,
            timezone=timezone,
            working_hours=hours,
            is_lead=lead,
            password=secret,
        )
        typer.echo(f"{'added' if created else 'updated'} rep {rep.id}: {rep.name} <{rep.email}>")


@app.command("list")
def list_reps() -> None:
    """The roster, with presence (online = console open) and expertise."""
    settings = get_settings()
    table = Table("id", "name", "role", "email", "expertise", "hours", "online", "active")
    with default_database().session() as session:
        now = utcnow()
        for rep in rep_store.list_reps(session):
            hours = rep.working_hours or {}
            table.add_row(
                str(rep.id),
                escape(rep.name),
                escape(rep.role),
                escape(rep.email),
                escape(", ".join(rep.expertise or [])),
                f"{hours.get('start', '?')}-{hours.get('end', '?')} {rep.timezone}",
                "yes" if rep_store.is_online(rep, now=now, ttl_s=settings.presence_ttl_s) else "no",
                "yes" if rep.active else "no",
            )
    out.print(table)


def _roster_entries(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    data = yaml.safe_load(path.read_text()) or {}
    entries = data.get("reps", []) if isinstance(data, dict) else data
    default_password = data.get("default_password") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise typer.BadParameter(f"{path}: expected a list under 'reps'")
    return entries, default_password


@app.command("import")
def import_reps(path: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Create or update reps from a YAML file; safe to run again (the Makefile seeds with it).

    Passwords in the file are public (it is in the repository): they are used only in demo mode
    (CANDOR_DEMO_MODE=true, as `make run` sets), only for reps who have none yet, and each rep
    must choose a new one at first login. Outside demo mode set them with `set-password`.
    """
    entries, default_password = _roster_entries(path)
    demo = get_settings().demo_mode
    if not demo and (default_password or any(e.get("password") for e in entries)):
        typer.echo(
            f"{path}: passwords in the file are ignored outside demo mode (CANDOR_DEMO_MODE); "
            "set each rep's with `bot reps set-password EMAIL`",
            err=True,
        )
    created_count = 0
    with default_database().session() as session:
        for entry in entries:
            if not entry.get("email") or not entry.get("name"):
                raise typer.BadParameter(f"{path}: every rep needs a name and an email")
            fields = {k: entry[k] for k in ROSTER_FIELDS if k in entry}
            _, created = rep_store.upsert_rep(
                session,
                email=entry["email"],
                expertise=entry.get("expertise"),
                is_lead=bool(entry.get("lead", False)),
                password=(entry.get("password") or default_password) if demo else None,
                keep_existing_password=True,
                must_change_password=True,
                **fields,
            )
            created_count += created
    typer.echo(f"{len(entries)} rep(s) in {path}: {created_count} added, the rest updated")


@app.command("set-password")
def set_password(
    email: str,
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN_HELP),
) -> None:
    """Set a rep's console password (prompted); their open sessions end."""
    secret = _password(password_stdin, "New password")
    with default_database().session() as session:
        try:
            rep = rep_store.set_password(session, email=email, password=secret)
        except LookupError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error
        typer.echo(f"password set for {rep.name} <{rep.email}>")


@app.command()
def deactivate(email: str) -> None:
    """Stop a rep from logging in or being routed to; their sessions and consoles end."""
    with default_database().session() as session:
        try:
            rep = rep_store.deactivate(session, email=email)
        except LookupError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error
        typer.echo(f"deactivated {rep.name} <{rep.email}>: their sessions have ended")
