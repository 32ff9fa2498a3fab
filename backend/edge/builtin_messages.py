"""Django's and Django REST framework's own messages that their Vietnamese catalogs leave in English.

Listed so that makemessages puts them in this app's catalog (records/drf_messages.py does the same for
the messages DRF's catalog lacked earlier); gettext catalogs are merged, so translating the msgids here
translates the libraries' messages too. Checked by tests/edge/test_vietnamese_messages.py.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

BUILTIN_MESSAGES = [
    # Django forms and validators
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("“%(pk)s” is not a valid value."),
    # Django's password rules (its Vietnamese catalog predates 5.x's wording of this one)
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", 1),
    # Django REST framework
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop("Datetime value out of range."),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),
    gettext_noop("Ensure that there are no more than {max_whole_digits} digits before the decimal point."),
    gettext_noop("Invalid page."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop("Unable to log in with provided credentials."),
    gettext_noop('Must include "username" and "password".'),
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop("Invalid token header. Token string should not contain invalid characters."),
    gettext_noop("Request was throttled."),
    gettext_noop("Missing filename. Request should include a Content-Disposition header with a filename "
                 "parameter."),
    gettext_noop("FileUpload parse error - none of upload handlers can handle the stream"),
    # DRF translates these two apart (gettext_lazy), then formats them before its ngettext().
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
]
