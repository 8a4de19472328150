"""Org-wide list of consultations at /consultations/ (owner fills this module)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
