from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "field"
    verbose_name = _("Field app")

    def ready(self):
        from . import push  # noqa: F401  (connects the returned-record push)
