"""Routes of the webhooks app, mounted under /api/v1/."""

from django.urls import path

from . import views

WEBHOOKS = "groups/<slug:slug>/webhooks/"

urlpatterns = [
    path(WEBHOOKS, views.WebhookListView.as_view(), name="group-webhooks"),
    path(WEBHOOKS + "<int:webhook_id>/", views.WebhookDetailView.as_view(), name="group-webhook"),
    path(WEBHOOKS + "<int:webhook_id>/ping/", views.WebhookPingView.as_view(), name="group-webhook-ping"),
    path(WEBHOOKS + "<int:webhook_id>/deliveries/", views.WebhookDeliveryListView.as_view(),
         name="group-webhook-deliveries"),
]
