"""Django's and DRF's messages that their own Vietnamese catalogs leave in English are translated by ours."""

from __future__ import annotations

import pytest
from django.utils import translation

from edge.builtin_messages import BUILTIN_MESSAGES


@pytest.mark.parametrize("msgid", [m for m in BUILTIN_MESSAGES if isinstance(m, str)])  # the plural: sign-up page
def test_django_and_drf_messages_left_in_english_by_their_catalogs_are_translated(msgid):
    with translation.override("vi"):
        assert translation.gettext(msgid) != msgid
