import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from cms.models import HomePage, Licence, Partner
from cms.snippets import DEFAULT_LICENCE, licence_default_ensure, licence_default_pk, partner_ensure
from core.models import User


@pytest.mark.django_db
def test_migration_creates_cc_by_sa_as_the_default_licence():
    licence = Licence.objects.get(short_name="CC BY-SA 4.0")
    assert licence.url == DEFAULT_LICENCE["url"] and licence.url.startswith("https://creativecommons.org/")
    assert licence_default_pk() == licence.pk
    assert str(licence) == "CC BY-SA 4.0"


@pytest.mark.django_db
def test_ensuring_the_default_licence_and_a_partner_is_idempotent():
    assert licence_default_ensure()[1] is False
    first, created = partner_ensure(slug="inria", name="Inria", url="https://www.inria.fr/")
    again, created_again = partner_ensure(slug="inria", name="Autre nom")
    assert created and not created_again and first.pk == again.pk and again.name == "Inria"
    assert Partner.objects.count() == 1 and str(first) == "Inria"


@pytest.mark.django_db
def test_a_licence_in_use_by_a_module_cannot_be_deleted():
    from courses.models import DayPage  # the snippet's user lives one layer up
    from tests.courses.conftest import module_page, program_page, publish

    programme = publish(HomePage.objects.get(), program_page())
    day = publish(programme, DayPage(title="Jour", slug="jour", modality="remote", duration_minutes=60))
    publish(day, module_page())
    with pytest.raises(ProtectedError):
        Licence.objects.get(short_name="CC BY-SA 4.0").delete()


@pytest.mark.django_db
def test_the_snippets_are_managed_in_the_admin(client):
    client.force_login(User.objects.create_superuser("admin-snippets@exemple.fr", "un-mot-de-passe-solide"))
    for model in ("licence", "partner"):
        assert client.get(reverse(f"wagtailsnippets_cms_{model}:list")).status_code == 200
        assert client.get(reverse(f"wagtailsnippets_cms_{model}:add")).status_code == 200


@pytest.mark.django_db
def test_the_national_administration_manages_the_snippets(client, national_admin):
    client.force_login(national_admin)
    for model in ("licence", "partner"):
        assert client.get(reverse(f"wagtailsnippets_cms_{model}:list")).status_code == 200
        assert client.get(reverse(f"wagtailsnippets_cms_{model}:add")).status_code == 200


@pytest.mark.django_db
def test_a_partner_author_cannot_create_licences(client, partner_author):
    client.force_login(partner_author)
    assert client.get(reverse("wagtailsnippets_cms_licence:add")).status_code in (302, 403)
