import pytest
from django.urls import reverse

from tests.courses.conftest import lesson_page, publish


@pytest.fixture
def searchable(module):
    publish(
        module,
        lesson_page(
            title="Les biais des algorithmes",
            slug="biais",
            summary="Repérer un biais.",
            body=[{"type": "text", "value": "<p>Les données d'entraînement reflètent des inégalités.</p>"}],
        ),
    )
    publish(module, lesson_page(title="Histoire de l'IA", slug="histoire"))
    draft = lesson_page(title="Brouillon sur les biais", slug="brouillon", live=False)
    module.add_child(instance=draft)
    return module


@pytest.mark.django_db
def test_search_finds_published_lessons_by_body_in_french(client, searchable):
    response = client.get(reverse("courses:search"), {"q": "inégalités"})
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert "Les biais des algorithmes" in html and "Module « Module test »" in html
    assert "Histoire de l" not in html and "1 leçon trouvée." in html


@pytest.mark.django_db
def test_drafts_are_never_found_and_empty_or_odd_queries_are_harmless(client, searchable):
    html = client.get(reverse("courses:search"), {"q": "biais"}).content.decode()
    assert "Les biais des algorithmes" in html and "Brouillon sur les biais" not in html
    empty = client.get(reverse("courses:search"), {"q": "  "})
    assert empty.status_code == 200 and "data-search-result" not in empty.content.decode()
    for query in ("x" * 5000, "' OR 1=1 --", "<script>", "&&&"):
        response = client.get(reverse("courses:search"), {"q": query, "page": "abc"})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0]
