from django.urls import URLPattern, path

from participa.components.proposals import (
    manage_views,
    views,
    views_authoring,
    views_map,
    views_supports,
)
from participa.components.proposals.manage_views import intake, mailbox

# Public views, mounted at /spaces/<space_slug>/proposals/<component_id>/ (namespace
# spaces:proposals).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:number>/", views.detail, name="detail"),
    path("<int:number>/support/", views_supports.support, name="support"),
    path("<int:number>/support/withdraw/", views_supports.withdraw, name="support_withdraw"),
    # Writing a proposal (views_authoring).
    path("new/", views_authoring.propose, name="propose"),
    path("similar/", views_authoring.similar, name="similar"),
    path("<int:number>/edit/", views_authoring.edit, name="edit"),
    path("<int:number>/withdraw/", views_authoring.withdraw, name="withdraw"),
    path("<int:number>/coauthors/", views_authoring.coauthors, name="coauthors"),
    path("<int:number>/coauthors/join/", views_authoring.coauthor_join, name="coauthor_join"),
    path("map/", views_map.proposal_map, name="map"),
    path("map.geojson", views_map.proposal_map_data, name="map_data"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/proposals/<component_id>/ (namespace
# manage:proposals).
manage_urlpatterns: list[URLPattern] = [
    path("", manage_views.proposals.manage_index, name="manage_index"),
    path("<int:number>/", manage_views.proposals.manage_detail, name="manage_detail"),
    path("<int:number>/track/", manage_views.proposals.manage_track, name="manage_track"),
    # Evaluation, answers, merge and split (manage_views/evaluation.py, answers.py).
    path("register/", manage_views.evaluation.manage_register, name="manage_register"),
    path("<int:number>/evaluation/", manage_views.evaluation.manage_evaluation,
         name="manage_evaluation"),
    path("<int:number>/answer/", manage_views.answers.manage_answer, name="manage_answer"),
    path("<int:number>/merge/", manage_views.evaluation.manage_merge, name="manage_merge"),
    path("<int:number>/split/", manage_views.evaluation.manage_split, name="manage_split"),
    # Categories (manage_views.categories).
    path("categories/", manage_views.categories.manage_categories, name="manage_categories"),
    path("categories/<int:category_id>/", manage_views.categories.manage_category_edit,
         name="manage_category_edit"),
    path("categories/<int:category_id>/move/", manage_views.categories.manage_category_move,
         name="manage_category_move"),
    path("categories/<int:category_id>/delete/",
         manage_views.categories.manage_category_delete, name="manage_category_delete"),
    # Offline channels and consultations (P5).
    path("received/new/", intake.manage_register, name="manage_receive"),
    path("<int:number>/review/", intake.manage_review, name="manage_review"),
    path("<int:number>/receipt/", intake.manage_receipt, name="manage_receipt"),
    path("from-contributions/", intake.manage_from_contributions,
         name="manage_from_contributions"),
    path("from-contributions/<int:contribution_id>/", intake.manage_from_contribution,
         name="manage_from_contribution"),
    path("import/", mailbox.manage_mailbox_import, name="manage_mailbox_import"),
]
