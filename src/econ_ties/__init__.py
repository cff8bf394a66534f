"""econ-ties: curated, sourced bilateral economic figures, validated and drawn.

Data flows one way through the stage folders: `model` (what a claim is) → `io` (reading files and publisher
downloads) → `checks` (cell, row and cross-row checks; loading a Dataset) → `store` (published revisions) →
`services` (which revision is shown, the one publish path, sign-in) → `app` (the Streamlit pages). `present` (views
and charts) and `export` (snapshots) draw a Dataset; `cli` is the command line. `settings`, `caches` and `bundled`
are used by every stage. docs/architecture.md draws the house.
"""
