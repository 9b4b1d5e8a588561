"""``bot kb feedback``: what reps flagged in bot answers, per knowledge file, for editors."""

from __future__ import annotations

import json
from itertools import groupby

import typer
from rich.console import Console
from rich.markup import escape

from bot.db import default_database
from bot.store import flags as flag_store

out = Console()


def feedback(
    path: str | None = typer.Option(None, "--path", help="Only flags on this knowledge file."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """List open flags (wrong, stale, missing) per knowledge file and section."""
    with default_database().session() as session:
        flags = [flag_store.flag_to_dict(f) for f in flag_store.list_open_flags(session, path=path)]
    if as_json:
        typer.echo(json.dumps({"flags": flags}, indent=2))
        return
    if not flags:
        out.print("No open flags.")
        return
    by_file = groupby(flags, key=lambda f: f["source_path"] or flag_store.NO_SOURCE)
    for file, group in by_file:
        items = list(group)
        out.print(f"[bold]{escape(file)}[/bold] — {len(items)} open flag(s)")
        for flag in items:
            section = f" § {flag['source_heading']}" if flag["source_heading"] else ""
            note = f": {flag['note']}" if flag["note"] else ""
            who = f" ({flag['rep']})" if flag["rep"] else ""
            out.print(
                f"  #{flag['id']} {flag['kind']}{escape(section)}{escape(note)}{escape(who)}"
                f" — conversation {flag['conversation_id']}, message {flag['message_id']}"
            )
