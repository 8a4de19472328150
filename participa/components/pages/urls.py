from django.urls import path

from participa.components.pages import views

# Public views, mounted at /spaces/<space_slug>/pages/<component_id>/ (namespace spaces:pages).
urlpatterns = [
    path("", views.index, name="index"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/pages/<component_id>/ (namespace
# manage:pages).
manage_urlpatterns: list = []
