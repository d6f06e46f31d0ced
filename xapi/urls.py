from django.urls import path

from xapi import views, views_documents

app_name = "xapi"

urlpatterns = [
    path("statements", views.statements_view, name="statements"),
    path("statements/more/<str:token>", views.statements_more_view, name="statements_more"),
    path("activities/state", views_documents.state_view, name="activities_state"),
    path("activities/profile", views_documents.activity_profile_view, name="activities_profile"),
    path("agents/profile", views_documents.agent_profile_view, name="agents_profile"),
    path("agents", views_documents.agents_view, name="agents"),
    path("activities", views_documents.activities_view, name="activities"),
    path("about", views_documents.about_view, name="about"),
]
