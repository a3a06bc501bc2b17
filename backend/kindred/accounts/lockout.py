"""The answer to a sign-in while the account is locked, in the API's error format.

django-axes answers from its middleware, before the view, with an HTML page and no Retry-After;
AXES_LOCKOUT_CALLABLE points here so a locked sign-in is a 429 problem+json like every other
throttle, saying when to retry. It is the same whether or not the email has an account.
"""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse

from kindred.api.exceptions import PROBLEM_CONTENT_TYPE, problem_body


def locked_out_response(request: HttpRequest, original_response: HttpResponse | None = None,
                        credentials: dict[str, Any] | None = None) -> HttpResponse:
    cool_off = get_cool_off(request)
    seconds = max(1, math.ceil(cool_off.total_seconds())) if cool_off else 900
    minutes = math.ceil(seconds / 60)
    body = problem_body(429, code="locked_out",
                        detail=f"Too many failed attempts. Please wait {minutes} minutes and try again.")
    # A plain JsonResponse: axes answers from its middleware, outside DRF's rendering.
    response = JsonResponse(body, status=429, content_type=PROBLEM_CONTENT_TYPE)
    response["Retry-After"] = str(seconds)
    return response
