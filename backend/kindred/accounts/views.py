"""Account endpoints: register, sign in and out, my profile, personal tokens."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.schema import problem_doc
from kindred.api.throttling import AuthThrottle
from kindred.common.errors import LockedOut, RuleBroken
from kindred.notifications.services import notification_preferences_update

from . import privacy, selectors, services
from .lockout import LOCKED_OUT_DETAIL, count_password_attempt
from .models import ApiToken
from .permissions import ManagesTokensWithSession, authenticated_user
from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenInputSerializer,
    ApiTokenOutputSerializer,
    CsrfOutputSerializer,
    LoginInputSerializer,
    MeDeleteInputSerializer,
    MeExportOutputSerializer,
    MeOutputSerializer,
    MePatchInputSerializer,
    RegisterInputSerializer,
)

ME_EXAMPLE = OpenApiExample(
    "me", response_only=True,
    value={"id": 7, "email": "sam@example.org", "display_name": "Sam", "pronouns": "they/them",
           "time_zone": "Europe/London", "show_on_rosters": False,
           "calendar_url": "https://kindred.example/api/v1/me/calendar/3q2-…​.ics",
           "notifications": {"occurrence_changed": True, "waitlist_promoted": False,
                             "join_request_approved": False, "cofacilitator_invited": False,
                             "reminders": True, "reminder_hours": 24, "calendar_includes_group_meetings": False},
           "date_joined": "2026-11-01T10:00:00Z"},
)


class CsrfView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(tags=["auth"], summary="Get a CSRF token for session requests",
                   responses={200: CsrfOutputSerializer},
                   examples=[OpenApiExample("csrf", response_only=True,
                                            value={"csrf_token": "wR4nTq9ZkYc2…(send as X-CSRFToken)"})])
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


class RegisterView(APIView):
    permission_classes = (AllowAny,)
    throttle_classes = (AuthThrottle,)

    @extend_schema(
        tags=["auth"], summary="Create an account and sign in",
        request=RegisterInputSerializer,
        responses={201: MeOutputSerializer, 409: problem_doc(409, "An account with this email exists.")},
        examples=[OpenApiExample("register", request_only=True,
                                 value={"email": "sam@example.org", "password": "a long passphrase",
                                        "display_name": "Sam", "time_zone": "Europe/London"}), ME_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        login(request._request, user, backend="kindred.accounts.backends.EmailBackend")
        return Response(MeOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class LoginView(APIView):
    permission_classes = (AllowAny,)
    throttle_classes = (AuthThrottle,)

    @extend_schema(
        tags=["auth"], summary="Sign in with email and password (starts a session)",
        request=LoginInputSerializer,
        responses={200: MeOutputSerializer},
        examples=[OpenApiExample("login", request_only=True,
                                 value={"email": "sam@example.org", "password": "a long passphrase"}),
                  ME_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        serializer = LoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        http_request = request._request
        user = authenticate(http_request, **serializer.validated_data)
        if getattr(http_request, "axes_locked_out", False):
            raise LockedOut(LOCKED_OUT_DETAIL)
        if user is None:
            raise RuleBroken("That email and password do not match an account.", code="invalid_credentials")
        login(http_request, user)
        return Response(MeOutputSerializer(user).data)


class LogoutView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(tags=["auth"], summary="Sign out (ends the session)", request=None,
                   responses={204: OpenApiResponse(description="Signed out.")})
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)
    delete_has_body = True  # DELETE carries the password (see kindred.api.schema.AutoSchema)

    def get_throttles(self) -> list[BaseThrottle]:
        # Erasing checks a password, so it is throttled like sign-in against guessing.
        extra = [AuthThrottle()] if self.request.method == "DELETE" else []
        return [*super().get_throttles(), *extra]

    @extend_schema(tags=["me"], summary="My profile", responses={200: MeOutputSerializer},
                   examples=[ME_EXAMPLE])
    def get(self, request: Request) -> Response:
        return Response(MeOutputSerializer(authenticated_user(request)).data)

    @extend_schema(
        tags=["me"], summary="Change my profile and privacy defaults",
        request=MePatchInputSerializer, responses={200: MeOutputSerializer},
        examples=[OpenApiExample("rename", request_only=True,
                                 value={"display_name": "S.", "show_on_rosters": True,
                                        "notifications": {"reminders": True, "reminder_hours": 24}}), ME_EXAMPLE],
    )
    def patch(self, request: Request) -> Response:
        serializer = MePatchInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        notifications = data.pop("notifications", None)
        with transaction.atomic():
            user = services.user_update_profile(user=authenticated_user(request), data=data)
            if notifications:
                notification_preferences_update(user=user, data=notifications)
        return Response(MeOutputSerializer(user).data)

    @extend_schema(
        tags=["me"], summary="Erase my account and everything about me (needs my password)",
        request=MeDeleteInputSerializer,
        responses={204: OpenApiResponse(description="Erased: memberships, RSVPs, tokens and sessions are gone.")},
        examples=[OpenApiExample("erase", request_only=True, value={"password": "a long passphrase"})],
    )
    def delete(self, request: Request) -> Response:
        serializer = MeDeleteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, password = authenticated_user(request), serializer.validated_data["password"]
        # A stolen session must not be a way to guess the password: each wrong one counts against
        # the account's lockout like a failed sign-in, and a locked account cannot confirm (429).
        count_password_attempt(request._request, email=user.email, password=password)
        privacy.user_erase(user=user, password=password)  # refuses a wrong password (400)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(
        tags=["me"], summary="Export everything Kindred holds about me, as JSON",
        responses={200: MeExportOutputSerializer},
        examples=[OpenApiExample("export", response_only=True, value={
            "exported_at": "2026-11-02T09:00:00+00:00",
            "profile": {"id": 7, "email": "sam@example.org", "display_name": "Sam", "pronouns": "they/them",
                        "time_zone": "Europe/London", "show_on_rosters": False,
                        "date_joined": "2026-11-01T10:00:00+00:00", "last_login": None, "is_staff": False,
                        "is_active": True, "calendar_secret": "3q2-…",
                        "calendar_url": "https://kindred.example/api/v1/me/calendar/3q2-….ics"},
            "api_tokens": [{"id": 3, "name": "Our intergroup site", "scope": "read", "prefix": "kdr_Xk3v9aQ1",
                            "created_at": "2026-11-01T10:00:00+00:00", "last_used_at": None}],
            "memberships": [{"group": {"slug": "grief-circle", "name": "Grief circle"}, "role": "member",
                             "status": "active", "display_name": "S.", "show_on_roster": False,
                             "agreed_version": 1, "request_message": "", "joined_at": "2026-11-01T10:00:00+00:00",
                             "created_at": "2026-11-01T10:00:00+00:00",
                             "updated_at": "2026-11-01T10:00:00+00:00"}],
            "facilitator_invitations": [], "rsvps": [], "concerns_raised": [], "reminders_sent": [],
            "notification_preferences": {"occurrence_changed": True, "waitlist_promoted": False,
                                         "join_request_approved": False, "cofacilitator_invited": False,
                                         "reminders": False, "reminder_hours": 24,
                                         "calendar_includes_group_meetings": False},
            "concerns_about_me": [], "concerns_i_resolved": [], "moderation_log_my_actions": [],
            "moderation_log_about_me": [], "series_i_facilitate_on_the_day": [], "facilitator_invitations_sent": [],
            "login_records": {"sign_ins": [{"attempt_time": "2026-11-02T08:59:00+00:00", "logout_time": None,
                                            "ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0 (Android 15)",
                                            "path_info": "/api/v1/auth/login/"}],
                              "failed_sign_ins": [], "lockout_counters": []},
            "emails": [{"letter": "occurrence_cancelled", "about_id": 311, "status": "SUCCESSFUL",
                        "enqueued_at": "2026-11-01T18:00:00+00:00", "finished_at": "2026-11-01T18:00:02+00:00"}],
            "sessions": [{"expires_at": "2026-11-16T08:59:00+00:00"}],
            "admin_log": {"changes_to_my_account": [], "my_actions": []},
        })],
    )
    def get(self, request: Request) -> Response:
        response = Response(privacy.user_export(user=authenticated_user(request)))
        response["Content-Disposition"] = 'attachment; filename="kindred-export.json"'
        return response


class CalendarRotateView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(tags=["me"], summary="Replace my private calendar URL (the old one stops working)",
                   request=None, responses={200: MeOutputSerializer}, examples=[ME_EXAMPLE])
    def post(self, request: Request) -> Response:
        user = services.calendar_secret_rotate(user=authenticated_user(request))
        return Response(MeOutputSerializer(user).data)


TOKEN_EXAMPLE = OpenApiExample(
    "token", response_only=True, status_codes=["201"],
    value={"id": 3, "name": "Our intergroup site", "scope": "read write", "prefix": "kdr_Xk3v9aQ1",
           "created_at": "2026-11-01T10:00:00Z", "last_used_at": None,
           "token": "kdr_Xk3v9aQ1…(shown once)"},
)


SESSION_REQUIRED = problem_doc(403, "A personal token cannot create, list or revoke tokens: sign in "
                                        "(a session) to manage them.", code="session_required")


class ApiTokenListView(generics.ListAPIView):
    permission_classes = (ManagesTokensWithSession,)
    serializer_class = ApiTokenOutputSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        return selectors.api_token_list(user=authenticated_user(self.request))

    @extend_schema(tags=["auth"], summary="List my personal API tokens (from a session; keys are never shown again)",
                   responses={200: ApiTokenOutputSerializer(many=True), 403: SESSION_REQUIRED},
                   examples=[OpenApiExample("tokens", response_only=True, value={
                       "id": 3, "name": "Our intergroup site", "scope": "read", "prefix": "kdr_Xk3v9aQ1",
                       "created_at": "2026-11-01T10:00:00Z", "last_used_at": "2026-11-20T07:15:00Z"})])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["auth"], summary="Create a personal API token (from a session; the key is shown once)",
        request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer, 403: SESSION_REQUIRED},
        examples=[OpenApiExample("create", request_only=True,
                                 value={"name": "Our intergroup site", "scope": "read write"}), TOKEN_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        serializer = ApiTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.api_token_create(user=authenticated_user(request), **serializer.validated_data)
        # The key is never stored, so it is added to the token's fields here, this once.
        created = {**ApiTokenOutputSerializer(token).data, "token": key}
        return Response(created, status=status.HTTP_201_CREATED)


class ApiTokenDetailView(APIView):
    permission_classes = (ManagesTokensWithSession,)

    @extend_schema(tags=["auth"], summary="Revoke a personal API token (from a session)",
                   responses={204: OpenApiResponse(description="Revoked."), 403: SESSION_REQUIRED})
    def delete(self, request: Request, token_id: int) -> Response:
        services.api_token_revoke(user=authenticated_user(request), token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
