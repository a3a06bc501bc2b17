"""What happens in groups, announced by the groups services (kindred.common.events)."""

from kindred.common.events import Event

group_changed = Event("group_changed")
"""A group was created, edited or archived. ``group``; when it was archived, also ``previous_slug`` (the
address the public knew, since archiving moves the group to a new one)."""

membership_changed = Event("membership_changed")
"""Someone joined or asked to join, was welcomed, changed their name or roster choice, stepped down,
became a co-facilitator, left or was removed. ``group``, ``user``."""

join_requested = Event("join_requested")
"""Someone asked to join a group that welcomes each request (their membership is pending). ``membership``."""

join_request_approved = Event("join_request_approved")
"""A facilitator welcomed a request to join. ``membership``."""

cofacilitator_invited = Event("cofacilitator_invited")
"""A facilitator invited a member to co-facilitate. ``invitation``."""
