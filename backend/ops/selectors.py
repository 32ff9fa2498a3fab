"""What a backup holds: which models, how many rows, and a fingerprint of the records."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.serializers import sort_dependencies
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.migrations.recorder import MigrationRecorder

# Django's own apps whose rows are data worth keeping. Content types and permissions are rebuilt by
# `migrate`; sessions, lock-out attempts and admin history are transient or recreated.
EXTRA_APP_LABELS = ("auth", "authtoken")
SKIPPED_MODELS = {"auth.permission"}


def project_app_labels() -> list[str]:
    """The apps that live in backend/: everything the project itself defines."""
    backend = Path(settings.BACKEND_DIR).resolve()
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(backend)
    ]


def backup_models() -> list[type[models.Model]]:
    """Concrete, managed models of the backed-up apps, parents before children where keys say so."""
    labels = [*EXTRA_APP_LABELS, *project_app_labels()]
    app_list = {
        apps.get_app_config(label): [
            model
            for model in apps.get_app_config(label).get_models()
            if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in SKIPPED_MODELS
        ]
        for label in labels
    }
    return sort_dependencies(app_list.items(), allow_cycles=True)


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backup_models()}


def non_empty_models() -> list[str]:
    return [model._meta.label_lower for model in backup_models() if model._base_manager.exists()]


def records_checksum() -> str:
    """SHA-256 over every assistance record, every stored field, in client_uuid order.

    The same data gives the same digest on SQLite and PostgreSQL: values go through one JSON
    encoder (UUIDs, decimals, aware datetimes in UTC as text).
    """
    record = apps.get_model("records", "AssistanceRecord")
    names = [field.attname for field in record._meta.concrete_fields]
    digest = hashlib.sha256()
    rows = record._base_manager.order_by("client_uuid").values_list(*names)
    for row in rows.iterator(chunk_size=2000):
        digest.update(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        applied.setdefault(app, []).append(name)
    return applied
