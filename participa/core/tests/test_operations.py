import pytest
from django.core.management import CommandError, call_command

from participa.core.models import Organization


@pytest.mark.django_db
def test_it_answers_the_health_check_on_any_host(client):
    response = client.get("/health/", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_keeps_django_admin_for_superusers_only(client_for, admin):
    admin.is_staff = True  # even a staff flag set by mistake does not open it
    admin.save()
    response = client_for(admin).get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]


@pytest.mark.django_db
def test_it_lets_superusers_into_django_admin(client):
    from participa.core.models import User

    User.objects.create_superuser(username="root", email="root@example.org", password="x" * 12)
    client.force_login(User.objects.get(username="root"))
    assert client.get("/django-admin/", HTTP_HOST="anything.test").status_code == 200


@pytest.mark.django_db
def test_it_creates_an_organization_from_the_command_line(capsys):
    call_command("create_organization", host="participa.olsztyn.test", name="Urząd Miasta Olsztyn",
                 languages="pl,en", legal_profile="pl-art-5a", time_zone="Europe/Warsaw")
    org = Organization.objects.get(host="participa.olsztyn.test")
    assert org.default_language == "pl"
    assert org.languages == ["pl", "en"]
    assert "Created" in capsys.readouterr().out
    call_command("create_organization", host="participa.olsztyn.test", name="Olsztyn",
                 languages="pl")
    assert Organization.objects.get(host="participa.olsztyn.test").name == "Olsztyn"


@pytest.mark.django_db
def test_it_explains_a_bad_organization_on_the_command_line():
    with pytest.raises(CommandError, match="languages"):
        call_command("create_organization", host="x.test", name="X", languages="xx")
    assert not Organization.objects.exists()
