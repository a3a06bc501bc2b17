"""The meta app's part of the OpenAPI document: the shape of GET /api/v1/meta/ and its operation."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from kindred.api.schema import response_example


class TermSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, never translated: what the API sends and accepts.")
    label = serializers.CharField(help_text="The words to show for it.")  # type: ignore[assignment]  # a field named label


class WeekdaySerializer(TermSerializer):
    short = serializers.CharField(help_text="A short form, e.g. `Mon`.")


class TimeOfDaySerializer(TermSerializer):
    hint = serializers.CharField(help_text="When it is, in the meeting's local time.")


class NotificationKindSerializer(TermSerializer):
    default = serializers.BooleanField(help_text="Whether it is on for someone who has not chosen.")


class InterfaceLanguageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A language Kindred speaks: a value of `language` in PATCH /me/.")
    label = serializers.CharField(  # type: ignore[assignment]  # a field named label
        help_text="Its name in itself (Español, Français...), whatever the request's language.")
    dir = serializers.ChoiceField(choices=["ltr", "rtl"], help_text="Its writing direction.")


class CrisisLineSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code of the country it answers.")
    country_name = serializers.CharField(help_text="The country's name in the request's language (CLDR).")
    name = serializers.CharField(help_text="The service's own name.")
    phone = serializers.CharField(help_text="The number as written in that country; dial its digits (tel:).")
    languages = serializers.ListField(child=serializers.CharField(),
                                      help_text="Languages a caller can be answered in.")
    hours = serializers.CharField(help_text="When it answers, in the request's language ('' if unknown).")


class MetaOutputSerializer(serializers.Serializer):
    formats = TermSerializer(many=True, help_text="A group's `format`.")
    join_policies = TermSerializer(many=True, help_text="A group's `join_policy`.")
    accessibility = TermSerializer(many=True, help_text="A group's `accessibility` facets.")
    weekdays = WeekdaySerializer(many=True, help_text="Weekday codes of recurrence rules and the `weekday` filter.")
    times_of_day = TimeOfDaySerializer(many=True, help_text="The directory's `time_of_day` filter.")
    rsvp_statuses = TermSerializer(many=True, help_text="An RSVP's `status`.")
    notification_kinds = NotificationKindSerializer(many=True, help_text="The email settings under `notifications`.")
    topics = serializers.ListField(child=serializers.CharField(),
                                   help_text="Suggested topic tags (any tag is accepted).")
    languages = TermSerializer(many=True, help_text="Suggested group languages (any BCP 47 code is accepted), "
                                                    "named in the request's language (CLDR).")
    interface_languages = InterfaceLanguageSerializer(
        many=True, help_text="The languages Kindred itself speaks, in the order of its settings.")
    crisis_lines = CrisisLineSerializer(
        many=True, help_text="Free crisis lines to call now, per country: a short reviewed list "
                             "(docs/translating.md). Show the viewer's country first.")


META_EXAMPLE = response_example("vocabulary", {
    "formats": [{"code": "in_person", "label": "In person"}, {"code": "online", "label": "Online"},
                {"code": "hybrid", "label": "Hybrid"}],
    "join_policies": [{"code": "open", "label": "Open: anyone may join"},
                      {"code": "approval", "label": "Approval: a facilitator welcomes each request"}],
    "accessibility": [{"code": "step_free", "label": "Step-free access"}, {"code": "captions", "label": "Captions"}],
    "weekdays": [{"code": "MO", "label": "Monday", "short": "Mon"}, {"code": "TU", "label": "Tuesday", "short": "Tue"}],
    "times_of_day": [{"code": "morning", "label": "Morning", "hint": "before noon"}],
    "rsvp_statuses": [{"code": "going", "label": "Going"}, {"code": "maybe", "label": "Maybe"},
                      {"code": "not_going", "label": "Not going"}, {"code": "waitlisted", "label": "Waitlisted"}],
    "notification_kinds": [{"code": "occurrence_changed", "label": "A meeting I plan to go to is cancelled or changed",
                            "default": True}],
    "topics": ["grief", "caregivers"],
    "languages": [{"code": "en", "label": "English"}, {"code": "es", "label": "Spanish"}],
    "interface_languages": [{"code": "en", "label": "English", "dir": "ltr"},
                            {"code": "es", "label": "Español", "dir": "ltr"},
                            {"code": "ar", "label": "العربية", "dir": "rtl"}],
    "crisis_lines": [{"country": "ES", "country_name": "Spain", "name": "Línea 024", "phone": "024",
                      "languages": ["es"], "hours": "Every day, 24 hours"}],
})

meta = extend_schema(tags=["meta"], summary="The words for every code the API uses (formats, facets, weekdays, ...)",
                     description="Labels are in the language of the request: the `django_language` cookie "
                                 "(signing in, and choosing `language` on /me/, set it to the member's choice), "
                                 "else `Accept-Language`, else English (`Content-Language` says which). It reads "
                                 "no credentials and no database. Codes never change.",
                     responses={200: MetaOutputSerializer}, examples=[META_EXAMPLE])
