"""Locust load for one page (bench/run.py starts it once per page).

Environment: BENCH_PATH (the page), BENCH_USER/BENCH_PASSWORD (staff login;
empty for pages without login), BENCH_QUERIES_FILE (where the SQL query counts
reported by the app in X-SiKo-Queries are written at the end).
"""

import json
import os
import re

from locust import HttpUser, constant, events, task

PATH = os.environ["BENCH_PATH"]
OPEN = os.environ.get("BENCH_OPEN", "")  # e.g. a partner link, opened first
USER = os.environ.get("BENCH_USER", "")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
QUERIES = []


class Visitor(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        if OPEN:
            self.client.get(OPEN, name="open")
        if not USER:
            return
        page = self.client.get("/anmelden/", name="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        response = self.client.post(
            "/anmelden/",
            {
                "username": USER,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/anmelden/"},
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"Login failed for {USER}: {response.status_code}")

    @task
    def page(self):
        with self.client.get(PATH, name="page", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif "X-SiKo-Queries" in response.headers:
                QUERIES.append(int(response.headers["X-SiKo-Queries"]))


@events.test_stop.add_listener
def _write_queries(environment, **kwargs):
    path = os.environ.get("BENCH_QUERIES_FILE")
    if path:
        with open(path, "w") as f:
            json.dump(sorted(set(QUERIES)), f)
