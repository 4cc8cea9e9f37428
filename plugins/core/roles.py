"""The roles of the approval chain, named once for every file that refers to them.

roster.yaml gives people these roles, workflow.yaml says which of them approve into each
stage, and reports.yaml which of them grade items for royalties: three schemas, one vocabulary.
It lives in a module of its own so that the schema of a file beside config_schemas.py (the
reports) can name the roles without importing config_schemas.py, which imports it back.
"""

from __future__ import annotations

ROLES = ("author", "unit_head", "board_member", "deputy_chief", "chief", "director",
         "publisher", "admin")
APPROVER_ROLES = ("unit_head", "board_member", "deputy_chief", "chief", "director")
AGENCY_WIDE_ROLES = ("deputy_chief", "chief", "director")  # no unit or category limits them
