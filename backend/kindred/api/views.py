"""Cross-cutting endpoints: health."""

from __future__ import annotations

from django.db import connection
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class HealthView(APIView):
    """Liveness and database reachability, for load balancers and compose health checks."""

    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = ()

    @extend_schema(
        tags=["health"], summary="Is the service up?",
        responses={200: OpenApiResponse(inline_serializer("Health", {"status": serializers.CharField(),
                                                                     "database": serializers.CharField()}))},
        examples=[OpenApiExample("healthy", response_only=True, value={"status": "ok", "database": "ok"})],
    )
    def get(self, request: Request) -> Response:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"status": "ok", "database": "ok"})
