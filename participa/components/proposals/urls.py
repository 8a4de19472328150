from django.urls import URLPattern, path

from participa.components.proposals import manage_views, views
from participa.components.proposals.manage_views import intake, mailbox

# Public views, mounted at /spaces/<space_slug>/proposals/<component_id>/ (namespace
# spaces:proposals).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:number>/", views.detail, name="detail"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/proposals/<component_id>/ (namespace
# manage:proposals).
manage_urlpatterns: list[URLPattern] = [
    path("", manage_views.proposals.manage_index, name="manage_index"),
    path("<int:number>/", manage_views.proposals.manage_detail, name="manage_detail"),
    # Offline channels and consultations (P5).
    path("register/", intake.manage_register, name="manage_register"),
    path("<int:number>/review/", intake.manage_review, name="manage_review"),
    path("<int:number>/receipt/", intake.manage_receipt, name="manage_receipt"),
    path("from-contributions/", intake.manage_from_contributions,
         name="manage_from_contributions"),
    path("from-contributions/<int:contribution_id>/", intake.manage_from_contribution,
         name="manage_from_contribution"),
    path("import/", mailbox.manage_mailbox_import, name="manage_mailbox_import"),
]
