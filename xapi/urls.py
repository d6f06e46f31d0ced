from django.urls import path

from xapi import views

app_name = "xapi"

urlpatterns = [
    path("statements", views.statements_view, name="statements"),
    path("statements/more/<str:token>", views.statements_more_view, name="statements_more"),
]
