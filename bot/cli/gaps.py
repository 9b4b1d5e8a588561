"""``bot kb gaps``: what buyers asked that the content could not answer, grouped by meaning.

Read from the stored conversations (the answer record on each reply, buyers' not-helpful
clicks, handoffs, reps' replies); nothing is written. Questions are masked (emails, phone
numbers, names) before they are embedded, grouped or printed.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from bot.config import get_settings
from bot.db import database, default_database
from bot.gaps.report import GapReport, report_json
from bot.gaps.service import gap_report, since_moment

out = Console()
err = Console(stderr=True)


def parse_since(value: str | None) -> datetime | None:
    try:
        return since_moment(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


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
    kb = KnowledgeBase.open(knowledge, index, settings=settings)
    with database(settings.database_url).session() as session:
        report = gap_report(
            session,
            kb,
            distance=distance or settings.gap_cluster_distance,
            since=start,
            min_count=min_count,
        )
    if as_json:
        typer.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False))
        return
    _print(report)


def _print(report: GapReport) -> None:
    _print_answered(report)
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


def mark_answered(
    question: str = typer.Argument(..., help="The gap question, as `bot kb gaps` shows it."),
    page: str = typer.Option(..., "--page", help="The knowledge file that now answers it."),
    heading: str | None = typer.Option(None, "--heading", help="Its section, if one."),
    by: str = typer.Option("", "--by", help="Who marked it (shown in the report)."),
) -> None:
    """Mark a gap question answered by a page (after your edit): `bot kb gaps` then shows
    whether the buyers asking it since get that page."""
    from bot.gaps.privacy import mask_personal
    from bot.store.gap_resolutions import mark_answered as store_mark

    with default_database().session() as session:
        store_mark(
            session,
            question=mask_personal(question),
            page_path=page,
            heading=heading,
            marked_by=by,
        )
    out.print(f"Marked answered by {escape(page)}: “{escape(mask_personal(question))}”")


def _print_answered(report: GapReport) -> None:
    for mark in report.answered:
        out.print(
            f"[bold]marked answered[/bold] by {escape(mark.page.path)} on "
            f"{mark.marked_at:%Y-%m-%d}: “{escape(mark.question)}” — since then "
            f"{mark.asked_since} similar question(s), {mark.got_page} got that page, "
            f"{mark.still_gaps} still a gap"
        )
