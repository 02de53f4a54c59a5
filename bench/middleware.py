"""A response header with the request's SQL query count, for the benchmark runner.

Installed only when the BENCH_QUERY_COUNT setting is on (the environment variable
of the same name): production never pays for it. Counts through an execute
wrapper, so it works with DEBUG off.
"""

from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
