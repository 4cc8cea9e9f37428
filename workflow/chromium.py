"""How the project starts a browser: Debian's Chromium, headless, for the tests in a real
browser and the page-weight benchmark (`bench weight`). Browsers that download themselves
(`playwright install`) cannot work here; `make test` installs the Debian package."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
