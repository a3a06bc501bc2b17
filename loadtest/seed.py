"""Seed a load-test database: groups with weekly meetings, and people with tokens (written to JSON)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402

from kindred.accounts import services as accounts  # noqa: E402
from kindred.accounts.models import User  # noqa: E402
from kindred.groups.models import Group, Membership  # noqa: E402
from kindred.meetings.models import Occurrence  # noqa: E402
from kindred.meetings.services import series_create  # noqa: E402

GROUPS, PEOPLE, MEETINGS = 12, 60, 6


def main(path: str) -> None:
    groups, occurrences = [], {}
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    for index in range(GROUPS):
        group = Group.objects.create(name=f"Load circle {index}", slug=f"load-circle-{index}", format="online",
                                     online_url="https://meet.example.org/x", time_zone="Europe/London",
                                     topics=["grief"], languages=["en"], agreements="Be kind.")
        weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()]
        series = series_create(group=group, title="Weekly", start_date=start.date(), start_time=dt.time(19),
                               capacity=8, recurrence={"frequency": "weekly", "interval": 1, "weekdays": [weekday],
                                                       "count": MEETINGS})
        rows = list(Occurrence.objects.filter(series=series))
        groups.append(group.slug)
        occurrences[group.slug] = [row.pk for row in rows]
    people = []
    for index in range(PEOPLE):
        user = User.objects.create_user(f"load{index}@example.org", "load test passphrase", display_name=f"L{index}")
        group = Group.objects.get(slug=groups[index % GROUPS])
        Membership.objects.create(user=user, group=group, agreed_version=group.agreements_version,
                                  joined_at=timezone.now())
        _token, key = accounts.api_token_create(user=user, name="load", scope="read write")
        people.append({"token": key, "group": group.slug})
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"people": people, "groups": groups, "occurrences": occurrences}, handle)


if __name__ == "__main__":
    main(sys.argv[1])
