"""Renderers so content negotiation accepts calendar clients (``Accept: text/calendar``)."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import BaseRenderer


class ICalendarRenderer(BaseRenderer):
    """Feeds return their bytes directly; this only renders errors (as JSON) for calendar clients."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode("utf-8")
