from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Connected after django-axes' own receivers ("axes" comes before "ops" in INSTALLED_APPS).
        from . import signals  # noqa: F401
