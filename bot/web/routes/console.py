"""The rep console page (its API lives in routes/reps.py and routes/handoffs.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

CONSOLE_DIR = Path(__file__).resolve().parent.parent / "static" / "console"

router = APIRouter(tags=["console"])


@router.get("/console", include_in_schema=False)
def console_page() -> FileResponse:
    """One static page; it asks /api/reps/me whether to show the login form or the queue."""
    return FileResponse(CONSOLE_DIR / "index.html", headers={"Cache-Control": "no-store"})
