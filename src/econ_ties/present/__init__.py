"""Presenting a Dataset: the views (what each page shows and which parameters it takes) and the plotly charts they draw."""
