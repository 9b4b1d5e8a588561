"""``bot reps``: the roster of people buyers are handed to (add, list, import, set-password)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.config import get_settings
from bot.db import session_scope
from bot.models import utcnow
from bot.store import reps as rep_store

app = typer.Typer(no_args_is_help=True, help="Reps: the named people buyers are handed to.")
out = Console()

ROSTER_FIELDS = ("name", "role", "bio", "photo", "timezone", "working_hours", "active")


def _password(value: str | None, prompt: str = "Password") -> str:
    """The password from the option, or asked for twice without echo."""
    if value:
        return value
    return typer.prompt(prompt, hide_input=True, confirmation_prompt=True)


@app.command()
def add(
    name: str = typer.Option(..., help="Full name, as buyers will see it."),
    email: str = typer.Option(..., help="Login and notification address."),
    role: str = typer.Option(..., help="Job title, as buyers will see it."),
    expertise: str = typer.Option("", help="Comma-separated tags: products, competitors, topics."),
    password: str | None = typer.Option(None, help="Console password (prompted when omitted)."),
    bio: str = typer.Option("", help="One short line about the rep."),
    photo: str | None = typer.Option(None, help="File name under the photos folder."),
    timezone: str = typer.Option("UTC", help="IANA time zone, e.g. Europe/Berlin."),
    days: str = typer.Option("0,1,2,3,4", help="Working days, Monday=0."),
    start: str = typer.Option("09:00", help="Start of the working day (local time)."),
    end: str = typer.Option("17:00", help="End of the working day (local time)."),
) -> None:
    """Add a rep (or update the rep with that email)."""
    secret = _password(password)
    hours = {"days": [int(d) for d in days.split(",") if d.strip()], "start": start, "end": end}
    with session_scope(get_settings().database_url) as session:
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
            password=secret,
        )
        typer.echo(f"{'added' if created else 'updated'} rep {rep.id}: {rep.name} <{rep.email}>")


@app.command("list")
def list_reps() -> None:
    """The roster, with presence (online = console open) and expertise."""
    settings = get_settings()
    table = Table("id", "name", "role", "email", "expertise", "hours", "online", "active")
    with session_scope(settings.database_url) as session:
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

    A rep's password is only set when they have none yet, so re-seeding never resets it.
    """
    entries, default_password = _roster_entries(path)
    created_count = 0
    with session_scope(get_settings().database_url) as session:
        for entry in entries:
            if not entry.get("email") or not entry.get("name"):
                raise typer.BadParameter(f"{path}: every rep needs a name and an email")
            fields = {k: entry[k] for k in ROSTER_FIELDS if k in entry}
            _, created = rep_store.upsert_rep(
                session,
                email=entry["email"],
                expertise=entry.get("expertise"),
                password=entry.get("password") or default_password,
                keep_existing_password=True,
                **fields,
            )
            created_count += created
    typer.echo(f"{len(entries)} rep(s) in {path}: {created_count} added, the rest updated")


@app.command("set-password")
def set_password(
    email: str,
    password: str | None = typer.Option(None, help="New password (prompted when omitted)."),
) -> None:
    """Set a rep's console password."""
    secret = _password(password, "New password")
    with session_scope(get_settings().database_url) as session:
        try:
            rep = rep_store.set_password(session, email=email, password=secret)
        except LookupError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error
        typer.echo(f"password set for {rep.name} <{rep.email}>")
