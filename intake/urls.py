from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.triage_list, name="list"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/html/", views.message_html, name="html"),
    path("<int:pk>/claim/", views.make_claim, name="make_claim"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
