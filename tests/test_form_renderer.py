"""The form renderer writes a select as Django's templates do, option for
option, escaping what the templates escape."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from cas_project.form_renderer import Renderer

MARKUP = '<script>alert("cas")</script>'


class Choices(forms.Form):
    single = forms.ChoiceField(
        choices=[("", "Todas"), ("1", f"Uno & {MARKUP}"), ("Grupo <b>", [("2", "Dos"), ("3", "Tres")])],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("1", "Uno"), ("2", "Dos")])
    maybe = forms.NullBooleanField()
    disabled = forms.ChoiceField(choices=[("a", "A")], disabled=True)


@pytest.mark.parametrize("data", [None, {"single": "2", "several": ["1", "2"], "maybe": "true"}, {"single": MARKUP}])
@pytest.mark.parametrize("name", ["single", "several", "maybe", "disabled"])
def test_a_select_is_the_markup_of_djangos_templates(name, data):
    ours = str(Choices(data, renderer=Renderer())[name])
    djangos = str(Choices(data, renderer=DjangoTemplates())[name])
    assert parse_html(ours) == parse_html(djangos)
    assert MARKUP not in ours


def test_the_project_renders_forms_with_it():
    assert isinstance(Choices().renderer, Renderer)
