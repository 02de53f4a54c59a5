from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from org import views as org_views
from search import pickers
from search import views as search_views

admin.site.site_header = admin.site.site_title = "Case desk"
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", org_views.healthz, name="healthz"),
    path("favicon.ico", org_views.favicon, name="favicon"),
    path("search/", search_views.search, name="search"),
    path("autocomplete/<slug:source>/", pickers.autocomplete, name="autocomplete"),
    path("accounts/", include("org.urls")),
    # The sign-in page offers the language switch too, before anyone is signed in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("clients/", include("clients.urls")),
    path("contracts/", include("contracts.urls")),
    path("claims/", include("claims.urls")),
    path("handoffs/", include("handoffs.urls")),
    path("approvals/", include("approvals.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("library/", include("library.urls")),
    path("accounting/", include("accounting.urls")),
    path("intake/", include("intake.urls")),
    path("staffing/", include("staffing.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
