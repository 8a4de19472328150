"""The demo city: a believable municipality, the same after any number of runs."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from participa.components.pages.models import Page
from participa.core.models import (
    Area,
    AuditEntry,
    GroupMembership,
    Organization,
    Role,
    Scope,
    User,
    UserGroup,
)
from participa.spaces.models import Component, Phase, Space, SpaceMembership

MODELS = [Organization, Scope, Area, User, EmailAddress, Role, UserGroup, GroupMembership, Space,
          Phase, SpaceMembership, Component, Page, AuditEntry]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_it_gives_the_same_counts_when_run_twice():
    seed()
    first = counts()
    seed()
    assert counts() == first
    assert first["Organization"] == 1
    assert first["Page"] >= 4


@pytest.mark.django_db
def test_it_builds_a_romanian_municipality_in_three_languages():
    seed()
    org = Organization.objects.get(host="localhost")
    assert org.name == "Primăria Municipiului Timișoara"
    assert org.secondary_hosts == ["127.0.0.1"]
    assert org.languages == ["ro", "pl", "en"] and org.default_language == "ro"
    assert org.legal_profile == "ro-law-52-2003"
    assert set(org.accessibility_statement) == set(org.privacy_policy) == {"ro", "pl", "en"}
    iosefin = Scope.objects.get(organization=org, code="iosefin")
    assert [scope.code for scope in iosefin.ancestors()] == ["timisoara", "zona-centru"]
    assert Scope.objects.filter(organization=org, kind="neighbourhood").count() >= 12
    assert {"urbanism", "environment", "social-assistance", "mobility", "digitalisation"} <= set(
        Area.objects.filter(organization=org).values_list("code", flat=True))


@pytest.mark.django_db
def test_the_ogp_process_always_has_an_active_phase_with_its_switches():
    seed()
    space = Space.objects.get(slug="plan-ogp-local")
    assert space.title["ro"] == "Plan de acțiune local OGP 2026-2028"
    assert space.phases.count() == 4
    active = space.active_phase()
    assert active is not None
    assert active.title["en"] == "Co-creation"
    component = Component.objects.get(space=space, type="pages")
    assert component.is_published
    assert component.phase_switch("comments_enabled") is True
    first = space.phases.get(position=0)
    assert component.phase_switch("comments_enabled", first) is False
    assert Page.objects.filter(component=component).count() == 4
    assert set(Page.objects.filter(component=component)[0].title) == {"ro", "pl", "en"}


@pytest.mark.django_db
def test_the_working_group_has_members_with_positions():
    seed()
    group = Space.objects.get(slug="grup-lucru-guvernare-deschisa")
    assert group.kind == "assembly"
    positions = set(group.memberships.values_list("position", flat=True))
    assert "Co-președinte (societate civilă)" in positions
    assert group.memberships.count() >= 5


@pytest.mark.django_db
def test_the_ngo_is_verified_and_has_members():
    seed()
    ngo = UserGroup.objects.get(slug="asociatia-timisoara-civica")
    assert ngo.is_verified
    assert ngo.memberships.filter(status="accepted").count() == 2


@pytest.mark.django_db
def test_it_prints_one_login_per_role_and_everyone_can_log_in():
    output = seed()
    assert "Demo logins (password: participa-demo-2026):" in output
    emails = [line.split()[-1] for line in output.splitlines() if "@demo.participa.example" in line]
    assert len(emails) >= 7
    for label in ("administrator", "official", "district representative", "moderator",
                  "space manager", "NGO member", "resident"):
        assert f"  {label}" in output
    for email in emails:
        assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()
    client = Client(HTTP_HOST="localhost")
    response = client.post(reverse("account_login"),
                           {"login": "manager@demo.participa.example",
                            "password": "participa-demo-2026"})
    assert response.status_code == 302
    manager = User.objects.get(email="manager@demo.participa.example")
    assert client.session["_auth_user_id"] == str(manager.pk)


@pytest.mark.django_db
def test_each_role_holds_its_rights():
    from participa.core import permissions as core_permissions
    from participa.spaces.permissions import can_manage_space

    seed()
    org = Organization.objects.get(host="localhost")
    ogp = Space.objects.get(slug="plan-ogp-local")

    def person(key):
        return User.objects.get(email=f"{key}@demo.participa.example")

    assert core_permissions.is_admin(person("administrator"), org)
    assert core_permissions.is_moderator(person("moderator"), org)
    assert can_manage_space(person("official"), ogp)
    assert can_manage_space(person("manager"), ogp)
    assert not can_manage_space(person("resident"), ogp)
    scope = Role.objects.get(user=person("district")).scope
    assert scope is not None and scope.code == "zona-sud"


@pytest.mark.django_db
def test_the_demo_pages_open(client):
    seed()
    for host in ("localhost", "127.0.0.1"):
        assert client.get("/", HTTP_HOST=host).status_code == 200
    home = client.get("/", HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="ro").text
    assert "Plan de acțiune local OGP" in home
    assert "Grupul de lucru local pentru guvernare deschisă" in home
    ogp = client.get("/spaces/plan-ogp-local/", HTTP_HOST="localhost").text
    assert 'aria-current="step"' in ogp
    component = Component.objects.get(space__slug="plan-ogp-local")
    assert client.get(component.get_absolute_url(), HTTP_HOST="localhost").status_code == 200


@pytest.mark.django_db
def test_it_builds_the_open_data_archive_once():
    from participa.opendata.models import OpenDataBuild

    seed()
    org = Organization.objects.get(host="localhost")
    build = OpenDataBuild.objects.get(organization=org)
    assert build.size > 0 and set(build.row_counts) >= {"spaces", "comments"}
    seed()
    assert OpenDataBuild.objects.get(organization=org).pk == build.pk
    response = Client(HTTP_HOST="localhost").get(reverse("opendata:latest_zip"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_prints_the_addresses_with_the_port(settings):
    settings.PUBLIC_PORT = ""
    assert "  Open http://localhost:8000/ (or http://127.0.0.1:8000/)" in seed()
    settings.PUBLIC_PORT = "8123"
    output = seed()
    assert "  Open http://localhost:8123/ (or http://127.0.0.1:8123/)" in output
    assert "  Open data: http://localhost:8123/open-data/" in output
    out = StringIO()
    call_command("seed_demo", "--port", "9000", stdout=out)
    assert "  Open http://localhost:9000/" in out.getvalue()


@pytest.mark.django_db
def test_its_e_mail_links_carry_the_port(settings):
    from participa.notifications.emails import absolute_url

    seed()
    org = Organization.objects.get(host="localhost")
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    settings.PUBLIC_PORT = "8123"
    assert absolute_url(org, "/consultations/") == "http://localhost:8123/consultations/"
    settings.PUBLIC_PORT = ""
    assert absolute_url(org, "/consultations/") == "http://localhost/consultations/"


@pytest.mark.django_db
def test_the_receipts_it_sends_link_to_the_port_it_is_given(settings, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    settings.PUBLIC_PORT = ""
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--port", "9000", stdout=StringIO())
    receipts = [message.body for message in mailoutbox if "/receipt/" in message.body]
    assert receipts
    assert all("http://localhost:9000/spaces/" in body for body in receipts)
    assert not any("http://localhost/spaces/" in body for body in receipts)


def test_make_demo_takes_the_port():
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[3]

    # Under `make test` the variables of the outer make would make this one print
    # "Entering/Leaving directory" lines: run it as a person would, from a shell.
    env = {name: value for name, value in os.environ.items()
           if name not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}}

    def dry_run(*args: str) -> list[str]:
        result = subprocess.run(["make", "-n", "-o", ".venv/.installed", "demo", *args],
                                cwd=root, env=env, capture_output=True, text=True, check=True)
        return result.stdout.splitlines()

    lines = dry_run("PORT=8089")
    assert lines[-2].endswith("manage.py seed_demo --port 8089")
    assert lines[-1].endswith("manage.py runserver 127.0.0.1:8089")
    assert all("PUBLIC_PORT=8089" in line for line in lines[-3:])
    assert dry_run()[-1].endswith("manage.py runserver 127.0.0.1:8000")


@pytest.mark.django_db
def test_its_home_page_says_what_works_today_and_lists_the_next_debate():
    seed()
    client = Client(HTTP_HOST="localhost")
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Today: consultations on draft decisions" in html
    assert "Coming soon: residents' proposals, participatory budgeting" in html
    upcoming = html.split('id="upcoming"', 1)[1].split("</section>", 1)[0]
    assert "Sala Mare a Primăriei, Bd. C.D. Loga nr. 1" in upcoming
    assert "Parking regulation of the city centre" in upcoming


def test_the_documentation_separates_today_from_what_is_coming():
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    readme = (root / "README.md").read_text()
    assert readme.index("## What it does today") < readme.index("## What is coming")
    assert "make demo PORT=8080" in readme
    recount = (root / "docs" / "recount.md").read_text()
    assert "**Today** Participa ships the counting library" in recount
    # The participatory-budgeting component is here: its results come with their files.
    assert "**Coming**: the participatory-budgeting" not in recount
    assert "publishes comes with the ballot file it was computed from" in recount
