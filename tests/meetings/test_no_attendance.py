"""Kindred never records attendance: no schema name may even suggest it."""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

ATTENDANCE = re.compile(r"attend(ed|ance)|no_?show|check_?in|checkin|present", re.IGNORECASE)


def _names(node, found):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found.update(value)
            if key == "parameters" and isinstance(value, list):
                found.update(p.get("name", "") for p in value if isinstance(p, dict))
            _names(value, found)
    elif isinstance(node, list):
        for item in node:
            _names(item, found)


@pytest.mark.django_db
def test_no_attendance_words_in_the_api():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    names: set[str] = set()
    _names(schema, names)
    names.update(schema["paths"])
    names.update(schema["components"]["schemas"])
    assert "/api/v1/occurrences/{occurrence_id}/rsvp/" in schema["paths"]
    assert len(names) > 100
    offending = sorted(name for name in names if ATTENDANCE.search(name))
    assert offending == []


def test_the_pattern_catches_attendance_words():
    assert all(ATTENDANCE.search(word) for word in ("attended", "attendance", "no_show", "noshow", "check_in",
                                                    "checkin", "present", "was_present"))
    assert not any(ATTENDANCE.search(word) for word in ("attendees", "going_count", "waitlist_position"))
