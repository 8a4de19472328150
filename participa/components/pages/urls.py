from django.urls import path

from participa.components.pages import views

urlpatterns = [
    path("", views.index, name="index"),
]
