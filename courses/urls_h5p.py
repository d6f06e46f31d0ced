from django.urls import path

from courses import views_h5p

app_name = "h5p"

urlpatterns = [
    path("<int:pk>/lecteur/", views_h5p.h5p_player_view, name="player"),
    path("<int:pk>/fichiers/<path:path>", views_h5p.h5p_package_file_view, name="package_file"),
    path("bibliotheques/<str:folder>/<path:path>", views_h5p.h5p_library_file_view, name="library_file"),
]
