from django.urls import path

from claims import bulk_views, views, views_posts, views_replies

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="list"),
    path("export.csv", views.claim_export, name="export"),
    path("export.xlsx", views.claim_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("bulk/", bulk_views.claim_bulk, name="bulk"),
    path("new/", views.claim_register, name="register"),
    path("my-work/", views.my_work, name="my_work"),
    path("<int:pk>/", views.claim_detail, name="detail"),
    path("<int:pk>/respond/", views.claim_action, {"action": "respond"}, name="respond"),
    path("<int:pk>/resolve/", views.claim_action, {"action": "resolve"}, name="resolve"),
    path("<int:pk>/close/", views.claim_action, {"action": "close"}, name="close"),
    path("<int:pk>/reopen/", views.claim_action, {"action": "reopen"}, name="reopen"),
    path("<int:pk>/wait/", views.claim_action, {"action": "wait"}, name="wait"),
    path("<int:pk>/resume/", views.claim_action, {"action": "resume"}, name="resume"),
    path("<int:pk>/comments/", views.claim_comment, name="comment"),
    path("<int:pk>/post/", views_posts.claim_post, name="post"),
    path("<int:pk>/reply/", views_replies.claim_reply, name="reply"),
    path("<int:pk>/files/", views_replies.claim_file_add, name="file_add"),
    path("files/<int:pk>/", views_replies.claim_file, name="file"),
    path("replies/<int:pk>/resend/", views_replies.reply_resend, name="reply_resend"),
]
