from django.db import migrations

from core.roles import Role, grant_role_permissions

CERTIFICATES_PERMISSIONS = {
    Role.NATIONAL_ADMIN: (
        "certificates.add_completionrulesettings",
        "certificates.change_completionrulesettings",
        "certificates.view_completionrulesettings",
        "certificates.change_provider",
        "certificates.view_attestation",
        "certificates.revoke_attestation",
    ),
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, CERTIFICATES_PERMISSIONS, app_labels={"certificates"})


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_completion_attestations_badges"),
        ("core", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
