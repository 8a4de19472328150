from django.urls import URLPattern, URLResolver, path

from participa.journal import views

app_name = "journal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("journal/", views.organization_journal, name="index"),
    path("journal/feed/", views.OrganizationJournalFeed(), name="feed"),
    path("spaces/<slug:slug>/journal/", views.space_journal, name="space"),
    path("spaces/<slug:slug>/journal/feed/", views.SpaceJournalFeed(), name="space_feed"),
]
