"""The counted person, copied onto each record (identity local to the commune, counting by province)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0002_person"),
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assistancerecord", name="person",
            field=models.ForeignKey(blank=True, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="citizens.person", verbose_name="person (for counting)"),
        ),
    ]
