"""The one answer of an edit with optimistic locking: ``locking.edit``."""

from types import SimpleNamespace

from django import forms
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from konferenz.core import locking


class NameForm(forms.Form):
    name = forms.CharField(label="Name")
    version = forms.IntegerField(widget=forms.HiddenInput)


class Refused(Exception):
    pass


def _answer(data, save, **options):
    request = RequestFactory().post("/", data) if data else RequestFactory().get("/")
    form = NameForm(data or None)
    shown = {}

    def page(context):
        shown.update(context, form=form)
        return HttpResponse("page")

    saved = SimpleNamespace(name="Saved by someone else", version=4)
    response = locking.edit(
        request, form, save=save, page=page, current=lambda: saved, **options
    )
    return response, shown


def _stale():
    raise locking.StaleEdit()


def test_edit_conflict_answers_409_with_input_kept_and_other_values():
    response, shown = _answer({"name": "Mine", "version": "3"}, _stale)

    assert response.status_code == 409
    form = shown["form"]
    assert form.data["name"] == "Mine"
    assert form.data["version"] == 4  # a second save may win
    assert shown["conflict_values"] == [("Name", "Saved by someone else")]
    assert str(locking.DEFAULT_MESSAGE) in form.non_field_errors()


def test_edit_success_is_the_answer_of_save():
    response, shown = _answer(
        {"name": "Mine", "version": "3"}, lambda: HttpResponseRedirect("/done/")
    )

    assert response.status_code == 302
    assert response.url == "/done/"
    assert shown == {}


def test_edit_invalid_form_and_refusal_answer_the_given_status():
    invalid, shown = _answer({"name": "", "version": "3"}, _stale, invalid=400)
    assert invalid.status_code == 400
    assert "name" in shown["form"].errors

    def refuse():
        raise Refused("Approved minutes cannot change.")

    refused, shown = _answer(
        {"name": "Mine", "version": "3"}, refuse, refusals=Refused, invalid=400
    )
    assert refused.status_code == 400
    assert shown["form"].non_field_errors() == ["Approved minutes cannot change."]
    assert "conflict" not in shown


def test_edit_get_shows_the_page_without_conflict():
    response, shown = _answer(None, _stale)

    assert response.status_code == 200
    assert set(shown) == {"form"}
