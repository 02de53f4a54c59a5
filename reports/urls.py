from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("draft/", views.report_draft_month, name="draft_month"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/refresh/", views.report_refresh, name="refresh"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/pdf/", views.report_pdf_view, name="pdf"),
    path("<int:pk>/send/", views.report_send, name="send"),
]
