"""A stock DRF list for ``make bench-http`` to compare with: ``ListAPIView`` + ``ModelSerializer`` over
20 columns of the groups table, paginated by the project's default pagination (page and count),
with DRF's defaults otherwise: what a plain DRF app would serve. Not part of Kindred's API."""

from __future__ import annotations

from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from kindred.groups.models import Group

STOCK_FIELDS = ("id", "created_at", "updated_at", "slug", "name", "description", "topics", "languages", "format",
                "address", "city", "region", "country", "latitude", "longitude", "approximate", "accessibility",
                "join_policy", "listed", "time_zone")


class StockGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = STOCK_FIELDS


class StockGroupList(generics.ListAPIView):
    queryset = Group.objects.filter(listed=True, is_archived=False).order_by("name", "id")
    serializer_class = StockGroupSerializer
    permission_classes = (AllowAny,)
