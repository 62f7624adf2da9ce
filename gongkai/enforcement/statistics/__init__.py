"""行政执法统计年报 (国办发〔2018〕118号: last year's overall enforcement data, published by 31 January).

- ``tables``: the figures of one year (``compute``), overall and per 执法处室, their consistency
  checks, the JSON (``as_json``) and the tables shared by the page and the workbook (``tables``);
- ``xlsx``: the tables as a workbook, one sheet per table.

The public page is ``gongkai.enforcement.views_statistics`` (/enforcement/statistics/), the command
``manage.py enforcement_statistics``. Only counts and sums ever leave this package: no name of a
party, no decision number. See docs/enforcement-statistics.md.
"""
