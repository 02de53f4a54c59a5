from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.choose_kind, name="choose_kind"),
    path("new/<str:kind>/", views.create, name="create"),
    path("report-from-data/", views.draft_report, name="draft_report"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/refresh-figures/", views.refresh_figures, name="refresh_figures"),
    path("<int:pk>/attachments/", views.attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.remove_attachment,
        name="remove_attachment",
    ),
]
