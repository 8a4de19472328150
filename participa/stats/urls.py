from django.urls import URLPattern, URLResolver, path

from participa.stats import views

app_name = "stats"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
]
