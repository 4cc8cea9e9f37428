"""News and events (tin tức - sự kiện): dated, authored, with a summary for listings."""

from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields

SCHEMA = SectionSchema("news", common_fields(summary_required=True, collected=True))
