"""``bot kb gaps``: what buyers asked that the content could not answer, grouped by meaning.

Read from the stored conversations (the answer record on each reply, buyers' not-helpful
clicks, handoffs, reps' replies); nothing is written. Questions are masked (emails, phone
numbers, names) before they are embedded, grouped or printed.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from bot.config import get_settings
from bot.db import session_scope
from bot.gaps.collect import collect_gaps
from bot.gaps.report import GapReport, PageRef, build_report, report_json

out = Console()
err = Console(stderr=True)
_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str | None, now: datetime | None = None) -> datetime | None:
    """``30d``, ``12h``, ``2w`` (ago) or an ISO date/time (UTC when no zone is given)."""
    if not value:
        return None
    now = now or datetime.now(UTC)
    relative = _RELATIVE.match(value.strip().lower())
    if relative:
        return now - timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise typer.BadParameter(
            f"{value!r}: use 30d, 12h, 2w or a date like 2026-11-01"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def gaps(
    since: str | None = typer.Option(
        None, "--since", help="Only questions since: 30d, 2w, 2026-11-01."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    min_count: int = typer.Option(
        1, "--min-count", min=1, help="Groups asked by at least this many buyers."
    ),
    distance: float | None = typer.Option(
        None, "--distance", min=0.01, max=2.0, help="Grouping distance (default: settings)."
    ),
    knowledge: Path | None = typer.Option(None, "--knowledge", help="Knowledge folder."),
    index: Path | None = typer.Option(None, "--index", help="Index folder."),
) -> None:
    """Buyer questions declined, answered weakly, marked not helpful or taken to a person,
    grouped by meaning and ranked by how many buyers asked."""
    from bot.knowledge import KnowledgeBase

    settings = get_settings()
    start = parse_since(since)
    with session_scope(settings.database_url) as session:
        found = collect_gaps(session, start)
    kb = KnowledgeBase.open(knowledge, index, settings=settings)

    def nearest(question: str) -> PageRef | None:
        hits = kb.search(question, k=1)
        if not hits:
            return None
        return PageRef(
            path=hits[0].path, heading=hits[0].heading, score=round(hits[0].confidence, 3)
        )

    report = build_report(
        found,
        encode=kb.embedder.encode,
        distance=distance or settings.gap_cluster_distance,
        nearest_page=nearest,
        min_count=min_count,
        since=start,
    )
    if as_json:
        typer.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False))
        return
    _print(report)


def _print(report: GapReport) -> None:
    if not report.groups:
        out.print("No content gaps" + (" in that period." if report.since else " yet."))
        return
    out.print(
        f"[bold]{report.questions} gap question(s) in {len(report.groups)} group(s)[/bold], "
        "most buyers first"
    )
    for n, group in enumerate(report.groups, 1):
        reasons = ", ".join(f"{k} {v}" for k, v in group.reasons.items())
        out.print(
            f"\n[bold]{n}. {group.buyers} buyer(s)[/bold], {group.questions} question(s) "
            f"({escape(reasons)}), last {group.last_asked:%Y-%m-%d}"
        )
        for example in group.examples:
            out.print(f"   “{escape(example)}”")
        if group.nearest_page:
            page = group.nearest_page
            out.print(f"   nearest page: {escape(page.path)} § {escape(page.heading or '')}")
        for reason in group.buyer_reasons:
            out.print(f"   buyer said: {escape(reason)}")
        for answer in group.rep_answers:
            who = f" ({escape(answer.rep)})" if answer.rep else ""
            out.print(f"   rep answered{who}: {escape(answer.reply)}")
