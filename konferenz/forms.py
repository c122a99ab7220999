from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField


class LoginForm(AuthenticationForm):
    # Django sets max_length on the field only after it is built, so it is not
    # validated; an overlong name would reach the lockout log's 255 characters.
    username = UsernameField(
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
