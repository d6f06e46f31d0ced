"""Replace Wagtail's placeholder page by the Café IA home page, and give the national admin group the pages."""

from django.db import migrations

from cms.home_content import ADMIN_COLLECTION_PERMISSIONS, ADMIN_PAGE_PERMISSIONS, HOME_BODY, HOME_INTRO, HOME_TITLE



def create_home_page(apps, schema_editor):
    import json

    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug="accueil",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale_id=Page.objects.get(depth=1).locale_id,
        intro=HOME_INTRO,
        body=json.dumps(HOME_BODY),
    )
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})

    admin_group = Group.objects.get(name="Administration nationale")
    root = Page.objects.get(depth=1)
    for codename in ADMIN_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=admin_group, page=root, permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                                                            codename=codename)
        )
    root_collection = Collection.objects.get(depth=1)
    for app_label, codename in ADMIN_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=admin_group, collection=root_collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )


def remove_home_page(apps, schema_editor):
    apps.get_model("cms", "HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("core", "0002_create_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
