"""Consultations, end to end in the browser, axe-core on every page visited.

1. A resident reads a draft decision, comments on one article and gets a receipt with a
   registration number (shown and e-mailed).
2. An official registers a recommendation received by e-mail, the moderator's check of the
   redacted text is done, the official drafts an answer, a second official approves it, the
   answers are published, the consultation is closed as final and the synthesis report is
   built and published for everyone to read.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Article,
    Consultation,
    ConsultationState,
    Contribution,
    DraftVersion,
    VersionKind,
)
from participa.spaces.models import Component, Phase, Space, SpaceKind, SpaceMembership

from .conftest import PASSWORD, make_person

pytestmark = [pytest.mark.browser]


def form_with(page: Any, field_name: str) -> Any:
    return page.locator(f"main form:has([name='{field_name}'])")


def log_in(journey: Any, email: str) -> None:
    journey.goto("account_login")
    login = form_with(journey.page, "password")
    login.locator("[name='login']").fill(email)
    login.locator("[name='password']").fill(PASSWORD)
    journey.follow(login.locator("[type='submit']"))


def log_out(journey: Any) -> None:
    journey.follow(journey.page.locator(
        f"header form[action='{reverse('account_logout')}'] [type='submit']"))


def build(site: Any, *, opens: int, closes: int) -> tuple[Space, Component, Consultation]:
    today = timezone.localdate()
    space = Space.objects.create(
        organization=site, kind=SpaceKind.PROCESS, slug="proiecte-de-hotarari",
        title={"en": "Draft decisions", "ro": "Proiecte de hotărâri"},
        published_at=timezone.now(),
    )
    Phase.objects.create(space=space, title={"en": "Consultation"}, position=0,
                         start_date=today - datetime.timedelta(days=60),
                         end_date=today + datetime.timedelta(days=60))
    component = Component.objects.create(space=space, type="consultations",
                                         name={"en": "Public consultations"},
                                         published_at=timezone.now())
    consultation = Consultation.objects.create(
        component=component, slug="parking-rules", legal_profile="ro-law-52-2003",
        title={"en": "Parking rules of the city centre", "ro": "Regulamentul de parcare"},
        summary={"en": "New fees and residents' permits."},
        announced_on=today + datetime.timedelta(days=opens - 5),
        opens_on=today + datetime.timedelta(days=opens),
        closes_on=today + datetime.timedelta(days=closes), state=ConsultationState.PUBLISHED,
        published_at=timezone.now(), contact_name="Ana Georgescu",
        channels={"online": True, "email": "consultare@primaria.example", "post": "",
                  "in_person": ""},
    )
    version = DraftVersion.objects.create(consultation=consultation, number=1,
                                          kind=VersionKind.DRAFT)
    for position, (key, number, heading, body) in enumerate([
        ("art-1", "Art. 1.", "Scope", "These rules apply to the city centre."),
        ("art-2", "Art. 2.", "Fees", "Parking costs 5 lei per hour from 8:00 to 20:00."),
    ]):
        Article.objects.create(version=version, key=key, number=number, heading=heading,
                               body=body, position=position)
    return space, component, consultation


def test_it_takes_a_residents_recommendation_on_an_article_and_gives_a_receipt(
        journey: Any, site: Any) -> None:
    page = journey.page
    _space, _component, consultation = build(site, opens=-3, closes=12)
    resident = make_person(site, "Elena Dumitru", "elena@example.org")
    log_in(journey, resident.email)

    journey.goto("consultations_list")
    journey.follow(page.get_by_role("link", name="Parking rules of the city centre"))
    assert "The draft" in page.inner_text("main")
    journey.follow(page.locator("main a[href$='contribute/?article=art-2']"))
    form = form_with(page, "body")
    assert form.locator("[name='article']").input_value() == "art-2"
    form.locator("[name='type'][value='proposal']").check()
    form.locator("[name='body']").fill(
        "Please make the first hour cost 3 lei, so that small shops do not suffer.")
    # Without a publication choice the form refuses (400) and keeps the text.
    with page.expect_navigation() as refused:
        form.locator("[type='submit']").click()
    assert refused.value is not None and refused.value.status == 400
    journey.check()
    assert "Choose" in page.inner_text("main .errorlist, main [role='alert']")
    assert "Please make the first hour" in form_with(page, "body").locator(
        "[name='body']").input_value()
    form = form_with(page, "body")
    form.locator("[name='publication'][value='anonymous']").check()
    journey.follow(form.locator("[type='submit']"))

    contribution = Contribution.objects.get(consultation=consultation)
    assert contribution.article is not None and contribution.article.key == "art-2"
    assert contribution.registration_label in page.inner_text("main")
    assert any(contribution.registration_label in message.body for message in mail.outbox)


def test_it_takes_an_emailed_recommendation_to_a_published_answer_and_report(
        journey: Any, site: Any) -> None:
    page = journey.page
    space, component, consultation = build(site, opens=-20, closes=-1)
    drafter = make_person(site, "Cristina Dobre", "cristina@example.org")
    reviewer = make_person(site, "Radu Ionescu", "radu@example.org")
    for person in (drafter, reviewer):
        SpaceMembership.objects.create(space=space, user=person,
                                       role=SpaceMembership.Role.MANAGER)
    args = [space.slug, component.pk, consultation.pk]

    # The first official registers the e-mail as it arrived.
    log_in(journey, drafter.email)
    journey.goto("manage:consultations:manage_detail", *args)
    journey.goto("manage:consultations:manage_contribution_new", *args)
    form = form_with(page, "author_name")
    form.locator("[name='channel']").select_option("email")
    received = timezone.localtime() - datetime.timedelta(days=3)
    form.locator("[name='received_at']").fill(received.strftime("%Y-%m-%dT%H:%M"))
    form.locator("[name='author_name']").fill("Gheorghe Stanciu")
    form.locator("[name='author_email']").fill("g.stanciu@example.ro")
    form.locator("[name='type']").select_option("objection")
    form.locator("[name='body']").fill(
        "Mă numesc Gheorghe Stanciu. Tariful de 5 lei este prea mare. Telefon 0722 123 456.")
    form.locator("[name='publication'][value='named']").check()
    journey.follow(form.get_by_role("button", name="Register", exact=True))
    contribution = Contribution.objects.get(consultation=consultation)
    assert not contribution.is_late
    assert "0722 123 456" not in contribution.body_redacted

    # The redacted text is checked and approved.
    journey.goto("manage:consultations:manage_moderation_detail", *args, contribution.number)
    assert "Gheorghe Stanciu" in page.inner_text("main")  # the original, for staff
    journey.follow(page.locator("main form:has([name='action'][value='approve']) "
                                "[type='submit']").first)
    contribution.refresh_from_db()
    assert contribution.redaction_approved_at is not None

    # The first official drafts the answer.
    journey.goto("manage:consultations:manage_answers", *args)
    prefix = f"c{contribution.number}"
    answer_form = form_with(page, f"{prefix}-justification")
    answer_form.locator(f"[name='{prefix}-outcome'][value='rejected']").check()
    answer_form.locator(f"[name='{prefix}-justification']").fill(
        "The fee covers the maintenance of the car parks; it stays as proposed.")
    journey.follow(answer_form.locator("[type='submit']"))
    answer = Answer.objects.get(contribution=contribution)
    assert answer.state == AnswerState.DRAFT
    # The drafter is not offered the approval.
    assert page.locator("main button[name='action'][value='approve']").count() == 0
    log_out(journey)

    # A second official approves it and publishes every approved answer at once.
    log_in(journey, reviewer.email)
    journey.goto("manage:consultations:manage_answers", *args)
    journey.follow(page.locator("main button[name='action'][value='approve']").first)
    answer.refresh_from_db()
    assert answer.state == AnswerState.APPROVED and answer.reviewed_by == reviewer
    journey.goto("manage:consultations:manage_answers_publish", *args)
    journey.follow(page.locator("main form [type='submit']").first)
    answer.refresh_from_db()
    assert answer.state == AnswerState.PUBLISHED

    # Closed as final, then the final report is built and published.
    journey.goto("manage:consultations:manage_close", *args)
    journey.follow(page.locator("main form [type='submit']").first)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.FINAL
    journey.goto("manage:consultations:manage_reports", *args)
    journey.follow(page.locator("main button[name='kind'][value='final']"))
    report = consultation.reports.get()
    report.refresh_from_db()
    assert report.state == "done", report.error
    journey.goto("manage:consultations:manage_report_publish", *args, report.pk)
    journey.follow(page.locator("main form [type='submit']").first)
    consultation.refresh_from_db()
    assert consultation.report_published_at is not None
    log_out(journey)

    # Anyone reads the report: the answer and its reasons, never the phone number.
    journey.goto(consultation.get_absolute_url())
    journey.goto("spaces:consultations:report", space.slug, component.pk, consultation.slug)
    text = page.inner_text("main")
    assert "The fee covers the maintenance of the car parks" in text
    assert "0722 123 456" not in page.content()
