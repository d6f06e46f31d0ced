import pytest
from django.test import Client


@pytest.mark.django_db
def test_404_is_french(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_500_is_french_and_has_no_stack_trace(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("secret internal detail")

    import config.urls

    settings.ROOT_URLCONF = type(
        "urls", (), {"urlpatterns": [path("boom/", boom)], "handler500": config.urls.handler500}
    )
    response = Client(raise_request_exception=False).get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Erreur inattendue" in html
    assert "secret internal detail" not in html
