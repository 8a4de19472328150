from django.urls import URLPattern, URLResolver, path

from participa.notifications import manage_views, views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("follow/", views.follow, name="follow"),
    path("unfollow/", views.unfollow, name="unfollow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("manage/newsletter/", manage_views.newsletter_list, name="newsletter_list"),
    path("manage/newsletter/new/", manage_views.newsletter_create, name="newsletter_create"),
    path("manage/newsletter/<int:pk>/", manage_views.newsletter_detail,
         name="newsletter_detail"),
    path("manage/newsletter/<int:pk>/edit/", manage_views.newsletter_edit,
         name="newsletter_edit"),
    path("manage/newsletter/<int:pk>/test/", manage_views.newsletter_test,
         name="newsletter_test"),
    path("manage/newsletter/<int:pk>/send/", manage_views.newsletter_send,
         name="newsletter_send"),
]
