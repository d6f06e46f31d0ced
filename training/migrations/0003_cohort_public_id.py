import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    Cohort = apps.get_model("training", "Cohort")
    for cohort in Cohort.objects.filter(public_id__isnull=True).only("pk"):
        Cohort.objects.filter(pk=cohort.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    """The cohort's public id: the xAPI cohort extension and public URLs carry it, never the primary key."""

    dependencies = [("training", "0002_grant_role_permissions")]

    operations = [
        migrations.AddField(
            model_name="cohort",
            name="public_id",
            field=models.UUIDField(null=True, editable=False, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cohort",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"),
        ),
    ]
