"""The accounts app's part of the OpenAPI document: the personal-token scheme and each view's operations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.api.schema import problem_doc

from .permissions import ManagesTokensWithSession
from .serializers import ApiTokenInputSerializer, ApiTokenOutputSerializer


class ApiTokenCreatedSerializer(ApiTokenOutputSerializer):
    token = serializers.CharField(read_only=True, help_text="The key. Shown this once; store it safely.")

    class Meta(ApiTokenOutputSerializer.Meta):
        fields = (*ApiTokenOutputSerializer.Meta.fields, "token")
        read_only_fields = fields


class CsrfOutputSerializer(serializers.Serializer):
    csrf_token = serializers.CharField(help_text="Send as X-CSRFToken on unsafe requests with a session.")


TOKEN_EXAMPLE = OpenApiExample(
    "token", response_only=True, status_codes=["201"],
    value={"id": 3, "name": "Our intergroup site", "scope": "read write", "prefix": "kdr_Xk3v9aQ1",
           "created_at": "2026-11-01T10:00:00Z", "last_used_at": None,
           "token": "kdr_Xk3v9aQ1…(shown once)"},
)


SESSION_REQUIRED = problem_doc(403, "A personal token cannot create, list or revoke tokens: sign in "
                                        "(a session) to manage them.", code="session_required")


csrf = extend_schema(tags=["auth"], summary="Get a CSRF token for session requests",
                     responses={200: CsrfOutputSerializer},
                     examples=[OpenApiExample("csrf", response_only=True,
                                              value={"csrf_token": "wR4nTq9ZkYc2…(send as X-CSRFToken)"})])

logout = extend_schema(tags=["auth"], summary="Sign out (ends the session)", request=None,
                       responses={204: OpenApiResponse(description="Signed out.")})

api_tokens = extend_schema_view(
    get=extend_schema(tags=["auth"], summary="List my personal API tokens (from a session; keys are never shown again)",
                      responses={200: ApiTokenOutputSerializer(many=True), 403: SESSION_REQUIRED},
                      examples=[OpenApiExample("tokens", response_only=True, value={
                          "id": 3, "name": "Our intergroup site", "scope": "read", "prefix": "kdr_Xk3v9aQ1",
                          "created_at": "2026-11-01T10:00:00Z", "last_used_at": "2026-11-20T07:15:00Z"})]),
    post=extend_schema(
        tags=["auth"], summary="Create a personal API token (from a session; the key is shown once)",
        request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer, 403: SESSION_REQUIRED},
        examples=[OpenApiExample("create", request_only=True,
                                 value={"name": "Our intergroup site", "scope": "read write"}), TOKEN_EXAMPLE],
    ),
)

api_token = extend_schema(tags=["auth"], summary="Revoke a personal API token (from a session)",
                          responses={204: OpenApiResponse(description="Revoked."), 403: SESSION_REQUIRED})


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kindred.accounts.authentication.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token from /api/v1/auth/tokens/. `Token <key>` works too."}

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[Any]] | list[dict[str, list[Any]]]:
        """Tokens are managed from a session only: those operations do not list the token scheme."""
        if any(isinstance(permission, ManagesTokensWithSession) for permission in auto_schema.view.get_permissions()):
            return []
        return super().get_security_requirement(auto_schema)
