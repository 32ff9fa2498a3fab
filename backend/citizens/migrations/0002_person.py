"""Identity becomes local: a Person links the communes' copies of one citizen (schema, step 1 of 3)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0001_initial"),
        ("orgunits", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Person",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("cccd_hash", models.CharField(blank=True, editable=False, max_length=64, null=True,
                                               verbose_name="CCCD hash")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("province", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                               to="orgunits.orgunit", verbose_name="province")),
            ],
            options={
                "verbose_name": "person (for counting)",
                "verbose_name_plural": "people (for counting)",
                "constraints": [models.UniqueConstraint(condition=models.Q(("cccd_hash__isnull", False)),
                                                        fields=("province", "cccd_hash"),
                                                        name="person_unique_cccd_in_province")],
            },
        ),
        migrations.RemoveConstraint(model_name="citizen", name="citizen_unique_cccd_in_province"),
        migrations.AddField(
            model_name="citizen", name="commune",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="orgunits.orgunit", verbose_name="commune"),
        ),
        migrations.AddField(
            model_name="citizen", name="person",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="citizens", to="citizens.person",
                                    verbose_name="person (for counting)"),
        ),
    ]
