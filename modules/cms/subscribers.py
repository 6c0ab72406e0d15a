"""What cms does when other modules speak (docs/events.md). Each area keeps its handlers
in a file of its own under services/; importing it here registers them."""

from modules.cms.services import pages_events  # noqa: F401  pages: a new shop's default pages
