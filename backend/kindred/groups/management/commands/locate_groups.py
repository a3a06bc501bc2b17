"""`manage.py locate_groups`: place groups made before positions came from the city (issue 12).

Every in-person or hybrid group with a city and no position gets the centre of that city from the
offline gazetteer (kindred.groups.gazetteer), marked approximate; nothing else changes. Run it once
after deploying; running it again places only what is still missing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kindred.groups.services import groups_locate


class Command(BaseCommand):
    help = "Give groups with a city but no map position the position of that city (offline gazetteer)."

    def handle(self, *args: Any, **options: Any) -> None:
        placed = groups_locate()
        self.stdout.write(f"{placed} group{'' if placed == 1 else 's'} placed.")
