"""The `portal` command and the git side of the portal (stages, approvals, publishing)."""
