"""The claim's edit of the site, post and shift it concerns."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from claims import services
from claims.post_fields import ClaimPostForm
from claims.views import _get_managed_claim
from org.errors import DomainError
from org.feedback import report_refusal


def claim_post(request, pk):
    claim = _get_managed_claim(request, pk)
    if request.method == "POST":
        form = ClaimPostForm(request.POST, claim=claim)
        if form.is_valid():
            try:
                services.claim_name_post(
                    actor=request.user,
                    claim=claim,
                    site=form.cleaned_data["site"],
                    post=form.cleaned_data["post"],
                    shift=form.cleaned_data["shift"],
                )
            except DomainError as error:
                report_refusal(request, error, form=form)
            else:
                messages.success(request, _("The site, post and shift are saved."))
                return redirect(claim)
    else:
        # Reloaded when the site changes: the posts follow the site chosen.
        chosen = {
            name: request.GET[name] for name in ("site", "post", "shift") if name in request.GET
        }
        initial = {"site": claim.site_id, "post": claim.post_id, "shift": claim.shift, **chosen}
        form = ClaimPostForm(initial=initial, claim=claim)
    return render(request, "claims/post_form.html", {"claim": claim, "form": form})
