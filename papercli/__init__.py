"""papers: an archive and search tool for Korean AI-paper digests."""

__version__ = "1.0.0"
