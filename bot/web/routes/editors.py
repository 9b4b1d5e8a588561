"""The editors' view: content gaps, the page report, ``kb check`` problems and reps' flags.

Editors log in like reps (the console's session); which reps are editors is, for now, the
``CANDOR_EDITOR_EMAILS`` list, until the reps table carries roles. Everything here is read
only and computed from the stored conversations and the knowledge folder; buyer questions are
masked (bot/gaps/privacy.py) as in ``bot kb gaps``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import FileResponse

from bot.config import Settings
from bot.db import Database
from bot.gaps.pages import page_report
from bot.gaps.report import report_json
from bot.gaps.service import gap_report, since_moment
from bot.knowledge import KnowledgeBase
from bot.knowledge.documents import load_folder
from bot.knowledge.site import load_site
from bot.models import Rep
from bot.store import flags as flag_store
from bot.web.auth import CurrentRep
from bot.web.deps import DatabaseDep, SettingsDep

EDITORS_DIR = Path(__file__).resolve().parent.parent / "static" / "editors"

router = APIRouter(tags=["editors"])
_kb_lock = threading.Lock()


def editor_emails(settings: Settings) -> set[str]:
    return {e.strip().lower() for e in settings.editor_emails.split(",") if e.strip()}


def current_editor(rep: CurrentRep, settings: SettingsDep) -> Rep:
    """The logged-in rep, if they are an editor (403 for other reps, 401 when logged out)."""
    if rep.email.lower() not in editor_emails(settings):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this view is for content editors")
    return rep


@router.get("/editors", include_in_schema=False)
def editors_page() -> FileResponse:
    """A static page; its data comes from /api/editors/overview, which checks the role."""
    return FileResponse(EDITORS_DIR / "index.html", headers={"Cache-Control": "no-store"})


@router.get("/api/editors/overview")
async def overview(
    request: Request,
    _: Annotated[Rep, Depends(current_editor)],
    settings: SettingsDep,
    db: DatabaseDep,
    since: Annotated[str | None, Query(max_length=40)] = None,
    min_count: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> dict[str, Any]:
    """Gaps, pages, check problems and open flags in one call (the page shows all four)."""
    try:
        start = since_moment(since)
    except ValueError as error:
        raise HTTPException(422, str(error)) from error
    return await db.run(_overview, request, settings, db, start, min_count)


def _overview(
    request: Request, settings: Settings, db: Database, start, min_count: int
) -> dict[str, Any]:
    kb = _knowledge(request, settings)
    loaded = load_folder(settings.knowledge_dir)
    problems = [*loaded.problems, *load_site(settings.knowledge_dir)[1]]
    with db.session() as session:
        report = gap_report(
            session, kb, distance=settings.gap_cluster_distance, since=start, min_count=min_count
        )
        pages = page_report(session, kb.documents(), stale_after_days=settings.stale_after_days)
        flags = [flag_store.flag_to_dict(f) for f in flag_store.list_open_flags(session)]
    return {
        "gaps": report_json(report),
        "pages": [p.model_dump(mode="json") for p in pages],
        "problems": [
            {"path": p.path, "line": p.line, "message": p.message, "error": p.is_error}
            for p in problems
        ],
        "flags": flags,
    }


def _knowledge(request: Request, settings: Settings) -> KnowledgeBase:
    """One knowledge base per web process, opened on the first editor's visit (it loads the
    embedding model, which buyers' requests here never need), refreshed on each visit."""
    with _kb_lock:
        kb = getattr(request.app.state, "editors_kb", None)
        if kb is None:
            kb = KnowledgeBase.open(settings=settings)
            request.app.state.editors_kb = kb
        else:
            kb.refresh()
        return kb
