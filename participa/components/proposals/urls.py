from django.urls import URLPattern, path

from participa.components.proposals import manage_views, views, views_map

# Public views, mounted at /spaces/<space_slug>/proposals/<component_id>/ (namespace
# spaces:proposals).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:number>/", views.detail, name="detail"),
    path("map/", views_map.proposal_map, name="map"),
    path("map.geojson", views_map.proposal_map_data, name="map_data"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/proposals/<component_id>/ (namespace
# manage:proposals).
manage_urlpatterns: list[URLPattern] = [
    path("", manage_views.proposals.manage_index, name="manage_index"),
    path("<int:number>/", manage_views.proposals.manage_detail, name="manage_detail"),
]
