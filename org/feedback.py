from django.contrib import messages


def report_form_errors(request, form, *, prefix=""):
    """Show a small action form's errors as messages, for forms posted from a page that
    redirects back (the page cannot render the bound form in place)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{prefix}: {error}" if prefix else error)
