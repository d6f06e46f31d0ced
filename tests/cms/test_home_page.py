import pytest
from wagtail.models import Page, Site

from cms.models import HomePage


@pytest.mark.django_db
def test_home_page_is_the_site_root_and_presents_the_training_in_french(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    html = client.get("/").content.decode()
    assert "Se former pour animer un Café IA" in html
    assert "17 heures" in html
    assert "Jour 1 — à distance" in html and "Jour 2 — en présentiel" in html
    assert '<main id="content"' in html and 'href="#content"' in html  # landmark and skip link


@pytest.mark.django_db
def test_home_page_can_only_live_under_the_root():
    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert not HomePage.can_create_at(HomePage.objects.get())
    assert not HomePage.can_create_at(Page.get_first_root_node())  # max_count = 1: the one home exists


@pytest.mark.django_db
def test_pages_reference_no_other_domain(client):
    import re

    html = client.get("/").content.decode()
    urls = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert urls == [], urls
