"""The accounts app's part of the OpenAPI document: the personal-token security scheme."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .permissions import ManagesTokensWithSession


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
