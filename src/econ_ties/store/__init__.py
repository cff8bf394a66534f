"""Published revisions: immutable, content-hashed revisions of a Dataset in SQLite or PostgreSQL, with an audit log.

`revisions` holds the `Store`; `tables` its tables, `codec` how a dataset is stored, `rows` how a revision's rows are
read and written, `changes` diffs and merges, `engine` the database and its transactions, `audit` the audit log,
`integrity` `store check`, `opening` creating a new store or refusing what is not one, `migrations` the upgrades of stores written by earlier versions, `errors` what can go wrong.
"""

from econ_ties.store.errors import NotAStore, StalePublish, StoreError, UnknownRevision
from econ_ties.store.revisions import PublishOutcome, Revision, Store

__all__ = ["NotAStore", "PublishOutcome", "Revision", "StalePublish", "Store", "StoreError", "UnknownRevision"]
