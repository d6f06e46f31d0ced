from django.db import migrations

from core.roles import Role, grant_role_permissions

# The national admin issues and revokes Hub API tokens; nobody gets "delete" (tokens are revoked, never deleted).
DASHBOARDS_ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: ("dashboards.add_hubapitoken", "dashboards.change_hubapitoken", "dashboards.view_hubapitoken"),
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, DASHBOARDS_ROLE_PERMISSIONS, app_labels={"dashboards"})


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_hub_api_tokens"),
        ("core", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
