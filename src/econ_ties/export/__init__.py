"""Exporting a chart as an image, one module per step: `provenance` (what the figure says about itself, the dataset
stamp, the one export error) under `layout` (title, source line and footer around the chart), `renderer` (the warm
Chromium) and `metadata` (provenance inside PNG, SVG and PDF files), all tied by `snapshot.render_snapshot`;
`citation` (sentence, permalink, embed snippet) stands beside them for what goes next to the download."""
