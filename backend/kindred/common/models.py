"""Base model pieces shared by every app."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds server-set ``created_at``/``updated_at``; clients never write them."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
