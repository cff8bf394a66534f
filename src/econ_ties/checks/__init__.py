"""Checking data: cell and row checks, cross-row rules, loading a folder into a Dataset, validating an upload and previewing what it would change."""
