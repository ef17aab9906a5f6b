"""PDF capability reports: plain data in, a tagged PDF out, rendered outside the web workers.

``keys`` names a report by everything it shows; ``jobs`` queues it and runs the worker;
``pipeline`` gathers the data, exports the charts (``charts``), lays the content out
(``content``) and renders it (``render``) through a fetcher that loads nothing but our
own files (``fetcher``).
"""
