"""Exporting a chart as an image: layout with title and source, the Chromium renderer, file metadata, citations and links."""
