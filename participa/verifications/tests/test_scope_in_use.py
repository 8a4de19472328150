"""A district used by declared addresses cannot be deleted: a clear message naming the use,
never a server error, nothing lost."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participa.core import org_services
from participa.core.models import Scope
from participa.verifications import services
from participa.verifications.models import Authorization, Method
from participa.verifications.tests.conftest import enable

pytestmark = pytest.mark.django_db


def test_it_names_the_verifications_that_use_a_district(client_for, org, admin, resident,
                                                        scope):
    enable(org, Method.ADDRESS)
    services.verification_address_declare(organization=org, acting_user=resident, scope=scope,
                                          address="Str. Mare 1")
    with pytest.raises(ValidationError) as error:
        org_services.scope_delete(scope=scope, acting_user=admin)
    assert error.value.messages == [
        "This scope is in use. Change or remove what uses it first. "
        "In use by: Verifications (1): Declared address (Waiting)."]
    response = client_for(admin).post(f"/manage/scopes/{scope.pk}/delete/")
    assert response.status_code == 200
    assert "Verifications (1): Declared address (Waiting)" in response.content.decode()
    assert Scope.objects.filter(pk=scope.pk).exists()
    assert Authorization.objects.get(user=resident).scope_id == scope.pk
