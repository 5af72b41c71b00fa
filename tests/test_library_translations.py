"""The libraries' own words in Django admin are in Spanish too (django-axes
ships no Spanish catalogue; ours carries it)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_sign_in_protection_section_of_the_admin_speaks_spanish(client, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Intentos de inicio de sesión" in index
    assert "Access attempts" not in index
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Hora del intento" in attempts
    assert "Attempt Time" not in attempts
