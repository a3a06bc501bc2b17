"""Admin building blocks: read-only screens for domain models, and actions that call the services.

The admin is for finding and reading. Every change a moderator makes goes through an action that
calls the same service the API calls, so waitlists move up, counters stay exact, the moderation
log records who did what and why, and cached public pages change at once. A ModelAdmin that could
add, edit or delete rows directly would skip every one of those rules (docs/security.md, "The
admin"). ``tests/moderation/test_admin_actions.py`` fails if a Kindred ModelAdmin allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from kindred.common.errors import DomainError
from kindred.common.text import normalise_line_breaks, validate_multi_line

Apply = Callable[[Any, HttpRequest, Any, str], None]


class NoWrites:
    """No add, edit or delete, on a screen or an inline (use the actions)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NoWrites, admin.ModelAdmin):
    """Lists, search and a read-only detail page; no add, edit or delete (use the actions)."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):  # Django 6's default, stated now (no deprecation warning)
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ReadOnlyInline(NoWrites, admin.TabularInline):
    extra = 0
    can_delete = False


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        validators=[validate_multi_line],  # the API's rule for multi-line text (kindred.common.text)
        help_text="Recorded in the moderation log. Describe what happened; a name or email is not needed.")

    def clean_reason(self) -> str:
        return normalise_line_breaks(self.cleaned_data["reason"])  # a textarea sends CR LF


def apply_each(modeladmin: admin.ModelAdmin, request: HttpRequest, objects: QuerySet[Any],
               apply: Callable[[Any], None], *, done: str) -> None:
    """Run ``apply`` on each object (each service call is its own transaction) and say what happened:
    a rule that refuses one object (a ``DomainError``) is reported and the others still go ahead."""
    succeeded = 0
    for obj in objects:
        try:
            apply(obj)
            succeeded += 1
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}: {error.detail}", messages.WARNING)
    modeladmin.message_user(request, f"{succeeded} {done}.")


def action_with_reason(*, description: str, prompt: str, done: str) -> Callable[[Apply], Any]:
    """An admin action that first asks for a reason on a page of its own, then calls ``apply(modeladmin,
    request, obj, reason)`` for each selected object."""
    def decorator(apply: Apply) -> Any:
        @admin.action(description=description)
        @wraps(apply)
        def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                apply_each(modeladmin, request, queryset,
                           lambda obj: apply(modeladmin, request, obj, reason), done=done)
                return None  # back to the list, with the messages
            opts = modeladmin.model._meta
            context = {
                **modeladmin.admin_site.each_context(request),
                "title": description, "prompt": prompt, "objects": list(queryset), "form": form,
                "action": apply.__name__, "opts": opts, "app_label": opts.app_label,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "kindred_admin/action_with_reason.html", context)

        return action

    return decorator
