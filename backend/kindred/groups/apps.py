from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "kindred.groups"
    label = "groups"

    def ready(self) -> None:
        from kindred.api.caching import DIRECTORY, bump_on_change

        from .models import Group, Membership

        # The directory and group pages show groups, member counts and facilitators' names: the services
        # bump DIRECTORY, and these catch rows saved anywhere else (a shell, a data fix, a migration).
        bump_on_change(Group, DIRECTORY)
        bump_on_change(Membership, DIRECTORY)
