"""Activity reports (003 Đ4.6, Đ14.3): what the portal published and how the chain worked,
read from git history and the content, never from a hand-kept counter."""
