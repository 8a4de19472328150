"""The organization-wide pages of proposals at /proposals/ (not namespaced): every proposal,
a resident's own and the ones they support."""

from django.urls import URLPattern, path

from participa.components.proposals import views_account

urlpatterns: list[URLPattern] = [
    path("", views_account.organization_list, name="proposals_list"),
    path("mine/", views_account.my_proposals, name="proposals_mine"),
    path("supported/", views_account.my_supports, name="proposals_supported"),
]
