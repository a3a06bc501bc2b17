"""Account endpoints: a CSRF token, registering and confirming the address, signing out, passwords,
changing the address, my sessions, personal tokens. Signing in and my profile answer with the profile
and its email choices, so they are kindred.lifecycle's.

Every endpoint here that takes an address, a token or a password is behind the ``auth`` throttle;
those that check a password count towards the account's lockout like a failed sign-in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django.contrib.auth import logout, update_session_auth_hash
from django.db.models import QuerySet
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from kindred.api.inputs import validated
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.throttling import AuthThrottle

from . import schema, selectors, services
from .lockout import count_password_attempt, sign_in_check
from .models import ApiToken
from .permissions import (
    ManagesTokensWithSession,
    SignedInWithSession,
    authenticated_user,
    is_password_exchange,
)
from .serializers import (
    ApiTokenCreateInputSerializer,
    ApiTokenOutputSerializer,
    EmailChangeInputSerializer,
    EmailInputSerializer,
    PasswordChangeInputSerializer,
    PasswordResetConfirmInputSerializer,
    RegisterInputSerializer,
    SessionOutputSerializer,
    TokenExchangeInputSerializer,
    TokenInputSerializer,
)
from .sessions import PUBLIC_ID as SESSION_PUBLIC_ID

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger("kindred.accounts")

CHECK_EMAIL = _("Thank you. Please check your email: if this address can be used, a message with a link "
                "is on its way. It may take a few minutes, and can land in a spam folder.")
RESET_SENT = _("If this address has a Kindred account, we've sent it a link to choose a new password. "
               "The link works for a short while, once.")
RESENT = _("If this address is waiting to be confirmed, we've sent the link again.")
EMAIL_CHANGE_SENT = _("Check the new address for a link to confirm it. Until you use it, your account keeps "
                      "its current address. We've also told the current address, in case this wasn't you.")


def accepted(detail: StrOrPromise, *, then: Callable[[], None] | None = None) -> Response:
    """202 with ``detail``; ``then`` runs once the answer has been sent (``after_answer``)."""
    response = Response({"detail": str(detail)}, status=status.HTTP_202_ACCEPTED)
    if then is not None:
        after_answer(response, then)
    return response


def after_answer(response: Response, work: Callable[[], None]) -> None:
    """Run ``work`` when the server closes the response, after its body is sent (WSGI calls
    ``close()``; so does Django's test client). What an address leads to (a look-up, an email
    queued, an account made) then takes no time the caller can measure: the second outside probe
    timed a password reset for a known address ~10 ms slower than for an unknown one (the queued
    email's row), which told who has an account. Django swallows a closer's errors: logged here.
    ``work`` runs in the request's language (by then the language middleware has finished), so an
    email it causes knows the language of the request that caused it."""
    language = translation.get_language()

    def run() -> None:
        try:
            with translation.override(language):
                work()
        except Exception:
            logger.exception("account work after the answer failed")

    response._resource_closers.append(run)  # type: ignore[attr-defined]  # HttpResponseBase.close() calls these


class AuthThrottled(APIView):
    """An account endpoint anyone may call (no session needed), behind the strict ``auth`` throttle."""

    permission_classes = (AllowAny,)
    throttle_classes = (AuthThrottle,)


@schema.register
class RegisterView(AuthThrottled):
    def post(self, request: Request) -> Response:
        data = validated(RegisterInputSerializer, request.data)
        services.registration_check(**data)  # a refused password is said now
        return accepted(CHECK_EMAIL, then=partial(services.user_register, **data))


@schema.verify_email
class VerifyEmailView(AuthThrottled):
    def post(self, request: Request) -> Response:
        services.email_verify(token=validated(TokenInputSerializer, request.data)["token"])
        return Response({"detail": str(_("Thank you: your email address is confirmed. You can sign in with it now."))})


@schema.verify_email_resend
class VerifyEmailResendView(AuthThrottled):
    def post(self, request: Request) -> Response:
        email = validated(EmailInputSerializer, request.data)["email"]
        return accepted(RESENT, then=partial(services.confirmation_resend, email=email))


@schema.password_reset
class PasswordResetView(AuthThrottled):
    def post(self, request: Request) -> Response:
        email = validated(EmailInputSerializer, request.data)["email"]
        return accepted(RESET_SENT, then=partial(services.password_reset_request, email=email))


@schema.password_reset_confirm
class PasswordResetConfirmView(AuthThrottled):
    def post(self, request: Request) -> Response:
        data = validated(PasswordResetConfirmInputSerializer, request.data)
        user = services.password_reset_confirm(**data)
        if request.user.pk == user.pk:  # this session ended with the others
            logout(request._request)
        return Response({"detail": str(_("Your new password is set, and you've been signed out everywhere. "
                                         "Sign in with the new password."))})


class SessionSecurityView(APIView):
    """Changing how the account is secured: from a session only, behind the ``auth`` throttle."""

    permission_classes = (SignedInWithSession,)
    throttle_classes = (AuthThrottle,)


@schema.password_change
class PasswordChangeView(SessionSecurityView):
    def post(self, request: Request) -> Response:
        data = validated(PasswordChangeInputSerializer, request.data)
        user, current = authenticated_user(request), data["current_password"]
        # A stolen session must not be a way to guess the password (as erasing, kindred.lifecycle).
        count_password_attempt(request._request, email=user.email, password=current)
        services.password_change(user=user, current_password=current,
                                 new_password=data["new_password"],
                                 keep_session_key=request.session.session_key)
        update_session_auth_hash(request._request, user)  # this session survives the new password
        return Response({"detail": str(_("Your password is changed. You're still signed in here, and signed out "
                                         "everywhere else."))})


@schema.email_change
class EmailChangeView(SessionSecurityView):
    def post(self, request: Request) -> Response:
        data = validated(EmailChangeInputSerializer, request.data)
        user, password = authenticated_user(request), data["password"]
        count_password_attempt(request._request, email=user.email, password=password)
        services.email_change_request(user=user, new_email=data["new_email"], password=password)
        return accepted(EMAIL_CHANGE_SENT)


@schema.sessions
class SessionListView(SessionSecurityView):
    def get(self, request: Request) -> Response:
        sessions = selectors.session_list(user=authenticated_user(request))
        context = {"current_session_key": request.session.session_key}
        return Response(SessionOutputSerializer(sessions, many=True, context=context).data)


@schema.session
class SessionDetailView(SessionSecurityView):
    def delete(self, request: Request, session_id: str) -> Response:
        if session_id == request.session.get(SESSION_PUBLIC_ID):
            logout(request._request)  # ending the session I am using is signing out here
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.session_end(user=authenticated_user(request), session_id=session_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.sessions_end_others
class SessionsEndOthersView(SessionSecurityView):
    def post(self, request: Request) -> Response:
        ended = services.sessions_end(user=authenticated_user(request), keep_session_key=request.session.session_key)
        return Response({"ended": ended})


@schema.csrf
class CsrfView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


@schema.logout
class LogoutView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.api_tokens
class ApiTokenListView(generics.ListAPIView):
    permission_classes = (ManagesTokensWithSession,)
    serializer_class = ApiTokenOutputSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        return selectors.api_token_list(user=authenticated_user(self.request))

    def get_throttles(self) -> list[BaseThrottle]:
        # The password exchange checks a password, so it is throttled like signing in.
        extra = [AuthThrottle()] if is_password_exchange(self.request) else []
        return [*super().get_throttles(), *extra]

    def post(self, request: Request) -> Response:
        if is_password_exchange(request):
            data = validated(TokenExchangeInputSerializer, request.data)
            user = sign_in_check(request._request, email=data.pop("email"), password=data.pop("password"))
        else:
            data = validated(ApiTokenCreateInputSerializer, request.data)
            data = {name: data[name] for name in ("name", "scope")}
            user = authenticated_user(request)
        token, key = services.api_token_create(user=user, **data)
        # The key is never stored, so it is added to the token's fields here, this once.
        created = {**ApiTokenOutputSerializer(token).data, "token": key}
        return Response(created, status=status.HTTP_201_CREATED)


@schema.api_token
class ApiTokenDetailView(APIView):
    permission_classes = (ManagesTokensWithSession,)

    def delete(self, request: Request, token_id: int) -> Response:
        services.api_token_revoke(user=authenticated_user(request), token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
