"""Endpoints that span apps: my account (sign in, my profile with its email choices,
export, erasure) and my membership of a group (join, change, leave), and a safety removal."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.accounts import services as account_services
from kindred.accounts.lockout import count_password_attempt, sign_in_check
from kindred.accounts.permissions import authenticated_user, is_session, sees_calendar_secret
from kindred.accounts.serializers import LoginInputSerializer
from kindred.api.generics import MethodThrottledView
from kindred.api.inputs import validated
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.throttling import AuthThrottle, JoinThrottle
from kindred.common.errors import NotFound
from kindred.common.languages import activate_member_language, browser_language, member_language, remember_language
from kindred.groups import services as group_services
from kindred.groups.models import Membership
from kindred.groups.policy import GroupRole
from kindred.groups.serializers import (
    JoinInputSerializer,
    MemberRemoveInputSerializer,
    MembershipOutputSerializer,
    MembershipPatchInputSerializer,
)
from kindred.groups.views_base import GroupScopedView

from . import privacy, schema, services
from .serializers import MeDeleteInputSerializer, MeOutputSerializer, MePatchInputSerializer

# Who sees my private calendar's secret: a session (registering and signing in make one) or a
# `read write` token; never a `read` token (kindred.accounts.permissions.sees_calendar_secret).
SESSION = {"sees_secrets": True}


def _secrets(request: Request) -> dict[str, bool]:
    return {"sees_secrets": sees_calendar_secret(request)}


# --- my account ------------------------------------------------------------------------------------

@schema.login
class LoginView(APIView):
    permission_classes = (AllowAny,)
    throttle_classes = (AuthThrottle,)

    def post(self, request: Request) -> Response:
        data = validated(LoginInputSerializer, request.data)
        http_request = request._request
        user = sign_in_check(http_request, **data)
        login(http_request, user)
        activate_member_language(http_request, user)
        response = Response(MeOutputSerializer(user, context=SESSION).data)
        if member_language(user):  # the pages that read no credentials speak it on this browser too (a
            remember_language(response, user)  # member who follows their browser keeps this browser's choice)
        return response


@schema.me
class MeView(MethodThrottledView):
    permission_classes = (IsAuthenticatedWithScope,)
    delete_has_body = True  # DELETE carries the password (see kindred.api.schema.AutoSchema)
    # Erasing checks a password, so it is throttled like sign-in against guessing.
    method_throttles = {"DELETE": (AuthThrottle,)}

    def get(self, request: Request) -> Response:
        return Response(MeOutputSerializer(authenticated_user(request), context=_secrets(request)).data)

    def patch(self, request: Request) -> Response:
        data = validated(MePatchInputSerializer, request.data, partial=True)
        user = services.profile_update(user=authenticated_user(request), data=data)
        response = Response(MeOutputSerializer(user, context=_secrets(request)).data)
        if "language" in data:  # this answer already speaks the new choice, and so will
            translation.activate(member_language(user) or browser_language(request._request))  # this browser
            remember_language(response, user)
        return response

    def delete(self, request: Request) -> Response:
        user, password = authenticated_user(request), validated(MeDeleteInputSerializer, request.data)["password"]
        # A stolen session must not be a way to guess the password: each wrong one counts against
        # the account's lockout like a failed sign-in, and a locked account cannot confirm (429).
        count_password_attempt(request._request, email=user.email, password=password)
        privacy.user_erase(user=user, password=password)  # refuses a wrong password (400)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.me_export
class MeExportView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    def get(self, request: Request) -> Response:
        response = Response(privacy.user_export(user=authenticated_user(request), with_secrets=is_session(request)))
        response["Content-Disposition"] = 'attachment; filename="kindred-export.json"'
        return response


@schema.calendar_rotate
class CalendarRotateView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)  # a write: a `read` token is refused

    def post(self, request: Request) -> Response:
        user = account_services.calendar_secret_rotate(user=authenticated_user(request))
        return Response(MeOutputSerializer(user, context=SESSION).data)


# --- my membership of a group, and a safety removal -------------------------------------------------

@schema.membership
class MembershipView(MethodThrottledView, GroupScopedView):
    """My membership of one group. Reads need sign-in only; the membership itself is the object."""

    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.SIGNED_IN
    group_write_permission = GroupRole.SIGNED_IN
    method_throttles = {"POST": (JoinThrottle,)}

    def my_membership(self) -> Membership:
        membership = self.viewer.membership_in(self.group)
        if membership is None:
            raise NotFound(_("You are not a member of this group."))
        return membership

    def get(self, request: Request, slug: str) -> Response:
        return Response(MembershipOutputSerializer(self.my_membership()).data)

    def post(self, request: Request, slug: str) -> Response:
        data = validated(JoinInputSerializer, request.data)
        membership = group_services.membership_join(user=authenticated_user(request), group=self.group, **data)
        return Response(MembershipOutputSerializer(membership).data, status=status.HTTP_201_CREATED)

    def patch(self, request: Request, slug: str) -> Response:
        data = validated(MembershipPatchInputSerializer, request.data, partial=True)
        membership = services.membership_preferences_update(membership=self.my_membership(), data=data)
        return Response(MembershipOutputSerializer(membership).data)

    def delete(self, request: Request, slug: str) -> Response:
        services.membership_leave(membership=self.my_membership())
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.member_remove
class MemberRemoveView(GroupScopedView):
    permission_classes = (IsAuthenticatedWithScope,)
    group_write_permission = GroupRole.FACILITATOR

    def post(self, request: Request, slug: str, membership_id: int) -> Response:
        reason = validated(MemberRemoveInputSerializer, request.data)["reason"]
        services.member_remove(group=self.group, actor=authenticated_user(request), membership_id=membership_id,
                               reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)
