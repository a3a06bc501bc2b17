"""Registering webhooks over HTTP: https only, public addresses only, the secret shown once."""

from __future__ import annotations

import base64

import pytest
from django.db import connection

from kindred.webhooks.models import Event, Webhook
from tests.webhooks.conftest import HOOK_HOST, register

pytestmark = pytest.mark.django_db

ALL_EVENTS = ["series.created", "series.changed", "series.ended", "occurrence.changed", "occurrence.cancelled",
              "group.changed"]
PUBLIC = "93.184.215.14"


@pytest.fixture
def public_dns(dns):  # type: ignore[no-untyped-def]
    dns.answers[HOOK_HOST] = [PUBLIC, "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    return dns


def test_a_facilitator_registers_a_webhook_and_sees_the_secret_once(group, facilitator_client, public_dns):
    response = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/kindred/hooks?token=abc")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert response["Cache-Control"] == "no-store"
    assert created["url"] == f"https://{HOOK_HOST}/kindred/hooks?token=abc"
    assert created["events"] == ALL_EVENTS  # all of them when none are chosen
    assert created["enabled"] is True and created["disabled_reason"] is None
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"))) == 32

    listed = facilitator_client.get(f"/api/v1/groups/{group.slug}/webhooks/").json()
    assert listed["count"] == 1 and "secret" not in listed["results"][0]
    one = facilitator_client.get(f"/api/v1/groups/{group.slug}/webhooks/{created['id']}/")
    assert one.status_code == 200 and "secret" not in one.json()
    assert one["Cache-Control"] == "private, no-cache"
    assert secret not in str(listed) + one.content.decode()


def test_the_secret_is_stored_encrypted(group, facilitator_client, public_dns):
    secret = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/").json()["secret"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM webhooks_webhook")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert secret not in row and secret.removeprefix("whsec_") not in row


def test_chosen_events_are_kept_in_a_fixed_order(group, facilitator_client, public_dns):
    response = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/",
                        events=["group.changed", "series.created", "group.changed"])
    assert response.status_code == 201
    assert response.json()["events"] == ["series.created", "group.changed"]


@pytest.mark.parametrize("events", [[], ["series.deleted"], ["webhook.ping"], "series.created", [1]])
def test_unknown_or_empty_events_are_refused(group, facilitator_client, public_dns, events):
    response = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/", events=events)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].startswith("events")


@pytest.mark.parametrize(("url", "code"), [
    (f"http://{HOOK_HOST}/hooks", "https_required"),
    (f"ftp://{HOOK_HOST}/hooks", "https_required"),
    ("https://user:pass@" + HOOK_HOST + "/hooks", "credentials_in_url"),
    ("not a url", "invalid"),
    ("https:///hooks", "invalid"),
    (f"https://{HOOK_HOST}:99999/", "invalid"),
])
def test_only_plain_https_urls_are_accepted(group, facilitator_client, public_dns, url, code):
    response = register(facilitator_client, group.slug, url)
    assert response.status_code == 400, response.json()
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("url", code)
    assert not Webhook.objects.exists()


# Addresses that are never a public receiver, as a literal in the URL and as a name's DNS answer.
NOT_PUBLIC = [
    "127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.5", "192.168.1.10", "169.254.169.254", "100.64.0.1",
    "100.100.100.200", "0.0.0.0",  # noqa: S104 - an address to refuse, not one to bind
    "192.0.0.192", "198.18.0.1", "224.0.0.251", "240.0.0.1", "255.255.255.255",
    "192.0.2.10", "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "ff02::1", "::ffff:127.0.0.1",
    "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2001:db8::1",
]


def literal_url(address: str) -> str:
    return f"https://[{address}]/hooks" if ":" in address else f"https://{address}/hooks"


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_an_address_literal_that_is_not_public_is_refused(group, facilitator_client, dns, address):
    response = register(facilitator_client, group.slug, literal_url(address))
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["code"] == "not_public_host"
    assert dns.asked == []  # a literal needs no lookup


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_a_name_that_resolves_to_an_address_that_is_not_public_is_refused(group, facilitator_client, dns, address):
    dns.answers[HOOK_HOST] = [address]
    response = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/hooks")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "url", "code": "not_public_host",
        "message": "Kindred sends webhooks only to hosts on the public internet, and this host does not resolve "
                   "to a public address."}


