"""What a search returns and what a build reports: plain records, shared by the knowledge
base, the CLI and the dialogue (through its ``HitLike`` protocol)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """One quotable sentence or list item of a hit's section, scored against the question."""

    text: str
    kind: str  # "sentence", "item" or "lead" (see ``units.Unit``)
    order: int  # position in the section
    score: float  # cosine between the question and the unit
    overlap: float = 0.0  # IDF-weighted share of the question's words the unit contains


@dataclass(frozen=True)
class Hit:
    """One search result, with what the assistant needs to quote and cite it."""

    path: str
    title: str
    heading: str
    text: str
    url: str | None
    score: float
    confidence: float
    chunk_id: str
    competitors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # The section's sentences and list items in page order, each scored against the question;
    # empty for hits that were not scored (``caveat_for``).
    passages: tuple[Passage, ...] = ()
    line: int = 0  # where the section starts in the file
    heading_cosine: float = 0.0  # the question against the section's heading alone

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["passages"] = [dict(p.__dict__) for p in self.passages]
        return data


@dataclass(frozen=True)
class DocumentInfo:
    """A document's front matter, as listed by ``KnowledgeBase.documents()``."""

    path: str
    title: str
    url: str | None
    updated: dt.date
    owner: str
    competitors: list[str]
    tags: list[str]
    summary: str | None = None

    @classmethod
    def from_metadata(cls, data: dict[str, Any]) -> DocumentInfo:
        return cls(
            path=data["path"],
            title=data["title"],
            url=data.get("url"),
            updated=dt.date.fromisoformat(data["updated"]),
            owner=data["owner"],
            competitors=list(data.get("competitors", [])),
            tags=list(data.get("tags", [])),
            summary=data.get("summary"),
        )


@dataclass(frozen=True)
class BuildReport:
    """What the last refresh did; shown by ``bot kb build``."""

    chunks: int
    embedded: int  # chunks embedded (the others reused their vectors)
    changed: bool
    saved: bool
    units: int = 0
    units_embedded: int = 0
    headings_embedded: int = 0  # distinct section headings embedded (the others reused)
