from participa.conftest import PASSWORD
from participa.core.tests.conftest import normalized


def login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_it_shows_the_login_form_in_the_site_layout(client, org, accessible_page):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Forgot your password?" in response.text
    accessible_page(response.text)


def test_it_logs_in_with_email_and_password(client, resident):
    response = login(client, resident.email, PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk
    home = client.get(response["Location"])
    assert "Successfully signed in as Resident." in home.text  # the public name
    assert resident.username not in home.text


def test_it_answers_the_same_for_an_unknown_email_and_a_wrong_password(client_for, resident):
    unknown = login(client_for(None), "nobody@example.org", "wrong-password-123")
    wrong = login(client_for(None), resident.email, "wrong-password-123")
    assert unknown.status_code == wrong.status_code == 200
    assert "There is a problem" in wrong.text
    assert normalized(unknown.text).replace("nobody@example.org", resident.email) == normalized(
        wrong.text
    )


def test_it_does_not_let_a_person_of_another_organization_log_in(client_for, resident, outsider):
    theirs = login(client_for(None), outsider.email, PASSWORD)
    wrong = login(client_for(None), resident.email, "wrong-password-123")
    assert theirs.status_code == 200
    assert normalized(theirs.text).replace(outsider.email, resident.email) == normalized(
        wrong.text
    )


def test_it_keeps_what_was_typed_and_marks_the_error(client, resident, accessible_page):
    response = login(client, resident.email, "wrong-password-123")
    assert f'value="{resident.email}"' in response.text
    assert 'role="alert"' in response.text
    accessible_page(response.text)


def test_it_stops_login_after_repeated_failures_with_a_clear_message(client, resident):
    for _ in range(5):
        login(client, resident.email, "wrong-password-123")
    response = login(client, resident.email, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.text
    assert "_auth_user_id" not in client.session


def test_it_answers_too_many_requests_in_the_site_layout(client, org, settings,
                                                         accessible_page):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        login(client, "someone@example.org", "wrong-password-123")
    response = login(client, "someone@example.org", "wrong-password-123")
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "try again later" in response.text
    assert "Municipiul Test" in response.text
    accessible_page(response.text)


def test_it_logs_out_with_a_post(client_for, resident):
    client = client_for(resident)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session  # a GET never logs out
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_logs_out_from_the_header_button(client_for, resident):
    client = client_for(resident)
    home = client.get("/")
    assert 'action="/accounts/logout/"' in home.text
    client.post("/accounts/logout/")
    assert "Log in" in client.get("/").text
