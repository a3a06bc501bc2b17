"""The PWA's catalogs (frontend/i18n/<lang>/<part>.json) hold every word the app says: Spanish and
French completely (a missing key fails, naming it), Arabic as far as it goes (what it lacks is listed,
each missing word falls back to English). Plain tests: no browser, no database."""

from __future__ import annotations

import json
import re
import warnings

import pytest

from tests.frontend.catalogs import CATALOGS, LANGUAGES_TO_COMPLETE, PARTIAL_LANGUAGES, missing, wanted

PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
PLACEHOLDER = re.compile(r"\{\w+\}")


def test_the_source_says_words_the_test_can_find() -> None:
    """A regression guard for the extraction itself: the start-up screens' words are found."""
    app = wanted()["app"]
    assert "Find a group" in app and "Leave this group" in app and "Skip to content" in app
    assert app["{n} groups"] is True and app["Need help now?"] is False
    assert "If you are in danger now, call your local emergency number: {eu} in Europe and many other countries, " \
           "{uk} in the UK, {us} in the US and Canada, {au} in Australia." in app  # the page shell's own words


@pytest.mark.parametrize("language", LANGUAGES_TO_COMPLETE)
def test_every_word_of_the_app_is_translated(language: str) -> None:
    gaps = missing(language)
    assert not gaps, f"frontend/i18n/{language}/ lacks these keys (by part):\n" + json.dumps(
        gaps, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("language", PARTIAL_LANGUAGES)
def test_what_a_partial_language_lacks_is_listed(language: str) -> None:
    gaps = missing(language)
    if gaps:  # not a failure: each missing key shows in English
        warnings.warn(f"frontend/i18n/{language}/ falls back to English for: "
                      + json.dumps(gaps, ensure_ascii=False), stacklevel=1)
    assert not missing(language).get("app", [])  # the journeys find, group, join, RSVP, leave and help are whole


def _catalog_files() -> list:  # type: ignore[type-arg]
    return sorted(CATALOGS.glob("*/*.json"))


@pytest.mark.parametrize("path", _catalog_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_catalog_is_flat_sorted_json_whose_translations_keep_the_placeholders(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    entries = json.loads(text)
    assert text == json.dumps(entries, ensure_ascii=False, indent=2, sort_keys=True) + "\n", \
        "write catalogs sorted, 2-space indented, UTF-8, one key per line"
    for key, value in entries.items():
        forms = value if isinstance(value, dict) else {"other": value}
        assert forms and set(forms) <= PLURAL_CATEGORIES and forms.get("other"), (key, value)
        allowed = set(PLACEHOLDER.findall(key)) | ({"{n}"} if isinstance(value, dict) else set())
        for form in forms.values():
            assert isinstance(form, str) and set(PLACEHOLDER.findall(form)) <= allowed, (key, form)
