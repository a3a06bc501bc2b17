"""The signed-in screens in French, in a real browser at 360 px (issue 15): a facilitator whose browser
and profile say French signs in, looks at their meetings, changes a setting on Me, starts a group and
schedules its meetings on Host, and no English is left on screen at any step (what people typed
excepted); a form's error is in French too. And a member reading in English chooses French on Me:
it is saved to their profile and the app speaks it at once.

"No English left" is checked against the catalogs themselves: every English source text whose French
differs must not be on screen (text, and the names given to assistive technology), nor the common
English words no French sentence uses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 740}
CATALOGS = Path(__file__).resolve().parents[2] / "frontend" / "i18n"
# Words of English grammar that French never uses (whole words, case-sensitive on purpose: data aside).
ENGLISH_WORDS = ("the", "your", "you", "and", "with", "when", "this", "meeting", "meetings", "group", "groups",
                 "Save", "Sign", "Your", "You", "The", "This", "Back", "Cancel", "Change", "week", "Every",
                 "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Text a page shows: visible text nodes (not the options of a closed list, only the chosen one), and
# the names given to assistive technology (aria-label, title, placeholder).
SHOWN_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, option, datalist, noscript, [hidden]")) continue;
    if (!parent.checkVisibility({ visibilityProperty: true }) && !parent.closest("details")) continue;
    parts.push(node.textContent);
  }
  for (const select of document.querySelectorAll("select")) {
    if (select.selectedOptions[0]) parts.push(select.selectedOptions[0].textContent);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
    for (const name of ["aria-label", "title", "placeholder"]) {
      if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join("\\n");
}"""


def english_sources(language: str = "fr") -> list[str]:
    """The English texts of every catalog whose translation differs, cut at their {placeholders}
    (the parts around a placeholder are what can show), keeping parts long enough to mean something."""
    fragments: set[str] = set()
    for path in (CATALOGS / language).glob("*.json"):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            translations = value.values() if isinstance(value, dict) else [value]
            if key in translations:
                continue
            for part in re.split(r"\{\w+\}", key):
                part = part.strip(" .,:;·()“”")
                if len(part) >= 4 and re.search(r"[A-Za-z]{3}", part) and part not in translations:
                    fragments.add(part)
    return sorted(fragments, key=len, reverse=True)


ENGLISH = english_sources()


