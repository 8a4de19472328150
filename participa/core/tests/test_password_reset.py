import re

from participa.conftest import PASSWORD
from participa.core.tests.conftest import normalized

NEW_PASSWORD = "another-long-passphrase-42"


def test_it_shows_the_reset_form_in_the_site_layout(client, org, accessible_page):
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    accessible_page(response.text)


def test_it_sends_a_link_that_lets_the_person_choose_a_new_password(client, resident,
                                                                     mailoutbox, accessible_page):
    response = client.post("/accounts/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "Municipiul Test" in mailoutbox[0].body
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)",
                     mailoutbox[0].body)
    assert link
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    accessible_page(page.text)
    action = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1)
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


def test_it_answers_the_same_for_an_unknown_address(client_for, resident, mailoutbox):
    known_client, unknown_client = client_for(None), client_for(None)
    known = known_client.post("/accounts/password/reset/", {"email": resident.email})
    unknown = unknown_client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert normalized(known_client.get(known["Location"]).text) == normalized(
        unknown_client.get(unknown["Location"]).text
    )


def test_it_explains_a_used_or_broken_link(client, org, accessible_page):
    response = client.get("/accounts/password/reset/key/1-wrong/", follow=True)
    assert response.status_code == 200
    assert "This link does not work" in response.text
    accessible_page(response.text)


def test_it_lets_a_logged_in_person_change_the_password(client_for, resident, accessible_page):
    client = client_for(resident)
    page = client.get("/accounts/password/change/")
    assert page.status_code == 200
    accessible_page(page.text)
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


def test_it_refuses_a_wrong_current_password(client_for, resident):
    client = client_for(resident)
    response = client.post("/accounts/password/change/", {
        "oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert response.status_code == 200
    assert "There is a problem" in response.text
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_it_shows_the_email_addresses_page_in_the_site_layout(client_for, resident,
                                                              accessible_page):
    response = client_for(resident).get("/accounts/email/")
    assert response.status_code == 200
    assert resident.email in response.text
    accessible_page(response.text)
