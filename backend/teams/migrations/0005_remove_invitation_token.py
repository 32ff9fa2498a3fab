# Step 3 of 3: the clear token column goes; every row has a nonce now.

import teams.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0004_invitation_token_digest'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='invitation',
            name='token',
        ),
        migrations.AlterField(
            model_name='invitation',
            name='nonce',
            field=models.CharField(default=teams.models.new_invitation_nonce, editable=False, max_length=32, verbose_name='nonce'),
        ),
    ]
