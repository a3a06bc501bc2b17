"""The Meeting Guide spec (code4recovery/spec) as data: its type codes and its field rules.

The type table is the spec's `data/types.json` as of its 2024 revision, written out here (the suite
runs offline). `ONL` ("Online Meeting") is listed under RETIRED: it was removed from the list, and
online attendance is expressed by `conference_url` / `conference_phone`.
"""

from __future__ import annotations

import re
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

TYPES = {
    "11": "11th Step Meditation", "12x12": "12 Steps & 12 Traditions", "A": "Secular",
    "ABSI": "As Bill Sees It", "AL": "Concurrent with Alateen", "AL-AN": "Concurrent with Al-Anon",
    "AM": "Amharic", "ASL": "American Sign Language", "B": "Big Book", "BA": "Babysitting Available",
    "BE": "Newcomer", "BI": "Bisexual", "BRK": "Breakfast", "C": "Closed", "CAN": "Candlelight",
    "CF": "Child-Friendly", "D": "Discussion", "DA": "Danish", "DB": "Digital Basket",
    "DD": "Dual Diagnosis", "DE": "German", "DR": "Daily Reflections", "EL": "Greek", "EN": "English",
    "FA": "Persian", "FF": "Fragrance Free", "FR": "French", "G": "Gay", "GR": "Grapevine", "H": "Birthday",
    "HE": "Hebrew", "HI": "Hindi", "HR": "Croatian", "HU": "Hungarian", "ITA": "Italian", "JA": "Japanese",
    "KOR": "Korean", "L": "Lesbian", "LGBTQ": "LGBTQ", "LIT": "Literature", "LS": "Living Sober",
    "LT": "Lithuanian", "M": "Men", "MED": "Meditation", "ML": "Malayalam", "N": "Native American",
    "NB": "Non-Binary", "NDG": "Indigenous", "NO": "Norwegian", "O": "Open", "OUT": "Outdoor",
    "P": "Professionals", "POA": "Proof of Attendance", "POC": "People of Color", "POL": "Polish",
    "POR": "Portuguese", "PUN": "Punjabi", "RUS": "Russian", "S": "Spanish", "SEN": "Seniors", "SK": "Slovak",
    "SM": "Smoking Permitted", "SP": "Speaker", "ST": "Step Study", "SV": "Swedish", "T": "Transgender",
    "TC": "Location Temporarily Closed", "TH": "Thai", "TL": "Tagalog", "TR": "Tradition Study",
    "UK": "Ukrainian", "W": "Women", "X": "Wheelchair Access", "XB": "Wheelchair-Accessible Bathroom",
    "XT": "Cross Talk Permitted", "Y": "Young People",
}
RETIRED = {"ONL": "Online Meeting"}

REQUIRED = ("name", "slug", "day", "time", "formatted_address", "updated")
STRINGS = ("name", "slug", "time", "end_time", "timezone", "notes", "location", "location_notes", "group",
           "url", "updated", "formatted_address", "address", "city", "state", "country", "conference_url",
           "conference_phone", "approximate")
KNOWN = {*STRINGS, "day", "types", "latitude", "longitude"}
HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
UPDATED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
SLUG = re.compile(r"^[a-z0-9-]+$")
PHONE = re.compile(r"^[0-9+,*#]+$")


def problems(entry: dict[str, Any]) -> list[str]:
    """Every way ``entry`` breaks the spec's field rules (empty when it follows them)."""
    found = [f"missing {key}" for key in REQUIRED if not entry.get(key) and entry.get(key) != 0]
    found += [f"unknown field {key}" for key in entry if key not in KNOWN]
    found += [f"{key} is not a string" for key in STRINGS if key in entry and not isinstance(entry[key], str)]
    found += [f"empty {key}" for key, value in entry.items() if value in ("", [], None)]
    if not (isinstance(entry.get("day"), int) and 0 <= entry["day"] <= 6):
        found.append("day is not 0-6")
    found += [f"{key} is not HH:MM" for key in ("time", "end_time") if key in entry and not HH_MM.match(entry[key])]
    if "timezone" in entry and entry["timezone"] not in zoneinfo.available_timezones():
        found.append("timezone is not an IANA zone")
    if not SLUG.match(str(entry.get("slug", ""))):
        found.append("slug is not lower-case letters, digits and hyphens")
    if not UPDATED.match(str(entry.get("updated", ""))):
        found.append("updated is not YYYY-MM-DD HH:MM:SS")
    types = entry.get("types", [])
    found += [f"type {code} is not in types.json" for code in types if code not in TYPES]
    found += [f"type {code} was retired" for code in types if code in RETIRED]
    if types != sorted(set(types)):
        found.append("types repeat or are unordered")
    found += _place_problems(entry)
    found += _conference_problems(entry)
    return found


def _place_problems(entry: dict[str, Any]) -> list[str]:
    found = []
    address = entry.get("formatted_address", "")
    country = entry.get("country", "")
    if address in ("", country) or "," not in address:
        found.append("formatted_address is not a real address (a country alone, or nothing)")
    if entry.get("approximate") not in ("yes", "no"):
        found.append("approximate is not yes/no")
    if entry.get("approximate") == "no" and not entry.get("address"):
        found.append("an exact place needs a street address")
    if ("latitude" in entry) != ("longitude" in entry):
        found.append("latitude without longitude")
    if "latitude" in entry and not (-90 <= entry["latitude"] <= 90 and -180 <= entry["longitude"] <= 180):
        found.append("coordinates out of range")
    location = entry.get("location", "")
    if location and re.match(r"^(room|hall|floor)\b", location, re.IGNORECASE):
        found.append("a room in `location` (rooms go to location_notes)")
    return found


def _conference_problems(entry: dict[str, Any]) -> list[str]:
    found = []
    url = entry.get("conference_url")
    if url is not None and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        found.append("conference_url is not an http(s) URL")
    phone = entry.get("conference_phone")
    if phone is not None and not PHONE.match(phone):
        found.append("conference_phone holds more than digits and + , * #")
    in_person = bool(entry.get("address")) or "latitude" in entry
    if not in_person and url is None and phone is None:
        found.append("an online meeting without a link or a phone")
    return found