def test_one_private_answer_among_public_ones_is_enough_to_refuse(group, facilitator_client, dns):
    dns.answers[HOOK_HOST] = [PUBLIC, "10.0.0.7"]
    assert register(facilitator_client, group.slug, f"https://{HOOK_HOST}/").status_code == 400


@pytest.mark.parametrize("host", ["localhost", "metadata.google.internal", "metadata", "printer.local",
                                  "router.home.arpa", "kindred.localhost", "intranet", "2130706433", "0x7f000001"])
def test_names_for_the_inside_are_refused_without_asking_dns(group, facilitator_client, dns, host):
    dns.answers[host] = [PUBLIC]  # even if some resolver answered with a public address
    response = register(facilitator_client, group.slug, f"https://{host}/hooks")
    assert response.status_code == 400
    # a single label is not even a URL to Django's validator ("invalid"); the others are special-use names
    assert response.json()["errors"][0]["code"] == ("invalid" if "." not in host and host != "localhost"
                                                    else "not_public_host")
    assert dns.asked == []


def test_a_name_that_does_not_resolve_is_refused_like_a_private_one(group, facilitator_client, dns):
    response = register(facilitator_client, group.slug, "https://no-such-host.example.org/hooks")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "not_public_host"


def test_loopback_needs_the_test_setting_even_for_https(group, facilitator_client, dns, settings):
    dns.answers[HOOK_HOST] = ["127.0.0.1"]
    assert register(facilitator_client, group.slug, f"https://{HOOK_HOST}/").status_code == 400
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert register(facilitator_client, group.slug, "http://127.0.0.1:9/hooks").status_code == 201
    assert register(facilitator_client, group.slug, f"https://{HOOK_HOST}/").status_code == 201
    # ...and still nothing private, nor http to anything but loopback
    dns.answers["lan.intergroup-example.org"] = ["192.168.1.2"]
    assert register(facilitator_client, group.slug, "https://lan.intergroup-example.org/").status_code == 400
    dns.answers["www.intergroup-example.org"] = [PUBLIC]
    response = register(facilitator_client, group.slug, "http://www.intergroup-example.org/")
    assert response.json()["errors"][0]["code"] == "https_required"


def test_a_public_ip_literal_is_accepted(group, facilitator_client, dns):
    assert register(facilitator_client, group.slug, f"https://{PUBLIC}:8443/hooks").status_code == 201
    assert register(facilitator_client, group.slug, "https://[2606:4700::1111]/hooks").status_code == 201


def test_a_url_is_registered_once_per_group(group, facilitator_client, public_dns):
    url = f"https://{HOOK_HOST}/hooks"
    assert register(facilitator_client, group.slug, url).status_code == 201
    again = register(facilitator_client, group.slug, url)
    assert again.status_code == 409 and again.json()["code"] == "webhook_exists"


def test_a_group_has_at_most_ten_webhooks(group, facilitator_client, public_dns):
    for number in range(10):
        assert register(facilitator_client, group.slug, f"https://{HOOK_HOST}/{number}").status_code == 201
    refused = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/eleven")
    assert refused.status_code == 409 and refused.json()["code"] == "too_many_webhooks"


def test_an_archived_group_takes_no_new_webhooks(facilitator_client, group, public_dns):
    assert facilitator_client.delete(f"/api/v1/groups/{group.slug}/").status_code in (200, 204)
    group.refresh_from_db()
    refused = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/")
    assert refused.status_code == 409 and refused.json()["code"] == "group_archived"


def test_delete_removes_the_webhook(group, facilitator_client, public_dns):
    created = register(facilitator_client, group.slug, f"https://{HOOK_HOST}/").json()
    url = f"/api/v1/groups/{group.slug}/webhooks/{created['id']}/"
    assert facilitator_client.delete(url).status_code == 204
    assert facilitator_client.get(url).status_code == 404
    assert facilitator_client.delete(url).status_code == 404


def test_registering_is_throttled(group, facilitator_client, public_dns, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "webhooks": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    answers = [register(facilitator_client, group.slug, f"https://{HOOK_HOST}/{n}").status_code for n in range(3)]
    assert answers == [201, 201, 429]


def test_the_event_list_is_what_the_issue_names():
    assert Event.values == ALL_EVENTS
