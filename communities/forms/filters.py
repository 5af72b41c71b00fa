"""The base of the filter forms above lists (journal, bank of practices)."""

from django import forms

from communities.forms.fields import ModelChoiceField


class FilterForm(forms.Form):
    """Filters read from the query string. A value that does not exist is a form
    error, shown as such, and the rejected value is not sent back."""

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                # A plain choice's message quotes the value sent; a list's filter
                # must not show back whatever was put in its URL.
                field.error_messages["invalid_choice"] = ModelChoiceField.default_error_messages["invalid_choice"]
        super().full_clean()
        # Do not send a rejected value back (a 20,000-character search, say).
        if self.is_bound and self._errors:
            data = self.data.copy()
            for name in self._errors:
                if name in data:
                    data[name] = ""
            self.data = data

    def __iter__(self):
        # Compact Bootstrap controls, set when rendering so that subclasses'
        # fields get them too.
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        return super().__iter__()
