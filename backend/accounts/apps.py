from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")


class CnscdAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the administrators-only site of accounts.admin_scoping as admin.site."""

    default = False
    default_site = "accounts.admin_scoping.CnscdAdminSite"
