from django.db import migrations

from core.roles import ROLE_PERMISSIONS, Role, grant_role_permissions


def create_role_groups(apps, schema_editor):
    labels = {"auth", "core", "wagtailcore", "wagtailadmin", "wagtailimages", "wagtaildocs", "wagtailredirects"}
    grant_role_permissions(apps, ROLE_PERMISSIONS, app_labels=labels)


def delete_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[role.value for role in Role]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
