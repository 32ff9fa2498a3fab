"""Schema, step 3 of 3: every citizen belongs to one commune and one Person; unique per commune."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0003_citizen_copies_per_commune"),
    ]

    operations = [
        migrations.RemoveField(model_name="citizen", name="province"),
        migrations.AlterField(
            model_name="citizen", name="commune",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="orgunits.orgunit", verbose_name="commune"),
        ),
        migrations.AlterField(
            model_name="citizen", name="person",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="citizens", to="citizens.person",
                                    verbose_name="person (for counting)"),
        ),
        migrations.AddConstraint(
            model_name="citizen",
            constraint=models.UniqueConstraint(condition=models.Q(("cccd_hash__isnull", False)),
                                               fields=("commune", "cccd_hash"), name="citizen_unique_cccd_in_commune"),
        ),
    ]
