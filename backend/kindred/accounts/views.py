"""Account endpoints: register, sign in and out, my profile, personal tokens."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.api.errors import DomainError
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.schema import problem_response
from kindred.api.throttling import AuthThrottle

from . import selectors, services
from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenInputSerializer,
    ApiTokenOutputSerializer,
    CsrfOutputSerializer,
    LoginInputSerializer,
    MeOutputSerializer,
    MePatchInputSerializer,
    RegisterInputSerializer,
)

ME_EXAMPLE = OpenApiExample(
    "me", response_only=True,
    value={"id": 7, "email": "sam@example.org", "display_name": "Sam", "pronouns": "they/them",
           "time_zone": "Europe/London", "show_on_rosters": False,
           "calendar_url": "https://kindred.example/api/v1/me/calendar/3q2-…​.ics",
           "date_joined": "2026-11-01T10:00:00Z"},
)


class LockedOut(DomainError):
    status_code = 429
    default_code = "locked_out"


class CsrfView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(tags=["auth"], summary="Get a CSRF token for session requests",
                   responses={200: CsrfOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


class RegisterView(APIView):
    permission_classes = (AllowAny,)
    throttle_classes = (AuthThrottle,)

    @extend_schema(
        tags=["auth"], summary="Create an account and sign in",
        request=RegisterInputSerializer,
        responses={201: MeOutputSerializer, 409: problem_response(409, "An account with this email exists.")},
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
            raise LockedOut("Too many failed attempts. Please wait a few minutes and try again.")
        if user is None:
            raise DomainError("That email and password do not match an account.", code="invalid_credentials",
                              status_code=400)
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

    @extend_schema(tags=["me"], summary="My profile", responses={200: MeOutputSerializer},
                   examples=[ME_EXAMPLE])
    def get(self, request: Request) -> Response:
        return Response(MeOutputSerializer(request.user).data)

    @extend_schema(
        tags=["me"], summary="Change my profile and privacy defaults",
        request=MePatchInputSerializer, responses={200: MeOutputSerializer},
        examples=[OpenApiExample("rename", request_only=True,
                                 value={"display_name": "S.", "show_on_rosters": True}), ME_EXAMPLE],
    )
    def patch(self, request: Request) -> Response:
        serializer = MePatchInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update_profile(user=request.user, data=serializer.validated_data)
        return Response(MeOutputSerializer(user).data)


class CalendarRotateView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(tags=["me"], summary="Replace my private calendar URL (the old one stops working)",
                   request=None, responses={200: MeOutputSerializer})
    def post(self, request: Request) -> Response:
        return Response(MeOutputSerializer(services.calendar_secret_rotate(user=request.user)).data)


TOKEN_EXAMPLE = OpenApiExample(
    "token", response_only=True, status_codes=["201"],
    value={"id": 3, "name": "Our intergroup site", "scope": "read write", "prefix": "kdr_Xk3v9aQ1",
           "created_at": "2026-11-01T10:00:00Z", "last_used_at": None,
           "token": "kdr_Xk3v9aQ1…(shown once)"},
)


class ApiTokenListView(generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = ApiTokenOutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.api_token_list(user=self.request.user)

    @extend_schema(tags=["auth"], summary="List my personal API tokens (keys are never shown again)")
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["auth"], summary="Create a personal API token (the key is shown once)",
        request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer},
        examples=[OpenApiExample("create", request_only=True,
                                 value={"name": "Our intergroup site", "scope": "read write"}), TOKEN_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        serializer = ApiTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.api_token_create(user=request.user, **serializer.validated_data)
        token.token = key  # type: ignore[attr-defined]
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class ApiTokenDetailView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(tags=["auth"], summary="Revoke a personal API token",
                   responses={204: OpenApiResponse(description="Revoked.")})
    def delete(self, request: Request, token_id: int) -> Response:
        services.api_token_revoke(user=request.user, token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
