"""Generic views whose rows a presenter renders."""

from __future__ import annotations

from typing import Any

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response


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
