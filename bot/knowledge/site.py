"""``site.yml``: what the assistant must know about the site itself, kept by the editors.

The product's name (comparison questions are searched as "<product> vs <competitor>"), its
plan names ("and on the Free plan?" after a question about Enterprise asks that question about
Free) and the synonyms buyers use for the pages' terms ("SSO" for "single sign-on", "BYOK" for
"customer-managed encryption key"). Competitor names come from each page's front matter. The
file is optional; another vendor's folder works with its own file and no code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from bot.knowledge.documents import Problem
from bot.knowledge.lexical import tokenize

SITE_FILE = "site.yml"
KNOWN_KEYS = frozenset({"product", "plans", "synonyms"})


@dataclass(frozen=True)
class Site:
    """The site file's content (empty when there is none)."""

    product: str | None = None
    plans: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @cached_property
    def product_terms(self) -> frozenset[str]:
        """The product's name as search tokens, worked out once per site file (searches use
        it to leave the name out of the shared-word score)."""
        return frozenset(tokenize(self.product or ""))

    def expand(self, query: str) -> str:
        """``query`` plus the other names of every synonym it uses, so search and sentence
        choice see "single sign-on" when the buyer typed "SSO"."""
        extra: list[str] = []
        for group in self.synonyms:
            if any(_mentions(query, term) for term in group):
                extra += [t for t in group if not _mentions(query, t) and t not in extra]
        return f"{query} ({', '.join(extra)})" if extra else query

    def has_synonym(self, word: str) -> bool:
        """Whether ``word`` is one of the names the site file lists."""
        return any(word.lower() == term.lower() for group in self.synonyms for term in group)


def _mentions(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def load_site(root: Path) -> tuple[Site, list[Problem]]:
    """The site file under ``root`` and its problems (``path:line``); an invalid file gives
    an empty ``Site`` so answering goes on without it."""
    path = root / SITE_FILE
    if not path.is_file():
        return Site(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return Site(), [Problem(SITE_FILE, line, f"not valid YAML: {error}")]
    if not isinstance(data, dict):
        return Site(), [Problem(SITE_FILE, 1, "must be a mapping with 'product' and 'synonyms'")]
    problems = [
        Problem(SITE_FILE, _line_of(path, key), f"unknown key {key!r}", "warning")
        for key in data
        if key not in KNOWN_KEYS
    ]
    product = data.get("product")
    if product is not None and not isinstance(product, str):
        problems.append(Problem(SITE_FILE, _line_of(path, "product"), "'product' must be text"))
        product = None
    plans = data.get("plans") or []
    if not isinstance(plans, list) or not all(isinstance(p, str) and p.strip() for p in plans):
        problems.append(
            Problem(SITE_FILE, _line_of(path, "plans"), "'plans' must be a list of names")
        )
        plans = []
    groups = []
    for index, group in enumerate(data.get("synonyms") or []):
        if (
            not isinstance(group, list)
            or len(group) < 2
            or not all(isinstance(t, str) for t in group)
        ):
            line = _line_of(path, "synonyms") + index + 1
            problems.append(
                Problem(SITE_FILE, line, "each synonym entry must be a list of two or more names")
            )
            continue
        groups.append(tuple(t.strip() for t in group))
    site = Site(product=product, plans=tuple(p.strip() for p in plans), synonyms=tuple(groups))
    return site, problems


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1
