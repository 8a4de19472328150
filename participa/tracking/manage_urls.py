"""Staff pages of tracked items, mounted at /manage/tracking/ (namespace
``manage:tracking``)."""

from django.urls import URLPattern, path

from participa.tracking import manage_views

app_name = "tracking"

urlpatterns: list[URLPattern] = [
    path("", manage_views.manage_index, name="index"),
    path("new/", manage_views.manage_create, name="create"),
    path("<int:pk>/", manage_views.manage_detail, name="detail"),
    path("<int:pk>/edit/", manage_views.manage_edit, name="edit"),
    path("<int:pk>/publish/", manage_views.manage_publish, name="publish"),
    path("<int:pk>/milestones/", manage_views.manage_milestones, name="milestones"),
    path("<int:pk>/milestones/<int:milestone_id>/done/", manage_views.manage_milestone_done,
         name="milestone_done"),
    path("<int:pk>/milestones/<int:milestone_id>/delete/",
         manage_views.manage_milestone_delete, name="milestone_delete"),
    path("<int:pk>/expenses/", manage_views.manage_expenses, name="expenses"),
    path("<int:pk>/expenses/<int:expense_id>/delete/", manage_views.manage_expense_delete,
         name="expense_delete"),
]
