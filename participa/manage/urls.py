from django.urls import path

from participa.manage import views

app_name = "manage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("spaces/<slug:slug>/", views.space_edit, name="space_edit"),
]
