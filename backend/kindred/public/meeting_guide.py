"""The Meeting Guide JSON format (code4recovery/spec) for weekly meetings.

One entry per weekday a series meets on. Type codes come from the spec's reserved list; the
mapping from our formats, facets and languages is documented in docs/decisions/feeds-meeting-guide.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kindred.groups.models import Group
from kindred.groups.policy import Viewer
from kindred.groups.presenters import group_url
from kindred.meetings.models import MeetingSeries
from kindred.meetings.presenters import Place, place

DAY_NUMBERS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}

FORMAT_TYPES: dict[str, list[str]] = {
    Group.Format.IN_PERSON: [],  # in person has no code: an address is how the spec says it
    Group.Format.ONLINE: ["ONL"],
    Group.Format.HYBRID: ["ONL"],  # an address and the online code together mean hybrid
}

FACET_TYPES = {
    "step_free": "X",  # Wheelchair Access
    "sign_language": "ASL",  # American Sign Language (the spec's only sign-language code)
    "childcare": "BA",  # Babysitting Available ("Child Care Available" is an allowed wording)
    "fragrance_free": "FF",  # Fragrance Free
}

LANGUAGE_TYPES = {
    "am": "AM", "da": "DA", "de": "DE", "el": "EL", "en": "EN", "es": "S", "fa": "FA", "fr": "FR", "he": "HE",
    "hi": "HI", "hr": "HR", "hu": "HU", "it": "ITA", "ja": "JA", "ko": "KOR", "lt": "LT", "ml": "ML", "nb": "NO",
    "nn": "NO", "no": "NO", "pa": "PUN", "pl": "POL", "pt": "POR", "ru": "RUS", "sk": "SK", "sv": "SV",
    "th": "TH", "tl": "TL", "uk": "UK",
}


def types_for(group: Group) -> list[str]:
    codes = list(FORMAT_TYPES.get(group.format, []))
    codes += [FACET_TYPES[facet] for facet in group.accessibility if facet in FACET_TYPES]
    codes += [LANGUAGE_TYPES[tag.split("-")[0].lower()] for tag in group.languages
              if tag.split("-")[0].lower() in LANGUAGE_TYPES]
    return sorted(set(codes))


def _end_time(series: MeetingSeries) -> str:
    start = dt.datetime.combine(dt.date(2000, 1, 1), series.start_time)
    return (start + dt.timedelta(minutes=series.duration_minutes)).strftime("%H:%M")


def _where(where: Place, group: Group) -> dict[str, Any]:
    """Address fields. Online-only meetings get the group's town as an approximate origin."""
    region = ", ".join(filter(None, (where.city, where.region, where.country)))
    if not where.in_person:
        return {"formatted_address": region, "approximate": "yes", "city": where.city, "state": where.region,
                "country": where.country}
    street = where.venue or where.address
    fields: dict[str, Any] = {
        "location": where.venue, "address": where.address if not where.venue else "",
        "formatted_address": ", ".join(filter(None, (street, region))),
        "city": where.city, "state": where.region, "country": where.country,
        "approximate": "yes" if group.approximate or not street else "no",
    }
    if group.latitude is not None and group.longitude is not None:
        fields.update(latitude=round(group.latitude, 5), longitude=round(group.longitude, 5))
    return fields


def _conference(where: Place, group: Group, viewer: Viewer) -> dict[str, str]:
    if not where.online or not viewer.sees_online_details(group):
        return {}
    return {"conference_url": where.online_url, "conference_phone": where.online_phone}


def entries_for(series: MeetingSeries, viewer: Viewer) -> list[dict[str, Any]]:
    group = series.group
    where = place(group, series)
    updated = max(series.updated_at, group.updated_at).astimezone(dt.UTC)
    common: dict[str, Any] = {
        "name": series.title, "time": series.start_time.strftime("%H:%M"), "end_time": _end_time(series),
        "timezone": series.time_zone, "types": types_for(group), "notes": series.description,
        "group": group.name, "url": group_url(group),
        "updated": updated.strftime("%Y-%m-%d %H:%M:%S"),
        **_where(where, group), **_conference(where, group, viewer),
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
