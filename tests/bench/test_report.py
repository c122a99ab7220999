"""The benchmark's report (bench/run.py, without wrk): every page and the
three pages combined in three columns – warm, cold, Redis stopped – against
their targets, with the non-2xx answers; a failed cell says so."""

from bench.run import MODES, own_redis, table

CEILING = {"rps": 6000.0, "mean_ms": 0.2}


def run(rps, *, ms=5.0, non_2xx=0, requests=1000, ceiling=6000.0, queries=0):
    return {
        "rps": rps,
        "ceiling_rps": ceiling,
        "ratio": rps / ceiling,
        "mean_ms": ms,
        "requests": requests,
        "non_2xx": non_2xx,
        "errors": 0,
        "statuses": [500 if non_2xx else 200],
        "failed": bool(non_2xx),
        "queries": queries,
        "bytes": 2048,
    }


def page(name, target, cold_target, **modes):
    return {
        "name": name,
        "label": name.capitalize(),
        "target": target,
        "cold_target": cold_target,
        "modes": modes,
    }


def row(text, label):
    return next(line for line in text.splitlines() if line.startswith(f"| {label}"))


def test_report_has_warm_cold_and_redis_stopped_columns():
    results = [
        page(
            "hub",
            0.1,
            0.027,
            warm=run(660),
            cold=run(180, queries=7),
            down=run(190, queries=8),
        ),
        page("answers", 0.05, 0.012, warm=run(480), cold=run(60), down=run(66)),
        page("agenda", 0.05, None, warm=run(420), cold=run(90), down=run(80)),
        page("minutes", 0.05, 0.010, warm=run(330), cold=run(66), down=run(70)),
    ]

    text, missed = table(results, CEILING, "Kopf")

    header = text.splitlines()[2]
    for label in ("warm × Decke", "kalt × Decke", "Redis aus × Decke"):
        assert label in header
    assert "nicht 2xx (warm / kalt / Redis aus)" in header
    hub = row(text, "Hub")
    assert "| 0.110 | ≥ 0.1 erreicht | 0.030 | ≥ 0.027 erreicht | 0.032 |" in hub
    assert "≥ 0.030 (kalt) erreicht" in hub
    assert "| 0 / 7 / 8 |" in hub  # SQL per column
    combined = row(text, "Antworten + Tagesordnung + Protokoll zusammen")
    cells = [cell.strip() for cell in combined.split("|")[2:8]]
    assert cells[0] == "0.0222"  # 1/(1/0.08 + 1/0.07 + 1/0.055)
    assert cells[1] == "≥ 0.03 **verfehlt**"
    assert cells[2] == "0.0039"  # cold
    assert cells[3] == "≥ 0.0135 **verfehlt**"
    assert cells[4] == "0.0040"  # Redis stopped: at least the cold figure
    assert cells[5] == "≥ 0.0039 (kalt) erreicht"
    agenda = row(text, "Agenda")
    assert "| 0.013 | ≥ 0.015 (kalt) **verfehlt** |" in agenda
    # combined warm and cold, answers cold, agenda with Redis stopped
    assert missed == 4


def test_a_failed_redis_stopped_cell_is_marked_with_its_non_2xx_count():
    results = [
        page(
            "answers",
            0.05,
            0.012,
            warm=run(480),
            cold=run(180),
            down=run(900, non_2xx=2700, requests=2703),
        ),
        page("agenda", 0.05, None, warm=run(420), cold=run(90), down=run(90)),
        page("minutes", 0.05, 0.010, warm=run(330), cold=run(66), down=run(70)),
    ]

    text, _ = table(results, CEILING, "Kopf")

    answers = row(text, "Answers")
    assert "| **fehlgeschlagen** | ≥ 0.030 (kalt) **verfehlt** |" in answers
    assert "| 0 / 0 / **2700 von 2703** |" in answers
    assert "| 5.0 / 5.0 / – |" in answers  # no latency of an error page
    combined = row(text, "Antworten + Tagesordnung + Protokoll zusammen")
    assert "| **fehlgeschlagen** | ≥ 0.0052 (kalt) **verfehlt** |" in combined


def test_a_mode_not_measured_shows_a_dash():
    results = [page("floor", 0.4, None, warm=run(1200))]

    text, missed = table(results, CEILING, "Kopf")

    floor = row(text, "Floor")
    assert "| 0.200 | ≥ 0.4 **verfehlt** | – | – | – | – |" in floor
    assert missed == 1
    assert list(MODES.values()) == ["warm", "kalt", "Redis aus"]


def test_own_redis_is_never_the_shared_one():
    server = own_redis()
    assert server.port != 6379
    assert server.url == f"redis://127.0.0.1:{server.port}/0"
    assert "--maxmemory" in server.options
