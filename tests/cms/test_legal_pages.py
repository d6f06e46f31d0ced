import pytest
from django.core.exceptions import ValidationError

from cms.models import AccessibilityPage, HomePage, LegalPage
from cms.services import legal_pages_ensure


@pytest.fixture
def legal(db):
    legal_pages_ensure()


@pytest.mark.django_db
def test_the_three_legal_pages_are_created_once_and_linked_from_every_footer(client, legal):
    assert legal_pages_ensure() == []
    assert set(LegalPage.objects.values_list("kind", flat=True)) == {"mentions", "privacy"}
    footer = client.get("/").content.decode().split('<footer class="fr-footer"')[1]
    for url in ("/accessibilite/", "/mentions-legales/", "/donnees-personnelles/"):
        assert f'href="{url}"' in footer
    assert "Accessibilité : partiellement conforme" in footer


@pytest.mark.django_db
def test_the_accessibility_statement_follows_the_rgaa_model(client, legal):
    html = client.get("/accessibilite/").content.decode()
    for heading in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Schéma pluriannuel",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert heading in html, heading
    assert "partiellement conforme" in html and "Défenseur des droits" in html and html.count("<h1") == 1


@pytest.mark.django_db
def test_full_compliance_needs_an_audit_date(legal):
    page = AccessibilityPage.objects.get()
    page.compliance_status = "full"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "audit_date" in error.value.error_dict


@pytest.mark.django_db
def test_an_unpublished_legal_page_leaves_the_footer(client, legal):
    LegalPage.objects.get(kind="privacy").unpublish()
    footer = client.get("/").content.decode().split('<footer class="fr-footer"')[1]
    assert "/donnees-personnelles/" not in footer and "/mentions-legales/" in footer
    assert HomePage.objects.get().get_children().count() == 3


@pytest.mark.django_db
def test_the_footers_legal_links_are_cached_and_follow_every_change(legal, django_assert_num_queries):
    from cms.selectors import legal_links_get

    first = legal_links_get()
    assert [link.kind for link in first] == ["accessibility", "mentions", "privacy"]
    with django_assert_num_queries(0):  # every page's footer: read once, then from the cache
        assert legal_links_get() == first

    privacy = LegalPage.objects.get(kind="privacy")
    privacy.unpublish()
    assert [link.kind for link in legal_links_get()] == ["accessibility", "mentions"]

    privacy.title = "Vos données"
    privacy.save_revision().publish()
    assert [link.title for link in legal_links_get() if link.kind == "privacy"] == ["Vos données"]

    LegalPage.objects.get(kind="mentions").delete()
    assert [link.kind for link in legal_links_get()] == ["accessibility", "privacy"]
