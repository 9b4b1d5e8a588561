"""``bot kb``: the editors' commands. Other tools script against them, so keep them stable."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.config import Settings, get_settings
from bot.knowledge import KnowledgeBase
from bot.knowledge.documents import load_folder
from bot.knowledge.site import load_site

app = typer.Typer(no_args_is_help=True, help="Knowledge folder: check, build, ask, stats.")
out = Console()
err = Console(stderr=True)

KnowledgeOption = typer.Option(None, "--knowledge", help="Knowledge folder (default: settings).")
IndexOption = typer.Option(None, "--index", help="Index folder (default: settings).")


@app.command()
def check(knowledge: Path | None = KnowledgeOption) -> None:
    """Validate every file; print `path:line: message` per problem, exit 1 on any error."""
    root = knowledge or get_settings().knowledge_dir
    result = load_folder(root)
    result.problems.extend(load_site(root)[1])
    for problem in result.problems:
        typer.echo(str(problem))
    errors = sum(p.is_error for p in result.problems)
    if not result.documents and not result.broken:
        err.print(f"No knowledge files (*.md) in {root}.")
        raise typer.Exit(1)
    summary = f"{len(result.documents)} documents OK, {errors} error(s)"
    err.print(summary if errors else f"{summary}: all good.")
    if errors:
        raise typer.Exit(1)


@app.command()
def build(knowledge: Path | None = KnowledgeOption, index: Path | None = IndexOption) -> None:
    """Bring the index up to date, embedding only changed sections."""
    settings = get_settings()
    with Progress(
        TextColumn("Embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("embed", total=None)
        kb = KnowledgeBase.open(
            knowledge,
            index,
            settings=settings,
            progress=lambda d, t: bar.update(task, completed=d, total=t),
        )
    for problem in kb.problems:
        typer.echo(str(problem))
    if kb.is_empty:
        err.print(f"No content in {kb.knowledge_dir}: the assistant will say it has none.")
        raise typer.Exit(1)
    report = kb.last_build
    skipped = sorted({p.path for p in kb.problems if p.is_error})
    err.print(
        f"{report.chunks} chunks from {len(kb.documents())} documents; "
        f"{report.embedded} embedded, {report.chunks - report.embedded} reused"
        f"{'' if report.saved else ' (index already up to date)'}; "
        f"{report.units} quotable sentences ({report.units_embedded} embedded); "
        f"{kb.index_kind} index in {kb.index_dir}."
    )
    if skipped:
        err.print(f"Skipped (last good version kept if any): {', '.join(skipped)}")


@app.command()
def ask(
    question: str = typer.Argument(..., help="The buyer's question."),
    knowledge: Path | None = KnowledgeOption,
    index: Path | None = IndexOption,
    k: int = typer.Option(5, "-k", "--top", min=1, help="How many hits."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of hits."),
) -> None:
    """Search the knowledge base the way the assistant does."""
    settings = get_settings()
    kb = KnowledgeBase.open(knowledge, index, settings=settings)
    hits = kb.search(question, k=k)
    if as_json:
        typer.echo(json.dumps([h.to_json() for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        out.print("No content to search." if kb.is_empty else "No matching sections.")
        return
    for n, hit in enumerate(hits, 1):
        sure = "" if hit.confidence >= settings.min_answer_confidence else r"  \[low confidence]"
        out.print(
            f"[bold]{n}. {escape(hit.path)}[/] — {escape(hit.heading)}  "
            f"(score {hit.score:.4f}, confidence {hit.confidence:.2f}){sure}"
        )
        if hit.url:
            out.print(f"   {hit.url}")
        out.print(f"   {_shorten(hit.text, 300)}\n", markup=False)


@app.command()
def stats(
    knowledge: Path | None = KnowledgeOption,
    index: Path | None = IndexOption,
    as_json: bool = typer.Option(False, "--json", help="Print the page report as JSON."),
) -> None:
    """Documents, chunks, stale documents, owners, and per page: times cited, not-helpful
    rate, handoffs after a citation, open flags, last updated, owner, stale."""
    settings = get_settings()
    kb = KnowledgeBase.open(knowledge, index, settings=settings)
    documents = kb.documents()
    if as_json:
        pages = _page_report(documents, settings)
        typer.echo(json.dumps({"pages": pages}, indent=2, ensure_ascii=False))
        return
    stale = _stale(documents, settings)
    table = Table(title=f"Knowledge in {kb.knowledge_dir}", show_header=False)
    table.add_row("Documents", str(len(documents)))
    table.add_row("Chunks", str(len(kb.chunks())))
    table.add_row("Index", f"{kb.index_kind or '-'} in {kb.index_dir}")
    table.add_row("Problems", str(len(kb.problems)))
    table.add_row(f"Stale (> {settings.stale_after_days} days)", str(len(stale)))
    out.print(table)
    for document in stale:
        out.print(f"  stale: {document.path} (updated {document.updated}, owner {document.owner})")
    owners = Counter(d.owner for d in documents)
    for owner, count in owners.most_common():
        out.print(f"  owner: {owner} — {count} document(s)")
    _print_open_flags(settings)
    _print_pages(documents, settings)


def _page_report(documents: list, settings: Settings) -> list[dict] | None:
    """The page report from the conversations database (None when it cannot be read)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db import database
    from bot.gaps.pages import page_report

    try:
        with database(settings.database_url).session() as session:
            report = page_report(session, documents, stale_after_days=settings.stale_after_days)
    except SQLAlchemyError:
        return None
    return [page.model_dump(mode="json") for page in report]


def _print_pages(documents: list, settings: Settings) -> None:
    pages = _page_report(documents, settings)
    if pages is None:
        out.print("  page report: unavailable (run `bot db upgrade`)")
        return
    out.print(f"  pages ({len(pages)}), most cited first; gaps: `bot kb gaps`")
    for page in pages:
        rate = page["not_helpful_rate"]
        verdicts = page["helpful"] + page["not_helpful"]
        unhelpful = f"{page['not_helpful']}/{verdicts} ({rate:.0%})" if rate is not None else "-"
        out.print(
            f"  page: {escape(page['path'])} — cited {page['cited']}, not helpful {unhelpful}, "
            f"handoffs after {page['handoffs_after']}, open flags {page['open_flags']}, "
            f"updated {page['updated']}, owner {escape(page['owner'])}"
            + (", stale" if page["stale"] else ""),
            soft_wrap=True,
        )


def _print_open_flags(settings: Settings) -> None:
    """Reps' flags on answers (wrong, stale, missing) live in the database, not the folder."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db import database
    from bot.store.flags import count_open_flags_by_path

    try:
        with database(settings.database_url).session() as session:
            flags = count_open_flags_by_path(session)
    except SQLAlchemyError as error:
        out.print(f"  open flags: unavailable ({type(error).__name__}; run `bot db upgrade`)")
        return
    out.print(f"  open flags from reps: {sum(flags.values())} (details: `bot kb feedback`)")
    for path, count in sorted(flags.items(), key=lambda item: -item[1]):
        out.print(f"  flagged: {path} — {count}")


def _stale(documents: list, settings: Settings) -> list:
    cutoff = dt.date.today() - dt.timedelta(days=settings.stale_after_days)
    return [d for d in documents if d.updated < cutoff]


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
