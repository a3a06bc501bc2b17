"""The page shell (kindred/meta/shell.py) in the page's language: <html lang dir>, the chrome and the
first screen from the PWA's own catalogs, the switcher's choices and the footer's crisis lines."""

from __future__ import annotations

import pytest

from kindred.meta.shell import Words, crisis_lines, pseudo_text, site_help, viewer_country
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

LINES = {"crisis_lines": [
    {"country": "ES", "country_name": "España", "name": "Línea 024", "phone": "024", "languages": ["es"], "hours": ""},
    {"country": "GB", "country_name": "Reino Unido", "name": "Samaritans", "phone": "116 123", "languages": ["en"],
     "hours": "24 h"},
    {"country": "MX", "country_name": "México", "name": "Línea de la Vida", "phone": "800 911 2000",
     "languages": ["es"], "hours": "24 h"},
]}


def test_a_spanish_browser_gets_the_whole_page_in_spanish(client) -> None:  # type: ignore[no-untyped-def]
    GroupFactory(slug="circle", name="Circle", join_policy="approval")
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="es" dir="ltr">' in html
    for words in ("Saltar al contenido", 'aria-label="Principal"', "Mis reuniones", "Buscar un grupo",
                  "1 grupo", "Quienes facilitan dan la bienvenida", "¿Necesitas ayuda ahora?",
                  '<a href="tel:999">999</a> en el Reino Unido', "Apoyo entre pares, no un servicio de crisis"):
        assert words in html, words
    for english in ("Skip to content", "My meetings", "Find a group", "1 group<", "in the UK"):
        assert english not in html, english
    assert '<option value="es" lang="es" selected>Español</option>' in html
    assert '<a href="#/groups/circle">Circle</a>' in html  # what people typed stays as typed
    assert '<link rel="preload" href="/i18n/es/app.json?v=8" as="fetch" crossorigin>' in html  # with the modules


def test_arabic_is_written_right_to_left(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in html and "انتقل إلى المحتوى" in html


def test_the_switchers_cookie_wins_over_the_browser(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "fr"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="fr" dir="ltr">' in html and "Trouver un groupe" in html


def test_english_keeps_the_words_it_had(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<html lang="en" dir="ltr">' in html and "Skip to content" in html and "No groups match yet" in html
    assert "/i18n/" not in html  # English needs no catalog
    assert ('If you are in danger now, call your local emergency number: <a href="tel:112">112</a> in Europe and '
            'many other countries, <a href="tel:999">999</a> in the UK') in html
    assert '<a href="https://findahelpline.com" rel="noopener noreferrer" translate="no">findahelpline.com</a>.' in html


def test_the_pseudo_locale_accents_the_chrome_for_the_tests_that_ask(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies["kindred-pseudo"] = "1"
    html = client.get("/").content.decode()
    assert '<html lang="en-XA" dir="ltr">' in html and pseudo_text("Skip to content") in html
    assert ">Kindred<" in html  # the brand is not a word of the catalog
    assert pseudo_text("Find a group") == "⟦Ƒîîñð åå ĝŕööûûþ⟧"


def test_crisis_lines_for_the_viewers_country_first_then_in_the_language() -> None:
    assert [line["country"] for line in crisis_lines(LINES, "es", "MX")] == ["MX", "ES"]
    assert [line["country"] for line in crisis_lines(LINES, "en", "GB")] == ["GB"]
    html = str(site_help(LINES, Words("es", "ltr"), "MX"))
    assert ('<span translate="no">Línea de la Vida</span> (México): '
            '<a href="tel:8009112000">800 911 2000</a> · 24 h') in html
    assert html.index("México") < html.index("España")


def test_a_words_placeholders_take_html_and_its_text_is_escaped() -> None:
    words = Words("en", "ltr")
    assert str(words.html("Back to {group}", group="<b>")) == "Back to &lt;b&gt;"


def test_the_viewers_country_comes_from_the_browsers_languages(rf) -> None:  # type: ignore[no-untyped-def]
    assert viewer_country(rf.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,es-MX;q=0.8"), "es") == "MX"
    assert viewer_country(rf.get("/", HTTP_ACCEPT_LANGUAGE="fr,en-US;q=0.5"), "fr") == "US"
    assert viewer_country(rf.get("/", HTTP_ACCEPT_LANGUAGE="fr"), "fr") == ""
