"""Public pages of tracked items, mounted at /tracking/ (namespace ``tracking``)."""

from django.urls import URLPattern, path

from participa.tracking import views

app_name = "tracking"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
