# Licence and Partner snippets, and CC BY-SA 4.0 as the default licence (hand-written data step at the end).

import django.db.models.deletion
import modelsearch.index
from django.db import migrations, models

from cms.snippets import DEFAULT_LICENCE
from core.roles import ROLE_PERMISSIONS, grant_role_permissions


def create_default_licence(apps, schema_editor):
    Licence = apps.get_model("cms", "Licence")
    Licence.objects.get_or_create(
        short_name=DEFAULT_LICENCE["short_name"],
        defaults={"name": DEFAULT_LICENCE["name"], "url": DEFAULT_LICENCE["url"]},
    )
    # the roles' rights on the snippets are listed in core.roles.ROLE_PERMISSIONS, like every role permission
    grant_role_permissions(apps, ROLE_PERMISSIONS, app_labels={"cms"})


def remove_default_licence(apps, schema_editor):
    apps.get_model("cms", "Licence").objects.filter(short_name=DEFAULT_LICENCE["short_name"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0002_create_home_page'),
        ('wagtailimages', '0027_image_description'),
        ('core', '0002_create_role_groups'),
    ]

    operations = [
        migrations.CreateModel(
            name='Licence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('short_name', models.CharField(help_text='As shown in attribution lines, e.g. CC BY-SA 4.0.', max_length=50, unique=True, verbose_name='short name')),
                ('url', models.URLField(help_text="The licence's legal text or summary (deed).", verbose_name='URL')),
            ],
            options={
                'verbose_name': 'licence',
                'verbose_name_plural': 'licences',
                'ordering': ['short_name'],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='Partner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('slug', models.SlugField(help_text='A stable identifier; do not change it afterwards.', max_length=100, unique=True, verbose_name='slug')),
                ('url', models.URLField(blank=True, verbose_name='website')),
                ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo')),
            ],
            options={
                'verbose_name': 'partner',
                'verbose_name_plural': 'partners',
                'ordering': ['name'],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.RunPython(create_default_licence, remove_default_licence),
    ]
