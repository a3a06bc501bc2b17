"""Concern shapes. No output ever carries the reporter: facilitators act on what was said, not who said it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kindred.common.fields import MultiLineField, SingleLineSlugField, id_field
from kindred.groups.models import Group

from .models import Concern


class ConcernInputSerializer(serializers.Serializer):
    group = SingleLineSlugField(max_length=80, help_text="The group's slug (always required).")
    occurrence = id_field(required=False, help_text="A meeting of that group, if the concern is about one.")
    subject_membership = id_field(
        required=False,
        help_text="The membership id of a member (as on the roster), if the concern is about someone.")
    message = MultiLineField(max_length=4000, help_text=(
        "What happened, in your own words. Read only by this group's facilitators, or by the site's "
        "moderators when it is about a facilitator; never by the person it is about. Your name is not "
        "shown with it."))


class ConcernCreatedOutputSerializer(serializers.ModelSerializer):
    group: serializers.SlugRelatedField[Group] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sent_to = serializers.SerializerMethodField(help_text="`facilitators` or `moderators` (site staff).")
    status = serializers.CharField(read_only=True, help_text="`open` for a new concern.")

    class Meta:
        model = Concern
        fields = ("id", "group", "occurrence", "status", "sent_to", "created_at")
        read_only_fields = fields

    def get_sent_to(self, concern: Concern) -> str:
        return "moderators" if concern.for_moderators else "facilitators"


class ConcernSubjectOutputSerializer(serializers.Serializer):
    membership_id = serializers.IntegerField(
        allow_null=True, help_text="Null once they have left the group or hidden from its roster.")
    name = serializers.CharField(allow_null=True, help_text=(
        "Their name in the group, as members see it; null once they have left or hidden from the roster "
        "(show them as \"a former member\")."))


class ConcernOccurrenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()


class ConcernOutputSerializer(serializers.ModelSerializer):
    group: serializers.SlugRelatedField[Group] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    occurrence = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()

    class Meta:
        model = Concern
        fields = ("id", "group", "group_name", "occurrence", "subject", "message", "status", "resolution_note",
                  "resolved_at", "created_at")
        read_only_fields = fields

    @extend_schema_field(ConcernOccurrenceOutputSerializer(allow_null=True))
    def get_occurrence(self, concern: Concern) -> dict[str, object] | None:
        occurrence = concern.occurrence
        if occurrence is None:
            return None
        return ConcernOccurrenceOutputSerializer(occurrence).data

    @extend_schema_field(ConcernSubjectOutputSerializer(allow_null=True))
    def get_subject(self, concern: Concern) -> dict[str, object] | None:
        if concern.subject_user_id is None:
            return None
        return {"membership_id": getattr(concern, "subject_membership_id", None),
                "name": getattr(concern, "subject_name", None)}


class ConcernResolveInputSerializer(serializers.Serializer):
    note = MultiLineField(max_length=2000, help_text=(
        "What was done; kept in the moderation log. Read only by those who handle this concern (the "
        "group's facilitators, or the site's moderators) and in your own export; never shown to the person "
        "who raised it or the person it is about."))
