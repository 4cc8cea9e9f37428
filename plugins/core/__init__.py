"""Rules and content model shared by the Pelican plugins and the `portal` command.

Nothing here imports Pelican or git, so `portal check` can apply the same rules as the
build without paying for either.
"""
