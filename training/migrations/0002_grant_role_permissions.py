from django.db import migrations

from core.roles import Role, grant_role_permissions

# Global permissions only. A trainer's rights on the cohorts they lead are guardian object permissions granted by
# training.services; a Hub coordinator's come from Hub membership (read-only, no global permission).
TRAINING_ROLE_PERMISSIONS = {
    Role.TRAINER: ("training.add_cohort",),
    Role.NATIONAL_ADMIN: tuple(
        f"training.{action}_{model}"
        for model in ("territory", "hub", "cohort", "trainingsession", "enrolment", "attendance")
        for action in ("add", "change", "view")
    )
    + (
        "training.manage_cohort",
        "training.view_attendanceamendment",
        "training.view_cohortmessage",
        "training.add_cohortmessage",
    ),
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, TRAINING_ROLE_PERMISSIONS, app_labels={"training"})


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_cohorts_sessions_attendance"),
        ("core", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
