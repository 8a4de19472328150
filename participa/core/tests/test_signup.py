import re

from allauth.account.models import EmailAddress

from participa.core.models import AuditEntry, User
from participa.core.tests.conftest import normalized

PASSWORD = "a-long-and-unusual-passphrase"


def signup_data(**extra):
    data = {"display_name": "Ana from Fabric", "email": "ana@example.org",
            "password1": PASSWORD, "password2": PASSWORD, "accept_terms": "on",
            "terms_version": "1"}
    data.update(extra)
    return data


def test_it_shows_the_signup_form_in_the_site_layout(client, org, accessible_page):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "Municipiul Test" in response.text
    assert 'name="display_name"' in response.text
    accessible_page(response.text)


def test_it_creates_an_account_with_a_public_name_and_asks_to_confirm_the_email(
    client, org, mailoutbox
):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="ana@example.org")
    assert user.display_name == "Ana from Fabric"
    assert user.organization == org
    assert "ana" not in user.username  # usernames never come from the e-mail address
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert "Ana from Fabric" in mailoutbox[0].body
    assert user.username not in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="user.signup", actor=user).exists()


def test_it_requires_a_public_name_and_keeps_what_was_typed(client, org, accessible_page):
    response = client.post("/accounts/signup/", signup_data(display_name="  "))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_display_name"' in response.text
    assert 'value="ana@example.org"' in response.text
    assert not User.objects.filter(email="ana@example.org").exists()
    accessible_page(response.text)


def test_it_does_not_reveal_that_an_email_is_already_registered(client_for, org, resident,
                                                                 mailoutbox):
    first, second = client_for(None), client_for(None)
    new = first.post("/accounts/signup/", signup_data(email="someone-new@example.org"))
    taken = second.post("/accounts/signup/", signup_data(email=resident.email))
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    new_page = first.get(new["Location"]).text.replace("someone-new@example.org", "EMAIL")
    taken_page = second.get(taken["Location"]).text.replace(resident.email, "EMAIL")
    assert normalized(new_page) == normalized(taken_page)
    assert User.objects.filter(email=resident.email).count() == 1
    # The owner of the address is told by e-mail instead.
    assert [mail.to for mail in mailoutbox] == [["someone-new@example.org"], [resident.email]]


def test_it_confirms_the_email_address_with_a_form(client, org, mailoutbox):
    client.post("/accounts/signup/", signup_data())
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body)
    assert link
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert "ana@example.org" in page.text
    assert not EmailAddress.objects.get(email="ana@example.org").verified  # GET changes nothing
    client.post(link.group(1))
    assert EmailAddress.objects.get(email="ana@example.org").verified


def test_it_does_not_let_an_unconfirmed_person_log_in(client, org):
    client.post("/accounts/signup/", signup_data())
    response = client.post("/accounts/login/", {"login": "ana@example.org",
                                                 "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_email_address_as_public_name(client, org):
    response = client.post("/accounts/signup/", signup_data(display_name="ana@example.org"))
    assert response.status_code == 200
    assert "do not use an e-mail address" in response.text
    assert not User.objects.filter(email="ana@example.org").exists()


def test_it_signs_the_resident_in_after_confirming_the_email(client, org, mailoutbox):
    client.post("/accounts/signup/", signup_data())
    assert "_auth_user_id" not in client.session
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body)
    assert link
    response = client.post(link.group(1))
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="ana@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Ana from Fabric" in client.get("/").text


def test_it_does_not_sign_in_another_browser_that_opens_the_link(client, org, mailoutbox):
    from django.test import Client

    client.post("/accounts/signup/", signup_data())
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body)
    assert link
    other = Client()
    other.post(link.group(1))
    assert EmailAddress.objects.get(email="ana@example.org").verified
    assert "_auth_user_id" not in other.session
