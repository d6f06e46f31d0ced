from django.db import migrations

from core.roles import ROLE_PERMISSIONS, grant_role_permissions

# Global permissions only (listed in core.roles.ROLE_PERMISSIONS): trainers may create cohorts, the national admin
# group manages every cohort, territory and Hub. A trainer's rights on the cohorts they lead are guardian object
# permissions granted by training.services; a Hub coordinator's come from Hub membership (read-only).


def grant(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS, app_labels={"training"})


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_cohorts_sessions_attendance"),
        ("core", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
