"""Generic views: lists whose rows a presenter renders, throttles that depend on the method."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView


class PresentedListView(generics.ListAPIView):
    # A paginated list whose rows ``present(row)`` renders (the app's presenter); ``serializer_class`` only
    # declares their shape, for the OpenAPI document and DRF's OPTIONS metadata. (No docstring:
    # drf-spectacular would make it the description of every subclass's operation.)

    def present(self, row: Any) -> dict[str, Any]:
        raise NotImplementedError

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.get_queryset()
        page = self.paginate_queryset(rows)
        if page is None:
            return Response([self.present(row) for row in rows])
        return self.get_paginated_response([self.present(row) for row in page])


class MethodThrottledView(APIView):
    # The view's throttles plus a stricter scope for some methods: ``method_throttles = {"POST":
    # (JoinThrottle,)}`` (no docstring, as above).

    method_throttles: ClassVar[Mapping[str, tuple[type[BaseThrottle], ...]]] = {}

    def get_throttles(self) -> list[BaseThrottle]:
        extra = self.method_throttles.get(self.request.method or "", ())
        return [*super().get_throttles(), *(throttle() for throttle in extra)]
