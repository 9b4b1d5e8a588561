"""The editors' site file: synonyms widen the search, a broken file is reported by line."""

from pathlib import Path

from bot.knowledge.site import Site, load_site


def test_synonyms_add_the_other_names_a_buyer_did_not_type() -> None:
    site = Site(synonyms=(("SSO", "single sign-on", "SAML"),))
    assert site.expand("do you do SSO?") == "do you do SSO? (single sign-on, SAML)"
    assert site.expand("what does it cost?") == "what does it cost?"
    assert site.has_synonym("sso")


def test_a_broken_site_file_is_reported_with_its_line_and_ignored(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("product: Acme\nsynonyms:\n  - [SSO, single sign-on\n")
    site, problems = load_site(tmp_path)
    assert site == Site()
    assert problems and problems[0].path == "site.yml" and problems[0].line >= 3
    assert "not valid YAML" in problems[0].message


def test_a_malformed_entry_is_named_and_the_rest_kept(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text(
        "product: Acme\nsynonyms:\n  - [SSO, single sign-on]\n  - just one\n"
    )
    site, problems = load_site(tmp_path)
    assert site.product == "Acme" and site.synonyms == (("SSO", "single sign-on"),)
    assert [p.line for p in problems] == [4]


def test_the_assistant_searches_with_synonyms(sample_kb) -> None:
    hits = sample_kb.search("do you offer BYOK?", k=3)
    assert any("customer-managed encryption key" in h.text for h in hits)
    assert sample_kb.unknown_terms("do you offer BYOK?") == []


def test_a_prefetched_question_is_embedded_as_the_search_embeds_it(sample_kb, monkeypatch) -> None:
    prefetched: list[str] = []
    searched: list[str] = []
    encode = sample_kb.embedder.encode_query
    monkeypatch.setattr(sample_kb.embedder, "prefetch_query", prefetched.append)
    monkeypatch.setattr(
        sample_kb.embedder, "encode_query", lambda text: searched.append(text) or encode(text)
    )
    sample_kb.prefetch_query("do you offer BYOK?")
    sample_kb.search("do you offer BYOK?", k=3)
    assert prefetched == searched[:1]
    assert "customer-managed encryption key" in prefetched[0]  # the synonyms, as search adds them


def test_plan_names_are_read_and_a_bad_list_is_named_by_line(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("product: Acme\nplans: [Free, Pro]\n")
    assert load_site(tmp_path)[0].plans == ("Free", "Pro")
    (tmp_path / "site.yml").write_text("product: Acme\nplans: Pro\n")
    site, problems = load_site(tmp_path)
    assert site.plans == () and site.product == "Acme"
    assert [(p.line, p.message) for p in problems] == [(2, "'plans' must be a list of names")]
