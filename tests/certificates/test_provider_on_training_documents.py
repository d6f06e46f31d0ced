"""One training organisation on every document: the Provider edited in Wagtail is what training's sheets print."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from certificates.models import Provider
from training.services.documents import organisation

pytestmark = pytest.mark.django_db


def test_the_provider_setting_is_the_organisation_of_training_documents(settings):
    settings.TRAINING_ORGANISATION = {"name": "Nom de secours", "address": "", "siret": "", "nda": "11 75 00000 75"}
    provider = Provider.for_site(Site.objects.get(is_default_site=True))
    provider.name = "Conseil national du numérique"
    provider.address = "20 avenue de Ségur, 75007 Paris"
    provider.siret = "13001234500012"
    provider.declaration_number = ""
    provider.save()
    assert organisation() == {
        "name": "Conseil national du numérique",
        "address": "20 avenue de Ségur, 75007 Paris",
        "siret": "13001234500012",
        "nda": "11 75 00000 75",  # left empty in the Provider: the setting completes it
    }
