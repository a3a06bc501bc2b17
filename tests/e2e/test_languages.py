"""The PWA in the languages its groups meet in (issue 15), at 360 px: a Spanish journey with no English
left on screen, the pseudo-locale over every screen (every visible word through the catalog, nothing
cut off or sideways), Arabic right to left, axe in Spanish and Arabic, and the language switcher."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.factories import PASSWORD, UserFactory
from tests.frontend.catalogs import JS, catalog

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 640}
AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                   "best-practice"]}}
NO_SIDEWAYS_SCROLLING = "document.documentElement.scrollWidth <= window.innerWidth"


def phone_page(browser: Any, live_server: Any, locale: str, *, pseudo: bool = False) -> Any:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale=locale,
                                  timezone_id="Europe/Madrid")
    context.set_default_timeout(15_000)
    if pseudo:  # the page shell reads the cookie, i18n.js the page's lang (and localStorage)
        context.add_cookies([{"name": "kindred-pseudo", "value": "1", "url": live_server.url}])
        context.add_init_script("localStorage.setItem('kindred-pseudo', '1')")
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    return page


def sign_in_quietly(page: Any, email: str) -> None:
    """Signed in through the API (the sign-in screen is not what these tests are about), then the app
    started again so it asks who is signed in."""
    page.goto("/")
    token = page.request.get("/api/v1/auth/csrf/").json()["csrf_token"]
    answer = page.request.post("/api/v1/auth/login/", data={"email": email, "password": PASSWORD},
                               headers={"X-CSRFToken": token})
    assert answer.ok, answer.text()
    page.evaluate("localStorage.setItem('kindred.signedIn', '1')")


LOADS = iter(range(1, 10_000))


def show(page: Any, address: str) -> None:
    """A new start of the app at ``address``, whoever is signed in now: the page is asked for at a new
    address each time, so every screen is a whole first load of the page in its language."""
    page.goto(f"/?load={next(LOADS)}{address.removeprefix('/')}")
    page.locator("#page-title").wait_for()
    page.wait_for_load_state("networkidle")


def english_left(page: Any, language: str) -> list[str]:
    """English words of the app's catalog still on screen (each source text of two words or more, cut
    at its placeholders), when the language says them otherwise."""
    text = " ".join(page.inner_text("body").split())
    left = []
    for key, value in catalog(language, "app").items():
        if key in (value.values() if isinstance(value, dict) else [value]):
            continue  # the same words in both languages ("{title} · Kindred")
        for fragment in re.split(r"\{\w+\}", key):
            fragment = fragment.strip(" .,:;()?")
            if len(fragment.split()) >= 2 and fragment in text:
                left.append(fragment)
    return left


def test_a_spanish_visitor_finds_joins_answers_and_leaves_with_no_english_on_screen(browser: Any, live_server: Any,
                                                                                    demo: dict[str, Any]) -> None:
    UserFactory(email="lu@example.org", display_name="Lu")
    page = phone_page(browser, live_server, "es-ES")
    sign_in_quietly(page, "lu@example.org")
    show(page, "/#/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Buscar un grupo", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="2 grupos")).to_be_visible()
    expect(page.get_by_role("link", name="Yo", exact=True)).to_be_visible()
    assert english_left(page, "es") == []

    page.get_by_role("link", name="Grief circle").click()
    expect(page.get_by_role("heading", name="Próximas reuniones")).to_be_visible()
    assert english_left(page, "es") == []
    page.get_by_label("He leído los acuerdos del grupo").check()
    page.get_by_role("button", name="Unirme a este grupo").click()
    expect(page.get_by_text("Te damos la bienvenida a Grief circle.")).to_be_visible()
    expect(page.get_by_text("Eres miembro de este grupo.")).to_be_visible()

    page.locator('.rsvp button[data-status="going"]').first.click()  # the one place is taken
    expect(page.get_by_text("estás en la lista de espera (1.º)")).to_be_visible()
    assert english_left(page, "es") == []

    page.get_by_role("button", name="Salir de este grupo").click()
    expect(page.locator("#leave-confirm")).to_contain_text("No se avisa a nadie")
    page.get_by_role("button", name="Sí, salir de Grief circle").click()
    expect(page.get_by_text("Has salido de Grief circle.")).to_be_visible()
    assert english_left(page, "es") == []
    assert page.evaluate(NO_SIDEWAYS_SCROLLING)
    assert page.errors == []
    page.context.close()


# Every screen the suite reaches: (address, who is signed in, the module that draws it).
SCREENS = [
    ("/#/", None, "screens/find.js"),
    ("/#/?topic=grief&format=online", None, "screens/find.js"),
    ("/#/groups/carers-evening", None, "screens/group.js"),
    ("/#/help?group=grief-circle", None, "screens/help.js"),
    ("/#/help", None, "screens/help.js"),
    ("/#/nowhere", None, "router.js"),
    ("/#/login", None, "screens/auth.js"),
    ("/#/register", None, "screens/auth.js"),
    ("/#/check-email", None, "screens/account.js"),
    ("/#/forgot", None, "screens/account.js"),
    ("/#/reset?token=from-the-email", None, "screens/account.js"),
    ("/#/groups/grief-circle", "member@kindred.test", "screens/group.js"),
    ("/#/meetings", "member@kindred.test", "screens/meetings.js"),
    ("/#/me", "member@kindred.test", "screens/me.js"),
    ("/#/me/security", "member@kindred.test", "screens/account.js"),
    ("/#/me/developers", "member@kindred.test", "screens/account.js"),
    ("/#/concern?group=grief-circle", "member@kindred.test", "screens/concern.js"),
    ("/#/groups/grief-circle", "facilitator@kindred.test", "screens/group.js"),
    ("/#/host", "facilitator@kindred.test", "screens/host.js"),
    ("/#/host/grief-circle", "facilitator@kindred.test", "screens/host.js"),
]

# Visible text nodes with letters that did not come through the catalog (or the browser's Intl, or
# the server's vocabulary, both accented in the pseudo-locale). Exempt: what people typed (given),
# text declared in another language (the switcher's names) or not to be translated (the brand).
UNLOCALISED = """(typed) => {
  const root = document.documentElement;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!element || element.closest('script, style, noscript, [translate="no"]')) continue;
    const declared = element.closest("[lang]");
    if (declared && declared !== root && declared.lang !== root.lang) continue;
    if (!element.checkVisibility({ visibilityProperty: true })) continue;
    let text = node.textContent;
    while (/⟦[^⟦⟧]*⟧/.test(text)) text = text.replace(/⟦[^⟦⟧]*⟧/g, " ");
    for (const words of typed) text = text.split(words).join(" ");
    if (/[A-Za-z]{2,}/.test(text)) found.push(node.textContent.trim());
  }
  return found;
}"""


def typed_by_people() -> list[str]:
    from django.contrib.auth import get_user_model

    from kindred.groups.models import Group, Membership
    from kindred.meetings.models import MeetingSeries

    words: set[str] = set()
    for group in Group.objects.all():
        words.update([group.name, group.description, group.city, group.region, group.country, group.address,
                      group.agreements, group.support_resources, *group.topics, *(group.languages or [])])
    words.update(MeetingSeries.objects.values_list("title", flat=True))
    words.update(Membership.objects.values_list("display_name", flat=True))
    for user in get_user_model().objects.all():
        words.update([user.display_name, user.email])
    # Typed text is drawn with its addresses and phone numbers as links: its pieces between them too.
    pieces = {piece.strip() for text in words if text for piece in re.split(r"https?://\S+|\+?\d[\d -]*\d", text)}
    return sorted((w for w in words | pieces if w and len(w) > 1), key=len, reverse=True)


def translated(module: str) -> bool:
    return "kindred/i18n.js" in (JS / module).read_text(encoding="utf-8")


def test_the_pseudo_locale_finds_no_word_outside_the_catalog_and_nothing_cut_off(browser: Any, live_server: Any,
                                                                                demo: dict[str, Any]) -> None:
    page = phone_page(browser, live_server, "en-GB", pseudo=True)
    typed = typed_by_people()
    who = None
    problems: dict[str, list[str]] = {}
    not_yet = []
    for address, person, module in SCREENS:
        if not translated(module):
            not_yet.append(address)  # a screen not yet through the catalog (its own branch does it)
            continue
        if person != who:
            page.context.clear_cookies()
            page.context.add_cookies([{"name": "kindred-pseudo", "value": "1", "url": live_server.url}])
            if person:
                sign_in_quietly(page, person)
            else:
                page.evaluate("localStorage.removeItem('kindred.signedIn')")
            who = person
        show(page, address)
        expect(page.locator("html")).to_have_attribute("lang", "en-XA")
        page.evaluate("document.querySelectorAll('main details').forEach((folded) => { folded.open = true; })")
        page.wait_for_load_state("networkidle")  # filters and other folded parts are screens too
        found = page.evaluate(UNLOCALISED, typed)
        if not page.evaluate(NO_SIDEWAYS_SCROLLING):
            found.append(f"wider than the screen: {page.evaluate('document.documentElement.scrollWidth')} px")
        if found:
            problems[f"{address} ({person or 'visitor'})"] = found
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "pseudo-locale.png"))
    assert problems == {}, problems
    assert len(not_yet) < len(SCREENS) and page.errors == []
    page.context.close()


@pytest.mark.parametrize("address", ["/#/", "/#/groups/grief-circle", "/#/help?group=grief-circle", "/#/me"])
def test_arabic_reads_right_to_left_with_nothing_sideways_at_360px(browser: Any, live_server: Any,
                                                                  demo: dict[str, Any], address: str) -> None:
    page = phone_page(browser, live_server, "ar")
    sign_in_quietly(page, "member@kindred.test")
    show(page, address)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # The heading's words start at the right-hand edge (its box spans the width either way).
    words = page.evaluate("""() => { const range = document.createRange();
      range.selectNodeContents(document.getElementById("page-title")); return range.getBoundingClientRect(); }""")
    assert words["right"] > PHONE["width"] - 40 and words["left"] > 0
    assert page.evaluate(NO_SIDEWAYS_SCROLLING), page.evaluate("document.documentElement.scrollWidth")
    if address == "/#/":
        page.screenshot(path=str(SCREENSHOTS / "find-ar.png"))
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["es-ES", "ar"])
def test_axe_finds_no_violations_in_spanish_and_arabic(browser: Any, live_server: Any, demo: dict[str, Any],
                                                       language: str) -> None:
    page = phone_page(browser, live_server, language)
    sign_in_quietly(page, "member@kindred.test")
    for address in ("/#/", "/#/groups/grief-circle", "/#/help?group=grief-circle"):
        show(page, address)
        expect(page.locator("html")).to_have_attribute("lang", language.split("-")[0])
        results = Axe().run(page, options=AXE_TAGS)
        assert results.violations_count == 0, (address, results.generate_report())
    page.context.close()


def test_the_switcher_changes_the_language_and_a_members_choice_is_kept(browser: Any, live_server: Any,
                                                                        demo: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model

    page = phone_page(browser, live_server, "en-GB")
    show(page, "/#/groups/grief-circle")
    switcher = page.get_by_label("Site language")
    expect(switcher).to_have_value("en")
    box = switcher.bounding_box()
    assert box and box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    switcher.select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Nos accords")).to_be_visible()  # same screen, now in French
    assert {c["name"]: c["value"] for c in page.context.cookies()}["django_language"] == "fr"

    sign_in_quietly(page, "member@kindred.test")
    show(page, "/#/")
    page.locator("#language-choice").select_option("es")  # (signing in follows the member's own choice: none yet)
    expect(page.get_by_role("heading", name="Buscar un grupo", level=1)).to_be_visible()
    assert get_user_model().objects.get(email="member@kindred.test").language == "es"
    assert page.errors == []
    page.context.close()


def test_after_signing_in_the_page_follows_the_members_language_once(browser: Any, live_server: Any,
                                                                     demo: dict[str, Any]) -> None:
    UserFactory(email="eloise@example.org", display_name="Éloïse", language="fr")
    page = phone_page(browser, live_server, "en-GB")
    page.goto("/#/login")
    page.get_by_label("Email").fill("eloise@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Moi", exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.evaluate("window.stillThisPage = true")
    page.wait_for_timeout(1000)
    assert page.evaluate("window.stillThisPage === true")  # switched once: no reload loop
    page.context.close()
