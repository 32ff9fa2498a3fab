"""Photos under random names: existing files named photos/<yyyy>/<mm>/<record uuid>.jpg get one too."""

from django.db import migrations, models


def rename(apps, schema_editor):
    from records.photos import photos_rename_guessable

    photos_rename_guessable(model=apps.get_model("records", "AssistanceRecord"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0002_record_person"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assistancerecord", name="photo",
            field=models.ImageField(blank=True, upload_to="photos/", verbose_name="photo"),
        ),
        migrations.AlterField(
            model_name="assistancerecord", name="photo_thumb",
            field=models.ImageField(blank=True, upload_to="thumbs/", verbose_name="thumbnail"),
        ),
        migrations.RunPython(rename, migrations.RunPython.noop),
    ]
