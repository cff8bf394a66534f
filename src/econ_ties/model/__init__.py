"""The claim model: the pydantic schema of claims, sources and events, periods, countries, problems and how values read as text. Imports nothing else of econ_ties."""
