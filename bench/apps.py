from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark: installed only by bench/settings.py, never in production."""

    name = "bench"
    verbose_name = "Benchmark"
