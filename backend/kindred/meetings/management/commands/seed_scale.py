"""Seed a large, realistic, deterministic dataset for benchmarks: ``manage.py seed_scale --size full``.

full: 10,000 groups, 30,000 meeting series, 100,000 people, 1,000,000 RSVPs (medium is a tenth,
small a hundredth). Occurrences are materialised from each series' rule (kindred.meetings.recurrence)
for a window from two weeks ago to three months ahead, as the app itself would; every occurrence's
going/maybe/waitlist counts equal its RSVP rows, and capacity is respected (extra "going" RSVPs
are waitlisted, first come first served). It refuses to run on a database that already has groups.

One person, ``bench@scale.kindred.invalid`` (password "scale benchmark password"), is an active
member of 30 groups with RSVPs of their own: the benchmark's "member of 30 groups".
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from kindred.accounts.models import User
from kindred.groups.models import Group, Membership
from kindred.meetings import recurrence
from kindred.meetings.models import MeetingSeries, Occurrence, Rsvp

SIZES: dict[str, dict[str, int]] = {
    "full": {"groups": 10_000, "series": 30_000, "users": 100_000, "rsvps": 1_000_000},
    "medium": {"groups": 1_000, "series": 3_000, "users": 10_000, "rsvps": 100_000},
    "small": {"groups": 100, "series": 300, "users": 1_000, "rsvps": 10_000},
}
BENCH_EMAIL = "bench@scale.kindred.invalid"
BENCH_PASSWORD = "scale benchmark password"  # noqa: S105 - a public benchmark fixture
BENCH_GROUPS = 30
WINDOW_BEFORE = dt.timedelta(days=14)
WINDOW_AFTER = dt.timedelta(days=92)
BATCH = 5_000

TOPICS = ["grief", "anxiety", "depression", "addiction", "recovery", "caregivers", "parents", "bipolar",
          "chronic-pain", "cancer", "trauma", "loneliness", "eating-disorders", "lgbtq", "veterans",
          "young-adults", "dementia", "postnatal", "hearing-voices", "suicide-bereavement"]
WORDS = ["Harbour", "Lantern", "Willow", "Open Door", "Riverside", "Kindred", "Evening", "Morning", "Hope",
         "Circle", "Compass", "Anchor", "Quiet", "Shared", "Steady", "Bridge", "Haven", "Northside", "Garden",
         "Waypoint", "Beacon", "Hearth", "Meadow", "Tide"]
KINDS = ["Circle", "Group", "Peer Support", "Meetup", "Café", "Talking Space", "Fellowship"]
# (city, region, country, time zone, latitude, longitude, language)
PLACES = [
    ("London", "England", "GB", "Europe/London", 51.5072, -0.1276, "en"),
    ("Manchester", "England", "GB", "Europe/London", 53.4808, -2.2426, "en"),
    ("Dublin", "Leinster", "IE", "Europe/Dublin", 53.3498, -6.2603, "en"),
    ("Paris", "Île-de-France", "FR", "Europe/Paris", 48.8566, 2.3522, "fr"),
    ("Berlin", "Berlin", "DE", "Europe/Berlin", 52.52, 13.405, "de"),
    ("Madrid", "Madrid", "ES", "Europe/Madrid", 40.4168, -3.7038, "es"),
    ("New York", "NY", "US", "America/New_York", 40.7128, -74.006, "en"),
    ("Chicago", "IL", "US", "America/Chicago", 41.8781, -87.6298, "en"),
    ("Los Angeles", "CA", "US", "America/Los_Angeles", 34.0522, -118.2437, "es"),
    ("Toronto", "ON", "CA", "America/Toronto", 43.6532, -79.3832, "en"),
    ("Mexico City", "CDMX", "MX", "America/Mexico_City", 19.4326, -99.1332, "es"),
    ("Sydney", "NSW", "AU", "Australia/Sydney", -33.8688, 151.2093, "en"),
    ("Auckland", "Auckland", "NZ", "Pacific/Auckland", -36.8485, 174.7633, "en"),
    ("Nairobi", "Nairobi", "KE", "Africa/Nairobi", -1.2921, 36.8219, "sw"),
    ("São Paulo", "SP", "BR", "America/Sao_Paulo", -23.5505, -46.6333, "pt"),
]
DESCRIPTION = ("A peer-led {topic} group meeting {format_text}. We share what helps and listen without "
               "judging; everyone is welcome to simply listen. {extra}")
EXTRAS = ["Tea and biscuits provided.", "Newcomers always welcome.", "Step-free venue near the station.",
          "We keep the last ten minutes for quiet reflection.", "Led by people with lived experience."]
FACETS = list(Group.ACCESSIBILITY_FACETS)
WEEKDAYS = list(recurrence.WEEKDAY_CODES)


class Command(BaseCommand):
    help = "Seed a large deterministic dataset (groups, series, occurrences, people, RSVPs) for benchmarks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, size: str, seed: int, **options: Any) -> None:
        if Group.objects.exists():
            raise CommandError("The database already has groups; seed_scale only fills an empty database.")
        self.rng = random.Random(seed)
        self.counts = SIZES[size]
        self.today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        self.window = (self.today - WINDOW_BEFORE, self.today + WINDOW_AFTER)
        started = time.monotonic()
        with transaction.atomic():
            users = self._users()
            groups = self._groups()
            members = self._memberships(users, groups)
            series = self._series(groups)
            occurrences = self._occurrences(series)
            chosen = self._choose_rsvps(occurrences, members, users[0].pk)
            self._write(occurrences, chosen)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM too, not only ANALYZE: after a bulk load, reads otherwise pay for setting hint
                # bits and have no visibility map (the directory's p95 was 152 ms until it ran, 40 ms after).
                # (VACUUM cannot run inside a transaction, as in the test suite: there ANALYZE alone.)
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"seeded {size} in {time.monotonic() - started:.0f}s"))

    # --- people -------------------------------------------------------------------------------
    def _users(self) -> list[User]:
        password = make_password(BENCH_PASSWORD)  # hashed once: argon2 is slow on purpose
        zones = [place[3] for place in PLACES]
        rows = [User(email=BENCH_EMAIL, display_name="Bench Member", password=password, time_zone="Europe/London")]
        rows += [User(email=f"person{n}@scale.kindred.invalid", display_name=f"Person {n}", password=password,
                      time_zone=self.rng.choice(zones), show_on_rosters=self.rng.random() < 0.3)
                 for n in range(1, self.counts["users"])]
        User.objects.bulk_create(rows, batch_size=BATCH)
        users = list(User.objects.order_by("id").only("id"))
        self.stdout.write(f"users: {len(users)}")
        return users

    # --- groups -------------------------------------------------------------------------------
    def _groups(self) -> list[Group]:
        rng, rows, used = self.rng, [], set()
        for n in range(self.counts["groups"]):
            city, region, country, zone, lat, lng, language = rng.choice(PLACES)
            topics = rng.sample(TOPICS, rng.choice((1, 1, 2, 3)))
            group_format = rng.choices(["in_person", "online", "hybrid"], weights=[5, 3, 2])[0]
            name = f"{rng.choice(WORDS)} {topics[0].replace('-', ' ').title()} {rng.choice(KINDS)}"
            slug = slugify(f"{name} {city}")[:70]
            slug = f"{slug}-{n}" if slug in used else slug
            used.add(slug)
            in_person = group_format != "online"
            rows.append(Group(
                slug=slug, name=name, topics=topics,
                description=DESCRIPTION.format(topic=topics[0].replace("-", " "), extra=rng.choice(EXTRAS),
                                               format_text="online" if not in_person else f"in {city}"),
                languages=[language] if rng.random() < 0.85 else [language, "en" if language != "en" else "es"],
                format=group_format, city=city if in_person else "", region=region if in_person else "",
                country=country, latitude=round(lat + rng.uniform(-0.25, 0.25), 5) if in_person else None,
                longitude=round(lng + rng.uniform(-0.35, 0.35), 5) if in_person else None,
                address=f"{rng.randint(1, 200)} High Street" if in_person else "",
                online_url=f"https://meet.example.org/{slug}" if group_format != "in_person" else "",
                accessibility=sorted(rng.sample(FACETS, rng.randint(0, 3))),
                join_policy="approval" if rng.random() < 0.2 else "open",
                listed=rng.random() < 0.95, time_zone=zone,
                agreements="We listen without judging. What is said here stays here.",
                support_resources="If you are in danger now, call your local emergency number.",
            ))
        Group.objects.bulk_create(rows, batch_size=BATCH)
        groups = list(Group.objects.order_by("id").only("id", "time_zone"))
        self.stdout.write(f"groups: {len(groups)}")
        return groups

    def _memberships(self, users: list[User], groups: list[Group]) -> dict[int, list[int]]:
        """Every group gets one or two facilitators; people join a few groups each (the bench user 30)."""
        rng, now = self.rng, self.today
        members: dict[int, list[int]] = {group.pk: [] for group in groups}
        rows: list[Membership] = []
        group_ids = [group.pk for group in groups]

        def add(user_id: int, group_id: int, role: str = "member") -> None:
            members[group_id].append(user_id)
            rows.append(Membership(user_id=user_id, group_id=group_id, role=role, status="active",
                                   agreed_version=1, joined_at=now - dt.timedelta(days=rng.randint(1, 700)),
                                   show_on_roster=rng.random() < 0.3))

        bench_id, others = users[0].pk, [user.pk for user in users[1:]]
        for group_id in rng.sample(group_ids, min(BENCH_GROUPS, len(group_ids))):
            add(bench_id, group_id)
        for index, group_id in enumerate(group_ids):  # facilitators first, so each group has one
            for offset in range(1 + (index % 3 == 0)):
                user_id = others[(index * 2 + offset) % len(others)]
                if user_id not in members[group_id]:
                    add(user_id, group_id, "facilitator")
        for user_id in others:
            for group_id in rng.sample(group_ids, min(len(group_ids), rng.choice((1, 2, 2, 3, 3, 4, 5)))):
                if user_id not in members[group_id]:
                    add(user_id, group_id)
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        self.stdout.write(f"memberships: {len(rows)}")
        return members

    # --- meetings -----------------------------------------------------------------------------
    def _series(self, groups: list[Group]) -> list[tuple[MeetingSeries, recurrence.Schedule]]:
        rng, rows, schedules = self.rng, [], []
        for n in range(self.counts["series"]):
            group = groups[n % len(groups)] if n < len(groups) else rng.choice(groups)
            frequency = rng.choices(["weekly", "monthly", "none"], weights=[80, 15, 5])[0]
            days = rng.sample(WEEKDAYS, 2 if rng.random() < 0.1 else 1)
            weekdays = ([f"{rng.choice((1, 2, 3, -1))}{days[0]}"] if frequency == "monthly"
                        else days if frequency == "weekly" else [])
            start_date = (self.today - dt.timedelta(days=rng.randint(0, 400) if frequency != "none"
                                                    else -rng.randint(0, 80))).date()
            schedule = recurrence.Schedule(
                start_date=start_date, start_time=dt.time(rng.randint(7, 20), rng.choice((0, 30))),
                duration_minutes=rng.choice((60, 75, 90, 90, 120)), time_zone=group.time_zone,
                frequency=frequency, interval=2 if frequency == "weekly" and rng.random() < 0.1 else 1,
                weekdays=tuple(weekdays))
            rows.append(MeetingSeries(
                group_id=group.pk, title=rng.choice(["Weekly meeting", "Evening circle", "Morning check-in",
                                                     "Open meeting", "Newcomers' session", "Monthly gathering"]),
                start_date=schedule.start_date, start_time=schedule.start_time,
                duration_minutes=schedule.duration_minutes, time_zone=schedule.time_zone, frequency=frequency,
                interval=schedule.interval, weekdays=list(weekdays), meeting_days=recurrence.meeting_days(schedule),
                capacity=rng.choice((8, 12, 20)) if rng.random() < 0.3 else None,
                materialized_until=self.window[1],
            ))
            schedules.append(schedule)
        MeetingSeries.objects.bulk_create(rows, batch_size=BATCH)
        saved = list(MeetingSeries.objects.order_by("id").only("id", "group_id", "capacity"))
        self.stdout.write(f"series: {len(saved)}")
        return list(zip(saved, schedules, strict=True))

    def _occurrences(self, series: list[tuple[MeetingSeries, recurrence.Schedule]]) -> list[Occurrence]:
        """Unsaved occurrence rows: their counts are filled in from the RSVPs before they are written."""
        rows: list[Occurrence] = []
        for item, schedule in series:
            for start in schedule.starts_between(*self.window):
                rows.append(Occurrence(series_id=item.pk, group_id=item.group_id, original_start=start,
                                       starts_at=start, ends_at=start + schedule.duration,
                                       capacity=item.capacity))
        return rows

    def _choose_rsvps(self, occurrences: list[Occurrence], members: dict[int, list[int]],
                      bench_id: int) -> list[list[int]]:
        """Who answers each occurrence (by position): the group's members, spread to hit the target."""
        rng, target = self.rng, self.counts["rsvps"]
        per_occurrence = target / max(1, len(occurrences))
        chosen: list[list[int]] = [[] for _ in occurrences]
        total = 0
        for index, occurrence in enumerate(occurrences):  # the bench member answers their own groups' meetings
            if bench_id in members[occurrence.group_id] and rng.random() < 0.5:
                chosen[index].append(bench_id)
                total += 1
        while total < target:
            before = total
            for index, occurrence in enumerate(occurrences):
                pool = members[occurrence.group_id]
                taken = chosen[index]
                want = int(per_occurrence) + (rng.random() < per_occurrence % 1)
                for user_id in rng.sample(pool, min(len(pool), want + len(taken))):
                    if total >= target or want <= 0:
                        break
                    if user_id not in taken:
                        taken.append(user_id)
                        total += 1
                        want -= 1
                if total >= target:
                    break
            if total == before:
                break  # every member of every group already answered
        return chosen

    def _write(self, occurrences: list[Occurrence], chosen: list[list[int]]) -> None:
        """Count each occurrence's answers, write the occurrences, then their RSVPs."""
        rng, written = self.rng, 0
        rows: list[Rsvp] = []
        statuses: list[list[tuple[int, str, dt.datetime | None]]] = []
        for occurrence, answering in zip(occurrences, chosen, strict=True):
            going = maybe = waiting = 0
            answered_at = occurrence.starts_at - dt.timedelta(days=10)
            answers = []
            for order, user_id in enumerate(answering):
                status = rng.choices(["going", "maybe", "not_going"], weights=[70, 20, 10])[0]
                waitlisted_at = None
                if status == "going" and occurrence.capacity is not None and going >= occurrence.capacity:
                    status, waitlisted_at = "waitlisted", answered_at + dt.timedelta(minutes=order)
                going += status == "going"
                maybe += status == "maybe"
                waiting += status == "waitlisted"
                answers.append((user_id, status, waitlisted_at))
            occurrence.going_count, occurrence.maybe_count, occurrence.waitlist_count = going, maybe, waiting
            statuses.append(answers)
        Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)  # sets each row's pk (RETURNING)
        self.stdout.write(f"occurrences: {len(occurrences)}")
        for occurrence, answers in zip(occurrences, statuses, strict=True):
            rows.extend(Rsvp(occurrence_id=occurrence.pk, user_id=user_id, status=status,
                             share_name=rng.random() < 0.3, waitlisted_at=waitlisted_at)
                        for user_id, status, waitlisted_at in answers)
            if len(rows) >= BATCH * 4:
                Rsvp.objects.bulk_create(rows, batch_size=BATCH)
                written, rows = written + len(rows), []
        Rsvp.objects.bulk_create(rows, batch_size=BATCH)
        self.stdout.write(f"rsvps: {written + len(rows)}")
