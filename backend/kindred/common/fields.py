"""Request fields shared by the apps' input serializers: ids, offset date-times, and the text rule
(``kindred.common.text``) as DRF fields."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from kindred.common import text

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
        "offset_required": _("Include the UTC offset, e.g. 2027-04-06T19:00:00-04:00, or Z for UTC."),
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


class JsonBooleanField(serializers.BooleanField):
    """A JSON ``true`` or ``false`` in a request body, nothing else.

    DRF's BooleanField also takes ``0``, ``1``, ``"yes"``, ``"off"``...: the schema says boolean, so
    a client (or a fuzzer) sending ``{"listed": 0}`` got a silent ``false`` where it should learn its
    request is wrong. Query strings keep DRF's BooleanField: there every value is text.
    """

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class JsonNumberField(serializers.FloatField):
    """A JSON number in a request body: not ``false`` (Python counts it as 0) and not a string."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "boolean", "enum": [True]})
class AcceptedField(JsonBooleanField):
    """A yes that must be yes (accepting a group's agreements): the serializer refuses ``false`` with
    its own message; the OpenAPI document says only ``true`` is accepted."""


# --- text: one rule for control characters (kindred.common.text) ---------------------------------

class _TextRule(serializers.CharField):
    """Refuses the characters ``kindred.common.text`` refuses, 400 ``control_characters``.

    The raw value is checked, before DRF trims it, so what a client sends is judged exactly as the
    schema's ``pattern`` says (a trailing line feed is refused, not silently trimmed away). Text is
    a JSON string: a number is refused as the schema says, not turned into one.
    """

    multi_line = False
    default_error_messages = {"control_characters": text.SINGLE_LINE_MESSAGE}

    def run_validation(self, data: Any = empty) -> Any:
        if data is not empty and data is not None and not isinstance(data, str):
            self.fail("invalid")
        if isinstance(data, str) and text.has_refused_characters(data, multi_line=self.multi_line):
            self.fail("control_characters")
        return super().run_validation(data)


class SingleLineField(_TextRule):
    """Text on one line: a name, a title, a place, a phone number."""


class MultiLineField(_TextRule):
    """Text that may span lines: line breaks and tabs kept (CR LF and CR stored as LF)."""

    multi_line = True
    default_error_messages = {"control_characters": text.MULTI_LINE_MESSAGE}

    def to_internal_value(self, data: Any) -> str:
        return text.normalise_line_breaks(super().to_internal_value(data))


class SingleLineEmailField(SingleLineField, serializers.EmailField):
    """An email address (Django's validator alone lets a quoted local part carry control characters)."""


class SingleLineURLField(SingleLineField, serializers.URLField):
    """A URL (Django's validator alone lets the path carry control characters other than CR, LF, tab)."""


# A meeting link as the schema promises it and the server checks it (the same pattern, so a fuzzer's
# "valid" link is one the server takes and its "invalid" one is refused): http or https, an ASCII host
# name of labels up to 63 letters, digits and inner hyphens with an alphabetic top-level label, an
# optional port, then a path and query, and a fragment, of the characters RFC 3986 allows there
# (anything else percent-encoded, as browsers do), so every link is also a valid `format: uri`.
_URI_CHAR = r"(%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!$&'()*+,;=:@/?-])"
MEETING_LINK_PATTERN = (r"^https?://([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\.?"
                        rf"(:[0-9]{{1,5}})?([/?]{_URI_CHAR}*)?(#{_URI_CHAR}*)?$")


class MeetingLinkField(SingleLineField):
    """An online meeting's link: ``MEETING_LINK_PATTERN``, else 400 ``invalid`` naming the field."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(
            MEETING_LINK_PATTERN, code="invalid",
            message=_("Enter an http or https link, such as https://meet.example.org/circle.")))


class SingleLineSlugField(SingleLineField, serializers.SlugField):
    """A slug. Its own pattern refuses control characters; the raw check also refuses the trailing
    line feed that DRF would otherwise trim away before the pattern sees it."""
