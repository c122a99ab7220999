"""Start the test OpenID Connect provider (tests/idp/server.mjs) for a test.

It needs Node.js and `npm ci --prefix tests/idp` (done by `make test`); without
them the tests that use it are skipped with the reason.
"""

import json
import shutil
import socket
import subprocess  # noqa: S404 - starts our own test server
import time
from pathlib import Path

import pytest

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
