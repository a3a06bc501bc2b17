"""The JSON parser: bounded in size and nesting, so no body can exhaust memory or the stack.

DRF reads the request stream itself, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE never sees JSON
bodies; the limit is applied here instead (413). Nesting deeper than any Kindred body needs, or
deep enough to exhaust Python's recursion limit, is a 400 rather than a 500. So is a lone UTF-16
surrogate written as an escape (``"\ud800"``): JSON allows the escape, but the string it makes
cannot be stored, encoded or sent on, so it is refused here, for every field at once (400
``invalid_unicode``), before any view, serializer or database sees it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers

MAX_JSON_DEPTH = 32
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads pairs valid ones; any left is alone


class RequestBodyTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("The request body is larger than allowed.")
    default_code = "body_too_large"


class JSONParser(parsers.JSONParser):
    """``application/json`` only, UTF-8, at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes and 32 levels deep."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise RequestBodyTooLarge()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(_("The request body is not valid UTF-8.")) from error
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except RecursionError as error:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from error
        except ValueError as error:
            raise exceptions.ParseError(_("JSON parse error - %(error)s") % {"error": error}) from error
        problem = _check_shape(data, MAX_JSON_DEPTH)
        if problem == "depth":
            raise exceptions.ParseError(_("The JSON is nested too deeply."))
        if problem == "surrogate":
            raise exceptions.ParseError(_("The JSON holds text that is not valid Unicode (a lone surrogate "
                                          "such as \\ud800). Send each character whole."), code="invalid_unicode")
        return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _check_shape(data: Any, limit: int) -> str | None:
    """"depth" when nested deeper than ``limit``, "surrogate" when a string (a key or a value) holds a
    lone surrogate, else None. Iterative, so the check can never itself overflow the stack."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > limit:
            return "depth"
        if isinstance(value, str):
            if LONE_SURROGATE.search(value):
                return "surrogate"
        elif isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
    return None
