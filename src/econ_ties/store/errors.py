"""What a store operation a user asked for can fail with: each error's message says why, for the page or the terminal."""

from __future__ import annotations


class StoreError(Exception):
    """A store operation a user asked for cannot be done; the message says why."""


class UnknownRevision(StoreError):
    pass


class StalePublish(StoreError):
    """The publish started from an older revision and changes what a newer one changed too."""

    def __init__(self, message: str, *, parent: int | None, latest: int, overlap: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.parent, self.latest, self.overlap = parent, latest, overlap


class NothingToPublish(StoreError):
    """The publish would make a revision equal to the latest: no claim, source or event added, changed or removed."""


class DamagedRevision(StoreError):
    """A revision's stored claims are missing or cannot be read (`check` says which chunk)."""


class NotAStore(StoreError):
    """The database at the store's URL exists but is not an econ-ties store (an empty or truncated file, another
    program's database); it is left as it is, never replaced (`store.opening`)."""
