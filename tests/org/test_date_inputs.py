"""Dates are typed and shown as дд.мм.рррр in Ukrainian, whatever the browser's locale:
``<input type="date">`` follows the browser, not the page's ``lang``."""

import datetime

from django import forms
from django.utils import translation

from org.widgets import LocalDateInput, LocalDateRangeWidget, LocalDateTimeInput


class DatesForm(forms.Form):
    day = forms.DateField(widget=LocalDateInput())
    moment = forms.DateTimeField(widget=LocalDateTimeInput())


def test_dates_show_the_ukrainian_format_with_a_ukrainian_placeholder():
    form = DatesForm(initial={"day": datetime.date(2026, 12, 2)})

    html = str(form["day"]) + str(form["moment"])

    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="02.12.2026"' in html
    assert 'placeholder="дд.мм.рррр"' in html and 'placeholder="дд.мм.рррр гг:хх"' in html


def test_the_fields_take_the_ukrainian_format_and_iso_dates():
    for day, moment in (("02.12.2026", "02.12.2026 14:30"), ("2026-12-02", "2026-12-02T14:30")):
        form = DatesForm(data={"day": day, "moment": moment})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 12, 2)
        assert form.cleaned_data["moment"].hour == 14


def test_in_english_the_format_is_englishs_own():
    with translation.override("en"):
        html = str(DatesForm(initial={"day": datetime.date(2026, 12, 2)})["day"])

    assert 'value="2026-12-02"' in html and 'placeholder="yyyy-mm-dd"' in html


def test_the_inbox_due_range_is_two_ukrainian_date_inputs():
    html = LocalDateRangeWidget().render("due", None)

    assert html.count('placeholder="дд.мм.рррр"') == 2
    assert 'name="due_after"' in html and 'name="due_before"' in html
