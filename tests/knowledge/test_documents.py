"""Loading and validation: every problem as ``path:line: message``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.knowledge.documents import load_document, load_folder

GOOD = """---
title: A page
updated: 2026-05-01
owner: ed@example.com
competitors: [Northwind]
url: https://example.com/a
---
# A page

## Section
Some text.
"""


def make(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(root: Path, name: str, text: str | bytes) -> list[str]:
    _document, problems = load_document(root, make(root, name, text))
    return [str(p) for p in problems]


def test_valid_document_in_a_subfolder(tmp_path: Path) -> None:
    document, problems = load_document(tmp_path, make(tmp_path, "sub/a.md", GOOD))
    assert problems == []
    assert document is not None
    assert document.path == "sub/a.md"
    assert document.updated == dt.date(2026, 5, 1)
    assert document.competitors == ("Northwind",)
    assert document.url == "https://example.com/a"
    assert document.body_line == 8


def test_missing_front_matter(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "a.md", "# Title\n\ntext\n") == [
        "a.md:1: missing front matter: the file must start with '---'"
    ]


def test_unclosed_front_matter(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "a.md", "---\ntitle: x\n\n# T\ntext\n") == [
        "a.md:1: front matter is not closed: add a '---' line after it"
    ]


def test_malformed_yaml_points_at_the_line(tmp_path: Path) -> None:
    text = GOOD.replace("owner: ed@example.com", "owner: [unclosed")
    (problem,) = problems_of(tmp_path, "a.md", text)
    assert problem.startswith("a.md:") and "malformed front matter" in problem
    assert int(problem.split(":")[1]) in (4, 5)  # the owner line or the one after it


@pytest.mark.parametrize("field", ["title", "updated", "owner"])
def test_missing_required_field(tmp_path: Path, field: str) -> None:
    lines = [ln for ln in GOOD.splitlines() if not ln.startswith(f"{field}:")]
    assert f"a.md:1: missing required field '{field}'" in problems_of(
        tmp_path, "a.md", "\n".join(lines)
    )


def test_bad_date_points_at_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("updated: 2026-05-01", "updated: 14/09/2026")
    assert problems_of(tmp_path, "a.md", text) == [
        "a.md:3: bad date '14/09/2026' for 'updated': use YYYY-MM-DD"
    ]


def test_empty_body(tmp_path: Path) -> None:
    text = GOOD.split("# A page")[0] + "# A page\n\n"
    assert problems_of(tmp_path, "a.md", text) == [
        "a.md:8: empty body: add at least one section of text"
    ]


def test_non_utf8_reports_the_line(tmp_path: Path) -> None:
    raw = GOOD.encode().replace(b"Some text.", b"Caf\xe9 text.")
    (problem,) = problems_of(tmp_path, "a.md", raw)
    assert problem.startswith("a.md:11: not valid UTF-8")


def test_unknown_key_is_only_a_warning(tmp_path: Path) -> None:
    text = GOOD.replace("owner:", "colour: blue\nowner:")
    document, problems = load_document(tmp_path, make(tmp_path, "a.md", text))
    assert document is not None
    assert [str(p) for p in problems] == [
        "a.md:4: warning: unknown front-matter key 'colour' (ignored)"
    ]


def test_list_fields_must_be_lists(tmp_path: Path) -> None:
    text = GOOD.replace("competitors: [Northwind]", "competitors: Northwind")
    assert problems_of(tmp_path, "a.md", text) == [
        "a.md:5: 'competitors' must be a list, e.g. [a, b]"
    ]


def test_folder_skips_broken_files_and_duplicate_titles(tmp_path: Path) -> None:
    make(tmp_path, "a.md", GOOD)
    make(tmp_path, "b/dup.md", GOOD)
    make(tmp_path, "broken.md", "no front matter")
    make(tmp_path, ".hidden/x.md", "ignored entirely")
    result = load_folder(tmp_path)
    assert [d.path for d in result.documents] == ["a.md"]
    assert result.broken == {"b/dup.md", "broken.md"}
    messages = [str(p) for p in result.problems]
    assert "b/dup.md:2: duplicate title 'A page' (already used by a.md)" in messages
    assert any(m.startswith("broken.md:1:") for m in messages)


def test_missing_folder_is_empty_not_an_error(tmp_path: Path) -> None:
    result = load_folder(tmp_path / "nowhere")
    assert result.documents == [] and result.problems == []
