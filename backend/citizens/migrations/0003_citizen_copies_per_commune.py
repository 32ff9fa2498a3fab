"""Data, step 2 of 3: each existing citizen becomes a Person, and a copy per commune that recorded them.

Before, one Citizen row served every commune of a province. Now the row stays with the commune of
its first record; every other commune whose records name it gets its own copy (same fields, same
Person), and those records point to that copy. Records get the Person they count as. A citizen
that no record names is personal data kept without a purpose: it goes.
"""

from django.core.management.color import no_style
from django.db import migrations
from django.db.models import F, OuterRef, Subquery

BATCH = 5000
COPIED = ("province_id", "full_name", "name_folded", "birth_year", "gender", "cccd_hash", "cccd_last_digits", "consent_given_at",
          "consent_recorded_by_id", "consent_withdrawn_at", "created_at")


def split(apps, schema_editor):
    Citizen = apps.get_model("citizens", "Citizen")
    Person = apps.get_model("citizens", "Person")
    Record = apps.get_model("records", "AssistanceRecord")
    connection = schema_editor.connection
    db = connection.alias
    citizens = Citizen.objects.using(db)
    records = Record.objects.using(db)

    # Citizens are dropped when no record names them, before anything is built on them.
    citizens.exclude(pk__in=records.filter(citizen__isnull=False).values("citizen_id")).delete()

    # One Person per citizen, with the citizen's id: until now a citizen was one person per province.
    batch = []
    for pk, province_id, digest in citizens.values_list("pk", "province_id", "cccd_hash").iterator(chunk_size=BATCH):
        batch.append(Person(pk=pk, province_id=province_id, cccd_hash=digest))
        if len(batch) >= BATCH:
            Person.objects.using(db).bulk_create(batch)
            batch = []
    Person.objects.using(db).bulk_create(batch)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Person]):
            cursor.execute(sql)
    citizens.update(person_id=F("pk"))
    records.filter(citizen__isnull=False).update(person_id=F("citizen_id"))

    # The row stays with the commune of its first record.
    first = records.filter(citizen_id=OuterRef("pk")).order_by("pk").values("commune_id")[:1]
    citizens.update(commune_id=Subquery(first))

    # A copy for every other commune that recorded the same citizen.
    elsewhere = records.filter(citizen__isnull=False).exclude(commune_id=F("citizen__commune_id"))
    pairs = list(elsewhere.values_list("citizen_id", "commune_id").distinct().order_by())
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start:start + BATCH]
        originals = {c["pk"]: c for c in citizens.filter(pk__in={p[0] for p in chunk}).values("pk", *COPIED)}
        copies = []
        for citizen_id, commune_id in chunk:
            fields = {k: v for k, v in originals[citizen_id].items() if k != "pk"}
            copies.append(Citizen(commune_id=commune_id, person_id=citizen_id, **fields))
        Citizen.objects.using(db).bulk_create(copies)
    own_copy = citizens.filter(person_id=OuterRef("person_id"), commune_id=OuterRef("commune_id")).values("pk")[:1]
    elsewhere.update(citizen_id=Subquery(own_copy))


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0002_person"),
        ("records", "0002_record_person"),
    ]

    operations = [migrations.RunPython(split, migrations.RunPython.noop)]
