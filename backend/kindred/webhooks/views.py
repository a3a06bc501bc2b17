"""Webhooks endpoints: a group's facilitators register, list, delete and ping webhooks and read
each one's delivery log (anyone else: 401, 403 ``facilitators_only`` or 404, as GroupScopedView says)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, pagination, status
from rest_framework.request import Request
from rest_framework.response import Response

from kindred.api.generics import MethodThrottledView
from kindred.api.inputs import validated
from kindred.api.pagination import ExampleLinksMixin, IdPositionMixin, SiteCursorLinksMixin, StrictPageSizeMixin
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.throttling import ScopedIdentityThrottle
from kindred.groups.policy import GroupRole
from kindred.groups.views_base import GroupScopedView

from . import schema, selectors, services, tasks
from .models import PING, Webhook, WebhookDelivery
from .serializers import (
    PingOutputSerializer,
    WebhookDeliveryOutputSerializer,
    WebhookInputSerializer,
    WebhookOutputSerializer,
)


class WebhookThrottle(ScopedIdentityThrottle):
    """Registering and pinging make Kindred look up hosts and send requests: a scope of their own."""

    scope = "webhooks"


class DeliveryLogPagination(IdPositionMixin, SiteCursorLinksMixin, ExampleLinksMixin, StrictPageSizeMixin,
                            pagination.CursorPagination):
    """Newest attempt first; cursors stay put while new attempts are logged."""

    example_next = "https://kindred.example/api/v1/groups/grief-circle-hackney/webhooks/3/deliveries/?cursor=cD0xMjM0"
    example_previous = None
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-id",)


class FacilitatorsOnly(GroupScopedView):
    # Every webhook endpoint: the group's facilitators, to read and to write.
    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.FACILITATOR
    group_write_permission = GroupRole.FACILITATOR

    def webhook(self) -> Webhook:
        return selectors.webhook_of(group=self.group, webhook_id=self.kwargs["webhook_id"])


@schema.webhooks
class WebhookListView(MethodThrottledView, FacilitatorsOnly, generics.ListAPIView):
    serializer_class = WebhookOutputSerializer
    method_throttles = {"POST": (WebhookThrottle,)}

    def get_queryset(self) -> QuerySet[Webhook]:
        return selectors.webhook_list(group=self.group)

    def post(self, request: Request, slug: str) -> Response:
        data = validated(WebhookInputSerializer, request.data)
        webhook, secret = services.webhook_create(group=self.group, **data)
        # The secret is kept only encrypted for signing: it is shown here, this once, never cached.
        response = Response({**WebhookOutputSerializer(webhook).data, "secret": secret},
                            status=status.HTTP_201_CREATED)
        response.kindred_no_store = True  # type: ignore[attr-defined]  # read by kindred.public.cache
        return response


@schema.webhook
class WebhookDetailView(FacilitatorsOnly):
    def get(self, request: Request, slug: str, webhook_id: int) -> Response:
        return Response(WebhookOutputSerializer(self.webhook()).data)

    def delete(self, request: Request, slug: str, webhook_id: int) -> Response:
        services.webhook_delete(webhook=self.webhook())
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.webhook_ping
class WebhookPingView(FacilitatorsOnly):
    throttle_classes = (*FacilitatorsOnly.throttle_classes, WebhookThrottle)

    def post(self, request: Request, slug: str, webhook_id: int) -> Response:
        webhook = self.webhook()
        webhook.group = self.group
        message = services.webhook_ping(webhook=webhook)
        tasks.send_soon(message)
        return Response(PingOutputSerializer({"message_id": message.message_id, "event": PING}).data,
                        status=status.HTTP_202_ACCEPTED)


@schema.webhook_deliveries
class WebhookDeliveryListView(FacilitatorsOnly, generics.ListAPIView):
    serializer_class = WebhookDeliveryOutputSerializer
    pagination_class = DeliveryLogPagination

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return selectors.delivery_list(webhook=self.webhook())
