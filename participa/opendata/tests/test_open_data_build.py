"""The organization-wide open-data ZIP: published content only, never personal data."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from participa.core.models import AuditEntry, GroupMembership, UserGroup
from participa.opendata.models import OpenDataBuild
from participa.opendata.services import open_data_build

from .conftest import add_comment, make_component, make_page, make_space, zip_texts


def _csv(texts: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(texts[name])))


def test_it_contains_only_published_content(org, published_world):
    build = open_data_build(organization=org)
    texts = zip_texts(build.file.read())
    assert {"README.md", "participa-open-data.json", "spaces.csv", "phases.csv",
            "components.csv", "pages.csv", "comments.csv", "groups.csv"} <= set(texts)
    assert [row["slug"] for row in _csv(texts, "spaces.csv")] == ["ogp-plan"]
    assert [row["slug"] for row in _csv(texts, "pages.csv")] == ["about", "calendar"]
    assert len(_csv(texts, "components.csv")) == 1
    assert len(_csv(texts, "phases.csv")) == 2
    comments = _csv(texts, "comments.csv")
    assert [row["body"] for row in comments] == ["Visible comment about trees"]
    everything = "\n".join(texts.values())
    for secret in ("secret-space", "Secret page title", "members-space", "Members page",
                   "draft-page", "Draft page title", "Deleted words", "Hidden insult",
                   "unpublished space", "members-only space"):
        assert secret not in everything, secret


def test_it_never_contains_emails_legal_names_or_logins(org, published_world, canary, ngo,
                                                        resident):
    GroupMembership.objects.create(group=ngo, user=canary, status="accepted")
    ngo.registration_number = "RO-REG-998877"
    ngo.save()
    build = open_data_build(organization=org)
    texts = zip_texts(build.file.read())
    everything = "\n".join(texts.values())
    assert "Public Canary" in everything  # the public name is what people chose to show
    for personal in ("canary.secret@leak.example", "leak.example", "Legalname Canarescu",
                     canary.username, resident.email, resident.username, "@example.org",
                     "RO-REG-998877"):
        assert personal not in everything, personal
    comment_row = _csv(texts, "comments.csv")[0]
    assert not {"author_id", "user_id", "email", "ip"} & set(comment_row)


def test_it_describes_every_column_of_every_csv_in_the_readme(org, published_world, ngo):
    texts = zip_texts(open_data_build(organization=org).file.read())
    readme = texts["README.md"]
    sections = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", readme, re.M | re.S))
    csv_names = [name for name in texts if name.endswith(".csv")]
    assert sorted(sections) == sorted(csv_names)
    for name in csv_names:
        header = next(csv.reader(io.StringIO(texts[name])))
        described = re.findall(r"^\| `([^`]+)` \| (.+) \|$", sections[name], re.M)
        assert [column for column, _text in described] == header, name
        assert all(text.strip() for _column, text in described)


def test_it_writes_csv_with_a_byte_order_mark_and_the_same_data_as_json(org, published_world):
    build = open_data_build(organization=org)
    import zipfile

    with zipfile.ZipFile(build.file) as archive:
        raw = archive.read("pages.csv")
        data = json.loads(archive.read("participa-open-data.json"))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert [row["slug"] for row in data["tables"]["pages"]] == ["about", "calendar"]
    assert data["tables"]["comments"][0]["author"] == "Public Canary"
    assert re.match(r"\d{4}-\d\d-\d\dT", data["tables"]["spaces"][0]["published_at"])


def test_it_stores_size_checksum_and_row_counts(org, published_world):
    build = open_data_build(organization=org)
    content = build.file.read()
    assert build.size == len(content)
    assert build.sha256 == hashlib.sha256(content).hexdigest()
    assert build.row_counts["comments"] == 1
    assert build.row_counts["pages"] == 2
    assert AuditEntry.objects.filter(organization=org, action="opendata.build").exists()


def test_it_replaces_the_previous_build(org, published_world,
                                        django_capture_on_commit_callbacks):
    first = open_data_build(organization=org)
    first_name = first.file.name
    assert first_name
    with django_capture_on_commit_callbacks(execute=True):
        make_page(published_world["visible"].space.components.first(), "new-page", "New page")
        second = open_data_build(organization=org)
    assert OpenDataBuild.objects.filter(organization=org).count() == 1
    assert second.file.name != first_name
    assert not default_storage.exists(first_name)
    assert "new-page" in zip_texts(second.file.read())["pages.csv"]


def test_it_keeps_organizations_apart(org, other_org, published_world, outsider):
    other_space = make_space(other_org, slug="other-city-plan")
    other_page = make_page(make_component(other_space), "other-page", "Other city page")
    add_comment(other_page, outsider, "Comment of the other city")
    UserGroup.objects.create(organization=other_org, name="Other NGO", slug="other-ngo",
                             kind="ngo")
    ours = "\n".join(zip_texts(open_data_build(organization=org).file.read()).values())
    theirs = "\n".join(zip_texts(open_data_build(organization=other_org).file.read()).values())
    for text in ("other-city-plan", "other-page", "Comment of the other city", "other-ngo"):
        assert text not in ours
        assert text in theirs
    assert "Visible comment about trees" not in theirs


@pytest.mark.django_db
def test_it_builds_every_organization_from_the_management_command(org, other_org):
    out = io.StringIO()
    call_command("build_open_data", stdout=out)
    assert OpenDataBuild.objects.count() == 2
    assert "testserver" in out.getvalue()
    call_command("build_open_data", "--host", "other.test", stdout=io.StringIO())
    assert OpenDataBuild.objects.count() == 2


def test_it_drops_personal_columns_a_component_export_returns_by_mistake(org, published_world,
                                                                         monkeypatch):
    from participa.opendata import dataset
    from participa.spaces.registry import ComponentSpec, ExportSpec, get_spec

    def careless_rows(component):
        return [{"id": 1, "title": "Fine", "email": "careless@leak.example",
                 "author_id": 42, "contact_email": "x@leak.example"}]

    pages = get_spec("pages")
    assert pages is not None
    careless = ComponentSpec(name="pages", label="Pages", app_label="pages", exports=(
        ExportSpec("careless", "Careless", careless_rows, open_data=True),))
    monkeypatch.setattr(dataset, "all_specs", lambda: [careless])
    texts = zip_texts(open_data_build(organization=org).file.read())
    assert "pages_careless.csv" in texts
    assert texts["pages_careless.csv"].splitlines()[0] == "id,title"
    assert "leak.example" not in "\n".join(texts.values())


def test_it_writes_the_readme_headings_in_the_organization_language(org, published_world):
    org.default_language = "ro"
    org.save()
    readme = zip_texts(open_data_build(organization=org).file.read())["README.md"]
    assert readme.startswith(f"# Date deschise: {org.name}")
    assert "| Coloană | Descriere |" in readme
