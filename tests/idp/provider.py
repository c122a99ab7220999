"""Start the test OpenID Connect provider (tests/idp/server.mjs) for a test.

It needs Node.js and `npm ci --prefix tests/idp` (done by `make test`); without
them the tests that use it are skipped with the reason.
"""

import html
import json
import re
import shutil
import socket
import subprocess  # noqa: S404 - starts our own test server
import time
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).resolve().parent
CLIENT_ID = "siko-test"
CLIENT_SECRET = "siko-test-secret-0123456789"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_provider(*, accounts, redirect_uri, post_logout_redirect_uri):
    """Start the provider; returns (process, issuer). Skips if unavailable."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Single-sign-on tests skipped: Node.js (node) is not installed.")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.skip(
            "Single-sign-on tests skipped: run `npm ci --prefix tests/idp` "
            "(make test does it) to install the test identity provider."
        )
    port = _free_port()
    env = {
        "PATH": str(Path(node).parent),
        "IDP_PORT": str(port),
        "IDP_CLIENT": json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uri": redirect_uri,
                "post_logout_redirect_uri": post_logout_redirect_uri,
            }
        ),
        "IDP_ACCOUNTS": json.dumps(accounts),
    }
    process = subprocess.Popen(  # noqa: S603 - fixed command
        [node, str(HERE / "server.mjs")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("IDP READY"):
            return process, line.split()[-1]
        if process.poll() is not None:
            break
    process.kill()
    pytest.fail("The test identity provider did not start.")


def provider_login(url, login, *, session):
    """Follow ``url`` (SiKo's redirect to the authorization endpoint) through
    the provider's development login page as ``login``; returns the URL the
    provider sends the browser back to (SiKo's callback with code and state).
    ``session`` (requests.Session) keeps the provider's cookies, so a second
    call with the same session finds the provider session still open."""
    issuer = url.split("/auth", 1)[0]
    response = session.get(url, allow_redirects=False, timeout=10)
    for _step in range(10):
        if response.is_redirect:
            location = requests.compat.urljoin(
                response.url, response.headers["Location"]
            )
            if not location.startswith(issuer):
                return location
            response = session.get(location, allow_redirects=False, timeout=10)
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert form, f"no login form at the provider: {response.text[:300]}"
        fields = dict(
            re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text
            )
        )
        response = session.post(
            requests.compat.urljoin(response.url, html.unescape(form.group(1))),
            data={**fields, "prompt": "login", "login": login, "password": "beliebig"},
            allow_redirects=False,
            timeout=10,
        )
    pytest.fail("The test identity provider did not send the browser back.")
