"""GET /api/v1/meta/: the vocabulary, for anyone (it changes only with a deploy)."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.api.caching import public_cache

from .schema import META_EXAMPLE, MetaOutputSerializer
from .vocabulary import vocabulary

# Never bumped: a deploy is what changes the vocabulary, and a cached copy lives PUBLIC_CACHE_TIMEOUT.
META = "meta"


@method_decorator(public_cache(META), name="dispatch")
class MetaView(APIView):
    """The same answer for everyone, so it reads no credentials (and so no database)."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(tags=["meta"], summary="The words for every code the API uses (formats, facets, weekdays, ...)",
                   responses={200: MetaOutputSerializer}, examples=[META_EXAMPLE])
    def get(self, request: Request) -> Response:
        return Response(vocabulary())
