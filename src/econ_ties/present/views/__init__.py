"""The dashboard's views as data: the registry of every view, by the name that is its URL path.

`VIEWS` maps a view name (overview, partners, investment, over-time, timeline, data) to the `ViewSpec` its module
defines: what it shows, which parameters it takes (`base.ParamSpec`) and how it picks its claims and builds its
figures. The pages, the URL state and the `econ-ties snapshot` command share this registry; nothing here imports
Streamlit. One module per view over a small base, as Datasette cuts `datasette/views/`:

- `base`: `ViewSpec`, `ParamSpec`, parameter cleaning and the labels views show;
- `memo`: the per-dataset memo (the named cache `views`); `frames`: the frames every view starts from;
- `choices`: choices several views share;
- `overview`, `partners`, `investment`, `over_time`, `timeline`, `table`: one view each;
- `clicks`: what a click on a chart leads to (it reads this registry, so it is imported from its own module).

To add a view: write its module with a `VIEW = ViewSpec(...)` and list it below.
"""

from __future__ import annotations

from econ_ties.present.views import investment, over_time, overview, partners, table, timeline
from econ_ties.present.views.base import ParamSpec, ViewSpec

__all__ = ["DEFAULT_VIEW", "VIEWS", "ParamSpec", "ViewSpec"]

VIEWS: dict[str, ViewSpec] = {spec.name: spec for spec in (overview.VIEW, partners.VIEW, investment.VIEW, over_time.VIEW, timeline.VIEW, table.VIEW)}
DEFAULT_VIEW = "overview"
