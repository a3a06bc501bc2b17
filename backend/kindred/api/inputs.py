"""Reading a request's input through an input serializer."""

from __future__ import annotations

from typing import Any

from rest_framework.serializers import Serializer


def validated(serializer_class: type[Serializer], data: Any, *, partial: bool = False) -> dict[str, Any]:
    """``data`` (a body or query parameters) checked by ``serializer_class``: its validated data, a new
    dict the caller may change; a 400 problem+json (the exception handler) when it is not valid."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
