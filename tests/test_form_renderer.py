"""The form renderer writes selects and inputs as Django's templates do,
escaping what the templates escape."""

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
    text = forms.CharField(max_length=20, required=False, widget=forms.TextInput(attrs={"placeholder": MARKUP}))
    number = forms.IntegerField(min_value=1, required=False)
    email = forms.EmailField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    agree = forms.BooleanField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    upload = forms.FileField(required=False)


FILLED = {"single": "2", "several": ["1", "2"], "maybe": "true", "text": MARKUP, "number": "7", "agree": "on"}
HOSTILE = dict.fromkeys(("single", "text", "number", "email", "hidden", "date", "password"), MARKUP)


@pytest.mark.parametrize("data", [None, FILLED, HOSTILE])
@pytest.mark.parametrize("name", list(Choices.base_fields))
def test_a_select_is_the_markup_of_djangos_templates(name, data):
    ours = str(Choices(data, renderer=Renderer())[name])
    djangos = str(Choices(data, renderer=DjangoTemplates())[name])
    assert parse_html(ours) == parse_html(djangos)
    assert MARKUP not in ours


def test_the_project_renders_forms_with_it():
    assert isinstance(Choices().renderer, Renderer)
