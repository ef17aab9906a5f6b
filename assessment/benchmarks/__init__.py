"""Anonymised benchmarks across organisations.

Records, disclosure-controlled tables, national and analyst views, API resources and
benchmark reports.
"""
