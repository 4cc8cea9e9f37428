"""The internal area of a preview build (`noi-bo/`): pages for editors and inspectors that a
public build never writes. Their addresses and what they share live here, so the deadline
dashboard (plugins/portal_deadlines) and the compliance page (compliance.py) link to each other
and read one deadline table, computed once per build; the activity report (report.py) sits
beside them.
"""

INTERNAL_AREA = "noi-bo/"
DASHBOARD_PATH = f"{INTERNAL_AREA}han-xu-ly/"
COMPLIANCE_PATH = f"{INTERNAL_AREA}tuan-thu/"
REPORT_PATH = f"{INTERNAL_AREA}bao-cao/"
# Key of the generators' shared context: the deadline table (plugins/core/deadlines.py) of the
# source-language run, set by the dashboard's generator before any page is written.
DEADLINE_TABLE = "PORTAL_DEADLINE_TABLE"
