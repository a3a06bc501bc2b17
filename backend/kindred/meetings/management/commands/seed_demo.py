"""Demo data for `make run`: a dozen groups across topics, formats, languages and time zones.

Idempotent: every row is keyed (people by email, groups by slug, memberships by both, series by
group and title) and only created when missing, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kindred.accounts.models import User
from kindred.groups.models import Group, Membership
from kindred.meetings.models import MeetingSeries, Rsvp
from kindred.meetings.services import rsvp_set, series_create

DEMO_PASSWORD = "kindred-demo-2026"  # noqa: S105 - published demo login, demo data only
FACILITATOR_EMAIL = "facilitator@kindred.test"
MEMBER_EMAIL = "member@kindred.test"

PEOPLE: list[dict[str, Any]] = [
    {"email": FACILITATOR_EMAIL, "display_name": "Ade", "pronouns": "he/him", "time_zone": "Europe/London",
     "show_on_rosters": True},
    {"email": MEMBER_EMAIL, "display_name": "Sam", "pronouns": "they/them", "time_zone": "Europe/London"},
    {"email": "river@kindred.test", "display_name": "River", "time_zone": "America/New_York", "show_on_rosters": True},
    {"email": "lucia@kindred.test", "display_name": "Lucía", "pronouns": "she/her", "time_zone": "America/Mexico_City",
     "show_on_rosters": True},
    {"email": "priya@kindred.test", "display_name": "Priya K.", "time_zone": "Asia/Kolkata", "show_on_rosters": True},
    {"email": "wattle@kindred.test", "display_name": "Wattle", "time_zone": "Australia/Sydney"},
    {"email": "moss@kindred.test", "display_name": "Moss", "pronouns": "xe/xem", "time_zone": "Europe/Berlin",
     "show_on_rosters": True},
    {"email": "camille@kindred.test", "display_name": "Camille", "time_zone": "Europe/Paris"},
    {"email": "joao@kindred.test", "display_name": "João", "time_zone": "America/Sao_Paulo", "show_on_rosters": True},
    {"email": "sergeant@kindred.test", "display_name": "Sarge", "time_zone": "America/Chicago"},
]

UK_HELP = "Samaritans: 116 123 (free, 24/7). In an emergency call 999."
US_HELP = "988 Suicide & Crisis Lifeline: call or text 988 (24/7). In an emergency call 911."
AU_HELP = "Lifeline: 13 11 14 (24/7). In an emergency call 000."
IN_HELP = "Tele-MANAS: 14416 (24/7). In an emergency call 112."
DE_HELP = "TelefonSeelsorge: 0800 111 0 111 (kostenlos, rund um die Uhr). Notruf: 112."
FR_HELP = "3114, numéro national de prévention du suicide (24h/24). Urgences : 112."
BR_HELP = "CVV: ligue 188 (24 horas, gratuito). Emergência: 192."
MX_HELP = "Línea de la Vida: 800 911 2000 (24 horas). Emergencias: 911."
AGREEMENTS = ("We listen without judging. What is said here stays here. We speak from our own experience "
              "and do not give advice unless asked. Anyone may pass.")

# (slug, facilitator emails, member emails, pending emails, group fields)
GROUPS: list[tuple[str, list[str], list[str], list[str], dict[str, Any]]] = [
    ("grief-circle-hackney", [FACILITATOR_EMAIL], [MEMBER_EMAIL, "river@kindred.test", "moss@kindred.test"], [], {
        "name": "Grief circle, Hackney", "topics": ["grief", "bereavement"], "languages": ["en"], "format": "hybrid",
        "description": "For anyone living with the loss of someone close, however long ago. Tea from 18:45.",
        "address": "Round Chapel, 1d Glenarm Road", "city": "London", "country": "GB", "latitude": 51.5516,
        "longitude": -0.0517, "online_url": "https://meet.example.org/grief-hackney", "time_zone": "Europe/London",
        "accessibility": ["step_free", "hearing_loop", "quiet_space"], "support_resources": UK_HELP}),
    ("new-parents-online", [FACILITATOR_EMAIL], ["camille@kindred.test", "wattle@kindred.test"], [], {
        "name": "New parents, online", "topics": ["new-parents", "postnatal"], "languages": ["en"],
        "format": "online", "description": "Tired, delighted, overwhelmed, all of the above. Babies welcome on camera.",
        "online_url": "https://meet.example.org/new-parents", "online_link_public": True, "country": "GB",
        "time_zone": "Europe/London", "accessibility": ["captions", "childcare"], "support_resources": UK_HELP}),
    ("recovery-brooklyn", ["river@kindred.test"], [MEMBER_EMAIL, "sergeant@kindred.test"], [], {
        "name": "Recovery together, Brooklyn", "topics": ["addiction-recovery", "sobriety"], "languages": ["en"],
        "format": "in_person", "description": "A peer circle for people in recovery from alcohol or other drugs.",
        "address": "Park Slope library, community room", "city": "New York", "region": "NY", "country": "US",
        "latitude": 40.6725, "longitude": -73.9772, "time_zone": "America/New_York",
        "accessibility": ["step_free", "fragrance_free"], "support_resources": US_HELP}),
    ("duelo-en-espanol", ["lucia@kindred.test"], ["joao@kindred.test"], [MEMBER_EMAIL], {
        "name": "Duelo en español", "topics": ["grief"], "languages": ["es"], "format": "online",
        "join_policy": "approval", "description": "Un espacio para compartir la pérdida en nuestro idioma.",
        "online_url": "https://meet.example.org/duelo", "country": "MX", "time_zone": "America/Mexico_City",
        "accessibility": ["captions"], "support_resources": MX_HELP}),
    ("chronic-pain-sydney", [], ["wattle@kindred.test"], [], {
        "name": "Living with chronic pain, Sydney", "topics": ["chronic-illness", "chronic-pain"],
        "languages": ["en"], "format": "hybrid",
        "description": "Good days and bad days. Comfortable chairs, and lying down is fine.",
        "address": "Surry Hills community centre", "city": "Sydney", "region": "NSW", "country": "AU",
        "latitude": -33.8886, "longitude": 151.2094, "approximate": True, "time_zone": "Australia/Sydney",
        "online_url": "https://meet.example.org/pain-sydney", "accessibility": ["step_free", "quiet_space"],
        "support_resources": AU_HELP}),
    ("caregivers-bengaluru", ["priya@kindred.test"], [MEMBER_EMAIL], [], {
        "name": "Caregivers' circle, Bengaluru", "topics": ["caregivers", "dementia"], "languages": ["en", "kn"],
        "format": "in_person", "description": "For people caring for a parent, partner or child.",
        "address": "Indiranagar", "city": "Bengaluru", "region": "Karnataka", "country": "IN", "latitude": 12.9784,
        "longitude": 77.6408, "approximate": True, "time_zone": "Asia/Kolkata", "accessibility": ["step_free"],
        "support_resources": IN_HELP}),
    ("veterans-peer-chicago", ["sergeant@kindred.test"], ["river@kindred.test"], [], {
        "name": "Veterans peer support, Chicago", "topics": ["veterans", "ptsd"], "languages": ["en"],
        "format": "in_person", "join_policy": "approval",
        "description": "Veterans and service members supporting each other. Families have their own circle.",
        "address": "Logan Square", "city": "Chicago", "region": "IL", "country": "US", "latitude": 41.9231,
        "longitude": -87.7093, "approximate": True, "time_zone": "America/Chicago", "support_resources": US_HELP}),
    ("queer-kreis-berlin", ["moss@kindred.test"], ["camille@kindred.test"], [], {
        "name": "Queerer Gesprächskreis Berlin", "topics": ["lgbtq", "coming-out"], "languages": ["de", "en"],
        "format": "hybrid", "description": "Für LGBTQ+ Menschen und alle, die sich fragen. Auch auf Englisch.",
        "address": "Neukölln", "city": "Berlin", "country": "DE", "latitude": 52.4811, "longitude": 13.4354,
        "approximate": True, "online_url": "https://meet.example.org/queer-berlin", "time_zone": "Europe/Berlin",
        "accessibility": ["step_free", "sign_language"], "support_resources": DE_HELP}),
    ("anxiete-paris", ["camille@kindred.test"], [], [], {
        "name": "Groupe anxiété, Paris", "topics": ["anxiety", "panic"], "languages": ["fr"], "format": "in_person",
        "description": "Parler de l'anxiété sans jugement, à notre rythme.", "address": "11e arrondissement",
        "city": "Paris", "country": "FR", "latitude": 48.8589, "longitude": 2.3799, "approximate": True,
        "time_zone": "Europe/Paris", "accessibility": ["quiet_space", "fragrance_free"], "support_resources": FR_HELP}),
    ("sobreviventes-cancer", ["joao@kindred.test"], ["lucia@kindred.test"], [], {
        "name": "Sobreviventes de câncer", "topics": ["cancer-survivors"], "languages": ["pt-BR"], "format": "online",
        "description": "Para quem terminou o tratamento e está reencontrando a vida.",
        "online_url": "https://meet.example.org/sobreviventes", "online_phone": "+55 11 4000 0000",
        "country": "BR", "time_zone": "America/Sao_Paulo", "accessibility": ["captions", "online_phone_in"],
        "support_resources": BR_HELP}),
    ("neurodivergent-adults-online", [FACILITATOR_EMAIL, "moss@kindred.test"], [MEMBER_EMAIL, "priya@kindred.test"],
     [], {"name": "Neurodivergent adults", "topics": ["neurodivergent", "autism", "adhd"], "languages": ["en"],
          "format": "online", "join_policy": "approval",
          "description": "Autistic, ADHD and otherwise neurodivergent adults. Cameras optional; chat counts.",
          "online_url": "https://meet.example.org/nd-adults", "time_zone": "Europe/London",
          "accessibility": ["captions", "quiet_space"]}),
    ("long-covid-manchester", [FACILITATOR_EMAIL], ["wattle@kindred.test"], ["sergeant@kindred.test"], {
        "name": "Long COVID, Manchester", "topics": ["chronic-illness", "long-covid"], "languages": ["en"],
        "format": "hybrid", "join_policy": "approval", "description": "Pacing, patience and people who get it.",
        "address": "Ancoats", "city": "Manchester", "country": "GB", "latitude": 53.4840, "longitude": -2.2250,
        "approximate": True, "online_url": "https://meet.example.org/long-covid", "time_zone": "Europe/London",
        "accessibility": ["step_free", "hearing_loop", "online_phone_in"], "support_resources": UK_HELP}),
]


def seed_people() -> dict[str, User]:
    """Demo accounts keyed by email; passwords are set only when the account is created."""
    people = {}
    for person in PEOPLE:
        values = {key: value for key, value in person.items() if key != "email"}
        user = User.objects.filter(email=person["email"]).first()
        if user is None:
            user = User.objects.create_user(person["email"], DEMO_PASSWORD, **values)
        people[person["email"]] = user
    return people


def seed_groups() -> dict[str, Group]:
    """The groups, keyed by slug; an existing group is left exactly as it is."""
    groups = {}
    for slug, _facilitators, _members, _pending, fields in GROUPS:
        groups[slug], _ = Group.objects.get_or_create(slug=slug, defaults={"agreements": AGREEMENTS, **fields})
    return groups


def seed_memberships(people: dict[str, User], groups: dict[str, Group]) -> None:
    """Facilitators, members and a few pending requests, keyed by (person, group)."""
    roles = ((0, Membership.Role.FACILITATOR, Membership.Status.ACTIVE),
             (1, Membership.Role.MEMBER, Membership.Status.ACTIVE),
             (2, Membership.Role.MEMBER, Membership.Status.PENDING))
    for row in GROUPS:
        group = groups[row[0]]
        for index, role, status in roles:
            for email in row[1 + index]:
                user = people[email]
                active = status == Membership.Status.ACTIVE
                Membership.objects.get_or_create(user=user, group=group, defaults={
                    "role": role, "status": status, "show_on_roster": user.show_on_rosters,
                    "agreed_version": group.agreements_version, "joined_at": timezone.now() if active else None,
                    "request_message": "" if active else "A friend told me about this group. May I join?"})


# (group slug, title, start time, minutes, recurrence or None for a one-off in 10 days, capacity)
SERIES: list[tuple[str, str, str, int, dict[str, Any] | None, int | None]] = [
    ("grief-circle-hackney", "Tuesday evening circle", "19:00", 90, {"frequency": "weekly", "weekdays": ["TU"]}, 14),
    ("new-parents-online", "Thursday morning check-in", "10:30", 60, {"frequency": "weekly", "weekdays": ["TH"]},
     None),
    ("recovery-brooklyn", "Monday and Thursday meeting", "18:30", 60,
     {"frequency": "weekly", "weekdays": ["MO", "TH"]}, None),
    ("duelo-en-espanol", "Círculo mensual", "19:00", 90, {"frequency": "monthly", "weekdays": ["1WE"]}, None),
    ("chronic-pain-sydney", "Fortnightly afternoon", "14:00", 90,
     {"frequency": "weekly", "interval": 2, "weekdays": ["WE"]}, 12),
    ("caregivers-bengaluru", "Last-Saturday circle", "10:00", 120, {"frequency": "monthly", "weekdays": ["-1SA"]},
     20),
    ("veterans-peer-chicago", "Wednesday night", "19:00", 90, {"frequency": "weekly", "weekdays": ["WE"]}, 12),
    ("queer-kreis-berlin", "Freitagsrunde", "19:30", 120, {"frequency": "weekly", "weekdays": ["FR"]}, None),
    ("queer-kreis-berlin", "Sonntagspicknick", "15:00", 180, {"frequency": "monthly", "weekdays": ["1SU"]}, None),
    ("anxiete-paris", "Lundi soir", "18:30", 90, {"frequency": "weekly", "weekdays": ["MO"]}, 10),
    ("sobreviventes-cancer", "Encontro quinzenal", "20:00", 75, {"frequency": "monthly", "weekdays": ["2TH", "4TH"]},
     None),
    ("neurodivergent-adults-online", "Sunday hangout", "17:00", 90, {"frequency": "weekly", "weekdays": ["SU"]},
     None),
    ("neurodivergent-adults-online", "Winter social", "18:00", 120, None, 25),
    ("long-covid-manchester", "First-Tuesday afternoon", "14:00", 60, {"frequency": "monthly", "weekdays": ["1TU"]},
     8),
]


def seed_series(groups: dict[str, Group], member: User) -> None:
    """Recurring meetings for every demo group (keyed by group and title), and a few RSVPs for the member."""
    for slug, title, start, minutes, recurrence, capacity in SERIES:
        group = groups[slug]
        if MeetingSeries.objects.filter(group=group, title=title).exists():
            continue
        today = timezone.now().astimezone(zoneinfo.ZoneInfo(group.time_zone)).date()
        series_create(group=group, title=title, start_date=today + dt.timedelta(days=1 if recurrence else 10),
                      start_time=dt.time.fromisoformat(start), duration_minutes=minutes, recurrence=recurrence,
                      capacity=capacity)
    if Rsvp.objects.filter(user=member).exists():
        return
    for slug, status in (("grief-circle-hackney", "going"), ("recovery-brooklyn", "maybe")):
        upcoming = groups[slug].occurrences.filter(starts_at__gt=timezone.now(), status="scheduled")
        for occurrence in upcoming.order_by("starts_at")[:2]:
            rsvp_set(user=member, occurrence=occurrence, status=status)


class Command(BaseCommand):
    help = "Load demo groups and people to try Kindred with (safe to run again: it changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            people, groups = seed_people(), seed_groups()
            seed_memberships(people, groups)
            seed_series(groups, people[MEMBER_EMAIL])
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {Group.objects.count()} groups, {User.objects.count()} people."))
        self.stdout.write(f"  Facilitator: {FACILITATOR_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Member:      {MEMBER_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Others (same password): {', '.join(p['email'] for p in PEOPLE[2:])}")
