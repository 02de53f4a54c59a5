from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark tooling: the realistic seeder, the runner and its query-count header."""

    name = "bench"
    verbose_name = "Benchmark"
