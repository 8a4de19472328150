"""An e-mail address is unique per organization, not per deployment: one person may join two
municipalities with one address, and each account stays separate (login, password reset)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from participa.conftest import PASSWORD, make_user
from participa.core.models import User

PASSWORD_A = "a-long-and-unusual-passphrase"
PASSWORD_B = "quite-another-passphrase-77"
NEW_PASSWORD = "the-newest-passphrase-of-all"
EMAIL = "ana@example.org"


def sign_up_and_confirm(host: str, password: str, mailoutbox: list, email: str = EMAIL) -> User:
    # allauth's per-address limit on confirmation e-mails (1 per 3 minutes) is deployment-wide;
    # start each sign-up as if the earlier one were minutes ago.
    cache.clear()
    client = Client(HTTP_HOST=host)
    sent = len(mailoutbox)
    response = client.post("/accounts/signup/", {
        "display_name": "Ana", "email": email, "password1": password, "password2": password,
        "accept_terms": "on", "terms_version": "1"})
    assert response.status_code == 302
    assert len(mailoutbox) == sent + 1
    link = re.search(rf"https?://{re.escape(host)}(/accounts/confirm-email/\S+/)",
                     mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    assert client.post(link.group(1)).status_code == 302
    return User.objects.get(organization__host=host, email__iexact=email)


def log_in(host: str, email: str, password: str) -> Client:
    client = Client(HTTP_HOST=host)
    client.post("/accounts/login/", {"login": email, "password": password})
    return client


def test_it_lets_one_address_join_two_organizations_with_separate_passwords(org, other_org,
                                                                             mailoutbox):
    in_a = sign_up_and_confirm("testserver", PASSWORD_A, mailoutbox)
    in_b = sign_up_and_confirm("other.test", PASSWORD_B, mailoutbox)
    assert in_a.pk != in_b.pk
    assert (in_a.organization, in_b.organization) == (org, other_org)
    assert EmailAddress.objects.filter(email=EMAIL, verified=True).count() == 2

    assert log_in("testserver", EMAIL, PASSWORD_A).session["_auth_user_id"] == str(in_a.pk)
    assert log_in("other.test", EMAIL, PASSWORD_B).session["_auth_user_id"] == str(in_b.pk)
    # Each password opens only its own organization's account.
    assert "_auth_user_id" not in log_in("testserver", EMAIL, PASSWORD_B).session
    assert "_auth_user_id" not in log_in("other.test", EMAIL, PASSWORD_A).session


def test_it_logs_in_to_the_right_account_when_both_use_the_same_password(org, other_org):
    in_a = make_user(org, "ana")
    in_b = User.objects.create_user(username="user-ana-b", email=in_a.email, password=PASSWORD,
                                    organization=other_org, display_name="Ana")
    EmailAddress.objects.create(user=in_b, email=in_b.email, verified=True, primary=True)
    assert log_in("other.test", in_b.email, PASSWORD).session["_auth_user_id"] == str(in_b.pk)
    assert log_in("testserver", in_a.email, PASSWORD).session["_auth_user_id"] == str(in_a.pk)


def test_it_resets_the_password_only_in_the_organization_that_was_asked(org, other_org,
                                                                         mailoutbox):
    in_a = sign_up_and_confirm("testserver", PASSWORD_A, mailoutbox)
    in_b = sign_up_and_confirm("other.test", PASSWORD_B, mailoutbox)
    b_hash = User.objects.get(pk=in_b.pk).password
    mailoutbox.clear()

    client = Client(HTTP_HOST="testserver")
    assert client.post("/accounts/password/reset/", {"email": EMAIL.upper()}).status_code == 302
    assert len(mailoutbox) == 1  # one link, for the account of this organization only
    links = re.findall(r"https?://testserver(/accounts/password/reset/key/\S+/)",
                       mailoutbox[0].body)
    assert len(links) == 1
    page = client.get(links[0], follow=True)
    action = page.redirect_chain[-1][0] if page.redirect_chain else links[0]
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    assert User.objects.get(pk=in_a.pk).check_password(NEW_PASSWORD)
    assert User.objects.get(pk=in_b.pk).password == b_hash


def test_it_creates_no_second_account_for_the_same_address_in_one_organization(org,
                                                                              mailoutbox):
    first = sign_up_and_confirm("testserver", PASSWORD_A, mailoutbox)
    mailoutbox.clear()
    cache.clear()
    client = Client(HTTP_HOST="testserver")
    response = client.post("/accounts/signup/", {
        "display_name": "Ana again", "email": "ANA@Example.org", "password1": PASSWORD_B,
        "password2": PASSWORD_B, "accept_terms": "on", "terms_version": "1"})
    assert response.status_code == 302  # the page does not reveal the address is taken …
    assert list(User.objects.filter(email__iexact=EMAIL)) == [first]
    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]  # … its owner is told
    assert "_auth_user_id" not in log_in("testserver", EMAIL, PASSWORD_B).session


def test_it_refuses_adding_an_address_of_another_account_of_the_organization(
        client_for, resident, org, other_org):
    make_user(other_org, "shared")  # another organization's account does not block it
    free = client_for(resident).post("/accounts/email/", {"action_add": "", "email":
                                                          "shared@example.org"})
    assert free.status_code == 302
    taken_by = make_user(org, "neighbour")
    response = client_for(resident).post("/accounts/email/", {
        "action_add": "", "email": taken_by.email.upper()})
    assert response.status_code == 200
    assert "Another account of this organization already uses this e-mail address." in (
        response.text)
    assert f'value="{taken_by.email.upper()}"' in response.text
    assert not EmailAddress.objects.filter(user=resident, email__iexact=taken_by.email).exists()


def test_the_database_refuses_one_address_twice_in_an_organization(org, other_org):
    User.objects.create_user(username="a1", email="Ana@Example.org", organization=org)
    User.objects.create_user(username="b1", email="ana@example.org", organization=other_org)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="a2", email="ana@EXAMPLE.org", organization=org)
    # Accounts without an address (e.g. erased ones) are not constrained.
    User.objects.create_user(username="a3", email="", organization=org)
    User.objects.create_user(username="a4", email="", organization=org)


def test_the_model_validation_explains_the_duplicate_in_the_users_language(org):
    User.objects.create_user(username="a1", email="ana@example.org", organization=org)
    duplicate = User(username="a2", email="ANA@example.org", organization=org)
    with pytest.raises(ValidationError) as error:
        duplicate.validate_constraints()
    assert error.value.messages == [
        "Another account of this organization already uses this e-mail address."]
