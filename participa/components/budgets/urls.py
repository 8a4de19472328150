"""The budgets component's public URLs (``spaces:budgets``) and staff URLs
(``manage:budgets``)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
manage_urlpatterns: list[URLPattern] = []
