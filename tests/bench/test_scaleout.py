"""The scale-out run (bench/scaleout.py, `make scaleout`) as a test, and its
fault helpers (bench/faults.py).

The run takes about 2 minutes (two app servers, nginx, two task workers, 200
partners, three Redis faults), so it is not part of `make test`: it runs only
with SIKO_SCALEOUT_TEST=1 and when nginx, PostgreSQL and Redis are there:

    SIKO_SCALEOUT_TEST=1 .venv/bin/python -m pytest -m scaleout tests/bench

The helpers' tests below are fast and need no server (the Redis server's
test only ``redis-server``).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import faults, scaleout

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.scaleout
@pytest.mark.skipif(
    os.environ.get("SIKO_SCALEOUT_TEST") != "1",
    reason="takes minutes: SIKO_SCALEOUT_TEST=1 runs it",
)
@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is missing")
def test_two_app_servers_behind_nginx_lose_nothing():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "scaleout.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Skalierungstest bestanden" in result.stdout
    assert "FEHLER" not in result.stdout


ANSWERS_TABLE = """
<ul class="list-inline mb-0 answer-counts">
  <li><span class="badge">Eingeladen: 200</span></li>
  <li><span class="badge">Offen: 4</span></li>
  <li><span class="badge text-bg-success">Zugesagt: 195</span></li>
  <li><span class="badge">Abgesagt: 1</span></li>
</ul>
"""


def test_the_accepted_count_is_read_from_the_answers_table_badge():
    assert faults.accepted_shown(ANSWERS_TABLE) == 195
    assert faults.accepted_shown("<p>Keine Einladungen</p>") is None


PARTNER_PAGE = """
<form method="post" action="/einladung/vorschlag/">
  <input name="title"><textarea name="description"></textarea>
</form>
<form method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="radio" name="answer" value="accepted" checked>
  <input type="radio" name="answer" value="declined">
  <textarea name="comment">Zusage &amp; Gruß</textarea>
</form>
"""


def test_the_partners_own_answer_is_read_from_the_answer_form():
    assert faults.comment_shown(PARTNER_PAGE) == "Zusage & Gruß"
    assert faults.comment_shown("<form method='post'><input name='x'></form>") is None


def test_a_page_contradicts_the_database_only_when_it_did_not_change_meanwhile():
    assert faults.contradicts(95, 96, 96)
    assert not faults.contradicts(96, 96, 96)
    # A change during the request: either value may be right, not judged.
    assert not faults.contradicts(95, 95, 96)
    assert faults.contradicts(None, 96, 96)  # the badge is missing


def test_a_vs_nfd_title_shown_and_a_visible_title_left_out_are_both_wrong():
    levels = {"Lagebild": "vs_nfd", "Bilanz": "internal", "Presse": "public"}
    visible = faults.visible_titles(levels)
    assert visible == {"Lagebild": False, "Bilanz": True, "Presse": True}

    assert faults.wrong_titles("<li>Bilanz</li><li>Presse</li>", visible, visible) == []
    assert faults.wrong_titles(
        "<li>Lagebild</li><li>Bilanz</li>", visible, visible
    ) == [
        "Lagebild",
        "Presse",
    ]
    # Raised during the request: not judged.
    before = faults.visible_titles({"Lagebild": "internal"})
    assert faults.wrong_titles("<li>Lagebild</li>", before, visible) == []


def test_an_old_session_cookie_counts_as_refused_only_when_sent_to_the_login():
    assert faults.logged_out(302, "/anmelden/?next=/")
    assert not faults.logged_out(200, "")
    assert not faults.logged_out(302, "/konferenzen/")


def test_the_tally_counts_5xx_missing_responses_and_the_slowest_in_the_fault():
    tally = faults.Tally("Redis hängt")
    tally.record(0.0, 0.1, 200)
    tally.record(1.0, 4.5, 500)  # ran while the fault lasted
    tally.record(2.0, 2.2, None)
    tally.record(9.0, 19.0, 200)  # after the fault: not its slowest
    tally.fault = (1.5, 3.0)
    tally.stale_page("Antworttabelle", "Antworttabelle zeigt 95")
    tally.stale_page("Antworttabelle", "Antworttabelle zeigt 94")
    tally.lost_answer("Einladung 7")

    assert (tally.requests, tally.server_errors, tally.no_response) == (4, 1, 1)
    assert (tally.stale, tally.lost, tally.slowest_ms) == (2, 1, 3500)
    assert tally.stale_kinds == {"Antworttabelle": 2}
    assert not tally.clean
    assert tally.notes == [
        "veraltet: Antworttabelle zeigt 95",
        "veraltet: Antworttabelle zeigt 94",
        "verloren: Einladung 7",
    ]
    assert tally.summary() == (
        "4 Anfragen, 1 × 5xx, 1 ohne Antwort, 2 veraltet (Antworttabelle 2), "
        "1 verloren, langsamste 3500 ms"
    )
    assert faults.Tally("leer").clean
    assert faults.slowest_ms([], None, None) == 0


def test_the_report_is_one_german_table_row_per_phase():
    stopped = faults.Tally("Redis gestoppt", requests=120, server_errors=3)
    hung = faults.Tally("Redis hängt", requests=80, stale=2, lost=1)

    lines = faults.report([stopped, hung]).splitlines()

    assert lines[0] == (
        "| Phase | Anfragen | 5xx | ohne Antwort | veraltet | verloren "
        "| langsamste (ms) |"
    )
    assert lines[2] == "| Redis gestoppt | 120 | 3 | 0 | 0 | 0 | 0 |"
    assert lines[3] == "| Redis hängt | 80 | 0 | 0 | 2 | 1 | 0 |"


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server")
def test_the_runs_own_redis_restarts_from_its_older_snapshot(tmp_path):
    server = faults.RedisServer(tmp_path / "redis")
    assert server.port != 6379  # never the machine's shared Redis
    server.start()
    try:
        client = server.client()
        client.set("alt", "1")
        server.save()
        client.set("neu", "2")

        server.shutdown_nosave()
        server.start()

        client = server.client()
        assert client.get("alt") == b"1"
        assert client.get("neu") is None
        assert (tmp_path / "redis" / "dump.rdb").exists()
    finally:
        server.stop()
    assert server.process.poll() is not None


def test_the_log_check_finds_a_token_outside_the_mails(tmp_path):
    token = "A" * 43
    links = [f"http://127.0.0.1/einladung/{token}/"]
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "1.log").write_text(links[0])  # the mail: as it must
    (tmp_path / "nginx-access.log").write_text('"GET /einladung/[FILTERED]/ HTTP/1.1"')
    assert scaleout._tokens_in_logs(tmp_path, links) == 0

    (tmp_path / "gunicorn-8781.log").write_text(f"GET /einladung/{token}/")
    assert scaleout._tokens_in_logs(tmp_path, links) == 1


def test_the_run_logs_with_the_samples_masking():
    masking = scaleout._masked_log_format()
    assert masking.startswith("map $request_uri")
    assert "log_format siko" in masking
    assert masking.endswith(";")
