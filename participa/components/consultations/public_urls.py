"""The organization-wide list of consultations at /consultations/ (not namespaced)."""

from django.urls import URLPattern, path

from participa.components.consultations import views

urlpatterns: list[URLPattern] = [
    path("", views.consultation_list, name="consultations_list"),
]
