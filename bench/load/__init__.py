"""A real-server harness: gunicorn on a loopback port, respondents over HTTP.

Used by bench/bench_load.py and by the fault tests (tests/functional/test_faults.py).
Traffic goes only to 127.0.0.1; every loop is bounded in count and time.
"""
