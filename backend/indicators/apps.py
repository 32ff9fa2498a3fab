from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from . import (
            signals,  # noqa: F401  (connects the summary table's upkeep)
            unit_moves,  # noqa: F401  (villages that change commune)
        )
