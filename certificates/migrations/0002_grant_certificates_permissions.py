from django.db import migrations

from core.roles import ROLE_PERMISSIONS, grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS, app_labels={"certificates"})


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_completion_attestations_badges"),
        ("core", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
