"""The sign-in form of /login/: says which field is empty, and refuses absurd lengths before authenticating."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

PASSWORD_MAX = 4096


class LoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": _("Wrong username or password.")}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Type your username.")
        self.fields["password"].error_messages["required"] = _("Type your password.")

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.username_field.max_length
        if len(username) > limit:
            # AuthenticationForm sets max_length after its validators were built: checked here instead, before
            # authenticate() and the lock-out's attempt log see it.
            raise forms.ValidationError(_("A username has at most %(max)d characters.") % {"max": limit},
                                        code="max_length")
        return username

    def clean_password(self):
        password = self.cleaned_data["password"]
        if len(password) > PASSWORD_MAX:
            raise forms.ValidationError(_("Wrong username or password."), code="invalid_login")
        return password
