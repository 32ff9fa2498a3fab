# Step 2 of 3: every invitation gets its own nonce (its join link is now signed, see Invitation.token),
# and the clear token of existing invitations is replaced by its SHA-256, so the QR codes already
# printed keep working (single use and expiry unchanged) while the database no longer holds them.

import hashlib
import secrets

from django.db import migrations


def hash_tokens(apps, schema_editor):
    Invitation = apps.get_model('teams', 'Invitation')
    for invitation in Invitation.objects.only('pk', 'token').iterator():
        invitation.nonce = secrets.token_urlsafe(16)
        if invitation.token:
            invitation.legacy_token_sha256 = hashlib.sha256(invitation.token.encode()).hexdigest()
        invitation.token = None
        invitation.save(update_fields=['nonce', 'legacy_token_sha256', 'token'])


def new_clear_tokens(apps, schema_editor):
    # The clear tokens cannot be recovered from their digests: going back issues new ones, so every QR
    # code printed until now (signed or former) stops working and must be printed again.
    Invitation = apps.get_model('teams', 'Invitation')
    for invitation in Invitation.objects.only('pk').iterator():
        invitation.token = secrets.token_urlsafe(32)
        invitation.save(update_fields=['token'])


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0003_invitation_nonce'),
    ]

    operations = [
        migrations.RunPython(hash_tokens, new_clear_tokens, elidable=False),
    ]
