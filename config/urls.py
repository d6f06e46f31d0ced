from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from dashboards.urls import api_urlpatterns as dashboards_api_urls

handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("xapi/", include("xapi.urls")),
    path("", include("training.urls")),
    path("evaluations/", include("assessments.urls")),
    path("h5p/", include("courses.urls_h5p")),
    path("cours/", include("courses.urls")),
    path("tableaux-de-bord/", include("dashboards.urls")),
    path("api/", include((dashboards_api_urls, "dashboards_api"))),
    path("", include("certificates.urls")),
    path("", include("core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
