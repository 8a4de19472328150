"""The public open-data page, the latest ZIP and the staff rebuild button."""

from __future__ import annotations

import zipfile
from io import BytesIO

from participa.opendata.models import OpenDataBuild
from participa.opendata.services import open_data_build


def test_it_explains_the_dataset_before_the_first_build(client_for, org):
    response = client_for(None).get("/open-data/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Open data</h1>" in text
    assert "has not been built yet" in text
    assert "Licence" in text
    assert 'href="/open-data/latest.zip"' not in text
    assert client_for(None).get("/open-data/latest.zip").status_code == 404


def test_it_shows_the_last_build_and_serves_the_zip(client_for, org, published_world):
    build = open_data_build(organization=org)
    response = client_for(None).get("/open-data/")
    text = response.content.decode()
    assert 'href="/open-data/latest.zip"' in text
    assert build.sha256 in text
    assert "comments.csv" in text
    download = client_for(None).get("/open-data/latest.zip")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    content = b"".join(download.streaming_content)
    assert "pages.csv" in zipfile.ZipFile(BytesIO(content)).namelist()


def test_it_serves_each_organization_its_own_file(client_for, org, other_org, published_world):
    open_data_build(organization=org)
    assert client_for(None, host="other.test").get("/open-data/latest.zip").status_code == 404
    open_data_build(organization=other_org)
    other = client_for(None, host="other.test").get("/open-data/latest.zip")
    names = zipfile.ZipFile(BytesIO(b"".join(other.streaming_content))).namelist()
    assert "spaces.csv" in names
    assert OpenDataBuild.objects.get(organization=other_org).row_counts["spaces"] == 0


def test_it_lets_administrators_rebuild_in_the_background(client_for, org, admin,
                                                          published_world):
    page = client_for(admin).get("/open-data/")
    assert 'action="/open-data/rebuild/"' in page.content.decode()
    response = client_for(admin).post("/open-data/rebuild/", follow=True)
    assert response.redirect_chain[-1][0] == "/open-data/"
    assert "being rebuilt" in response.content.decode()
    build = OpenDataBuild.objects.get(organization=org)  # the in-process backend ran it
    assert build.row_counts["pages"] == 2


def test_it_hides_the_rebuild_button_from_everybody_else(client_for, org, resident, official,
                                                         outsider):
    for user in (None, resident, official):
        client = client_for(user)
        assert "rebuild" not in client.get("/open-data/").content.decode()
        assert client.post("/open-data/rebuild/").status_code == 404
    assert client_for(outsider).post("/open-data/rebuild/").status_code == 404
    assert not OpenDataBuild.objects.exists()


def test_it_links_open_data_from_every_page_footer(client_for, org):
    text = client_for(None).get("/").content.decode()
    footer = text[text.index('<footer'):]
    assert 'href="/open-data/"' in footer


def test_a_second_rebuild_waits_for_the_first(client_for, org, admin, settings):
    from participa.opendata.models import OpenDataRun
    from participa.reports.models import BuildState

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(admin)
    client.post("/open-data/rebuild/")
    response = client.post("/open-data/rebuild/", follow=True)
    assert "already being rebuilt" in response.content.decode()
    assert list(OpenDataRun.objects.filter(organization=org).values_list("state", flat=True)) \
        == [BuildState.QUEUED]


def test_a_rebuild_goes_from_queued_to_done(client_for, org, admin, published_world):
    from participa.opendata.models import OpenDataRun
    from participa.reports.models import BuildState

    client_for(admin).post("/open-data/rebuild/")  # the in-process backend runs it at once
    run = OpenDataRun.objects.get(organization=org)
    assert (run.state, run.progress, run.total, run.requested_by) == (
        BuildState.DONE, 1, 1, admin)
    client_for(admin).post("/open-data/rebuild/")  # done: a new rebuild may be asked for
    assert OpenDataRun.objects.filter(organization=org).count() == 2
