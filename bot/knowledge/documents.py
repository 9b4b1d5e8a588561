"""Loading and validating the editors' Markdown files.

Editors are not developers, so every problem is reported as ``path:line: message`` (the format
compilers use, which editors and CI annotate as clickable links) and a broken file never stops
the others from loading: the caller decides what to do with the problems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REQUIRED_FIELDS = ("title", "updated", "owner")
KNOWN_FIELDS = frozenset({*REQUIRED_FIELDS, "summary", "competitors", "tags", "url"})
FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file; ``str()`` gives the ``path:line: message`` form."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" skips the file; "warning" only informs

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class KnowledgeError(Exception):
    """Raised only where a caller asked for strictness (never by ``KnowledgeBase.open``)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Document:
    """A valid knowledge file: front matter plus the Markdown body."""

    path: str  # relative to the knowledge folder, posix separators
    title: str
    updated: dt.date
    owner: str
    body: str
    body_line: int  # 1-based line number of the body's first line in the file
    summary: str | None = None
    url: str | None = None
    competitors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    file_hash: str = ""

    def metadata(self) -> dict[str, Any]:
        """The JSON-friendly description stored in the index sidecar and shown by the CLI."""
        return {
            "path": self.path,
            "title": self.title,
            "summary": self.summary,
            "url": self.url,
            "updated": self.updated.isoformat(),
            "owner": self.owner,
            "competitors": list(self.competitors),
            "tags": list(self.tags),
            "file_hash": self.file_hash,
        }


@dataclass
class LoadResult:
    """Everything found in a knowledge folder."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)  # paths skipped because of errors


def knowledge_files(root: Path) -> list[Path]:
    """All ``*.md`` files under ``root`` (sub-folders included, hidden ones skipped), sorted."""
    if not root.is_dir():
        return []
    files = []
    for path in root.rglob("*.md"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        files.append(path)
    return sorted(files)


def load_folder(root: Path) -> LoadResult:
    """Load every file under ``root``; invalid files are reported and left out."""
    result = LoadResult()
    titles: dict[str, str] = {}
    for file in knowledge_files(root):
        document, problems = load_document(root, file)
        result.problems.extend(problems)
        if document is None:
            result.broken.add(file.relative_to(root).as_posix())
            continue
        first = titles.get(document.title.casefold())
        if first is not None:
            message = f"duplicate title {document.title!r} (already used by {first})"
            result.problems.append(Problem(document.path, _key_line(file, "title"), message))
            result.broken.add(document.path)
            continue
        titles[document.title.casefold()] = document.path
        result.documents.append(document)
    return result


def load_document(root: Path, file: Path) -> tuple[Document | None, list[Problem]]:
    """Parse and validate one file; returns ``(None, problems)`` if it has any error."""
    relative = file.relative_to(root).as_posix()
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(relative, line, f"not valid UTF-8 (byte {exc.start}); save as UTF-8")]
    text = text.removeprefix("\ufeff")
    return _parse(relative, text, hashlib.sha256(raw).hexdigest())


def _parse(path: str, text: str, file_hash: str) -> tuple[Document | None, list[Problem]]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None, [Problem(path, 1, "missing front matter: the file must start with '---'")]
    closing = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), None)
    if closing is None:
        return None, [Problem(path, 1, "front matter is not closed: add a '---' line after it")]
    meta, problems = _read_yaml(path, "\n".join(lines[1:closing]))
    if meta is None:
        return None, problems
    body = "\n".join(lines[closing + 1 :])
    problems += _validate(path, meta, lines, closing)
    if not _has_content(body):
        problems.append(Problem(path, closing + 2, "empty body: add at least one section of text"))
    if any(p.is_error for p in problems):
        return None, problems
    document = Document(
        path=path,
        title=str(meta["title"]).strip(),
        updated=_as_date(meta["updated"]),  # type: ignore[arg-type]
        owner=str(meta["owner"]).strip(),
        body=body,
        body_line=closing + 2,
        summary=_optional_str(meta.get("summary")),
        url=_optional_str(meta.get("url")),
        competitors=tuple(str(c).strip() for c in meta.get("competitors") or ()),
        tags=tuple(str(t).strip() for t in meta.get("tags") or ()),
        file_hash=file_hash,
    )
    return document, problems


def _read_yaml(path: str, source: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        meta = yaml.safe_load(source) if source.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        reason = getattr(exc, "problem", None) or "invalid YAML"
        return None, [Problem(path, line, f"malformed front matter: {reason}")]
    if not isinstance(meta, dict):
        return None, [Problem(path, 2, "malformed front matter: expected 'key: value' lines")]
    return meta, []


def _validate(path: str, meta: dict[str, Any], lines: list[str], closing: int) -> list[Problem]:
    def line_of(key: str) -> int:
        pattern = re.compile(rf"^\s*{re.escape(str(key))}\s*:")
        return next((i + 1 for i in range(1, closing) if pattern.match(lines[i])), 1)

    problems = []
    for key in REQUIRED_FIELDS:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(Problem(path, 1, f"missing required field '{key}'"))
    if meta.get("updated") is not None and _as_date(meta["updated"]) is None:
        message = f"bad date {meta['updated']!r} for 'updated': use YYYY-MM-DD"
        problems.append(Problem(path, line_of("updated"), message))
    for key in ("competitors", "tags"):
        value = meta.get(key)
        if value is not None and not (isinstance(value, list) and all(_scalar(v) for v in value)):
            problems.append(Problem(path, line_of(key), f"'{key}' must be a list, e.g. [a, b]"))
    url = meta.get("url")
    if url is not None and not (isinstance(url, str) and re.match(r"https?://\S+$", url)):
        problems.append(Problem(path, line_of("url"), f"bad url {url!r}: use http(s)://..."))
    for key in meta:
        if key not in KNOWN_FIELDS:
            message = f"unknown front-matter key '{key}' (ignored)"
            problems.append(Problem(path, line_of(key), message, "warning"))
    return problems


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and str(value).strip() != ""


def _optional_str(value: Any) -> str | None:
    return str(value).strip() if value is not None and str(value).strip() else None


def _has_content(body: str) -> bool:
    """True if the body has text beyond headings (a lone ``# Title`` is still empty)."""
    return any(ln.strip() and not ln.lstrip().startswith("#") for ln in body.splitlines())


def _key_line(file: Path, key: str) -> int:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    return next((i + 1 for i, ln in enumerate(lines) if pattern.match(ln)), 1)
