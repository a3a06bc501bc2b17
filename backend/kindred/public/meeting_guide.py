"""The Meeting Guide JSON format (code4recovery/spec) for weekly meetings.

One entry per weekday a series meets on. Type codes come from the spec's list (data/types.json);
online attendance is ``conference_url``/``conference_phone``, never a type. The mapping from our
facets and languages, and what is left out, is in docs/decisions/feeds-meeting-guide.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kindred.groups.models import Group
from kindred.groups.policy import Viewer
from kindred.groups.presenters import group_url
from kindred.meetings.models import MeetingSeries
from kindred.meetings.presenters import Place, place

DAY_NUMBERS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}

FACET_TYPES = {
    "step_free": "X",  # Wheelchair Access
    "childcare": "BA",  # Babysitting Available ("Child Care Available" is an allowed wording)
    "fragrance_free": "FF",  # Fragrance Free
}
# ASL is American Sign Language, one sign language among many: it is sent only when the group's
# languages include it (BCP 47 `ase`), never for the `sign_language` facet alone (which may be BSL,
# Auslan, LSF...). Online attendance has no type code (`ONL` was retired): it is `conference_url`
# or `conference_phone` being there.
SIGN_LANGUAGE_TYPES = {"ase": "ASL"}

LANGUAGE_TYPES = {
    "am": "AM", "da": "DA", "de": "DE", "el": "EL", "en": "EN", "es": "S", "fa": "FA", "fr": "FR", "he": "HE",
    "hi": "HI", "hr": "HR", "hu": "HU", "it": "ITA", "ja": "JA", "ko": "KOR", "lt": "LT", "ml": "ML", "nb": "NO",
    "nn": "NO", "no": "NO", "pa": "PUN", "pl": "POL", "pt": "POR", "ru": "RUS", "sk": "SK", "sv": "SV",
    "th": "TH", "tl": "TL", "uk": "UK", **SIGN_LANGUAGE_TYPES,
}

# What a conference phone may hold in the spec: digits, `+`, and `,` `*` `#` (pauses and tones for
# a meeting id). Spaces, dashes, dots and brackets people write for readability are dropped.
PHONE_READABILITY = re.compile(r"[\s\-.()/]")
PHONE_ALLOWED = re.compile(r"^\+?[0-9][0-9,*#]*$")
# Words that name a room inside a building rather than the building: such a place goes to
# `location_notes`, beside the group's address, not to `location` (the building's name).
ROOM_WORDS = re.compile(r"^(room|rm|hall|floor|upstairs|downstairs|basement|suite|studio|flat|unit|"
                        r"level|ground floor|first floor|second floor|annex|annexe|library|lounge|"
                        r"side room|back room|front room|the back room|the side room)\b", re.IGNORECASE)


def types_for(group: Group) -> list[str]:
    codes = [FACET_TYPES[facet] for facet in group.accessibility if facet in FACET_TYPES]
    codes += [LANGUAGE_TYPES[tag.split("-")[0].lower()] for tag in group.languages
              if tag.split("-")[0].lower() in LANGUAGE_TYPES]
    return sorted(set(codes))


def conference_phone(number: str) -> str:
    """The number in the spec's alphabet, or "" when it holds anything else (words, an extension)."""
    compact = PHONE_READABILITY.sub("", number.replace("(0)", ""))  # +44 (0)20: the 0 is not dialled from abroad
    return compact if PHONE_ALLOWED.match(compact) else ""


def _end_time(series: MeetingSeries) -> str:
    start = dt.datetime.combine(dt.date(2000, 1, 1), series.start_time)
    return (start + dt.timedelta(minutes=series.duration_minutes)).strftime("%H:%M")


def _venue(where: Place) -> dict[str, str]:
    """The facilitators' words for the place: a room goes to `location_notes`, a building's name to
    `location`. An online-only meeting has neither."""
    if not where.in_person or not where.venue:
        return {}
    return {"location_notes": where.venue} if ROOM_WORDS.match(where.venue.strip()) else {"location": where.venue}


def _where(where: Place, group: Group) -> dict[str, Any] | None:
    """Address fields, or None when there is no geography to give.

    ``formatted_address`` is the group's own address as a geocoder reads it (street, town, region,
    country). A meeting with a street address is exact; one with only a town is approximate (the
    spec's way to place an online meeting or a group that keeps its address to members). A country
    alone is not a place: no entry."""
    street = group.address if where.in_person else ""
    if not group.city and not street:
        return None
    fields: dict[str, Any] = {
        "formatted_address": ", ".join(filter(None, (street, group.city, group.region, group.country))),
        "address": street, "city": group.city, "state": group.region, "country": group.country,
        "approximate": "yes" if group.approximate or not street else "no",
    }
    if where.in_person and group.latitude is not None and group.longitude is not None:
        fields.update(latitude=round(group.latitude, 5), longitude=round(group.longitude, 5))
    return fields


def _conference(where: Place, group: Group, viewer: Viewer) -> dict[str, str]:
    if not where.online or not viewer.sees_online_details(group):
        return {}
    return {"conference_url": where.online_url, "conference_phone": conference_phone(where.online_phone)}


def entries_for(series: MeetingSeries, viewer: Viewer) -> list[dict[str, Any]]:
    """The series' entries (one per weekday), or none: an online-only meeting the feed cannot give a
    link or phone for is not a meeting anyone can attend from it, and an entry needs a place."""
    group = series.group
    where = place(group, series)
    geography = _where(where, group)
    conference = {key: value for key, value in _conference(where, group, viewer).items() if value}
    if geography is None or (not where.in_person and not conference):
        return []
    updated = max(series.updated_at, group.updated_at).astimezone(dt.UTC)
    common: dict[str, Any] = {
        "name": series.title, "time": series.start_time.strftime("%H:%M"), "end_time": _end_time(series),
        "timezone": series.time_zone, "types": types_for(group), "notes": series.description,
        "group": group.name, "url": group_url(group),
        "updated": updated.strftime("%Y-%m-%d %H:%M:%S"),
        **_venue(where), **geography, **conference,
    }
    entries = []
    for code in series.weekdays:
        if code in DAY_NUMBERS:
            slug = f"{group.slug[:40]}-{series.pk}-{code.lower()}"
            entry = {"slug": slug, "day": DAY_NUMBERS[code], **common}
            entries.append({key: value for key, value in entry.items() if value not in ("", None, [])})
    return entries


def meeting_guide(series_list: list[MeetingSeries]) -> list[dict[str, Any]]:
    """The public feed: what anyone (a viewer who is nobody in particular) may see."""
    viewer = Viewer.anonymous()
    return [entry for series in series_list for entry in entries_for(series, viewer)]
