"""The one base for views inside a group: the group found and the caller's role checked, once.

As pretix resolves the event and the permissions before a view runs, a view here declares
``group_permission`` (to read) and ``group_write_permission`` (to write); the base finds the group
(by slug, or through :meth:`GroupScopedView.resolve_scope`, which the meetings app overrides to start
from a series or an occurrence), sets ``self.group`` and ``self.viewer``, and answers 405, 404, 401
or 403 ``members_only``/``facilitators_only`` as docs/architecture.md ("404, 401, 403 and 405") says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.views import APIView

from kindred.common.errors import Forbidden, NotFound

from .models import Group
from .policy import GroupRole, Viewer

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NEEDS = {
    GroupRole.ACTIVE_MEMBER: ("members_only",
                              _("Only members of this group can see or do this. Join the group first.")),
    GroupRole.FACILITATOR: ("facilitators_only", _("Only this group's facilitators can do this.")),
}


# No class docstrings here: drf-spectacular would make them the description of every subclass's operations.
class GroupScopedView(APIView):
    # A view inside one group (see the module's docstring for the 404/401/403 rule).

    group_permission: GroupRole = GroupRole.ANYONE
    group_write_permission: GroupRole = GroupRole.FACILITATOR
    not_found: StrOrPromise = _("No such group.")
    # True when the URL names the group through an id of something in it (a series, a meeting):
    # then an unlisted group answers 404 to anyone not in it (Viewer.can_reach_by_id).
    scoped_by_id = False

    group: Group
    viewer: Viewer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.viewer = Viewer.for_request(request)
        if not hasattr(self, (request.method or "").lower()):
            return  # a method the resource lacks is a 405 for everyone alike, whatever their role
        self.group = self.resolve_scope()
        reachable = self.viewer.can_reach_by_id if self.scoped_by_id else self.viewer.can_see
        if not reachable(self.group):
            raise NotFound(self.not_found)
        self.check_group_role(request)

    def resolve_scope(self) -> Group:
        """The group the URL names (by its slug); a 404 when there is none."""
        group = self.group_queryset().filter(slug=self.kwargs["slug"]).first()
        if group is None:
            raise NotFound(self.not_found)
        return group

    def group_queryset(self) -> QuerySet[Group]:
        return Group.objects.all()

    def needed_role(self, request: Request) -> GroupRole:
        return self.group_permission if request.method in SAFE_METHODS else self.group_write_permission

    def check_group_role(self, request: Request) -> None:
        needed = self.needed_role(request)
        if needed == GroupRole.ANYONE or self.viewer.role_in(self.group) >= needed:
            return
        if not self.viewer.signed_in:
            self.permission_denied(request)  # 401: sign in first
        code, detail = NEEDS[needed]
        raise Forbidden(detail, code=code)
