"""The hot endpoints answer the same bytes before and after the cost-per-request work (issue 16).

A fixed world (names, slugs, e-mails, a frozen clock, sequences reset so every id is the same on every
run) is asked the benchmarked requests, and each answer's bytes are compared with
``tests/perf/golden/answers.json``, recorded from the code before issue 16's changes (the directory's
stored search column, the single-lock RSVP write, my meetings' one array parameter). Re-recorded
when main's issue 12 (``next_meeting`` in a group's summary) was merged in: from main's own code,
whose answers were byte-identical to this branch's. The answers of
this run are written to ``var/golden/answers.json``; after a deliberate change of a response, look at
the difference and copy that file over the golden one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from kindred.groups.models import Group
from kindred.meetings import services
from kindred.meetings.models import Occurrence
from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory

GOLDEN = Path(__file__).parent / "golden" / "answers.json"
OUTPUT = Path(__file__).resolve().parents[2] / "var" / "golden" / "answers.json"
NOW = dt.datetime(2027, 1, 4, 12, 0, tzinfo=dt.UTC)


def _person(name: str) -> object:
    return UserFactory(email=f"{name.lower()}@example.org", display_name=name)


def _world() -> dict[str, object]:
    """Three listed groups (two match the directory search), series with capacity, members with RSVPs."""
    groups = []
    for number, (name, format_, description) in enumerate([
            ("Alder grief circle", Group.Format.IN_PERSON, "Peer support after a loss."),
            ("Birch grief walk", Group.Format.IN_PERSON, "Walking together through grief."),
            ("Cedar anxiety group", Group.Format.ONLINE, "Talking about anxiety, online.")]):
        groups.append(GroupFactory(name=name, slug=name.lower().replace(" ", "-"), format=format_,
                                   description=description, topics=["grief"] if number < 2 else ["anxiety"]))
    people = {name: _person(name) for name in ("Ada", "Ben", "Cleo", "Dev", "Eli")}
    FacilitatorMembershipFactory(group=groups[0], user=people["Ada"])
    FacilitatorMembershipFactory(group=groups[1], user=people["Ada"])
    for name in ("Ben", "Cleo", "Dev", "Eli"):
        MembershipFactory(group=groups[0], user=people[name], show_on_roster=name != "Dev")
    MembershipFactory(group=groups[1], user=people["Ben"])
    for group in groups[:2]:
        services.series_create(group=group, title=f"{group.name} evenings", start_date=dt.date(2027, 1, 5),
                               start_time=dt.time(19, 0), capacity=2,
                               recurrence={"frequency": "weekly", "interval": 1, "weekdays": ["TU"]})
    return {"groups": groups, "people": people}


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_hot_endpoints_answer_the_recorded_bytes(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    world = _world()
    groups, people = world["groups"], world["people"]
    first, second = (Occurrence.objects.filter(group=group).order_by("starts_at").first() for group in groups[:2])
    ben, cleo, dev, eli = (session_client(people[name]) for name in ("Ben", "Cleo", "Dev", "Eli"))
    answers: dict[str, str] = {}

    def ask(label: str, client, method: str, path: str, body: dict | None = None) -> None:
        response = getattr(client, method)(path, body, format="json") if body else getattr(client, method)(path)
        answers[label] = f"{response.status_code} {response.content.decode()}"

    rsvp = f"/api/v1/occurrences/{first.pk}/rsvp/"
    ask("rsvp ben going", ben, "put", rsvp, {"status": "going"})
    ask("rsvp cleo going", cleo, "put", rsvp, {"status": "going"})
    ask("rsvp dev going (waitlisted)", dev, "put", rsvp, {"status": "going"})
    ask("rsvp eli going (waitlisted second)", eli, "put", rsvp, {"status": "going", "share_name": True})
    ask("rsvp cleo maybe (frees a place)", cleo, "put", rsvp, {"status": "maybe"})
    ask("rsvp eli read", eli, "get", rsvp)
    ask("rsvp ben going again", ben, "put", rsvp, {"status": "going"})
    ask("rsvp ben withdraws", ben, "delete", rsvp)
    ask("rsvp ben maybe on the second group", ben, "put", f"/api/v1/occurrences/{second.pk}/rsvp/",
        {"status": "maybe"})
    anonymous = type(ben)()
    ask("directory q+filters", anonymous, "get", "/api/v1/groups/?q=grief&format=in_person&language=en&page_size=20")
    ask("directory page 2 of 1", anonymous, "get", "/api/v1/groups/?q=grief&page_size=1&page=2")
    ask("directory everything", anonymous, "get", "/api/v1/groups/")
    ask("directory signed in", ben, "get", "/api/v1/groups/?q=circle")
    ask("one group anonymous", anonymous, "get", f"/api/v1/groups/{groups[0].slug}/")
    ask("one group member", ben, "get", f"/api/v1/groups/{groups[0].slug}/")
    window = "from=2027-01-04&to=2027-04-04&page_size=100"
    ask("occurrences member", ben, "get", f"/api/v1/groups/{groups[0].slug}/occurrences/?{window}")
    ask("occurrences anonymous", anonymous, "get", f"/api/v1/groups/{groups[0].slug}/occurrences/?{window}")
    for name, client in (("ben", ben), ("dev", dev), ("eli", eli)):
        ask(f"my meetings {name}", client, "get", "/api/v1/me/meetings/?page_size=20")
    ask("my meetings ben all", ben, "get", "/api/v1/me/meetings/?all=true&page_size=5")
    ask("attendees", ben, "get", f"/api/v1/occurrences/{first.pk}/attendees/")

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(answers, indent=1, ensure_ascii=False) + "\n")
    golden = json.loads(GOLDEN.read_text())
    assert list(answers) == list(golden)
    for label, answer in answers.items():
        assert answer == golden[label], f"{label} ({connection.vendor}) differs from the recorded answer"
