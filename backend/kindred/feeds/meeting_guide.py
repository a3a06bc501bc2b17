"""The Meeting Guide JSON format (code4recovery/spec) for weekly meetings.

One entry per weekday a series meets on. Type codes come from the spec's reserved list; the
mapping from our formats, facets and languages is documented in docs/decisions/feeds-meeting-guide.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from kindred.groups.models import Group
from kindred.meetings.models import MeetingSeries

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


def _where(group: Group, series: MeetingSeries) -> dict[str, Any]:
    """Address fields. Online-only meetings get the group's town as an approximate origin."""
    region = ", ".join(filter(None, (group.city, group.region, group.country)))
    if group.format == Group.Format.ONLINE:
        return {"formatted_address": region, "approximate": "yes", "city": group.city, "state": group.region,
                "country": group.country}
    street = series.location or group.address
    where: dict[str, Any] = {
        "location": series.location, "address": group.address if not series.location else "",
        "formatted_address": ", ".join(filter(None, (street, region))),
        "city": group.city, "state": group.region, "country": group.country,
        "approximate": "yes" if group.approximate or not street else "no",
    }
    if group.latitude is not None and group.longitude is not None:
        where.update(latitude=round(group.latitude, 5), longitude=round(group.longitude, 5))
    return where


def _conference(group: Group, series: MeetingSeries) -> dict[str, str]:
    if not group.online_link_public or group.format == Group.Format.IN_PERSON:
        return {}
    return {"conference_url": series.online_url or group.online_url,
            "conference_phone": series.online_phone or group.online_phone}


def entries_for(series: MeetingSeries) -> list[dict[str, Any]]:
    group = series.group
    updated = max(series.updated_at, group.updated_at).astimezone(dt.UTC)
    common: dict[str, Any] = {
        "name": series.title, "time": series.start_time.strftime("%H:%M"), "end_time": _end_time(series),
        "timezone": series.time_zone, "types": types_for(group), "notes": series.description,
        "group": group.name, "url": f"{settings.SITE_URL}/#/groups/{group.slug}",
        "updated": updated.strftime("%Y-%m-%d %H:%M:%S"),
        **_where(group, series), **_conference(group, series),
    }
    entries = []
    for code in series.weekdays:
        if code in DAY_NUMBERS:
            slug = f"{group.slug[:40]}-{series.pk}-{code.lower()}"
            entry = {"slug": slug, "day": DAY_NUMBERS[code], **common}
            entries.append({key: value for key, value in entry.items() if value not in ("", None, [])})
    return entries


def meeting_guide(series_list: list[MeetingSeries]) -> list[dict[str, Any]]:
    return [entry for series in series_list for entry in entries_for(series)]
