"""OpenAPI generation: every operation documents the problem+json errors it can return."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.validators import RegexValidator
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from kindred.common import text

from .permissions import IsAuthenticatedWithScope, TokenScopePermission


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


def request_example(name: str, /, **value: Any) -> OpenApiExample:
    """An example request body, its fields given as keywords."""
    return OpenApiExample(name, request_only=True, value=value)


def response_example(name: str, value: Any, status: int | None = None) -> OpenApiExample:
    """An example response body: for ``status`` only when one is given."""
    return OpenApiExample(name, response_only=True, value=value, status_codes=[str(status)] if status else None)


def problem_doc(status: int, description: str | None = None, code: str | None = None) -> OpenApiResponse:
    text, default_code = ERROR_DESCRIPTIONS.get(status, ("Error.", "error"))
    code = code or default_code
    example = response_example(f"problem {status}", status=status, value={
        "type": f"https://kindred.invalid/problems/{code.replace('_', '-')}", "title": text, "status": status,
        "detail": description or text, "code": code})
    return OpenApiResponse(ProblemSerializer, description=description or text, examples=[example])


class Rendered(serializers.SerializerMethodField):
    """A field of a declared shape (an app's ``schema.py``) that the app's presenter renders; its
    OpenAPI type is ``shape``. A method field still, so DRF's OPTIONS answer calls it a "field",
    but without a method: nothing ever renders it."""

    def __init__(self, shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Set again on each copy DRF makes (it calls __init__); the stubs only expect functions.
        extend_schema_field(shape)(self)  # type: ignore[type-var]


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

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        """A request body's rules across fields, declared by its serializer as ``schema_rules``
        (JSON Schema keywords such as ``not``) beside the ``validate`` that enforces them."""
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        rules = getattr(serializer, "schema_rules", None)
        if rules and direction == "request":
            schema.update(rules)
        return schema

    def get_operation_id(self) -> str:
        """Letters, digits and underscores only: ``groups_calendar_ics_retrieve``, not
        ``groups_calendar.ics_retrieve`` (a dot is not an identifier in any generated client)."""
        return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_]", "_", super().get_operation_id()))

    def get_auth(self) -> list[dict[str, Any]]:
        """The credentials an operation reads, plus ``{}`` exactly when a caller with none is let in.

        drf-spectacular adds ``{}`` only for ``AllowAny``; Kindred's public reads use
        ``TokenScopePermission`` (anyone may read) or a group role of "anyone", so the question is
        asked the way the server asks it: every permission class and the group role table (see
        kindred.groups.views_base) judge an anonymous request with this method.
        """
        requirements = [requirement for requirement in super().get_auth() if requirement]
        if self._anonymous_allowed():
            requirements.append({})
        return requirements

    def _anonymous_allowed(self) -> bool:
        anonymous = SimpleNamespace(method=self.method.upper(), user=AnonymousUser(), auth=None,
                                    query_params={}, data={})
        if not all(permission.has_permission(anonymous, self.view)  # type: ignore[arg-type]
                   for permission in self.view.get_permissions()):
            return False
        needed_role = getattr(self.view, "needed_role", None)
        return needed_role is None or int(needed_role(anonymous)) == ROLE_ANYONE

    def _has_query_parameters(self) -> bool:
        return any(parameter.get("in") == "query" for parameter in self._get_parameters())

    def _has_role_rule(self) -> bool:
        """A permission beyond "anyone" and "signed in" can refuse a read: a custom permission class,
        or a group role table (``group_permission`` above signed-in, see kindred.groups.views_base)."""
        plain = (AllowAny, TokenScopePermission, IsAuthenticatedWithScope)
        if any(type(permission) not in plain for permission in self.view.get_permissions()):
            return True
        return int(getattr(self.view, "group_permission", 0)) >= ROLE_ACTIVE_MEMBER


ROLE_ANYONE = 0  # kindred.groups.policy.GroupRole.ANYONE
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
        if direction != "request":
            return schema
        # A field that checks more than the text rule says what it checks: a closed list of values
        # (``schema_choices``, e.g. the IANA zones) or its own pattern (``schema_pattern``, ECMA-262).
        choices = getattr(self.target, "schema_choices", None)
        own_pattern = getattr(self.target, "schema_pattern", None)
        if choices is not None:
            schema["enum"] = sorted(choices())
            schema.pop("maxLength", None)
        elif own_pattern is not None:
            schema["pattern"] = own_pattern
        elif not any(type(validator) is RegexValidator for validator in self.target.validators):
            schema["pattern"] = text.MULTI_LINE_PATTERN if self.target.multi_line else text.SINGLE_LINE_PATTERN
        return schema


def walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    """Call ``visit`` on every object in a part of the document, each before what it holds."""
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            walk(value, visit)


def operations(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every operation of the document."""
    for path in result.get("paths", {}).values():
        yield from (operation for operation in path.values() if isinstance(operation, dict))


def postprocess_local_times(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Kindred's times of day are local wall-clock times (``19:00:00``) paired with a ``time_zone``.
    OpenAPI's ``format: time`` means RFC 3339 ``full-time``, which needs an offset, so say what
    the values really are: a pattern."""
    def local_time(node: dict[str, Any]) -> None:
        if node.get("format") == "time" and node.get("type") == "string":
            node.pop("format")
            node["pattern"] = LOCAL_TIME_PATTERN

    walk([result.get("components", {}), result.get("paths", {})], local_time)
    return result


def postprocess_empty_query_values(result: dict[str, Any], generator: Any, request: Any,
                                   public: bool) -> dict[str, Any]:
    """An optional query parameter sent empty (``?topic=``) means "not given", as DRF reads query
    strings; document that with ``allowEmptyValue`` so clients and fuzzers know it is accepted."""
    for operation in operations(result):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
    return result


LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"


def postprocess_problem_content_type(result: dict[str, Any], generator: Any, request: Any,
                                     public: bool) -> dict[str, Any]:
    """Errors are served as application/problem+json; say so in the schema."""
    for operation in operations(result):
        for status, response in operation.get("responses", {}).items():
            content = response.get("content")
            if status.isdigit() and int(status) >= 400 and content and "application/json" in content:
                content["application/problem+json"] = content.pop("application/json")
            if status.isdigit() and int(status) >= 400 and content and "application/problem+json" in content:
                content.pop("text/calendar", None)  # the iCalendar feeds answer errors as problem+json too
    return result


# Credentials any operation may carry; an operation that says nothing inherits this (anonymous allowed).
ROOT_SECURITY: list[dict[str, list[str]]] = [{"tokenAuth": []}, {"cookieAuth": []}, {}]


def postprocess_security(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Anonymous access said once, in the form generators read.

    The document's default is "a token, a session, or nothing" (``ROOT_SECURITY``): the public
    reads say no more, so they inherit it. An operation that needs a credential lists only the
    schemes it takes (no ``{}``); one that reads none (the CSRF token, the feeds, health) says
    ``security: []``. This is the same meaning as repeating ``{}`` on every public operation, but
    openapi-python-client types any operation with a non-empty ``security`` as needing an
    ``AuthenticatedClient`` (openapi-python-client issue #1372), so the public ones would not take a
    plain ``Client``.
    """
    result["security"] = ROOT_SECURITY
    for operation in operations(result):
        security = operation.get("security")
        if security == [{}]:
            operation["security"] = []
        elif security is not None and {} in security and [s for s in security if s] == [s for s in ROOT_SECURITY if s]:
            del operation["security"]
    return result


def postprocess_nullable_references(result: dict[str, Any], generator: Any, request: Any,
                                    public: bool) -> dict[str, Any]:
    """OpenAPI 3.0 ignores ``nullable`` without a ``type`` (3.0.3 says so), so a nullable reference
    (``allOf: [$ref], nullable: true``) does not allow null for validators (Spectral reports each
    example). Say ``oneOf: [$ref, NullEnum]`` instead, which every validator and generator reads
    as "this or null"."""
    def nullable(node: dict[str, Any]) -> None:
        if node.get("nullable") and "type" not in node:
            _nullable_without_type(node)

    walk([result.get("components", {}).get("schemas", {}), result.get("paths", {})], nullable)
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("NullEnum", {"enum": [None]})
    return result


NULL_REF = {"$ref": "#/components/schemas/NullEnum"}


def _nullable_without_type(node: dict[str, Any]) -> None:
    node.pop("nullable")
    if NULL_REF in node.get("oneOf", []):
        return
    if len(node.get("allOf", [])) == 1:
        node["oneOf"] = [node.pop("allOf")[0], NULL_REF]
    elif "oneOf" in node:
        node["oneOf"].append(NULL_REF)
    elif "$ref" in node:
        node["oneOf"] = [{"$ref": node.pop("$ref")}, NULL_REF]


BLANK = {"type": "string", "maxLength": 0}


def postprocess_blank_defaults(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A text field that may be blank is ``oneOf: [<pattern>, {maxLength: 0}]``; drf-spectacular puts
    its ``default: ''`` in the first branch, where the pattern (and a URL's ``format: uri``) refuses
    it. The default belongs to the field, where ``""`` is valid."""
    def blank_default(node: dict[str, Any]) -> None:
        branches = node.get("oneOf")
        if isinstance(branches, list) and BLANK in branches:
            for branch in branches:
                if isinstance(branch, dict) and "default" in branch:
                    node["default"] = branch.pop("default")

    walk(result.get("components", {}), blank_default)
    return result


def enum_varname(value: str) -> str:
    """A constant's name for an enum value that stays distinct where signs matter
    (``Etc/GMT+1`` -> ``ETC_GMT_PLUS_1``, ``Etc/GMT-1`` -> ``ETC_GMT_MINUS_1``)."""
    value = re.sub(r"-(?=\d)", "_MINUS_", value.replace("+", "_PLUS_"))
    return re.sub(r"[^A-Za-z0-9]+", "_", value).strip("_").upper()


def postprocess_enum_varnames(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Generators name an enum's constants from its values in capitals; where two values would get
    one name (the IANA zones ``Etc/GMT+1`` and ``Etc/GMT-1``), give the names (``x-enum-varnames``,
    read by openapi-python-client and openapi-generator) instead of letting the generator fail."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        values = schema.get("enum")
        if not values or not all(isinstance(value, str) for value in values):
            continue
        plain = [re.sub(r"[^A-Z0-9]+", "_", value.upper()) for value in values]
        if len(set(plain)) < len(plain):
            names = [enum_varname(value) for value in values]
            assert len(set(names)) == len(names), "two enum values still share a constant's name"
            schema["x-enum-varnames"] = names
    return result


MAX_ID = 2**63 - 1  # ids are BigAutoField (kindred.common.fields.MAX_ID; api imports no domain app)
# Path parameters that are not ids, as the URL converters and the views read them: a real value
# matches; anything else is a 404.
PATH_STRINGS: dict[str, dict[str, Any]] = {
    "slug": {"pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 80},
    "secret": {"pattern": "^[A-Za-z0-9_-]{16,64}$", "maxLength": 64},
    "token": {"pattern": "^[A-Za-z0-9_:-]+$", "maxLength": 500},
}


def postprocess_parameter_bounds(result: dict[str, Any], generator: Any, request: Any,
                                 public: bool) -> dict[str, Any]:
    """Bounds for what identifies an object: ids are 64-bit whole numbers from 1, slugs, secrets and
    unsubscribe tokens have their shapes; every integer says its size (``int64``)."""
    for operation in operations(result):
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if schema.get("type") == "integer":
                schema.setdefault("minimum", 1)
                schema.setdefault("maximum", MAX_ID)
            elif parameter.get("in") == "path" and parameter["name"] in PATH_STRINGS:
                schema.update(PATH_STRINGS[parameter["name"]])

    def int64(node: dict[str, Any]) -> None:
        if node.get("type") == "integer":
            node.setdefault("format", "int64")

    walk([result.get("paths", {}), result.get("components", {})], int64)
    return result
