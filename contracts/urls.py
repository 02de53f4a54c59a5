from django.urls import path

from contracts import views
from contracts.transitions import TRANSITIONS

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list_view, name="list"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("new/", views.contract_create, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_update, name="update"),
    path("<int:pk>/timeline/", views.contract_timeline_view, name="timeline"),
    path("<int:pk>/site-survey/", views.request_site_survey, name="request_site_survey"),
    path("<int:pk>/services/new/", views.service_line_add, name="service_line_add"),
    path("services/<int:pk>/edit/", views.service_line_update, name="service_line_update"),
    path("services/<int:pk>/delete/", views.service_line_delete, name="service_line_delete"),
    path("<int:pk>/staffing/new/", views.staffing_add, name="staffing_add"),
    path("staffing/<int:pk>/edit/", views.staffing_update, name="staffing_update"),
    path("staffing/<int:pk>/delete/", views.staffing_delete, name="staffing_delete"),
    path("<int:pk>/agreements/new/", views.agreement_add, name="agreement_add"),
    path("agreements/<int:pk>/document/", views.agreement_download, name="agreement_download"),
    path("<int:pk>/obligations/new/", views.obligation_add, name="obligation_add"),
    path("obligations/<int:pk>/fulfil/", views.obligation_fulfil, name="obligation_fulfil"),
    path("<int:pk>/termination/fill/", views.termination_prefill, name="termination_prefill"),
    path("<int:pk>/termination/new/", views.termination_item_add, name="termination_item_add"),
    path("termination/<int:pk>/tick/", views.termination_item_tick, name="termination_item_tick"),
    path(
        "termination/<int:pk>/remove/",
        views.termination_item_remove,
        name="termination_item_remove",
    ),
    # One URL per stage transition in the table: conclude, extend, begin_termination, close, cancel.
    *(
        path(
            f"<int:pk>/{name.replace('_', '-')}/",
            views.contract_transition,
            {"action": name},
            name=name,
        )
        for name in TRANSITIONS
    ),
]
