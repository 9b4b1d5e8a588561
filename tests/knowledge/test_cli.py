"""``bot kb``: the commands editors and other tools script against."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.kb import app
from bot.config import get_settings

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_check_passes_on_good_content(mini_dir: Path) -> None:
    result = run("check", "--knowledge", str(mini_dir))
    assert result.exit_code == 0, result.output
    assert "3 documents OK" in result.output


def test_check_fails_with_path_line_messages(mini_dir: Path) -> None:
    (mini_dir / "compare" / "broken.md").write_text("---\ntitle: Broken\n---\nText\n")
    result = run("check", "--knowledge", str(mini_dir))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "compare/broken.md:1: missing required field 'updated'" in lines
    assert "compare/broken.md:1: missing required field 'owner'" in lines


def test_check_on_empty_folder_says_so(tmp_path: Path) -> None:
    result = run("check", "--knowledge", str(tmp_path))
    assert result.exit_code == 1
    assert "No knowledge files" in result.output


def test_build_then_ask_json_then_stats(mini_dir: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    first = run("build", "--knowledge", str(mini_dir), "--index", index)
    assert first.exit_code == 0, first.output
    assert "6 chunks from 3 documents; 6 embedded, 0 reused" in first.output
    again = run("build", "--knowledge", str(mini_dir), "--index", index)
    assert "0 embedded, 6 reused (index already up to date)" in again.output

    asked = run(
        "ask",
        "Can I get a refund?",
        "--knowledge",
        str(mini_dir),
        "--index",
        index,
        "-k",
        "2",
        "--json",
    )
    assert asked.exit_code == 0, asked.output
    hits = json.loads(asked.stdout)
    assert len(hits) == 2
    assert {"path", "heading", "text", "score", "url"} <= set(hits[0])
    assert hits[0]["path"] == "pricing.md" and hits[0]["heading"] == "Refunds"
    # The confidence the assistant decides on is in the JSON: a question the pages answer is
    # confident, an off-topic one is not.
    assert hits[0]["confidence"] >= get_settings().min_answer_confidence
    off_topic = run(
        "ask",
        "who won the cycling race in France",
        "--knowledge",
        str(mini_dir),
        "--index",
        index,
        "--json",
    )
    assert json.loads(off_topic.stdout)[0]["confidence"] < get_settings().min_answer_confidence

    stats = run("stats", "--knowledge", str(mini_dir), "--index", index)
    assert stats.exit_code == 0, stats.output
    assert "Documents" in stats.output and "Stale" in stats.output
    assert "stale: security.md (updated 2024-01-15" in stats.output
    assert "owner: prices@widgetry.example — 2 document(s)" in stats.output


def test_build_reports_broken_file_and_empty_folder(mini_dir: Path, tmp_path: Path) -> None:
    (mini_dir / "bad.md").write_bytes(
        b"---\ntitle: Bad\nupdated: 2026-01-01\nowner: a@b\n---\n\xff\n"
    )
    result = run("build", "--knowledge", str(mini_dir), "--index", str(tmp_path / "i"))
    assert result.exit_code == 0
    assert "bad.md:6: not valid UTF-8" in result.output
    assert "Skipped (last good version kept if any): bad.md" in result.output

    empty = run("build", "--knowledge", str(tmp_path / "none"), "--index", str(tmp_path / "j"))
    assert empty.exit_code == 1
    assert "No content" in empty.output
