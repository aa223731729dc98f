"""The overleg's pack (PDF) and the dashboard (HTML): the same data, read by
executing the service's own GraphQL queries as the reader's principal, so the
visibility rules (row-level security, authorization) are exactly the API's.

* :mod:`service.report.data`: the queries and the :class:`Pack` they fill
* :mod:`service.report.charts`: the charts as SVG (vector), deterministic
* :mod:`service.report.pdf`: the PDF (fpdf2; SVG drawn as vector paths)
* :mod:`service.report.dashboard`: ``/dashboard`` (server-rendered fragments)
* :mod:`service.report.http`, :mod:`service.report.cli`: the download and
  ``voortgang rapport overleg``
"""
