"""Dates read the same way to everybody: day, month, year, in each language's own style."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

DAY = datetime.date(2026, 9, 18)
MOMENT = datetime.datetime(2026, 12, 7, 18, 5, tzinfo=zoneinfo.ZoneInfo("Europe/Bucharest"))


@pytest.mark.parametrize(("language", "date", "datetime_", "march", "year_month"), [
    ("en", "18 Sept 2026", "7 Dec 2026, 18:05", "1 March 2026", "September 2026"),
    ("ro", "18 septembrie 2026", "7 decembrie 2026, 18:05", "1 martie 2026",
     "septembrie 2026"),
    ("pl", "18.09.2026", "07.12.2026, 18:05", "01.03.2026", "wrzesień 2026"),
])
def test_it_formats_dates_per_language(language, date, datetime_, march, year_month):
    with translation.override(language):
        assert formats.date_format(DAY, "DATE_FORMAT") == date
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") in (date, "18.09.2026")
        assert formats.date_format(MOMENT.replace(tzinfo=None), "DATETIME_FORMAT") == datetime_
        assert formats.date_format(datetime.date(2026, 3, 1), "DATE_FORMAT") == march
        assert formats.date_format(DAY, "YEAR_MONTH_FORMAT") == year_month


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "18 Sept 2026 · 7 Dec 2026, 18:05"),
    ("ro", "18 septembrie 2026 · 7 decembrie 2026, 18:05"),
    ("pl", "18.09.2026 · 07.12.2026, 18:05"),
])
def test_it_renders_dates_in_templates_per_language(settings, language, expected):
    settings.TIME_ZONE = "Europe/Bucharest"
    template = Template('{{ day|date:"DATE_FORMAT" }} · {{ moment|date:"DATETIME_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"day": DAY, "moment": MOMENT})) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "from 18 Sept 2026 to 3 Oct 2026"),
    ("ro", "de la 18 septembrie 2026 până la 3 octombrie 2026"),
    ("pl", "od 18.09.2026 do 03.10.2026"),
])
def test_it_shows_the_consultation_period_per_language(client_for, org, language, expected):
    from participa.components.consultations.tests.conftest import (
        make_component,
        make_consultation,
        make_space,
    )

    org.languages = ["ro", "pl", "en"]
    org.save()
    consultation = make_consultation(make_component(make_space(org)))
    consultation.opens_on, consultation.closes_on = DAY, datetime.date(2026, 10, 3)
    consultation.save()
    client = client_for(None)
    client.cookies["django_language"] = language
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert expected in html
