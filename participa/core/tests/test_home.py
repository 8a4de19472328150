from participa.conftest import make_org


def test_it_serves_the_organization_of_the_host(client, org, other_org):
    response = client.get("/", HTTP_HOST="testserver")
    assert response.status_code == 200
    assert "Municipiul Test" in response.text
    assert "Miasto Inne" not in response.text

    response = client.get("/", HTTP_HOST="other.test")
    assert "Miasto Inne" in response.text
    assert "Municipiul Test" not in response.text


def test_it_answers_404_for_an_unknown_host(client, db):
    make_org("known.test", "Known")
    response = client.get("/", HTTP_HOST="unknown.test")
    assert response.status_code == 404


def test_it_shows_open_processes_with_their_current_phase(client, org):
    from participa.spaces.tests.conftest import make_space

    make_space(org, "open-plan", title="Open plan", state="active")
    make_space(org, "chosen-plan", title="Chosen plan", state="set_by_hand")
    make_space(org, "later-plan", title="Later plan", state="upcoming")
    make_space(org, "done-plan", title="Done plan", state="past")
    text = client.get("/", HTTP_HOST="testserver").text
    open_section = text.split('id="open-processes"', 1)[1].split("</section>", 1)[0]
    assert "Open plan" in open_section and "Chosen plan" in open_section
    assert "Current phase: Phase 2" in open_section
    assert "Later plan" not in text and "Done plan" not in text


def test_it_says_when_no_process_is_open(client, org):
    text = client.get("/", HTTP_HOST="testserver").text
    assert "No process is open right now." in text
    assert "Upcoming meetings and debates" in text


def test_it_lists_assemblies(client, org):
    from participa.spaces.tests.conftest import make_space

    make_space(org, "ogp-group", title="Open government group", kind="assembly")
    text = client.get("/", HTTP_HOST="testserver").text
    assert "Assemblies and working groups" in text
    assert "Open government group" in text


def test_it_hides_what_the_visitor_may_not_see(client, org, other_org):
    from participa.spaces.tests.conftest import make_space

    make_space(org, "draft", title="Draft plan", published=False)
    make_space(org, "private", title="Private group", kind="assembly", visibility="members")
    make_space(other_org, "theirs", title="Their plan")
    text = client.get("/", HTTP_HOST="testserver").text
    assert "Draft plan" not in text
    assert "Private group" not in text
    assert "Their plan" not in text


def test_it_has_one_main_heading(client, org):
    text = client.get("/", HTTP_HOST="testserver").text
    assert text.count("<h1") == 1
