"""The public read side: the directory, a group's page, and the calendar and Meeting Guide feeds.

The directory, group pages and public feeds answer the same bytes to every anonymous caller; which
are cached, and what changes them, is the table in ``cache.py`` (the routes are built in ``urls.py``).
"""

from __future__ import annotations

import hmac
import json
import re
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.accounts.models import new_calendar_secret
from kindred.accounts.permissions import authenticated_user
from kindred.api.generics import MethodThrottledView, PresentedListView
from kindred.api.inputs import validated
from kindred.api.pagination import SearchPageNumberPagination
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.throttling import GroupCreateThrottle
from kindred.common.errors import NotFound
from kindred.groups import services as group_services
from kindred.groups.models import Group
from kindred.groups.policy import GroupRole, Viewer
from kindred.groups.presenters import group_json
from kindred.groups.schema import GroupSummaryOutputSerializer
from kindred.groups.selectors import with_summary
from kindred.groups.serializers import GroupCreateInputSerializer, GroupUpdateInputSerializer
from kindred.groups.views_base import GroupScopedView
from kindred.lifecycle import services as lifecycle_services
from kindred.notifications.selectors import notification_preferences_get

from . import ical, schema, selectors
from .conditional import feed_response
from .filters import GroupDirectoryQuerySerializer, apply_directory_filters
from .meeting_guide import meeting_guide
from .renderers import ICalendarRenderer
from .selectors import group_directory

ICS_TYPE = "text/calendar; charset=utf-8"
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
DUMMY_SECRET = new_calendar_secret()

# --- the directory and one group -------------------------------------------------------------------


class DirectoryContentNegotiation(DefaultContentNegotiation):
    """In the directory ``?format=`` filters by meeting format (the spec's parameter), so it must
    not also pick a renderer as DRF's URL_FORMAT_OVERRIDE would; the API only speaks JSON anyway."""

    class settings:  # noqa: N801 - stands in for api_settings, read as self.settings.URL_FORMAT_OVERRIDE
        URL_FORMAT_OVERRIDE = None


@schema.group_list
class GroupListView(MethodThrottledView, PresentedListView):
    serializer_class = GroupSummaryOutputSerializer
    pagination_class = SearchPageNumberPagination
    narrow_search = False  # set per request by get_queryset
    content_negotiation_class = DirectoryContentNegotiation
    method_throttles = {"POST": (GroupCreateThrottle,)}  # new groups per person (THROTTLE_RATES group_create)

    def get_queryset(self) -> QuerySet[Group]:
        params = validated(GroupDirectoryQuerySerializer, self.request.query_params)
        # Words long enough for the trigram index, or a place: few rows match, read them by index.
        self.narrow_search = len(params.get("q", "")) >= 3 or "near" in params
        return apply_directory_filters(group_directory(), params)

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticatedWithScope()]
        return super().get_permissions()

    def present(self, group: Group) -> dict[str, Any]:
        return group_json(group, Viewer.for_request(self.request))

    def post(self, request: Request) -> Response:
        data = validated(GroupCreateInputSerializer, request.data)
        group = group_services.group_create(creator=authenticated_user(request), data=data)
        viewer = Viewer.for_request(request)
        viewer.forget()  # they facilitate it now
        group = with_summary(Group.objects.filter(pk=group.pk)).get()
        return Response(group_json(group, viewer, page=True), status=status.HTTP_201_CREATED)


@schema.group_detail
class GroupDetailView(GroupScopedView):
    group_permission = GroupRole.ANYONE
    group_write_permission = GroupRole.FACILITATOR

    def group_queryset(self) -> QuerySet[Group]:
        return selectors.with_next_meeting(with_summary(Group.objects.all()))

    def get(self, request: Request, slug: str) -> Response:
        return Response(group_json(self.group, self.viewer, page=True))

    def patch(self, request: Request, slug: str) -> Response:
        data = validated(GroupUpdateInputSerializer, request.data, partial=True)
        group_services.group_update(group=self.group, actor=authenticated_user(request), data=data)
        self.viewer.forget()  # the editor has now accepted the agreements they wrote
        return Response(group_json(self.group, self.viewer, page=True))

    def delete(self, request: Request, slug: str) -> Response:
        lifecycle_services.group_archive(group=self.group, actor=authenticated_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- feeds -----------------------------------------------------------------------------------------

@schema.group_calendar
class GroupCalendarView(GroupScopedView):
    """Public: anyone may subscribe to a group's meetings (online links only if the group publishes them)."""

    permission_classes = (AllowAny,)
    authentication_classes = ()  # so every caller is the anonymous viewer: the answer is the same for all
    renderer_classes = (ICalendarRenderer, JSONRenderer)

    def get(self, request: Request, slug: str) -> HttpResponse:
        group = self.group
        feed = selectors.group_calendar_series(group=group)
        window = ical.Window(since=feed.since, through=feed.through, cutoff=feed.cutoff)
        body = ical.group_calendar(group, feed.series, window=window)
        stamps = [group.updated_at] + [s.updated_at for s in feed.series]
        stamps += [o.updated_at for o in feed.rows]
        return feed_response(request._request, body, content_type=ICS_TYPE, last_modified=max(stamps),
                             filename=f"{group.slug}.ics")


@schema.personal_calendar
class PersonalCalendarView(APIView):
    """Private: the URL's secret is the credential, so calendar apps can subscribe without signing in.

    Timing is kept flat: the secret is looked up by an indexed equality match on a unique column
    (its cost does not depend on how much of a guess is right), then always compared with
    ``hmac.compare_digest`` - against a random dummy of the same shape when nothing matched - so a
    hit and a miss do the same work until the answer is known. Malformed secrets are refused before
    any lookup; the shape is public knowledge, so that reveals nothing.
    """

    permission_classes = (AllowAny,)
    authentication_classes = ()
    renderer_classes = (ICalendarRenderer, JSONRenderer)

    def get(self, request: Request, secret: str) -> HttpResponse:
        user = selectors.user_for_calendar_secret(secret) if SECRET_SHAPE.fullmatch(secret) else None
        expected = user.calendar_secret if user is not None else DUMMY_SECRET
        if not hmac.compare_digest(expected.encode(), secret.encode()) or user is None:
            raise NotFound(_("No such calendar."))
        preferences = notification_preferences_get(user=user)
        viewer = Viewer.of(user)
        occurrences = selectors.personal_feed_occurrences(
            viewer=viewer, include_group_meetings=preferences.calendar_includes_group_meetings)
        body = ical.personal_calendar(occurrences, viewer=viewer)
        stamps = [o.updated_at for o in occurrences] + [o.series.updated_at for o in occurrences]
        response = feed_response(request._request, body, content_type=ICS_TYPE,
                                 last_modified=max(stamps, default=None), filename="kindred.ics")
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
        return response


@schema.meeting_guide
class MeetingGuideView(APIView):
    """Public: weekly meetings of listed groups in code4recovery's Meeting Guide format, one array."""

    permission_classes = (AllowAny,)
    authentication_classes = ()
    pagination_class = None

    def get(self, request: Request) -> HttpResponse:
        series = list(selectors.meeting_guide_series())
        entries = meeting_guide(series)
        body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        stamps = [s.updated_at for s in series] + [s.group.updated_at for s in series]
        return feed_response(request._request, body, content_type="application/json",
                             last_modified=max(stamps, default=timezone.now()))
