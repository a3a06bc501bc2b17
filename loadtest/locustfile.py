"""Mixed traffic for `make loadtest`: browsing the directory, joining and leaving, RSVPing.

Each simulated person signs in with a personal token from the seeded people file. Every
response outside the expected statuses is a failure, and `loadtest/run.py` fails on any.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

PEOPLE = json.loads(open(os.environ["KINDRED_LOAD_PEOPLE"], encoding="utf-8").read())  # noqa: SIM115


class Person(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        me = random.choice(PEOPLE["people"])  # noqa: S311
        self.client.headers["Authorization"] = f"Bearer {me['token']}"
        self.home = me["group"]
        self.occurrences = PEOPLE["occurrences"][self.home]
        self.groups = PEOPLE["groups"]

    @task(6)
    def browse(self) -> None:
        self.client.get("/api/v1/groups/?page_size=20", name="/groups/")
        slug = random.choice(self.groups)  # noqa: S311
        self.client.get(f"/api/v1/groups/{slug}/", name="/groups/{slug}/")
        self.client.get(f"/api/v1/groups/{slug}/occurrences/", name="/groups/{slug}/occurrences/")

    @task(3)
    def rsvp(self) -> None:
        occurrence = random.choice(self.occurrences)  # noqa: S311
        status = random.choice(["going", "going", "maybe", "not_going"])  # noqa: S311
        self.client.put(f"/api/v1/occurrences/{occurrence}/rsvp/", json={"status": status},
                        name="/occurrences/{id}/rsvp/ PUT")
        if random.random() < 0.3:  # noqa: S311
            with self.client.delete(f"/api/v1/occurrences/{occurrence}/rsvp/", name="/occurrences/{id}/rsvp/ DELETE",
                                    catch_response=True) as response:
                if response.status_code in (204, 404):  # 404: nothing to withdraw after a racing withdrawal
                    response.success()

    @task(2)
    def join_and_leave(self) -> None:
        slug = random.choice(self.groups)  # noqa: S311
        if slug == self.home:
            return
        with self.client.post(f"/api/v1/groups/{slug}/membership/", json={"agreed": True},
                              name="/groups/{slug}/membership/ POST", catch_response=True) as response:
            if response.status_code in (201, 409):  # 409: already a member (from an earlier round)
                response.success()
        self.client.get("/api/v1/me/memberships/", name="/me/memberships/")
        with self.client.delete(f"/api/v1/groups/{slug}/membership/", name="/groups/{slug}/membership/ DELETE",
                                catch_response=True) as response:
            if response.status_code in (204, 404):
                response.success()

    @task(1)
    def my_meetings(self) -> None:
        self.client.get("/api/v1/me/meetings/", name="/me/meetings/")
