"""The one answer of a POST action: ``actions.perform`` and ``actions.submit``."""

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.test import RequestFactory

from konferenz.core import actions


class Refused(Exception):
    pass


class CountForm(forms.Form):
    count = forms.IntegerField()


def _request(data=None):
    request = RequestFactory().post("/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request):
    return [(m.level, str(m)) for m in request._messages]


def test_perform_says_done_and_redirects():
    request = _request()
    ran = []
    response = actions.perform(
        request, lambda: ran.append(1), done="Done.", refusals=Refused, to="/back/"
    )
    assert ran == [1]
    assert (response.status_code, response.url) == (302, "/back/")
    assert _said(request) == [(messages.SUCCESS, "Done.")]


def test_perform_builds_the_message_from_the_result():
    request = _request()
    actions.perform(
        request,
        lambda: 3,
        done=lambda n: f"{n} sent.",
        refusals=Refused,
        to="/back/",
    )
    assert _said(request) == [(messages.SUCCESS, "3 sent.")]


def test_perform_shows_a_refusal_and_answers_the_same_way():
    request = _request()

    def refuse():
        raise Refused("Not now.")

    response = actions.perform(
        request, refuse, done="Done.", refusals=Refused, to="/back/"
    )
    assert (response.status_code, response.url) == (302, "/back/")
    assert _said(request) == [(messages.ERROR, "Not now.")]


def test_perform_lets_other_errors_through_and_keeps_a_ready_answer():
    request = _request()
    ready = HttpResponse("kept")

    def fail():
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        actions.perform(request, fail, done="Done.", refusals=Refused, to=ready)
    assert _said(request) == []
    assert actions.perform(request, lambda: None, done="Done.", to=ready) is ready


def test_submit_runs_the_act_with_the_cleaned_data():
    request = _request({"count": "7"})
    seen = []
    response = actions.submit(
        request,
        CountForm(request.POST),
        seen.append,
        done="Saved.",
        to="/back/",
        invalid="Please enter a number.",
    )
    assert seen == [{"count": 7}]
    assert response.url == "/back/"
    assert _said(request) == [(messages.SUCCESS, "Saved.")]


def test_submit_refuses_an_invalid_form_without_acting():
    request = _request({"count": "many"})
    seen = []
    response = actions.submit(
        request,
        CountForm(request.POST),
        seen.append,
        done="Saved.",
        to="/back/#anchor",
        invalid="Please enter a number.",
        back="/back/",
    )
    assert seen == []
    assert response.url == "/back/"
    assert _said(request) == [(messages.ERROR, "Please enter a number.")]
