"""Settings of the public build: absolute URLs, feeds, no drafts.

`portal build --publish` uses this file; everything else comes from pelicanconf.py.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403
from pelicanconf import _agency
from plugins.portal_site.settings import language_settings

PUBLISH = True
SITEURL = _agency.site["url"]
FEED_DOMAIN = SITEURL
globals().update(language_settings(_agency, "vi", publish=PUBLISH))
