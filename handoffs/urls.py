from django.urls import path

from handoffs import views

app_name = "handoffs"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export.csv", views.inbox_export, name="inbox_export"),
    path("export.xlsx", views.inbox_export, {"fmt": "xlsx"}, name="inbox_export_xlsx"),
    path("bulk/", views.bulk, name="bulk"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/actions/", views.row_more, name="row_more"),
    path("<int:pk>/take/", views.take, name="take"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
