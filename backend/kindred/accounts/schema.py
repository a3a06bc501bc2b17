"""The accounts app's part of the OpenAPI document: the personal-token scheme and each view's operations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.api.schema import problem_doc, request_example, response_example

from .permissions import ManagesTokensWithSession, SignedInWithSession
from .serializers import (
    AcceptedOutputSerializer,
    ApiTokenCreateInputSerializer,
    ApiTokenOutputSerializer,
    EmailChangeInputSerializer,
    EmailInputSerializer,
    PasswordChangeInputSerializer,
    PasswordResetConfirmInputSerializer,
    RegisterInputSerializer,
    SessionOutputSerializer,
    TokenInputSerializer,
)


class ApiTokenCreatedSerializer(ApiTokenOutputSerializer):
    token = serializers.CharField(read_only=True, help_text="The key. Shown this once; store it safely.")

    class Meta(ApiTokenOutputSerializer.Meta):
        fields = (*ApiTokenOutputSerializer.Meta.fields, "token")
        read_only_fields = fields


class CsrfOutputSerializer(serializers.Serializer):
    csrf_token = serializers.CharField(help_text="Send as X-CSRFToken on unsafe requests with a session.")


TOKEN_EXAMPLE = response_example("token", status=201, value={
    "id": 3, "name": "Our intergroup site", "scope": "read write", "prefix": "kdr_Xk3v9aQ1",
    "created_at": "2026-11-01T10:00:00Z", "last_used_at": None, "token": "kdr_Xk3v9aQ1…(shown once)"})


INVALID_CREDENTIALS = problem_doc(400, "That email and password do not match an account.",
                                  code="invalid_credentials")
LOCKED_OUT = problem_doc(429, "Too many failed attempts. Please wait a few minutes and try again.",
                         code="locked_out")
TOKEN_INVALID = problem_doc(400, "This link doesn't work any more: it may have been used already, or a newer "
                                 "one was sent. (`token_expired` when it is older than its lifetime.)",
                            code="token_invalid")
PASSWORD_MISMATCH = problem_doc(400, "That isn't your current password.", code="password_mismatch")
SECURITY_SESSION_REQUIRED = problem_doc(403, "A personal token cannot change your password, email or sessions: "
                                             "sign in (a session).", code="session_required")
SESSION_REQUIRED = problem_doc(403, "A personal token cannot create, list or revoke tokens: sign in "
                                        "(a session) to manage them.", code="session_required")


csrf = extend_schema(tags=["auth"], summary="Get a CSRF token for session requests",
                     responses={200: CsrfOutputSerializer},
                     examples=[response_example("csrf", {"csrf_token": "wR4nTq9ZkYc2…(send as X-CSRFToken)"})])

logout = extend_schema(tags=["auth"], summary="Sign out (ends the session)", request=None,
                       responses={204: OpenApiResponse(description="Signed out.")})

api_tokens = extend_schema_view(
    get=extend_schema(tags=["auth"], summary="List my personal API tokens (from a session; keys are never shown again)",
                      responses={200: ApiTokenOutputSerializer(many=True), 403: SESSION_REQUIRED},
                      examples=[response_example("tokens", {
                          "id": 3, "name": "Our intergroup site", "scope": "read", "prefix": "kdr_Xk3v9aQ1",
                          "created_at": "2026-11-01T10:00:00Z", "last_used_at": "2026-11-20T07:15:00Z"})]),
    post=extend_schema(
        tags=["auth"], summary="Create a personal API token (from a session, or with email and password; "
                               "the key is shown once)",
        description=("From a signed-in session, send `{name, scope}`. A script with no session sends "
                     "`{email, password, name, scope}` instead: that is checked like signing in (the `auth` "
                     "throttle, the account's lockout, and an address not yet confirmed is refused)."),
        request=ApiTokenCreateInputSerializer,
        responses={201: ApiTokenCreatedSerializer, 400: INVALID_CREDENTIALS, 403: SESSION_REQUIRED,
                   429: LOCKED_OUT},
        examples=[request_example("create", name="Our intergroup site", scope="read write"),
                  request_example("exchange", email="sam@example.org", password="a long passphrase",
                                  name="Nightly sync", scope="read"), TOKEN_EXAMPLE],
    ),
)

api_token = extend_schema(tags=["auth"], summary="Revoke a personal API token (from a session)",
                          responses={204: OpenApiResponse(description="Revoked."), 403: SESSION_REQUIRED})


def detail_example(detail: str, name: str = "accepted", status: int = 202) -> OpenApiExample:
    """The answer of an operation that says only what it did (``AcceptedOutputSerializer``)."""
    return response_example(name, {"detail": detail}, status=status)


register = extend_schema(
    tags=["auth"], summary="Create an account (the address is confirmed by email before it can sign in)",
    description=("Answers 202 with the same body whether or not the address has an account, so it tells nobody "
                 "who is here. A new address gets a link to confirm it; an address with an account gets an "
                 "email saying someone tried (sign in, or reset the password) and nothing else changes."),
    request=RegisterInputSerializer,
    responses={202: AcceptedOutputSerializer},
    examples=[request_example("register", email="sam@example.org", password="a long passphrase",
                              display_name="Sam", time_zone="Europe/London"),
              detail_example("Thank you. Please check your email: if this address can be used, a message "
                               "with a link is on its way.")],
)

verify_email = extend_schema(
    tags=["auth"], summary="Confirm an address with the token from the emailed link",
    description="Confirms a new account's address, or moves an account to the new address it asked for. Works once.",
    request=TokenInputSerializer,
    responses={200: AcceptedOutputSerializer, 400: TOKEN_INVALID,
               409: problem_doc(409, "That address now belongs to another account.", code="email_taken")},
    examples=[request_example("verify", token="eyJ1Ijo3LCJwIjoiY29uZmlybSJ9:1u…"),
              detail_example("Thank you: your email address is confirmed. You can sign in with it now.",
                             "verified", 200)],
)

verify_email_resend = extend_schema(
    tags=["auth"], summary="Send the confirmation link again",
    description=("202 for any address; only an account still waiting to be confirmed is emailed (at most once "
                 "a minute)."),
    request=EmailInputSerializer, responses={202: AcceptedOutputSerializer},
    examples=[request_example("resend", email="sam@example.org"),
              detail_example("If this address is waiting to be confirmed, we've sent the link again.")],
)

password_reset = extend_schema(
    tags=["auth"], summary="Ask for a link to choose a new password",
    description="202 for any address; a known one gets a link that works once, for PASSWORD_RESET_HOURS (1).",
    request=EmailInputSerializer, responses={202: AcceptedOutputSerializer},
    examples=[request_example("reset", email="sam@example.org"),
              detail_example("If this address has a Kindred account, we've sent it a link to choose a new "
                               "password.")],
)

password_reset_confirm = extend_schema(
    tags=["auth"], summary="Choose a new password with the token from the emailed link",
    description=("Sets the password (Django's validators), ends every session (this one too) and forgets the failed "
                 "sign-ins, so a lockout lifts. Personal API tokens keep working unless `end_api_tokens` is true."),
    request=PasswordResetConfirmInputSerializer,
    responses={200: AcceptedOutputSerializer, 400: TOKEN_INVALID},
    examples=[request_example("confirm", token="eyJ1Ijo3LCJwIjoicmVzZXQifQ:1u…",
                              new_password="a new long passphrase", end_api_tokens=False),
              detail_example("Your new password is set, and you've been signed out everywhere. Sign in with the "
                             "new password.", "done", 200)],
)

password_change = extend_schema(
    tags=["me"], summary="Change my password (this session stays; the others end)",
    request=PasswordChangeInputSerializer,
    responses={200: AcceptedOutputSerializer, 400: PASSWORD_MISMATCH, 403: SECURITY_SESSION_REQUIRED,
               429: LOCKED_OUT},
    examples=[request_example("change", current_password="a long passphrase", new_password="a new long passphrase"),
              detail_example("Your password is changed. You're still signed in here, and signed out everywhere "
                             "else.", "changed", 200)],
)

email_change = extend_schema(
    tags=["me"], summary="Move my account to a new email address (once the new address confirms it)",
    description=("Sends a link to the new address and a notice to the current one; the address changes only when "
                 "the link is used (`POST /auth/verify-email/`). An address that already has an account gets the "
                 "same 202 (its owner is told someone tried)."),
    request=EmailChangeInputSerializer,
    responses={202: AcceptedOutputSerializer, 400: problem_doc(400, "That isn't your password.",
                                                              code="password_mismatch"),
               403: SECURITY_SESSION_REQUIRED, 429: LOCKED_OUT},
    examples=[request_example("change", new_email="sam.new@example.org", password="a long passphrase"),
              detail_example("Check the new address for a link to confirm it. Until you use it, your account "
                               "keeps its current address.")],
)

SESSION_EXAMPLE = response_example("sessions", {  # the list's items, one shown
    "id": "b3Jh1x0Qk9zVfA2c", "device": "Firefox on Android", "signed_in_at": "2026-11-20T07:15:00Z",
     "last_seen_at": "2026-11-21T18:40:00Z", "expires_at": "2026-12-05T18:40:00Z", "current": True})

sessions = extend_schema(
    tags=["me"], summary="Where I'm signed in (no IP address is kept for this)",
    responses={200: SessionOutputSerializer(many=True), 403: SECURITY_SESSION_REQUIRED},
    examples=[SESSION_EXAMPLE],
)

session = extend_schema(
    tags=["me"], summary="End one of my sessions (my own current one signs me out)",
    responses={204: OpenApiResponse(description="Ended."), 403: SECURITY_SESSION_REQUIRED,
               404: problem_doc(404, "No such session. It may have ended already.")},
)


class SessionsEndedSerializer(serializers.Serializer):
    ended = serializers.IntegerField(help_text="How many sessions ended.")


sessions_end_others = extend_schema(
    tags=["me"], summary="Sign out everywhere else (every session but this one ends)", request=None,
    responses={200: SessionsEndedSerializer, 403: SECURITY_SESSION_REQUIRED},
    examples=[response_example("ended", {"ended": 2})],
)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kindred.accounts.authentication.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token from /api/v1/auth/tokens/. `Token <key>` works too."}

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[Any]] | list[dict[str, list[Any]]]:
        """Tokens are managed from a session only: those operations do not list the token scheme."""
        if any(isinstance(permission, (ManagesTokensWithSession, SignedInWithSession))  # noqa: UP038 (DRF permissions overload |)
               for permission in auto_schema.view.get_permissions()):
            return []
        return super().get_security_requirement(auto_schema)
