"""The nginx sample (docs/deploy/nginx.conf) run by a real nginx (issue 29):
its access log masks partner-link tokens, and with no app server answering
the partner gets SiKo's German 502 page. Skipped without nginx."""

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from konferenz.core.logmask import mask

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "docs" / "deploy"
ERRORS = DEPLOY / "errors"

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is missing (apt-get install nginx)",
)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(tmp_path):
    """nginx with the sample's server: listening on a free port, both
    upstream servers on a closed port, logs in ``tmp_path``."""
    port, dead = _free_port(), _free_port()
    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    site = re.sub(r"server 10\.0\.0\.\d+:8000;", f"server 127.0.0.1:{dead};", site)
    site = site.replace("/srv/siko/docs/deploy/errors/", f"{ERRORS}/")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    temp = "".join(
        f"{kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"user root; pid {tmp_path}/nginx.pid; error_log {tmp_path}/main.log;\n"
        "events {}\n"
        f"http {{ {temp} include {tmp_path}/site.conf; }}\n"
    )
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [nginx_bin, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    test = subprocess.run(  # noqa: S603
        [*command, "-t"], capture_output=True, text=True, check=False
    )
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"])  # noqa: S603
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", tmp_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url, referer=None):
    request = urllib.request.Request(url, headers={"Referer": referer or ""})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_partner_token_masked_and_the_502_page_german(nginx):
    base, logs = nginx
    token = "Zq3-secretToken_0123456789abcdef"
    status, body = _get(
        f"{base}/einladung/{token}/?x=1",
        referer=f"https://a.example/einladung/{token}/",
    )
    assert status == 502
    assert '<html lang="de">' in body
    assert "Vorübergehend nicht erreichbar" in body
    assert "Bad Gateway" not in body
    _get(f"{base}/konferenzen/kalender-feed/{token}.ics")
    _get(f"{base}/einladung/antwort/")
    time.sleep(0.2)
    access = (logs / "siko.access.log").read_text()
    assert "/einladung/[FILTERED]/?x=1" in access
    assert "https://a.example/einladung/[FILTERED]/" in access
    assert "/kalender-feed/[FILTERED].ics" in access
    assert "/einladung/antwort/" in access
    assert token not in access
    # nginx writes raw request lines into its error log: the sample keeps
    # that log at "crit", so a dead upstream leaves no token there either.
    for log in logs.glob("*.log"):
        assert token not in log.read_text(), log.name


@pytest.mark.parametrize("code", ["502", "503", "504"])
def test_error_pages_are_german_and_standalone(code):
    page = (ERRORS / f"{code}.html").read_text()
    assert '<html lang="de">' in page
    assert "Sie" in page and "Polizeibehörde" in page
    # Served by nginx while SiKo is down: nothing from the app server.
    assert "/static/" not in page and "<script" not in page
    assert mask(page) == page
