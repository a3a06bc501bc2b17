"""GET /api/v1/meta/: the vocabulary, for anyone (it changes only with a deploy)."""

from __future__ import annotations

from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import schema
from .vocabulary import vocabulary


@schema.meta
class MetaView(APIView):
    """The same answer for everyone, so it reads no credentials (and so no database)."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    def get(self, request: Request) -> Response:
        return Response(vocabulary())
