"""The contribution form: on the whole draft or one article, refused with a clear message."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participa.components.consultations.models import Contribution, Publication
from participa.components.consultations.tests.conftest import make_consultation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(consultation):
    component = consultation.component
    return reverse("spaces:consultations:contribute",
                   args=[component.space.slug, component.pk, consultation.slug])


def data(**extra):
    values = {"article": "", "quote": "", "type": "proposal",
              "body": "Please lower the fee to 3 lei.", "publication": "named"}
    values.update(extra)
    return values


def test_it_shows_the_form_with_the_article_preselected(client_for, consultation, articles,
                                                        resident):
    response = client_for(resident).get(url(consultation), {"article": "art-2"})
    assert response.status_code == 200
    content = response.content.decode()
    assert '<option value="art-2" selected>' in content
    assert articles[1].body in content  # the article's text is quoted
    assert 'name="publication"' in content
    publication_inputs = re.findall(r'<input[^>]*name="publication"[^>]*>', content)
    assert len(publication_inputs) == 3
    assert not any("checked" in tag for tag in publication_inputs)  # the person must choose
    assert 'name="homepage"' in content  # honeypot
    assert 'name="group"' not in content  # no groups: no "on behalf of"


def test_it_registers_the_contribution_and_shows_the_receipt(client_for, consultation,
                                                             articles, resident):
    response = client_for(resident).post(url(consultation), data(
        article="art-3", quote="100 lei per year", type="objection",
        publication="anonymous"))
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/receipt/{contribution.number}/")
    assert contribution.article == articles[2]
    assert contribution.quote == "100 lei per year"
    assert contribution.type == "objection"
    assert contribution.publication == Publication.ANONYMOUS
    assert contribution.author == resident


def test_it_requires_a_publication_choice_and_keeps_the_text(client_for, consultation,
                                                             resident):
    response = client_for(resident).post(url(consultation), data(publication="",
                                                                 body="My careful text"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose whether your contribution may be published" in content
    assert "My careful text" in content
    assert not Contribution.objects.exists()


def test_it_offers_only_the_persons_groups(client_for, consultation, ngo, ngo_member, org):
    from participa.core.models import GroupKind, UserGroup

    UserGroup.objects.create(organization=org, name="Other NGO", slug="other", kind=GroupKind.NGO)
    content = client_for(ngo_member).get(url(consultation)).content.decode()
    assert "Asociația Test" in content
    assert "Other NGO" not in content
    response = client_for(ngo_member).post(url(consultation), data(group=ngo.pk))
    assert response.status_code == 302
    assert Contribution.objects.get().group == ngo


def test_it_accepts_a_file(client_for, consultation, resident, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    response = client_for(resident).post(url(consultation), data(file=upload))
    assert response.status_code == 302


def test_it_refuses_after_the_deadline_with_the_date_and_channels(client_for, component,
                                                                  resident):
    closed = make_consultation(component, slug="closed", opens=-20, closes=-1)
    client = client_for(resident)
    for response in (client.get(url(closed)), client.post(url(closed), data())):
        content = response.content.decode()
        assert "The deadline for recommendations was" in content
        assert "consultare@primaria.example" in content
        assert "Bd. C.D. Loga 1, Timișoara" in content
        assert 'name="body"' not in content
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_it_tells_when_it_opens(client_for, component, resident):
    upcoming = make_consultation(component, slug="soon", announced=-1, opens=4, closes=30)
    content = client_for(resident).get(url(upcoming)).content.decode()
    assert "Recommendations are accepted from" in content


def test_it_asks_visitors_to_log_in(client_for, consultation):
    response = client_for(None).get(url(consultation))
    content = response.content.decode()
    assert "Log in to send a contribution." in content
    login = "/accounts/login/?" + urlencode({"next": url(consultation)})
    assert f'<a class="button" href="{login}">Log in</a>' in content
    assert client_for(None).post(url(consultation), data()).status_code == 403


def test_it_is_404_for_drafts(client_for, component, resident):
    draft = make_consultation(component, slug="draft", state="draft")
    assert client_for(resident).get(url(draft)).status_code == 404


def test_it_rejects_robots_filling_the_honeypot(client_for, consultation, resident):
    response = client_for(resident).post(url(consultation), data(homepage="http://spam"))
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_it_limits_the_rate(client_for, consultation, resident, settings):
    settings.PARTICIPA_RATE_LIMITS = {"consultation_contribution": [("user", 2, 60)]}
    client = client_for(resident)
    assert client.post(url(consultation), data()).status_code == 302
    assert client.post(url(consultation), data()).status_code == 302
    response = client.post(url(consultation), data(body="Third text kept"))
    assert response.status_code == 429
    assert "Third text kept" in response.content.decode()
    assert Contribution.objects.count() == 2


def test_the_article_quote_script_is_a_static_file(client_for, consultation, articles,
                                                   resident):
    """The Content-Security-Policy forbids inline scripts: the quote follows the chosen article
    through a static script, told which select to watch by a data attribute."""
    response = client_for(resident).get(url(consultation))
    content = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert re.search(r'<script src="/static/js/contribution-quote\.js" defer></script>', content)
    inline = r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>\s*\S'
    assert not re.search(inline, content)
    assert 'id="article-quote" data-select="id_article"' in content
    assert '<script id="article-texts" type="application/json">' in content
