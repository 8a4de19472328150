"""The organization-wide pages of participatory budgets at /budgets/ (not namespaced): the
editions and a resident's own projects."""

from django.urls import URLPattern, path

from participa.components.budgets import views_account

urlpatterns: list[URLPattern] = [
    path("", views_account.edition_list, name="budgets_list"),
    path("mine/", views_account.my_projects, name="budgets_mine"),
]
