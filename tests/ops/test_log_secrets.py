"""Secrets out of logs (issue 29): the partner link /einladung/<token>/
never appears with its token in a log SiKo writes or configures."""

import datetime
import io
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from konferenz.core import logmask
from teilnehmer.invitations import tokens
from tests.factories import ConferenceFactory, InvitationFactory
from tests.helpers import sent_token

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def invitation(police_authority, today):
    return InvitationFactory(
        conference=ConferenceFactory(
            police_authority=police_authority,
            date=today + datetime.timedelta(days=20),
            rsvp_deadline=today + datetime.timedelta(days=10),
        )
    )


@pytest.fixture
def every_record(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _assert_nowhere(caplog, secret):
    assert caplog.records, "nothing was logged: the test proves nothing"
    for record in caplog.records:
        assert secret not in record.getMessage(), record.name
        assert secret not in (record.exc_text or ""), record.name
    assert secret not in caplog.text


@pytest.mark.django_db
def test_bad_and_good_partner_links_leave_no_token_in_the_log(
    every_record, organiser, invitation, django_capture_on_commit_callbacks
):
    good = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    bad = tokens.new_token()
    client = Client()

    assert client.get(f"/einladung/{bad}/").status_code == 404
    assert client.get(f"/einladung/{good}/").status_code == 302
    # An unknown page below a token, and a POST nobody expects.
    client.get(f"/einladung/{good}/unbekannt/")
    client.post(f"/einladung/{bad}/", {"x": "1"})

    assert any("/einladung/[FILTERED]/" in r.getMessage() for r in every_record.records)
    _assert_nowhere(every_record, good)
    _assert_nowhere(every_record, bad)


@pytest.mark.django_db
def test_a_server_error_behind_a_partner_link_is_logged_masked(
    every_record, monkeypatch
):
    token = tokens.new_token()

    def broken(secret):
        raise RuntimeError("database gone")

    monkeypatch.setattr(tokens, "find_invitation", broken)
    client = Client(raise_request_exception=False)
    assert client.get(f"/einladung/{token}/").status_code == 500
    errors = [r for r in every_record.records if r.name == "django.request"]
    assert errors and errors[-1].exc_info
    assert "RuntimeError: database gone" in every_record.text
    _assert_nowhere(every_record, token)


def test_the_configured_console_handler_masks_too():
    """Records logged straight to a handler of SiKo's LOGGING (not through
    django.request) are masked as well."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, logmask.SecretsFilter) for f in h.filters)
    )
    stream = io.StringIO()
    original = handler.setStream(stream)
    try:
        logging.getLogger("irgendwer").warning("Aufruf %s", "/einladung/geheim123/")
    finally:
        handler.setStream(original)
    assert "geheim123" not in stream.getvalue()
    assert "/einladung/[FILTERED]/" in stream.getvalue()


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("GET /einladung/Ab-9_x/ HTTP/1.1", "GET /einladung/[FILTERED]/ HTTP/1.1"),
        ("/einladung/antwort/", "/einladung/antwort/"),
        ("/einladung/anlage/3/", "/einladung/anlage/3/"),
        ("/einladung/protokoll.pdf", "/einladung/protokoll.pdf"),
        ("/einladung/termin.ics", "/einladung/termin.ics"),
        (
            "https://siko.example/einladung/tok?a=1",
            "https://siko.example/einladung/[FILTERED]?a=1",
        ),
        (
            "/konferenzen/kalender-feed/s3cr3t.ics",
            "/konferenzen/kalender-feed/[FILTERED].ics",
        ),
        ("/passwort/neu/MQ/abc-def/", "/passwort/neu/MQ/[FILTERED]/"),
        ("/passwort/neu/MQ/set-password/", "/passwort/neu/MQ/set-password/"),
    ],
)
def test_mask(text, masked):
    assert logmask.mask(text) == masked


def _gunicorn_logger(tmp_path):
    from gunicorn.config import Config

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("logger_class", config["logger_class"])
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return cfg.logger_class(cfg)


def test_gunicorn_access_log_masks_the_token(tmp_path):
    token = tokens.new_token()
    logger = _gunicorn_logger(tmp_path)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/einladung/{token}/?x=1",
        "PATH_INFO": f"/einladung/{token}/",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://siko.example/einladung/{token}/",
        "HTTP_USER_AGENT": "test",
    }
    resp = SimpleNamespace(status="302 Found", sent=0, headers=[])
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(resp, req, environ, datetime.timedelta(milliseconds=5))
    logger.error("Error handling request %s", environ["RAW_URI"])
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()
    access = (tmp_path / "access.log").read_text()
    error = (tmp_path / "error.log").read_text()
    assert '"GET /einladung/[FILTERED]/?x=1 HTTP/1.1" 302' in access
    assert token not in access
    assert "Error handling request /einladung/[FILTERED]/" in error
    assert token not in error


def test_the_nginx_sample_masks_the_token_in_its_log_format():
    conf = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
    assert "map $request_uri $siko_request_uri" in conf
    assert "log_format siko" in conf
    assert "access_log /var/log/nginx/siko.access.log siko;" in conf
    # The format never names the raw request line, URI or referer.
    log_format = conf.split("log_format siko", 1)[1].split(";", 1)[0]
    for raw in ("$request ", "$request_uri", "$http_referer", "$uri", "$args"):
        assert raw not in log_format + " ", raw
