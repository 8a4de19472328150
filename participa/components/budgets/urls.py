"""The budgets component's public URLs (``spaces:budgets``) and staff URLs
(``manage:budgets``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from participa.components.budgets import (
    views,
    views_authoring,
    views_map,
    views_supports,
)
from participa.components.budgets.manage_views import lists, pools, setup

# Public views, mounted at /spaces/<space_slug>/budgets/<component_id>/ (namespace
# spaces:budgets).
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("projects/", views.projects, name="projects"),
    path("projects/new/", views_authoring.submit, name="submit"),
    path("projects/<int:number>/", views.detail, name="detail"),
    path("projects/<int:number>/edit/", views_authoring.edit, name="edit"),
    path("projects/<int:number>/withdraw/", views_authoring.withdraw, name="withdraw"),
    path("projects/<int:number>/coauthors/", views_authoring.coauthors, name="coauthors"),
    path("projects/<int:number>/coauthors/join/", views_authoring.coauthor_join,
         name="coauthor_join"),
    path("projects/<int:number>/sign/", views_supports.sign, name="sign"),
    path("projects/<int:number>/sign/withdraw/", views_supports.unsign, name="unsign"),
    path("map/", views_map.project_map, name="map"),
    path("map.geojson", views_map.project_map_data, name="map_data"),
]

# Staff views, mounted at /manage/spaces/<space_slug>/budgets/<component_id>/ (namespace
# manage:budgets).
manage_urlpatterns: list[URLPattern] = [
    path("", setup.manage_index, name="manage_index"),
    path("pools/", pools.manage_pools, name="manage_pools"),
    path("pools/districts/", pools.manage_pools_split, name="manage_pools_split"),
    path("pools/<int:pool_id>/", pools.manage_pool_edit, name="manage_pool_edit"),
    path("pools/<int:pool_id>/delete/", pools.manage_pool_delete, name="manage_pool_delete"),
    path("categories/", lists.manage_categories, name="manage_categories"),
    path("categories/<int:category_id>/", lists.manage_category_edit,
         name="manage_category_edit"),
    path("categories/<int:category_id>/delete/", lists.manage_category_delete,
         name="manage_category_delete"),
    path("checklist/", lists.manage_checklist, name="manage_checklist"),
    path("checklist/<int:item_id>/", lists.manage_checklist_edit,
         name="manage_checklist_edit"),
    path("checklist/<int:item_id>/delete/", lists.manage_checklist_delete,
         name="manage_checklist_delete"),
]


# --- formal review and appeals (views_review.py, manage_views/review.py) -------------------
from participa.components.budgets import views_review  # noqa: E402
from participa.components.budgets.manage_views import review as review_views  # noqa: E402

urlpatterns += [
    path("appeals/", views_review.appeals, name="appeals"),
    path("projects/<int:number>/appeal/", views_review.appeal, name="appeal"),
    path("projects/<int:number>/correct/", views_review.correct, name="correct"),
    path("projects/<int:number>/merge/", views_review.merge_consent_view, name="merge_consent"),
]
manage_urlpatterns += [
    path("review/", review_views.review_queue_view, name="review_queue"),
    path("review/<int:number>/", review_views.assess, name="review_assess"),
    path("review/<int:number>/correction/", review_views.correction,
         name="review_correction"),
    path("review/<int:number>/publish/", review_views.publish, name="review_publish"),
    path("review/<int:number>/appeal/", review_views.decide, name="review_decide"),
    path("review/<int:number>/merge/", review_views.merge, name="review_merge"),
]

# --- voting online (views_voting.py, manage_views/voting.py) ---------------------------------
from participa.components.budgets import views_voting  # noqa: E402
from participa.components.budgets.manage_views import voting as manage_voting  # noqa: E402

urlpatterns += [
    path("vote/", views_voting.voting_index, name="voting"),
    path("vote/receipt/", views_voting.receipt_check, name="receipt_check"),
    path("vote/<int:pool_id>/", views_voting.vote, name="vote"),
    path("vote/<int:pool_id>/change/", views_voting.ballot_change, name="ballot_change"),
]
manage_urlpatterns += [
    path("voting/", manage_voting.manage_voting, name="manage_voting"),
]

# --- the edition report (views_report.py, manage_views/report.py) ---------------------------
from participa.components.budgets import views_report  # noqa: E402
from participa.components.budgets.manage_views import report as report_views  # noqa: E402

urlpatterns += [
    path("report/<str:fmt>/", views_report.report_file, name="report_file"),
]
manage_urlpatterns += [
    path("report/", report_views.manage_reports, name="manage_reports"),
    path("report/<int:report_id>/publish/", report_views.manage_report_publish,
         name="manage_report_publish"),
    path("report/<int:report_id>/<str:fmt>/", report_views.manage_report_file,
         name="manage_report_file"),
]

# --- voting on paper (manage_views/paper.py) -------------------------------------------------
from participa.components.budgets.manage_views import paper as paper_views  # noqa: E402

manage_urlpatterns += [
    path("paper/", paper_views.paper_index, name="paper_index"),
    path("paper/tallies/", paper_views.paper_tallies, name="paper_tallies"),
    path("paper/<int:point_id>/", paper_views.paper_point, name="paper_point"),
    path("paper/<int:point_id>/pool/<int:pool_id>/", paper_views.paper_key, name="paper_key"),
    path("paper/<int:point_id>/ballots/<int:ballot_id>/", paper_views.paper_resolve,
         name="paper_resolve"),
    path("paper/<int:point_id>/ballots/<int:ballot_id>/scan/", paper_views.paper_scan,
         name="paper_scan"),
]

# --- the winning projects' tracked implementation (manage_views/tracking.py) ---------------
from participa.components.budgets.manage_views import tracking as tracking_views  # noqa: E402

manage_urlpatterns += [
    path("tracking/", tracking_views.track_winners, name="track_winners"),
]

# --- fraud signals and "someone voted as me" (views_fraud.py, manage_views/fraud.py) -------
from participa.components.budgets import views_fraud  # noqa: E402
from participa.components.budgets.manage_views import fraud as fraud_views  # noqa: E402

urlpatterns += [
    path("vote/not-me/", views_fraud.vote_as_me, name="vote_as_me"),
]
manage_urlpatterns += [
    path("fraud/", fraud_views.manage_fraud, name="manage_fraud"),
    path("fraud/resolve/", fraud_views.manage_fraud_resolve, name="manage_fraud_resolve"),
    path("fraud/reports/<int:report_id>/", fraud_views.manage_vote_as_me,
         name="manage_vote_as_me"),
]

# --- results and recount (views_results.py) -------------------------------------------------
from participa.components.budgets import views_results  # noqa: E402

urlpatterns += [
    path("results/", views_results.results, name="results"),
    path("results/recount/", views_results.recount, name="recount"),
    path("results/<int:pool_id>.pb", views_results.result_file, name="result_file"),
]
from participa.components.budgets.manage_views import results as manage_results  # noqa: E402

manage_urlpatterns += [
    path("results/", manage_results.manage_results, name="manage_results"),
]
