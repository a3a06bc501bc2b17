"""Request fields shared by the apps' input serializers."""

from __future__ import annotations

from typing import Any

from django.utils.dateparse import parse_datetime
from rest_framework import serializers

# Ids are BigAutoField: anything larger cannot name a row, and SQLite cannot even bind it (a 500).
MAX_ID = 2**63 - 1


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """An id in a request body: a whole number from 1 to MAX_ID, else a 400 naming the field."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class OffsetDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry its UTC offset (or Z).

    DRF would read "2027-04-06T19:00:00" as UTC and silently move a New York meeting to 15:00;
    a time that does not say which clock it means is refused instead.
    """

    default_error_messages = {
        **serializers.DateTimeField.default_error_messages,
        "offset_required": "Include the UTC offset, e.g. 2027-04-06T19:00:00-04:00, or Z for UTC.",
    }

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None  # out-of-range parts: the parent's "invalid" message says so
            if parsed is not None and parsed.tzinfo is None:
                self.fail("offset_required")
        return super().to_internal_value(value)
