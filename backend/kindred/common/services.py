"""Write helpers every app's services share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

ModelT = TypeVar("ModelT", bound=models.Model)


def model_update(*, instance: ModelT, fields: Iterable[str], data: Mapping[str, Any], clean: bool = True,
                 when_changed: Mapping[str, Any] | None = None) -> tuple[ModelT, list[str]]:
    """The one way to change some fields of a row (HackSoft's ``model_update``).

    Sets each of ``fields`` that ``data`` gives a different value; if any changed, also sets
    ``when_changed`` (a version or sequence bump), validates what changed (the changed fields and
    the model's own ``clean()``; uniqueness is the database's job) and saves only those fields and
    ``updated_at``. Returns the instance and the names of the fields of ``data`` that changed; when
    none did, nothing is validated or saved.
    """
    changed = [name for name in fields if name in data and getattr(instance, name) != data[name]]
    if not changed:
        return instance, []
    values = {**{name: data[name] for name in changed}, **(when_changed or {})}
    for name, value in values.items():
        setattr(instance, name, value)
    concrete = {field.attname: field.name for field in instance._meta.concrete_fields}
    if clean:
        written = {concrete.get(name, name) for name in values}
        instance.full_clean(exclude=[name for name in concrete.values() if name not in written],
                            validate_unique=False, validate_constraints=False)
    update_fields = [*values, *(["updated_at"] if "updated_at" in concrete else [])]
    instance.save(update_fields=update_fields)
    return instance, changed
