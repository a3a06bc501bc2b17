"""OpenAPI generation: every operation documents the problem+json errors it can return."""

from __future__ import annotations

from typing import Any, Literal

from django.core.validators import RegexValidator
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from kindred.common import text

from .permissions import IsAuthenticatedWithScope, ReadAnyoneWriteSignedIn, TokenScopePermission


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Dotted path of the field, empty for the whole body.")
    message = serializers.CharField()
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `required`, `invalid`.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as every Kindred error is returned."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(help_text="Stable machine-readable code for the error.")
    # DRF's serializer metaclass moves declared fields off the class, so this does not replace the
    # Serializer.errors property at runtime; the stubs cannot see that.
    errors = ProblemFieldErrorSerializer(many=True, required=False)  # type: ignore[assignment]


ERROR_DESCRIPTIONS = {
    400: ("The request is not valid; `errors` names each field.", "invalid"),
    401: ("Sign in, or send `Authorization: Bearer <token>`.", "not_authenticated"),
    403: ("Not allowed: a read-only token, or a missing CSRF token for a session.", "permission_denied"),
    404: ("Not found, or not visible to you.", "not_found"),
    409: ("Conflicts with the current state.", "conflict"),
    413: ("The request body is larger than allowed.", "body_too_large"),
    415: ("Send `Content-Type: application/json`.", "unsupported_media_type"),
    429: ("Too many requests; see `Retry-After`.", "throttled"),
    503: ("The service is briefly unavailable; try again.", "database_unavailable"),
}


def problem_doc(status: int, description: str | None = None, code: str | None = None) -> OpenApiResponse:
    text, default_code = ERROR_DESCRIPTIONS.get(status, ("Error.", "error"))
    code = code or default_code
    example = OpenApiExample(
        f"problem {status}", response_only=True, status_codes=[str(status)],
        value={"type": f"https://kindred.invalid/problems/{code.replace('_', '-')}", "title": text,
               "status": status, "detail": description or text, "code": code},
    )
    return OpenApiResponse(ProblemSerializer, description=description or text, examples=[example])


class AutoSchema(SpectacularAutoSchema):
    """Adds the generic error responses an operation can produce to what each view declares."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status in self._generic_error_statuses():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(problem_doc(status), str(status))
        return responses

    def _get_request_body(self, direction: str = "request") -> Any:
        """drf-spectacular documents bodies only for POST/PUT/PATCH; a view that sets
        ``delete_has_body = True`` (erasing an account needs the password) documents its DELETE body."""
        if self.method.upper() != "DELETE" or not getattr(self.view, "delete_has_body", False):
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"

    def _generic_error_statuses(self) -> list[int]:
        method = self.method.upper()
        statuses = [429, 503] if self.view.throttle_classes else [503]  # /healthz is never throttled
        paginated = bool(self._get_pagination_parameters())
        has_body = method in ("POST", "PUT", "PATCH") or (method == "DELETE" and getattr(self.view, "delete_has_body",
                                                                                       False))
        if has_body:
            statuses.append(400)
            if self.get_request_serializer() is not None:
                statuses += [413, 415]  # only an operation that reads a body refuses one
        elif self._get_filter_parameters() or paginated or self._has_query_parameters():
            statuses.append(400)
        if "{" in self.path or paginated:
            statuses.append(404)  # a hidden object, or a page past the end / a stale cursor
        if self.view.authentication_classes:
            statuses.append(401)  # a bad or revoked token is refused wherever one may be sent
        if method not in ("GET", "HEAD", "OPTIONS") or self._has_role_rule():
            statuses.append(403)
        return statuses

    def get_auth(self) -> list[dict[str, list[Any]]]:
        """A read anyone may make (the directory, a group, its meetings) says so with ``{}``: the
        view's permissions let anonymous reads through and its group role table asks for no role."""
        auth: list[dict[str, list[Any]]] = super().get_auth()
        if auth and {} not in auth and self._anyone_may_read():
            auth.append({})
        return auth

    def _anyone_may_read(self) -> bool:
        if self.method.upper() not in ("GET", "HEAD") or int(getattr(self.view, "group_permission", 0)) > 0:
            return False
        anonymous_reads = (AllowAny, TokenScopePermission, ReadAnyoneWriteSignedIn)
        return all(type(permission) in anonymous_reads for permission in self.view.get_permissions())

    def _has_query_parameters(self) -> bool:
        return any(parameter.get("in") == "query" for parameter in self._get_parameters())

    def _has_role_rule(self) -> bool:
        """A permission beyond "anyone" and "signed in" can refuse a read: a custom permission class,
        or a group role table (``group_permission`` above signed-in, see kindred.groups.views_base)."""
        plain = (AllowAny, TokenScopePermission, IsAuthenticatedWithScope)
        if any(type(permission) not in plain for permission in self.view.get_permissions()):
            return True
        return int(getattr(self.view, "group_permission", 0)) >= ROLE_ACTIVE_MEMBER


ROLE_ACTIVE_MEMBER = 2  # kindred.groups.policy.GroupRole.ACTIVE_MEMBER (api must not import groups)


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "kindred.api.authentication.CsrfSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "The PWA's session; unsafe methods need the X-CSRFToken header."}


class TextRuleField(OpenApiSerializerFieldExtension):
    """Request bodies document the control-character rule as a ``pattern`` (ECMA-262), so clients
    and fuzzers know a line feed in a name is refused. A field's own stricter pattern (a slug's) is
    kept: it refuses control characters already."""

    target_class = "kindred.common.fields._TextRule"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        own_pattern = any(type(validator) is RegexValidator for validator in self.target.validators)
        if direction == "request" and not own_pattern:
            schema["pattern"] = text.MULTI_LINE_PATTERN if self.target.multi_line else text.SINGLE_LINE_PATTERN
        extra = self.target.request_schema() if direction == "request" else {}
        if extra:
            # What a field checks beyond the text rule (a language tag's shape, the IANA zone names, a
            # URL's host), so a value the schema allows is one the server accepts.
            schema.update(extra)
        return schema


def postprocess_local_times(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Kindred's times of day are local wall-clock times (``19:00:00``) paired with a ``time_zone``.
    OpenAPI's ``format: time`` means RFC 3339 ``full-time``, which needs an offset, so say what
    the values really are: a pattern."""
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("format") == "time" and node.get("type") == "string":
                node.pop("format")
                node["pattern"] = LOCAL_TIME_PATTERN
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result.get("components", {}))
    walk(result.get("paths", {}))
    return result


def postprocess_empty_query_values(result: dict[str, Any], generator: Any, request: Any,
                                   public: bool) -> dict[str, Any]:
    """An optional query parameter sent empty (``?topic=``) means "not given", as DRF reads query
    strings; document that with ``allowEmptyValue`` so clients and fuzzers know it is accepted."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"


def postprocess_problem_content_type(result: dict[str, Any], generator: Any, request: Any,
                                     public: bool) -> dict[str, Any]:
    """Errors are served as application/problem+json; say so in the schema."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content")
                if status.isdigit() and int(status) >= 400 and content and "application/json" in content:
                    content["application/problem+json"] = content.pop("application/json")
                if status.isdigit() and int(status) >= 400 and content and "application/problem+json" in content:
                    content.pop("text/calendar", None)  # the iCalendar feeds answer errors as problem+json too
    return result
