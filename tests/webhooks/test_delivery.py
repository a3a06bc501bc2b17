"""Deliveries, seen from outside: a receiver on loopback gets signed Standard Webhooks POSTs when a
facilitator changes something public, verified with the ``standardwebhooks`` package as an
integrator would; failures are retried with backoff, logged, and turn the webhook off in the end."""

from __future__ import annotations

import datetime as dt
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
import standardwebhooks
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from kindred.accounts.services import api_token_create
from kindred.groups.models import Group
from kindred.webhooks import sender, tasks
from kindred.webhooks.models import Webhook, WebhookDelivery
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, UserFactory
from tests.webhooks.conftest import HOOK_HOST, register, wait_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback")]

START = (timezone.localdate() + dt.timedelta(days=10)).isoformat()


@pytest.fixture
def hook(group, facilitator_client, receiver):  # type: ignore[no-untyped-def]
    """A webhook for every event, pointed at the receiver; its secret and the Standard Webhooks verifier."""
    created = register(facilitator_client, group.slug, receiver.url()).json()
    return {"id": created["id"], "secret": created["secret"], "verifier": standardwebhooks.Webhook(created["secret"]),
            "log": f"/api/v1/groups/{group.slug}/webhooks/{created['id']}/deliveries/"}


@pytest.fixture
def act(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Make a request as a committed transaction would finish: the after-commit listeners run."""
    def run(client: APIClient, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(url, body, format="json")
        assert response.status_code < 300, response.content
        return response.json() if response.content else None

    return run


def new_series(act, client, group, **extra):  # type: ignore[no-untyped-def]
    body = {"title": "Tuesday circle", "start_date": START, "start_time": "19:00", "duration_minutes": 90,
            "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["TU", "TH"], "count": 4}, **extra}
    return act(client, "post", f"/api/v1/groups/{group.slug}/series/", body)


def verified(hook, receiver, index: int = -1) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    wait_for(lambda: bool(receiver.received))
    request = receiver.received[index]
    return hook["verifier"].verify(request.body, request.headers)


def test_a_new_series_is_delivered_signed_as_standard_webhooks_says(group, facilitator_client, receiver, hook, act):
    series = new_series(act, facilitator_client, group)
    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert request.path == "/kindred/hooks"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("Kindred-Webhooks/1.0")
    assert request.headers["webhook-id"].startswith("msg_")
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60
    assert request.headers["webhook-signature"].startswith("v1,")
    payload = hook["verifier"].verify(request.body, request.headers)  # raises unless the signature holds
    assert payload["type"] == "series.created"
    assert dt.datetime.fromisoformat(payload["timestamp"]) <= timezone.now()
    public = APIClient().get(f"/api/v1/series/{series['id']}/").json()
    public.pop("facilitator")
    assert payload["data"] == public  # the series as anyone sees it, without the facilitator of the day


def test_a_forged_or_altered_delivery_does_not_verify(group, facilitator_client, receiver, hook, act):
    new_series(act, facilitator_client, group)
    request = receiver.received[0]
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        hook["verifier"].verify(request.body.replace(b"Tuesday", b"Friday"), request.headers)
    other = standardwebhooks.Webhook("whsec_" + "A" * 43 + "=")
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        other.verify(request.body, request.headers)


def test_each_event_is_delivered_with_the_public_resource(group, facilitator_client, receiver, hook, act):
    series = new_series(act, facilitator_client, group)
    act(facilitator_client, "patch", f"/api/v1/series/{series['id']}/", {"title": "Tuesday and Thursday circle"})
    occurrences = APIClient().get(f"/api/v1/groups/{group.slug}/occurrences/").json()["results"]
    first, second = occurrences[0]["id"], occurrences[1]["id"]
    act(facilitator_client, "patch", f"/api/v1/occurrences/{first}/", {"note": "We meet in the garden room."})
    public_occurrence = APIClient().get(f"/api/v1/occurrences/{first}/").json()
    act(facilitator_client, "post", f"/api/v1/occurrences/{second}/cancel/", {"note": "The hall is closed."})
    act(facilitator_client, "patch", f"/api/v1/groups/{group.slug}/", {"description": "Now twice a week."})
    public_group = APIClient().get(f"/api/v1/groups/{group.slug}/").json()
    act(facilitator_client, "delete", f"/api/v1/series/{series['id']}/")
    payloads = [hook["verifier"].verify(request.body, request.headers) for request in receiver.received]
    assert [(payload["type"], payload["data"].get("id", payload["data"].get("slug"))) for payload in payloads] == [
        ("series.created", series["id"]), ("series.changed", series["id"]), ("occurrence.changed", first),
        ("occurrence.cancelled", second), ("group.changed", group.slug), ("series.ended", series["id"])]
    by_type = {payload["type"]: payload["data"] for payload in payloads}
    assert by_type["series.changed"]["title"] == "Tuesday and Thursday circle"
    assert by_type["occurrence.changed"]["note"] == "We meet in the garden room."
    assert by_type["occurrence.cancelled"]["status"] == "cancelled"
    assert by_type["group.changed"]["description"] == "Now twice a week."
    assert by_type["series.ended"]["ended_at"] is not None
    public_occurrence.pop("my_rsvp", None)
    assert by_type["occurrence.changed"] == public_occurrence
    for key in ("facilitators", "my_membership", "distance_km"):
        public_group.pop(key)
    assert by_type["group.changed"] == public_group


def test_a_webhook_gets_only_the_events_it_chose(group, facilitator_client, receiver, act):
    created = register(facilitator_client, group.slug, receiver.url(path="/only-cancellations"),
                       events=["occurrence.cancelled"]).json()
    series = new_series(act, facilitator_client, group)
    occurrence = APIClient().get(f"/api/v1/groups/{group.slug}/occurrences/").json()["results"][0]["id"]
    act(facilitator_client, "patch", f"/api/v1/series/{series['id']}/", {"title": "Renamed"})
    act(facilitator_client, "post", f"/api/v1/occurrences/{occurrence}/cancel/", {"note": "Closed."})
    assert [json.loads(request.body)["type"] for request in receiver.received] == ["occurrence.cancelled"]
    standardwebhooks.Webhook(created["secret"]).verify(receiver.received[0].body, receiver.received[0].headers)


def test_deliveries_carry_no_person_and_no_members_only_link(group, facilitator, facilitator_client, receiver,
                                                             hook, act):
    """The group's online link is for members (online_link_public is off); facilitators, the facilitator
    of the day and members who RSVP'd are people: none of them is in any delivery."""
    Group.objects.filter(pk=group.pk).update(online_link_public=False, online_url="https://meet.example.org/secret-room",
                                             online_phone="+44 20 7946 0000")
    member = MembershipFactory(group=group, show_on_roster=True, display_name="Rosa on the roster").user
    host_membership = FacilitatorMembershipFactory(group=group, display_name="Ade the host")
    host = host_membership.user
    series = new_series(act, facilitator_client, group, online_url="https://meet.example.org/series-room",
                        facilitator=host_membership.pk)  # the facilitator of the day by membership id
    occurrence = APIClient().get(f"/api/v1/groups/{group.slug}/occurrences/").json()["results"][0]["id"]
    MembershipFactory  # noqa: B018 - keeps the import honest for readers
    member_client = APIClient()
    member_client.force_login(member, backend="kindred.accounts.backends.EmailBackend")
    assert member_client.put(f"/api/v1/occurrences/{occurrence}/rsvp/", {"status": "going", "share_name": True},
                             format="json").status_code == 200
    act(facilitator_client, "patch", f"/api/v1/occurrences/{occurrence}/", {"note": "Bring a friend."})
    act(facilitator_client, "post", f"/api/v1/occurrences/{occurrence}/cancel/", {"note": "Closed."})
    act(facilitator_client, "patch", f"/api/v1/series/{series['id']}/", {"title": "Renamed"})
    act(facilitator_client, "patch", f"/api/v1/groups/{group.slug}/", {"name": "Renamed circle"})
    assert len(receiver.received) == 5
    everything = b" ".join(request.body for request in receiver.received).decode()
    people = [user for user in (member, host, facilitator)]
    for secret_text in ("secret-room", "series-room", "7946", "Rosa", "Ade the host",
                        *(user.email for user in people), *(user.display_name for user in people)):
        assert secret_text not in everything, secret_text
    for request in receiver.received:
        data = json.loads(request.body)["data"]
        assert not {"facilitators", "facilitator", "my_rsvp", "my_membership", "email"} & set(data)
        assert data.get("online_url") is None and data.get("online_phone") is None


def test_a_published_online_link_is_delivered_like_the_public_page_shows_it(group, facilitator_client, receiver,
                                                                             hook, act):
    Group.objects.filter(pk=group.pk).update(online_link_public=True, online_url="https://meet.example.org/open")
    new_series(act, facilitator_client, group)
    assert verified(hook, receiver)["data"]["online_url"] == "https://meet.example.org/open"


def test_archiving_is_delivered_under_the_address_integrators_knew_and_then_nothing(group, facilitator_client,
                                                                                    receiver, hook, act):
    series = new_series(act, facilitator_client, group)
    act(facilitator_client, "delete", f"/api/v1/groups/{group.slug}/")
    archived = verified(hook, receiver)
    assert archived["type"] == "group.changed"
    assert archived["data"]["slug"] == group.slug and archived["data"]["is_archived"] is True
    group.refresh_from_db()
    assert group.slug not in (archived["data"]["slug"],) and group.slug not in receiver.received[-1].body.decode()
    count = len(receiver.received)
    act(facilitator_client, "patch", f"/api/v1/series/{series['id']}/", {"title": "Still meeting, privately"})
    act(facilitator_client, "patch", f"/api/v1/groups/{group.slug}/", {"description": "Only for us now."})
    assert len(receiver.received) == count


def test_a_ping_is_delivered_and_logged(group, facilitator_client, receiver, hook):
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/ping/")
    assert response.status_code == 202
    assert response.json()["event"] == "webhook.ping"
    payload = verified(hook, receiver)
    assert payload["type"] == "webhook.ping" and payload["data"] == {"group": group.slug, "webhook": hook["id"]}
    assert receiver.received[0].headers["webhook-id"] == response.json()["message_id"]
    log = facilitator_client.get(hook["log"]).json()
    assert log["next"] is None and log["previous"] is None
    [entry] = log["results"]
    assert entry["message_id"] == response.json()["message_id"] and entry["event"] == "webhook.ping"
    assert (entry["attempt"], entry["succeeded"], entry["status_code"], entry["error"]) == (1, True, 204, "")
    assert entry["duration_ms"] >= 0 and entry["next_attempt_at"] is None
    assert hook["secret"] not in str(log)
    webhook = facilitator_client.get(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/").json()
    assert webhook["last_success_at"] is not None


def test_failures_are_retried_with_exponential_backoff(group, facilitator_client, receiver, hook, act):
    """With tasks run at once (the test settings) each retry follows straight away; the log says
    when each would have been tried, from WEBHOOK_RETRY_DELAYS with 10% jitter."""
    receiver.answers = [503, 500, 502]
    before = timezone.now()
    new_series(act, facilitator_client, group)
    assert len(receiver.received) == 4
    assert len({request.headers["webhook-id"] for request in receiver.received}) == 1  # one message, four attempts
    assert len({request.body for request in receiver.received}) == 1
    for request in receiver.received:
        hook["verifier"].verify(request.body, request.headers)  # each attempt signed afresh
    log = facilitator_client.get(hook["log"]).json()["results"]
    assert [(entry["attempt"], entry["succeeded"], entry["status_code"]) for entry in log] == [
        (4, True, 204), (3, False, 502), (2, False, 500), (1, False, 503)]
    waits = [(dt.datetime.fromisoformat(entry["next_attempt_at"]) - before).total_seconds() for entry in log[1:]]
    assert 1800 * 0.9 - 1 <= waits[0] <= 1800 * 1.1 + 60
    assert 300 * 0.9 - 1 <= waits[1] <= 300 * 1.1 + 60
    assert 5 * 0.9 - 1 <= waits[2] <= 5 * 1.1 + 60
    assert log[0]["next_attempt_at"] is None


def test_a_longer_retry_after_is_respected(group, facilitator_client, receiver, hook, act):
    def busy(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(429)
        handler.send_header("Retry-After", "3600")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    receiver.answers = [busy]
    before = timezone.now()
    new_series(act, facilitator_client, group)
    first = facilitator_client.get(hook["log"]).json()["results"][-1]
    assert first["status_code"] == 429
    assert (dt.datetime.fromisoformat(first["next_attempt_at"]) - before).total_seconds() >= 3600


def test_with_the_database_backend_a_retry_waits_in_the_queue(group, facilitator_client, receiver, hook, act, settings):
    from django_tasks_db.models import DBTaskResult

    receiver.default = 500
    new_series(act, facilitator_client, group)  # delivered at once (and retried at once) by the test settings
    message = WebhookDelivery.objects.filter(webhook_id=hook["id"]).first().message
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert tasks.webhook_deliver.call(message_id=message.pk, attempt=2) == "retrying"
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"message_id": message.pk, "attempt": 3}  # ids only
    assert timezone.now() + dt.timedelta(seconds=250) < retry.run_after < timezone.now() + dt.timedelta(seconds=340)


def test_a_webhook_that_keeps_failing_is_turned_off_and_its_facilitators_told(
        group, facilitator, facilitator_client, receiver, hook, act, settings):
    second = FacilitatorMembershipFactory(group=group).user
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    settings.WEBHOOK_DISABLE_AFTER_HOURS = 0
    receiver.default = 500
    mail.outbox = []
    new_series(act, facilitator_client, group)
    assert len(receiver.received) == 3  # the third failure turned it off: no fourth attempt
    webhook = facilitator_client.get(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/").json()
    assert (webhook["enabled"], webhook["disabled_reason"], webhook["consecutive_failures"]) == (False, "failing", 3)
    assert webhook["disabled_at"] is not None
    assert sorted(message.to[0] for message in mail.outbox) == sorted([facilitator.email, second.email])
    assert all(len(message.to) == 1 for message in mail.outbox)  # no one sees another's address
    letter = mail.outbox[0]
    assert group.name in letter.subject and receiver.url() in letter.body and "ping" in letter.body
    assert hook["secret"] not in letter.body
    log = facilitator_client.get(hook["log"]).json()["results"]
    assert log[0]["next_attempt_at"] is None  # the retry was called off

    new_series(act, facilitator_client, group, title="Another circle")
    assert len(receiver.received) == 3  # nothing more is sent to it
    receiver.default = 204
    assert facilitator_client.post(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/ping/").status_code == 202
    back = facilitator_client.get(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/").json()
    assert (back["enabled"], back["disabled_reason"], back["consecutive_failures"]) == (True, None, 0)
    new_series(act, facilitator_client, group, title="A third circle")
    assert json.loads(receiver.received[-1].body)["data"]["title"] == "A third circle"


def test_a_burst_of_failures_within_a_day_does_not_turn_a_webhook_off(group, facilitator_client, receiver, hook, act,
                                                                        settings):
    settings.WEBHOOK_RETRY_DELAYS = (5, 5, 5, 5, 5)
    receiver.default = 503
    mail.outbox = []
    for number in range(3):
        new_series(act, facilitator_client, group, title=f"Circle {number}")
    assert len(receiver.received) == 18  # three messages, six attempts each
    webhook = Webhook.objects.get(pk=hook["id"])
    assert webhook.enabled and webhook.consecutive_failures == 18 and mail.outbox == []


def test_410_gone_turns_the_webhook_off_at_once(group, facilitator_client, receiver, hook, act):
    receiver.answers = [410]
    mail.outbox = []
    new_series(act, facilitator_client, group)
    assert len(receiver.received) == 1
    webhook = Webhook.objects.get(pk=hook["id"])
    assert (webhook.enabled, webhook.disabled_reason) == (False, "gone")
    assert len(mail.outbox) == 1 and "410 Gone" in mail.outbox[0].body


def test_redirects_are_not_followed(group, facilitator_client, receiver, hook, act, settings):
    settings.WEBHOOK_RETRY_DELAYS = ()
    receiver.answers = [301]
    new_series(act, facilitator_client, group)
    assert len(receiver.received) == 1
    [entry] = facilitator_client.get(hook["log"]).json()["results"]
    assert (entry["succeeded"], entry["status_code"]) == (False, 301)
    assert entry["error"].startswith("Redirects are not followed")


def test_the_address_is_checked_again_at_delivery(group, facilitator_client, receiver, dns, act, settings):
    """DNS that pointed at an allowed address when the webhook was registered and at a private one
    later (rebinding) gets nothing; and the sender connects to the address it checked, never asking
    the system resolver (which knows nothing of this name)."""
    settings.WEBHOOK_RETRY_DELAYS = ()
    dns.answers[HOOK_HOST] = ["127.0.0.1"]
    created = register(facilitator_client, group.slug, receiver.url(host=HOOK_HOST)).json()
    new_series(act, facilitator_client, group)
    assert len(receiver.received) == 1 and receiver.received[0].headers["host"] == f"{HOOK_HOST}:{receiver.port}"
    dns.answers[HOOK_HOST] = ["10.0.0.5"]
    new_series(act, facilitator_client, group, title="Second")
    assert len(receiver.received) == 1
    latest = facilitator_client.get(f"/api/v1/groups/{group.slug}/webhooks/{created['id']}/deliveries/").json()
    entry = latest["results"][0]
    assert (entry["succeeded"], entry["status_code"]) == (False, None)
    assert entry["error"].startswith("Not sent: Kindred sends webhooks only to hosts on the public internet")
    assert "10.0.0.5" not in entry["error"]


def test_turning_loopback_off_stops_deliveries_to_it(group, facilitator_client, receiver, hook, act, settings):
    settings.WEBHOOK_RETRY_DELAYS = ()
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    new_series(act, facilitator_client, group)
    assert receiver.received == []
    assert facilitator_client.get(hook["log"]).json()["results"][0]["error"].startswith("Not sent")


def test_a_receiver_that_answers_slowly_is_cut_off(group, facilitator_client, receiver, hook, settings):
    """One byte at a time never resets the clock: the whole attempt has WEBHOOK_TIMEOUT seconds."""
    settings.WEBHOOK_TIMEOUT = 1

    def drip(handler: BaseHTTPRequestHandler) -> None:
        try:
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(40):
                handler.wfile.write(b"X-Slow: a\r\n")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    receiver.answers = [drip]
    started = time.monotonic()
    facilitator_client.post(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/ping/")
    assert time.monotonic() - started < 5  # a second for the attempt, the rest is the request on a busy machine
    [entry] = facilitator_client.get(hook["log"]).json()["results"]
    assert (entry["succeeded"], entry["error"]) == (False, "timed out after 1 s")
    assert 900 <= entry["duration_ms"] < 4000


def test_a_receiver_that_is_not_listening_is_logged(group, facilitator_client, act, settings):
    settings.WEBHOOK_RETRY_DELAYS = ()
    created = register(facilitator_client, group.slug, "http://127.0.0.1:9/nobody-home").json()
    new_series(act, facilitator_client, group)
    [entry] = facilitator_client.get(f"/api/v1/groups/{group.slug}/webhooks/{created['id']}/deliveries/").json()[
        "results"]
    assert (entry["succeeded"], entry["status_code"], entry["error"]) == (False, None, "connection refused")


def test_https_checks_the_certificate_against_the_urls_host(group, facilitator_client, tls_receiver, certificate, dns,
                                                            act, settings, monkeypatch):
    settings.WEBHOOK_RETRY_DELAYS = ()
    dns.answers[HOOK_HOST] = ["127.0.0.1"]
    dns.answers["other.intergroup-example.org"] = ["127.0.0.1"]
    created = register(facilitator_client, group.slug, tls_receiver.url(host=HOOK_HOST)).json()
    register(facilitator_client, group.slug, tls_receiver.url(host="other.intergroup-example.org"))
    new_series(act, facilitator_client, group)  # a self-signed certificate is not trusted
    assert tls_receiver.received == []
    errors = sorted(WebhookDelivery.objects.values_list("error", flat=True))
    assert all(error.startswith("TLS certificate not accepted for") for error in errors), errors

    trusted = sender.tls_context()
    trusted.load_verify_locations(cafile=str(certificate[0]))
    monkeypatch.setattr(sender, "tls_context", lambda: trusted)
    new_series(act, facilitator_client, group, title="Over TLS")
    [request] = tls_receiver.received  # only the name on the certificate; the other is a mismatch
    standardwebhooks.Webhook(created["secret"]).verify(request.body, request.headers)
    mismatch = WebhookDelivery.objects.exclude(webhook_id=created["id"]).order_by("-id").first()
    assert "other.intergroup-example.org" in mismatch.error


def test_a_secret_key_rotation_keeps_signing_with_the_fallback(group, facilitator, receiver, hook, settings):
    _token, key = api_token_create(user=facilitator, name="script", scope="read write")
    client = APIClient()  # a token: sessions are signed with SECRET_KEY too, and this test changes it
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "x" * 40, [old]
    client.post(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/ping/")
    assert verified(hook, receiver)["type"] == "webhook.ping"
    settings.SECRET_KEY_FALLBACKS = []
    client.post(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/ping/")
    entry = client.get(hook["log"]).json()["results"][0]
    assert not entry["succeeded"] and "SECRET_KEY" in entry["error"] and len(receiver.received) == 1


def test_a_deleted_webhook_gets_nothing_more(group, facilitator_client, receiver, hook, act, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    new_series(act, facilitator_client, group)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"]["event"] == "series.created"
    assert set(queued.args_kwargs["kwargs"]) == {"event", "group_id", "object_id", "happened_at", "previous_slug"}
    assert facilitator_client.delete(f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/").status_code == 204
    assert tasks.webhook_event.call(**queued.args_kwargs["kwargs"]) == 0
    assert receiver.received == []


def test_the_delivery_log_pages_newest_first_in_a_fixed_number_of_queries(group, facilitator_client, receiver, hook,
                                                                          django_assert_max_num_queries):
    ping = f"/api/v1/groups/{group.slug}/webhooks/{hook['id']}/ping/"
    facilitator_client.post(ping)
    with django_assert_max_num_queries(6):
        assert len(facilitator_client.get(hook["log"]).json()["results"]) == 1
    for _ in range(24):
        facilitator_client.post(ping)
    with django_assert_max_num_queries(6):
        first = facilitator_client.get(hook["log"]).json()
    assert len(first["results"]) == 20 and first["next"].startswith("http://testserver/api/v1/")
    ids = [entry["id"] for entry in first["results"]]
    assert ids == sorted(ids, reverse=True)
    rest = facilitator_client.get(first["next"]).json()
    assert len(rest["results"]) == 5 and max(entry["id"] for entry in rest["results"]) < min(ids)


def test_no_person_in_the_task_rows(group, facilitator, facilitator_client, hook, settings, act):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    new_series(act, facilitator_client, group)
    stored = json.dumps(list(DBTaskResult.objects.values("args_kwargs")))
    assert facilitator.email not in stored and facilitator.display_name not in stored
    assert UserFactory  # the factory module is shared with the other tests
