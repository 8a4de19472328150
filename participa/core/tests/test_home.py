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
