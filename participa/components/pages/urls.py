from django.urls import URLPattern, path

from participa.components.pages import manage_views, views

# Public views, mounted at /spaces/<space_slug>/pages/<component_id>/ (namespace spaces:pages).
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.page_detail, name="page_detail"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/pages/<component_id>/ (namespace
# manage:pages).
manage_urlpatterns: list[URLPattern] = [
    path("", manage_views.manage_index, name="manage_index"),
    path("new/", manage_views.manage_create, name="manage_create"),
    path("<int:page_id>/edit/", manage_views.manage_edit, name="manage_edit"),
    path("<int:page_id>/delete/", manage_views.manage_delete, name="manage_delete"),
    path("<int:page_id>/move/", manage_views.manage_move, name="manage_move"),
]
