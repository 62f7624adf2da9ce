"""政府信息公开工作年度报告 (条例第四十九条、第五十条; format 国办公开办函〔2021〕30号), from data.

- ``tables``: the figures (``compute``), the consistency checks, the JSON of every cell;
- ``layout``: the three tables as grids with their merged cells, shared by every output;
- ``docx`` / ``xlsx``: the whole report as a Word document and as a workbook (bytes);
- ``page``: publishing as a reviewed disclosure item, and freezing the figures at publication;
- ``views``: the public page of the tables, /foi/annual-report/<year>/.

See docs/annual-report.md.
"""

SUBMIT_ACTION = "foi.annual_report_submit"
FREEZE_ACTION = "foi.annual_report_freeze"
# Audit-log labels, for the ``register_log_actions`` hook (kept here: importing it loads nothing heavy).
REPORT_ACTIONS = {SUBMIT_ACTION: "提交年度报告审核", FREEZE_ACTION: "年度报告发布，数据冻结"}
