"""The approval workflow judged from git alone: stage branches, approval merges, their rules."""