def english_left(page: Any, data: tuple[str, ...]) -> list[str]:
    """The English on screen, once what people typed or named (data) is taken out."""
    text = page.evaluate(SHOWN_TEXT)
    for typed in sorted(data, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", " ", text)
    found = [source for source in ENGLISH if re.search(rf"(?<![\w']){re.escape(source)}(?![\w'])", text)]
    found += [word for word in ENGLISH_WORDS if re.search(rf"(?<![\w'-]){word}(?![\w'-])", text)]
    return found


def only_french(page: Any, data: tuple[str, ...]) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang").startswith("fr")
    assert english_left(page, data) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "runs off at 360 px"
    assert page.errors == []


def french_page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=NARROW, base_url=live_server.url, timezone_id="Europe/Paris",
                                  locale="fr-FR", service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def page_fr(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    yield from french_page(browser, live_server)


def test_a_french_facilitator_signs_in_changes_a_setting_starts_a_group_and_schedules_it_all_in_french(
        page_fr: Any, demo: dict[str, Any]) -> None:
    from kindred.groups.models import Group

    page = page_fr
    facilitator = demo["facilitator"]
    facilitator.language = "fr"
    facilitator.save(update_fields=["language"])
    typed = ("Marcheurs du dimanche", "On marche et on parle, doucement.", "marche, solitude", "Lyon",
             "On avance au rythme du plus lent.", "Marche du dimanche",
             "pas une langue !")
    demo_data = ("Kindred", "Robin", "Sam", "Ari", "Grief circle", "Carers evening", "Tuesday circle", "Carers' cuppa",
                 "facilitator@kindred.test", "Europe/Paris", "Europe/Berlin", "Europe/London")
    data = typed + demo_data

    page.goto("/#/login")
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    only_french(page, data)
    page.get_by_label("Adresse e-mail").fill("facilitator@kindred.test")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", name="Mes réunions")).to_be_visible()
    expect(page.get_by_role("heading", name="Mes groupes")).to_be_visible()
    expect(page.locator(".week h3").first).to_be_visible()
    only_french(page, data)

    page.goto("/#/me")
    expect(page.get_by_role("heading", name="Bonjour, Robin")).to_be_visible()
    only_french(page, data)
    profile = page.locator("form", has=page.get_by_label("Votre nom"))
    profile.get_by_label("Pronoms (facultatif)").fill("iel")
    profile.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Enregistré.", exact=True)).to_be_visible()
    only_french(page, data)
    erase = page.locator("form", has=page.get_by_role("button", name="Effacer mon compte"))
    erase.get_by_label("Votre mot de passe").fill(PASSWORD)
    erase.get_by_role("button", name="Effacer mon compte").click()  # the box is not ticked: a form error
    expect(erase.locator("#erase-confirm-error")).to_have_text("Veuillez cocher la case pour confirmer.")
    only_french(page, data)

    page.goto("/#/host")
    expect(page.get_by_role("heading", name="Animer", exact=True)).to_be_visible()
    only_french(page, data)
    form = page.locator("form", has=page.get_by_role("button", name="Lancer le groupe"))
    form.get_by_label("Nom du groupe").fill("Marcheurs du dimanche")
    form.get_by_label("De quoi parle le groupe").fill("On marche et on parle, doucement.")
    form.get_by_label("Thèmes").fill("marche, solitude")
    form.get_by_label("Langues").fill("pas une langue !")
    form.get_by_label("Format", exact=True).select_option("in_person")
    form.get_by_label("Ville").fill("Lyon")
    form.get_by_label("Code pays").fill("FR")
    form.get_by_label("Règles du groupe").fill("On avance au rythme du plus lent.")
    form.get_by_role("button", name="Lancer le groupe").click()  # the API refuses the languages: its error, in French
    expect(form.get_by_label("Langues")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#g-languages-error")).to_be_visible()
    only_french(page, data)
    form.get_by_label("Langues").fill("fr")
    form.get_by_role("button", name="Lancer le groupe").click()
    expect(page.get_by_role("heading", name="Animer Marcheurs du dimanche")).to_be_visible()
    only_french(page, data)

    schedule = page.locator("form", has=page.get_by_role("button", name="Programmer", exact=True))
    schedule.get_by_label("Titre").fill("Marche du dimanche")
    schedule.get_by_label("Chaque semaine (ou toutes les quelques semaines)").check()
    schedule.get_by_label("Ou combien de réunions (facultatif)").fill("3")
    schedule.get_by_role("button", name="Programmer", exact=True).click()  # no day chosen: a form error
    expect(schedule.get_by_role("alert")).to_be_visible()
    expect(schedule.locator("#s-day-MO").locator("xpath=ancestor::fieldset[1]"))\
        .to_contain_text("Choisissez le ou les jours de réunion.")
    only_french(page, data)
    schedule.locator("#s-day-SU").check()
    schedule.get_by_role("button", name="Programmer", exact=True).click()
    expect(page.get_by_text("C’est programmé. Les membres peuvent maintenant voir les réunions.")).to_be_visible()
    expect(page.locator("#upcoming-title + ul .meeting")).to_have_count(3)
    expect(page.locator("#series-title ~ ul .meta").first).to_contain_text("Chaque semaine, le")
    only_french(page, data)
    assert Group.objects.filter(name="Marcheurs du dimanche", languages=["fr"]).exists()


def test_choosing_french_on_me_saves_it_to_the_profile_and_the_app_speaks_it(page: Any, demo: dict[str, Any]) -> None:
    from tests.e2e.conftest import sign_in

    sign_in(page, "member@kindred.test")  # an English browser
    page.goto("/#/me")
    expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()
    language = page.locator("#me-language")  # Me's own setting (the header has the quick switcher)
    expect(language.locator("option[value='']")).to_have_text("Same as my browser")
    language.select_option("fr")
    page.get_by_role("button", name="Save language").click()
    expect(page.get_by_role("heading", name="Bonjour, Sam")).to_be_visible()  # the page came back in French
    assert page.evaluate("document.documentElement.lang").startswith("fr")
    demo["member"].refresh_from_db()
    assert demo["member"].language == "fr"
    expect(page.locator("#me-language")).to_have_value("fr")
    expect(page.get_by_text("Langue", exact=True).first).to_be_visible()
    only_french(page, ("Kindred", "Sam", "member@kindred.test", "Europe/London", "Grief circle"))
