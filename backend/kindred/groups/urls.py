"""Routes of the groups app, mounted under /api/v1/."""

from django.urls import path

from . import views

GROUP = "groups/<slug:slug>/"

urlpatterns = [
    path(GROUP + "membership/step-down/", views.StepDownView.as_view(), name="group-step-down"),
    path(GROUP + "members/", views.RosterView.as_view(), name="group-members"),
    path(GROUP + "requests/", views.JoinRequestListView.as_view(), name="group-requests"),
    path(GROUP + "requests/<int:request_id>/approve/", views.JoinRequestApproveView.as_view(),
         name="group-request-approve"),
    path(GROUP + "requests/<int:request_id>/decline/", views.JoinRequestDeclineView.as_view(),
         name="group-request-decline"),
    path(GROUP + "facilitators/", views.FacilitatorListView.as_view(), name="group-facilitators"),
    path("me/memberships/", views.MyMembershipListView.as_view(), name="me-memberships"),
    path("me/invitations/", views.MyInvitationListView.as_view(), name="me-invitations"),
    path("me/invitations/<int:invitation_id>/accept/", views.MyInvitationAcceptView.as_view(),
         name="me-invitation-accept"),
    path("me/invitations/<int:invitation_id>/decline/", views.MyInvitationDeclineView.as_view(),
         name="me-invitation-decline"),
]
