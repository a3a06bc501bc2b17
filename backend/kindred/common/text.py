"""One rule for the characters people may write in text (docs/decisions/text-control-characters.md).

*Single-line* text (names, titles, places, phone numbers, tags, emails, URLs) may not contain any
control character (Unicode category Cc: U+0000-U+001F, U+007F-U+009F, so no tab, line feed or
carriage return), the line and paragraph separators U+2028/U+2029, or the bidirectional
embedding, override and isolate controls U+202A-U+202E and U+2066-U+2069 (they make one name
display as another). *Multi-line* text (descriptions, agreements, notes, messages) may also hold
line breaks and tabs; a CR LF or a lone CR is stored as LF.

The same character class drives the API fields (``kindred.common.fields``), the model validators
(so the admin cannot store what the API refuses), the patterns in the OpenAPI schema, and the
output cleaners below, which keep rows written before the rule (or by a shell) out of email
headers and iCalendar lines.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Written with \u escapes so the same text is a Python and an ECMA-262 character class.
_ALWAYS_REFUSED = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"
SINGLE_LINE_REFUSED = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"
MULTI_LINE_REFUSED = _ALWAYS_REFUSED  # tab (U+0009), LF (U+000A) and CR (U+000D) are allowed

# OpenAPI ``pattern``s (ECMA-262: ``$`` is the end of the string). ``+``, not ``*``: drf-spectacular
# documents a blank-allowed field as ``oneOf: [<pattern>, {maxLength: 0}]``, and "" must match one only.
SINGLE_LINE_PATTERN = rf"^[^{SINGLE_LINE_REFUSED}]+$"
MULTI_LINE_PATTERN = rf"^[^{MULTI_LINE_REFUSED}]+$"

_SINGLE_LINE_BAD = re.compile(f"[{SINGLE_LINE_REFUSED}]")
_MULTI_LINE_BAD = re.compile(f"[{MULTI_LINE_REFUSED}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\n\u0085\u2028\u2029]")
_SPACES_FOR_BREAKS = re.compile(r"[\t\n\r\u0085\u2028\u2029]+")

CODE = "control_characters"
SINGLE_LINE_MESSAGE = _("Write this on one line, without control characters such as line breaks, tabs or "
                         "escape codes, and without bidirectional overrides.")
MULTI_LINE_MESSAGE = _("Remove the control characters (other than line breaks and tabs) and bidirectional "
                        "overrides from this text.")


def has_refused_characters(value: str, *, multi_line: bool) -> bool:
    return bool((_MULTI_LINE_BAD if multi_line else _SINGLE_LINE_BAD).search(value))


def validate_single_line(value: str) -> None:
    """Model-field validator: one line, no control characters."""
    if isinstance(value, str) and has_refused_characters(value, multi_line=False):
        raise ValidationError(SINGLE_LINE_MESSAGE, code=CODE)


def validate_multi_line(value: str) -> None:
    """Model-field validator: line breaks and tabs allowed, other control characters not."""
    if isinstance(value, str) and has_refused_characters(value, multi_line=True):
        raise ValidationError(MULTI_LINE_MESSAGE, code=CODE)


def normalise_line_breaks(value: str) -> str:
    """CR LF and a lone CR become LF (what browsers send from a textarea is CR LF)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


# --- outputs: whatever is already stored ------------------------------------------------------

def one_line(value: object) -> str:
    """Text for a place that must be one line (an email subject, an iCalendar SUMMARY): line breaks
    and tabs become one space, every other refused character is dropped."""
    spaced = _SPACES_FOR_BREAKS.sub(" ", str(value or ""))
    return _SINGLE_LINE_BAD.sub("", spaced)


def clean_multi_line(value: object) -> str:
    """Text that may span lines: line breaks become LF, other refused characters are dropped."""
    broken = _LINE_BREAKS.sub("\n", str(value or ""))
    return _MULTI_LINE_BAD.sub("", broken)
