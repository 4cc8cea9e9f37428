"""Pelican plugins of the portal and the plain rule modules they share with `portal`."""
