"""URLs of the consultations component, gathered from the modules that own them.

Public views are mounted at /spaces/<space_slug>/consultations/<component_id>/ (namespace
spaces:consultations); staff views at /manage/spaces/<space_slug>/consultations/<component_id>/
(namespace manage:consultations).
"""

from django.urls import URLPattern

from participa.components.consultations import views, views_debates, views_reports, views_versions
from participa.components.consultations.manage_views import (
    answers,
    campaigns,
    contributions,
    debates,
    moderation,
    reports,
    setup,
    versions,
)

urlpatterns: list[URLPattern] = [
    *views_versions.urlpatterns,
    *views_reports.urlpatterns,
    *views_debates.urlpatterns,
    *views.urlpatterns,  # last: its "<slug>/" would shadow longer paths otherwise
]

manage_urlpatterns: list[URLPattern] = [
    *setup.urlpatterns,
    *versions.urlpatterns,
    *contributions.urlpatterns,
    *debates.urlpatterns,
    *moderation.urlpatterns,
    *answers.urlpatterns,
    *campaigns.urlpatterns,
    *reports.urlpatterns,
]
