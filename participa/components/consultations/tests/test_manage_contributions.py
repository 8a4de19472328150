"""The register of recommendations (staff): list, filters, CSV, registering an offline
contribution, one contribution's record."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participa.attachments.models import Attachment
from participa.components.consultations.models import (
    Answer,
    AnswerState,
    Channel,
    Contribution,
    Outcome,
    Publication,
)
from participa.components.consultations.tests.conftest import make_consultation, make_contribution
from participa.testing import assert_constant_queries


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def url(consultation: Any, name: str = "manage_contributions", *args: Any) -> str:
    component = consultation.component
    return reverse(f"manage:consultations:{name}",
                   args=[component.space.slug, component.pk, consultation.pk, *args])


def form_data(**extra: Any) -> dict[str, Any]:
    data = {
        "channel": "email",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "author_name": "Ion Popescu",
        "author_email": "ion.popescu@example.ro",
        "article": "",
        "type": "proposal",
        "body": "Propun reducerea taxei la 3 lei. Cu stimă, Ion Popescu",
        "publication": "anonymous",
    }
    data.update(extra)
    return data


# --- access -----------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["resident", "ngo_member", "moderator", "outsider"])
def test_it_hides_the_register_from_people_who_do_not_run_the_space(
        client_for: Any, consultation: Any, persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user, "other.test" if persona == "outsider" else "testserver")
    for name, args in [("manage_contributions", ()), ("manage_contribution_new", ()),
                       ("manage_mailbox_import", ())]:
        assert client.get(url(consultation, name, *args)).status_code == 404
    make_contribution(consultation, channel=Channel.EMAIL)
    assert client.get(url(consultation, "manage_contribution_detail", 1)).status_code == 404


def test_it_hides_another_components_consultation(client_for: Any, manager: Any,
                                                  consultation: Any, component: Any) -> None:
    from participa.components.consultations.tests.conftest import make_component, make_space

    other_space = make_space(component.space.organization, slug="elsewhere")
    other = make_consultation(make_component(other_space), slug="other")
    component_url = reverse("manage:consultations:manage_contributions",
                            args=[component.space.slug, component.pk, other.pk])
    assert client_for(manager).get(component_url).status_code == 404


# --- the register -----------------------------------------------------------------------------

def test_it_lists_every_contribution_with_its_register_data(client_for: Any, manager: Any,
                                                            consultation: Any,
                                                            articles: Any) -> None:
    make_contribution(consultation, author_name="Maria Ionescu", channel=Channel.POST,
                      is_late=True, article=articles[1], approved=False)
    make_contribution(consultation, author_name="Jan Kowalski", channel=Channel.EMAIL)
    response = client_for(manager).get(url(consultation))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Maria Ionescu" in text and "Jan Kowalski" in text
    assert "Late" in text and "Art. 2 Fees" in text and "To check" in text
    assert "No answer yet" in text
    year = timezone.localdate().year
    assert f"{consultation.pk}/{year}-0001" in text


def test_it_filters_the_register(client_for: Any, manager: Any, consultation: Any,
                                 articles: Any, second_official: Any) -> None:
    make_contribution(consultation, author_name="Late Letter", channel=Channel.POST,
                      is_late=True)
    answered = make_contribution(consultation, author_name="Answered Mail",
                                 channel=Channel.EMAIL, article=articles[0])
    Answer.objects.create(consultation=consultation, contribution=answered,
                          outcome=Outcome.ACCEPTED, drafted_by=manager,
                          state=AnswerState.PUBLISHED, reviewed_by=second_official,
                          published_at=timezone.now())
    client = client_for(manager)

    def names(**query: str) -> set[str]:
        text = client.get(url(consultation), query).content.decode()
        return {name for name in ("Late Letter", "Answered Mail") if name in text}

    assert names(channel="post") == {"Late Letter"}
    assert names(late="yes") == {"Late Letter"}
    assert names(late="no") == {"Answered Mail"}
    assert names(answer="missing") == {"Late Letter"}
    assert names(answer="published") == {"Answered Mail"}
    assert names(article=str(articles[0].pk)) == {"Answered Mail"}
    assert names(article="none") == {"Late Letter"}
    assert "No contribution matches these filters" in client.get(
        url(consultation), {"type": "question"}).content.decode()


def test_it_says_what_to_do_when_the_register_is_empty(client_for: Any, manager: Any,
                                                       consultation: Any) -> None:
    text = client_for(manager).get(url(consultation)).content.decode()
    assert "No contribution has been registered yet" in text
    assert url(consultation, "manage_contribution_new") in text


@pytest.mark.parametrize("query", ["", "?channel=post&late=yes", "?answer=published"])
def test_it_runs_a_fixed_number_of_queries(client_for: Any, manager: Any, second_official: Any,
                                           resident: Any, consultation: Any, articles: Any,
                                           query: str) -> None:
    """Rows of every kind: online with an author, by post and late, by e-mail, on each
    article and on the whole draft, answered (published) or not."""

    def add(count: int) -> None:
        for index in range(count):
            contribution = make_contribution(
                consultation, article=articles[index % 2] if index % 3 else None,
                author=resident if index % 3 == 0 else None,
                channel=[Channel.ONLINE, Channel.POST, Channel.EMAIL][index % 3],
                is_late=index % 3 == 1)
            if index % 2:
                Answer.objects.create(consultation=consultation, contribution=contribution,
                                      outcome=Outcome.ACCEPTED, drafted_by=manager,
                                      state=AnswerState.PUBLISHED,
                                      reviewed_by=second_official, published_at=timezone.now())

    add(6)
    few, many = assert_constant_queries(client_for(manager), url(consultation) + query,
                                        lambda: add(24))
    rows = many.content.decode().count('<th scope="row">')
    assert rows > few.content.decode().count('<th scope="row">') > 0


def test_it_downloads_the_register_as_csv(client_for: Any, manager: Any,
                                          consultation: Any) -> None:
    make_contribution(consultation, author_name="=HYPERLINK(\"x\")", channel=Channel.EMAIL,
                      body="Secret original text", author_email="private@example.ro")
    response = client_for(manager).get(url(consultation), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Registration number" in text.splitlines()[0]
    assert "'=HYPERLINK" in text
    assert "Secret original text" not in text and "private@example.ro" not in text


# --- registering an offline contribution ------------------------------------------------------

def test_it_registers_an_emailed_contribution_with_its_scan(client_for: Any, manager: Any,
                                                           consultation: Any,
                                                           articles: Any) -> None:
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client_for(manager).post(
        url(consultation, "manage_contribution_new"),
        form_data(article=str(articles[2].pk), original_file=scan), follow=True)
    contribution = Contribution.objects.get(consultation=consultation)
    assert contribution.channel == Channel.EMAIL
    assert contribution.author_name == "Ion Popescu"
    assert contribution.author_email == "ion.popescu@example.ro"
    assert contribution.article == articles[2]
    assert contribution.publication == Publication.ANONYMOUS
    assert not contribution.is_late
    assert contribution.registered_by == manager
    assert "Ion Popescu" not in contribution.body_redacted
    text = response.content.decode()
    assert "is registered" in text
    attachment = Attachment.objects.get(object_id=contribution.pk,
                                        content_type__model="contribution")
    assert attachment.kind == "pdf"
    # The file is private: the public cannot download it.
    assert client_for(None).get(
        reverse("attachments:download", args=[attachment.pk])).status_code == 404
    assert client_for(manager).get(
        reverse("attachments:download", args=[attachment.pk])).status_code == 200


def test_it_accepts_a_late_letter_and_flags_it(client_for: Any, manager: Any,
                                               component: Any) -> None:
    closed = make_consultation(component, slug="closed", announced=-60, opens=-40, closes=-10)
    received = timezone.localtime() - datetime.timedelta(days=2)
    response = client_for(manager).post(
        url(closed, "manage_contribution_new"),
        form_data(channel="post", received_at=received.strftime("%Y-%m-%dT%H:%M")),
        follow=True)
    contribution = Contribution.objects.get(consultation=closed)
    assert contribution.is_late
    text = response.content.decode()
    assert "after the deadline" in text
    register = client_for(manager).get(url(closed)).content.decode()
    assert "Late" in register


def test_it_refuses_a_date_in_the_future_and_keeps_what_was_typed(client_for: Any,
                                                                  manager: Any,
                                                                  consultation: Any) -> None:
    future = timezone.localtime() + datetime.timedelta(days=3)
    response = client_for(manager).post(
        url(consultation, "manage_contribution_new"),
        form_data(received_at=future.strftime("%Y-%m-%dT%H:%M"), body="Keep this text"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "cannot be in the future" in text
    assert "Keep this text" in text and "Ion Popescu" in text
    assert not Contribution.objects.exists()


def test_it_requires_a_publication_choice(client_for: Any, manager: Any,
                                          consultation: Any) -> None:
    data = form_data()
    del data["publication"]
    response = client_for(manager).post(url(consultation, "manage_contribution_new"), data)
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_it_refuses_an_article_of_another_consultation(client_for: Any, manager: Any,
                                                       consultation: Any,
                                                       component: Any) -> None:
    other = make_consultation(component, slug="other")
    foreign = other.versions.get().articles.get(key="art-1")
    response = client_for(manager).post(url(consultation, "manage_contribution_new"),
                                        form_data(article=str(foreign.pk)))
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_it_defaults_the_date_received_to_now(client_for: Any, manager: Any,
                                              consultation: Any) -> None:
    text = client_for(manager).get(url(consultation, "manage_contribution_new")).content.decode()
    assert timezone.localtime().strftime("%Y-%m-%dT") in text
    assert 'type="datetime-local"' in text


# --- one contribution -------------------------------------------------------------------------

def test_it_shows_the_original_and_the_redacted_text_to_staff(client_for: Any, manager: Any,
                                                              consultation: Any) -> None:
    contribution = make_contribution(consultation, body="Original with ion@example.ro",
                                     channel=Channel.EMAIL, author_name="Ion Popescu",
                                     author_email="ion@example.ro")
    Contribution.objects.filter(pk=contribution.pk).update(
        body_redacted="Original with [redacted]")
    text = client_for(manager).get(
        url(consultation, "manage_contribution_detail", 1)).content.decode()
    assert "Original with ion@example.ro" in text
    assert "Original with [redacted]" in text
    assert "Ion Popescu" in text
    assert "No answer yet" in text
    assert client_for(manager).get(
        url(consultation, "manage_contribution_detail", 99)).status_code == 404
