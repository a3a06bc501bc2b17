"""Crisis lines: free, confidential lines to call right now, per country (GET /meta/ ``crisis_lines``).

A short list, each line checked against its own service's page. Who reviews it, how often, and how
to propose a line: docs/translating.md ("Crisis lines"). Never add a number that was not checked at
its source: a wrong number here could cost a life. The app shows the viewer's country first, then the
lines in their language; the sentence about the local emergency number stays beside the list.

No line is listed for Arabic yet: none has been checked well enough (docs/translating.md says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

EVERY_DAY = _("Every day, 24 hours")
EVERY_DAY_CALL_OR_TEXT = _("Every day, 24 hours; call or text")


@dataclass(frozen=True)
class CrisisLine:
    country: str  # ISO 3166-1 alpha-2
    name: str  # the service's own name, as it says it
    phone: str  # as it is written in that country; the app dials its digits (tel:)
    languages: tuple[str, ...]  # languages a caller can be answered in
    hours: Promise


CRISIS_LINES: tuple[CrisisLine, ...] = (
    # Source: https://www.sanidad.gob.es/linea024/ (Ministerio de Sanidad), reviewed 2026-12.
    CrisisLine("ES", "Línea 024", "024", ("es",), EVERY_DAY),
    # Source: https://3114.fr (numéro national de prévention du suicide), reviewed 2026-12.
    CrisisLine("FR", "3114", "3114", ("fr",), EVERY_DAY),
    # Source: https://www.preventionsuicide.be (Centre de Prévention du Suicide), reviewed 2026-12.
    CrisisLine("BE", "Centre de Prévention du Suicide", "0800 32 123", ("fr",), EVERY_DAY),
    # Source: https://www.gob.mx/salud/conasama (Línea de la Vida, CONASAMA), reviewed 2026-12.
    CrisisLine("MX", "Línea de la Vida", "800 911 2000", ("es",), EVERY_DAY),
    # Source: https://988lifeline.org (988 Suicide & Crisis Lifeline; Spanish: press 2), reviewed 2026-12.
    CrisisLine("US", "988 Suicide & Crisis Lifeline", "988", ("en", "es"), EVERY_DAY_CALL_OR_TEXT),
    # Source: https://988.ca (9-8-8 Suicide Crisis Helpline, English and French), reviewed 2026-12.
    CrisisLine("CA", "9-8-8 Suicide Crisis Helpline", "988", ("en", "fr"), EVERY_DAY_CALL_OR_TEXT),
    # Source: https://www.samaritans.org (Samaritans, UK), reviewed 2026-12.
    CrisisLine("GB", "Samaritans", "116 123", ("en",), EVERY_DAY),
    # Source: https://www.samaritans.org (Samaritans, Republic of Ireland), reviewed 2026-12.
    CrisisLine("IE", "Samaritans", "116 123", ("en",), EVERY_DAY),
)


@cache
def country_name(country: str, language: str) -> str:
    """The country's name in ``language``, from CLDR (Babel); the code itself if CLDR has none."""
    try:
        return str(Locale.parse(language.replace("-", "_")).territories.get(country, country))
    except (UnknownLocaleError, ValueError):
        return country


def crisis_lines() -> list[dict[str, Any]]:
    """The list, with country names and hours in the active language."""
    language = get_language() or "en"
    return [{"country": line.country, "country_name": country_name(line.country, language), "name": line.name,
             "phone": line.phone, "languages": list(line.languages), "hours": str(line.hours)}
            for line in CRISIS_LINES]
