"""How a case is sent: GETs with hostile parameters, POSTs of hostile values, and the
checks on every answer (no 500, nothing half-written)."""

from urllib.parse import quote, urlencode

from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.models import ApprovalAttachment, ApprovalRequest
from claims.models import Claim, ClaimAttachment, ClaimComment, ClaimMessage
from clients.models import Client, Contact, Site
from contracts.models import (
    Agreement,
    Contract,
    Obligation,
    ServiceLine,
    StaffingRequirement,
)
from handoffs.models import Handoff, HandoffAttachment, HandoffComment
from org.models import User
from tests.hostile import STATS
from tests.hostile.cases import FORM
from tests.hostile.values import (
    BAD_CURSORS,
    EVERY_FIELD_VALUES,
    HOSTILE_VALUES,
    NON_UTF8,
    SOME_BAD_CURSORS,
)

# The tables whose row counts a POST must leave alone when it is refused.
TRACKED = (
    Client,
    Contact,
    Site,
    Contract,
    ServiceLine,
    StaffingRequirement,
    Agreement,
    Obligation,
    Claim,
    ClaimComment,
    ClaimMessage,
    ClaimAttachment,
    Handoff,
    HandoffComment,
    HandoffAttachment,
    ApprovalRequest,
    ApprovalAttachment,
    User,
)
# Query parameters every page gets as well as its own: the ones views read most.
COMMON_PARAMS = ("q", "cursor", "page", "tab", "next", "sort")
CURSOR_PARAMS = {"cursor", "before"}
# One field or parameter at a time, each the next of these: every value reaches some.
ROTATION = list(HOSTILE_VALUES.items())


def counts():
    return {model: model.objects.count() for model in TRACKED}


def page_form_data(form):
    """The page's form as the browser would post it back, unchanged."""
    data = {}
    for bound in form:
        if bound.name == "once_token" or bound.field.disabled:
            continue
        value = bound.field.widget.format_value(bound.value())
        if value in (None, "", [], False):
            continue
        if value is True:
            value = "on"
        data[bound.html_name] = value
    return data


def page_form(response):
    context = response.context
    if context is None:
        return None
    form = context.get("form")
    return form if form is not None and hasattr(form, "fields") else None


class Probe:
    """Sends the requests of one case, counting them and every 500 and half-write."""

    def __init__(self, http, url_name):
        self.http = http
        self.url_name = url_name
        self.failures = []

    def _record(self, method, label, response):
        STATS["requests"] += 1
        if response.status_code >= 500:
            STATS["500"] += 1
            error = getattr(response, "exc_info", None)
            self.failures.append(f"{method} {label}: {response.status_code} {error and error[1]!r}")
        return response

    def get(self, url, params, label):
        return self._record("GET", label, self.http.get(url, params))

    def get_raw(self, url, query, label):
        return self._record("GET", label, self.http.get(f"{url}?{query}"))

    def post(self, url, data, label, *, raw=None):
        before = counts()
        if raw is not None:
            response = self.http.post(url, raw, content_type="application/x-www-form-urlencoded")
        else:
            response = self.http.post(url, data)
        self._record("POST", label, response)
        return before, response


def accepted(response):
    if response.get("Content-Type", "").startswith("application/json"):
        # The REST API: a 2xx is done, a 4xx refused (its body says why).
        return 200 <= response.status_code < 300
    if response.status_code not in (301, 302, 303):
        return False
    # The messages this request added; unread ones from earlier requests wait in storage.
    added = response.wsgi_request._messages._queued_messages
    return all(message.level < message_levels.ERROR for message in added)


def lying_file(name):
    return SimpleUploadedFile(
        f"{name}.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )


def run_case(http, world, url_name, case):
    probe = Probe(http, url_name)
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(url_name, kwargs=kwargs)
    form = None
    if case.get is not None:
        form = page_form(probe.get(url, case.extra, "the page"))
        params = tuple(dict.fromkeys(case.get + COMMON_PARAMS))
        for name in EVERY_FIELD_VALUES:
            every = dict.fromkeys(params, HOSTILE_VALUES[name])
            probe.get(url, {**case.extra, **every}, f"every parameter {name}")
        for index, param in enumerate(params):
            name, value = ROTATION[index % len(ROTATION)]
            probe.get(url, {**case.extra, param: value}, f"{param}: {name}")
            if param in CURSOR_PARAMS:
                for name in SOME_BAD_CURSORS:
                    probe.get(url, {param: BAD_CURSORS[name]}, f"{param}: {name}")
        probe.get_raw(url, "&".join(f"{quote(p)}={NON_UTF8}" for p in params), "non-UTF-8")
        for earlier, later in case.reversed_dates:
            probe.get(url, {earlier: "2026-12-31", later: "2026-01-01"}, "reversed dates")
    if case.post is not None:
        post_case(probe, world, url, case, form)
    return probe


def _baseline(world, case, form):
    if case.baseline is not None:
        return case.baseline(world.users["manager"])[2]
    if form is not None:
        return page_form_data(form)
    return {}


def _posted_fields(url, case, form):
    if case.post == FORM:
        assert form is not None, f"{url}: no form on the page to post"
        return [bound.html_name for bound in form if bound.name != "once_token"]
    return list(case.post)


def _check_post(probe, case, before, response, label):
    after = counts()
    if not accepted(response):
        changed = {m.__name__: (before[m], after[m]) for m in TRACKED if before[m] != after[m]}
        if changed:
            STATS["half-written"] += 1
            probe.failures.append(f"POST {label}: refused, yet rows changed {changed}")
    elif case.created is not None and after[case.created] - before[case.created] != 1:
        probe.failures.append(
            f"POST {label}: accepted, {case.created.__name__} rows "
            f"{before[case.created]} → {after[case.created]}, expected one more"
        )


def post_case(probe, world, url, case, form):
    baseline = _baseline(world, case, form)
    fields = _posted_fields(url, case, form)

    def check(before, response, label):
        _check_post(probe, case, before, response, label)

    for name in EVERY_FIELD_VALUES:
        data = {**baseline, **dict.fromkeys(fields, HOSTILE_VALUES[name])}
        before, response = probe.post(url, data, f"every field {name}")
        check(before, response, f"every field {name}")
    for index, field_name in enumerate(fields):
        for name, value in (("1 MB", HOSTILE_VALUES["1 MB"]), ROTATION[index % len(ROTATION)]):
            data = {**baseline, field_name: value}
            before, response = probe.post(url, data, f"{field_name}: {name}")
            check(before, response, f"{field_name}: {name}")
    if fields:
        raw = urlencode(baseline, doseq=True) + "".join(
            f"&{quote(name)}={NON_UTF8}" for name in fields
        )
        before, response = probe.post(url, None, "non-UTF-8", raw=raw)
        check(before, response, "non-UTF-8")
    for earlier, later in case.reversed_dates:
        data = {**baseline, earlier: "2026-12-31", later: "2026-01-01"}
        before, response = probe.post(url, data, "reversed dates")
        check(before, response, "reversed dates")
    for name in case.files:
        data = {**baseline, name: lying_file(name)}
        before, response = probe.post(url, data, f"{name}: a file that lies")
        check(before, response, f"{name}: a file that lies")
