"""Follow, unfollow, comment, report, attach and search find their target only through the
manifest (item spec → visibility rule) in the visitor's organization: a missing object, an object
the visitor may not see and another organization's object all answer the same 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from participa.comments.models import Comment
from participa.components.consultations.models import ConsultationState
from participa.components.consultations.tests.conftest import (
    make_component,
    make_consultation,
    make_space,
)
from participa.components.pages.tests import conftest as pages
from participa.core.models import Organization, User
from participa.notifications.models import Follow
from participa.search.selectors import SearchFilters, search_documents
from participa.spaces.models import SpaceMembership

MISSING = 999_999


@pytest.fixture
def world(org: Organization, other_org: Organization, resident: User) -> dict[str, Any]:
    component = make_component(make_space(org))
    theirs = make_component(make_space(other_org, slug="theirs"))
    page_space = pages.make_space(org, slug="pages")
    page_component = pages.make_component(page_space, phase_settings={})
    return {
        "published": make_consultation(component, title="Tramway lines"),
        "draft": make_consultation(component, slug="draft", state=ConsultationState.DRAFT,
                                   title="Tramway depots"),
        "theirs": make_consultation(theirs, slug="theirs", title="Tramway fares"),
        "page": pages.make_page(page_component, "rules", "Rules"),
        "hidden_page": pages.make_page(pages.make_component(page_space, published=False),
                                       "hidden", "Hidden"),
        "their_page": pages.make_page(
            pages.make_component(pages.make_space(other_org, slug="their-pages")),
            "theirs", "Theirs"),
    }


def _key(obj: Any, pk: int | None = None) -> str:
    return f"{obj._meta.label_lower}:{obj.pk if pk is None else pk}"


def _assert_same_404(responses: list[Any]) -> None:
    assert [response.status_code for response in responses] == [404] * len(responses)
    assert len({response.content for response in responses}) == 1


def test_following_answers_404_alike_for_missing_draft_and_other_organization(
        client_for, resident, world):
    client = client_for(resident)
    answers = [client.post("/notifications/follow/", {"target": target})
               for target in (_key(world["published"], MISSING), _key(world["draft"]),
                              _key(world["theirs"]), "core.role:1", "auth.permission:1")]
    _assert_same_404(answers)
    assert Follow.objects.count() == 0
    response = client.post("/notifications/follow/", {"target": _key(world["published"])})
    assert response.status_code == 302
    assert Follow.objects.filter(user=resident).count() == 1


def test_a_resident_cannot_follow_a_draft_consultation_but_its_manager_can(
        client_for, resident, world, org):
    manager = world["draft"].component.space
    from participa.conftest import make_user

    runner = make_user(org, "runner")
    SpaceMembership.objects.create(space=manager, user=runner, role=SpaceMembership.Role.MANAGER)
    assert client_for(resident).post(
        "/notifications/follow/", {"target": _key(world["draft"])}).status_code == 404
    assert client_for(runner).post(
        "/notifications/follow/", {"target": _key(world["draft"])}).status_code == 302


def test_unfollowing_answers_404_alike_unless_one_follows_it(client_for, resident, world):
    client = client_for(resident)
    answers = [client.post("/notifications/unfollow/", {"target": target})
               for target in (_key(world["published"], MISSING), _key(world["draft"]),
                              _key(world["theirs"]), "core.role:1", "bogus")]
    _assert_same_404(answers)
    Follow.objects.create(organization=world["published"].component.space.organization,
                          user=resident,
                          content_type=ContentType.objects.get_for_model(world["published"]),
                          object_id=world["published"].pk)
    # Followed, then hidden again as a draft: stopping is still allowed.
    world["published"].state = ConsultationState.DRAFT
    world["published"].save(update_fields=["state"])
    response = client.post("/notifications/unfollow/", {"target": _key(world["published"])})
    assert response.status_code == 302
    assert Follow.objects.count() == 0


def test_commenting_answers_404_alike_for_missing_hidden_and_other_organization(
        client_for, resident, world):
    client = client_for(resident)
    answers = [client.get(f"/comments/new/pages.page/{pk}/")
               for pk in (MISSING, world["hidden_page"].pk, world["their_page"].pk)]
    answers.append(client.get(f"/comments/new/core.role/{world['page'].pk}/"))
    _assert_same_404(answers)


def test_reporting_a_comment_answers_404_alike_when_its_target_is_not_visible(
        client_for, org, other_org, resident, ngo_member, outsider, world):
    page_type = ContentType.objects.get_for_model(world["page"])

    def comment(org: Organization, author: User, target: Any) -> Comment:
        return Comment.objects.create(organization=org, author=author, target_type=page_type,
                                      target_id=target.pk, body="Text",
                                      space=target.component.space)

    on_hidden = comment(org, ngo_member, world["hidden_page"])
    theirs = comment(other_org, outsider, world["their_page"])
    visible = comment(org, ngo_member, world["page"])
    client = client_for(resident)
    answers = [client.get(f"/comments/{pk}/report/")
               for pk in (MISSING, on_hidden.pk, theirs.pk)]
    _assert_same_404(answers)
    assert client.get(f"/comments/{visible.pk}/report/").status_code == 200


def test_attachments_answer_404_alike_for_missing_not_run_and_other_organization(
        client_for, org, world, admin):
    from participa.conftest import make_user

    runner = make_user(org, "runner")
    space = world["published"].component.space
    SpaceMembership.objects.create(space=space, user=runner, role=SpaceMembership.Role.MANAGER)
    elsewhere = make_consultation(make_component(make_space(org, slug="elsewhere")),
                                  slug="elsewhere", state=ConsultationState.DRAFT)
    client = client_for(runner)
    answers = [client.get(f"/attachments/manage/consultations.consultation/{pk}/")
               for pk in (MISSING, elsewhere.pk, world["theirs"].pk)]
    answers.append(client.get(f"/attachments/manage/core.role/{world['published'].pk}/"))
    _assert_same_404(answers)
    response = client.get(f"/attachments/manage/consultations.consultation/"
                          f"{world['published'].pk}/")
    assert response.status_code == 200


def test_search_finds_only_what_the_visitor_may_see_in_this_organization(
        org, resident, world):
    found = search_documents(resident, org, SearchFilters(q="tramway"))
    assert [(doc.kind, doc.object_id) for doc in found] == [
        ("consultation", world["published"].pk)]
