# Step 1 of 3 of "stop storing invitation tokens in clear": the new columns, nullable for now, and the
# old token column made nullable so step 2 can empty it.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0002_invitation'),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='nonce',
            field=models.CharField(editable=False, max_length=32, null=True, verbose_name='nonce'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='legacy_token_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True, verbose_name='digest of the former token'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='token',
            field=models.CharField(editable=False, max_length=64, null=True, unique=True, verbose_name='token'),
        ),
    ]
