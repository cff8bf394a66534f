"""What a view is: its parameters (`ParamSpec`), how raw values become valid ones (`ViewSpec.resolve`), and the labels
every view shows its parameters with.

A `ViewSpec` lists its parameters as `ParamSpec`s (default, the allowed choices for a dataset, help text), turns raw
values — from a URL query string, a widget or the `econ-ties snapshot VIEW --param value` command — into valid ones
with `resolve` (unknown or hostile values fall back to the default with a notice, never an exception), and builds its
figures with `figures`. Each view module (`overview`, `partners`, …) defines one `VIEW` over this base.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.language import _
from econ_ties.model.periods import parse_period
from econ_ties.model.schema import INDICATOR_LABELS, SECTOR_LABELS, Indicator
from econ_ties.present.views.memo import memoised

MAX_TEXT_PARAM = 100
ALL = "all"
#: Defaults that name an end of the choices rather than a value: the first and the last allowed (a year range).
FIRST, LAST = "first", "last"

Choices = Callable[..., list[str]]


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a view. `choices(dataset, chosen)` lists the allowed values given the ones chosen before it;
    a free-text parameter (the table search) has no list and accepts short printable text instead.

    `widget` says how a page draws it: a `select` box; a `multiselect`, whose value is several choices joined with
    commas or `all`; or a `range` slider, which sets this parameter and the next one (its end) together. A default of
    FIRST or LAST means the first or the last of the allowed values."""

    default: str
    choices: Choices
    help: str
    label: str = ""
    display: Callable[[str], str] = str
    free_text: bool = False
    widget: Literal["select", "multiselect", "range", "range_end"] = "select"


@dataclass(frozen=True)
class ViewSpec:
    name: str
    title: str
    params: dict[str, ParamSpec]
    build: Callable[[Dataset, dict[str, str]], list[go.Figure]]
    description: str = ""
    icon: str = ""

    def resolve(self, dataset: Dataset, raw: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
        """Valid parameters from raw values; anything unknown or malformed becomes the default, with a notice."""
        chosen: dict[str, str] = {}
        notices: list[str] = []
        for name, spec in self.params.items():
            value = raw.get(name)
            if isinstance(value, (list, tuple)):
                value = value[-1] if value else None
            label = _(spec.label) if spec.label else name
            if spec.free_text:
                text, ok = clean_text(value)
                if not ok:
                    notices.append(
                        _("The {label} in the link could not be used (it must be at most {limit} plain characters); it was cleared.").format(
                            label=label, limit=MAX_TEXT_PARAM
                        )
                    )
                chosen[name] = text
                continue
            options = self.choices(dataset, name, chosen)
            if spec.widget == "multiselect":
                chosen[name], unknown = several(value, options)
                if unknown:
                    notices.append(_("{value} is not a {label} this view knows; it was left out.").format(value=shown(unknown), label=label))
                continue
            fallback = default_choice(spec.default, options)
            if value is None or str(value) == "":
                chosen[name] = fallback
            elif str(value) in options:
                chosen[name] = str(value)
            else:
                chosen[name] = fallback
                notices.append(
                    _("{value} is not a {label} this view knows; showing {default} instead.").format(
                        value=shown(value), label=label, default=spec.display(fallback)
                    )
                )
        return chosen, notices

    def choices(self, dataset: Dataset, name: str, chosen: Mapping[str, str] | None = None) -> list[str]:
        """The allowed values of one parameter given those chosen before it (memoised per dataset: reruns are cheap)."""
        before = tuple((k, v) for k, v in (chosen or {}).items() if k in self.params and list(self.params).index(k) < list(self.params).index(name))
        return list(memoised(dataset, f"choices:{self.name}:{name}:{before!r}", lambda: self.params[name].choices(dataset, dict(before))))

    def figures(self, dataset: Dataset, params: Mapping[str, Any]) -> list[go.Figure]:
        resolved, _notices = self.resolve(dataset, params)
        return self.build(dataset, resolved)


def default_choice(default: str, options: list[str]) -> str:
    """The default if it is allowed, the first or last allowed value for FIRST or LAST, else the first allowed."""
    if default in options or not options:
        return default
    return options[-1] if default == LAST else options[0]


def several(value: Any, options: list[str]) -> tuple[str, str]:
    """A multiselect's value from a URL: the known choices among comma-separated ones, in the order of `options`, or
    ALL when none or every one is chosen; and the unknown parts, joined, for a notice ("" when there are none)."""
    parts = [part.strip() for part in ("" if value is None else str(value)).split(",") if part.strip()]
    unknown = [part for part in parts if part != ALL and part not in options]
    known = [option for option in options if option in parts]
    if ALL in parts or not known or len(known) == len(options):
        return ALL, ",".join(unknown)
    return ",".join(known), ",".join(unknown)


def shown(value: Any) -> str:
    """A value from a URL as it may be quoted back to the user: printable, short, in a code span."""
    text = re.sub(r"[^A-Za-z0-9 _.:/+-]", "?", str(value))[:40]
    return f"`{text}{'…' if len(str(value)) > 40 else ''}`"


def clean_text(value: Any) -> tuple[str, bool]:
    """Free text from a URL: at most MAX_TEXT_PARAM printable characters, else cleared (False)."""
    if value is None:
        return "", True
    text = str(value)
    if len(text) > MAX_TEXT_PARAM or any(not ch.isprintable() for ch in text):
        return "", False
    return text.strip(), True


def period_label(period: str) -> str:
    """ "as of 2022-02" → "as of Feb 2022"; text that is not a period is shown as it is."""
    try:
        return parse_period(period).label
    except ValueError:
        return period


def indicator_label(indicator: str) -> str:
    return _(INDICATOR_LABELS[Indicator(indicator)]) if indicator in Indicator._value2member_map_ else indicator


def sector_label(sector: str) -> str:
    return _("All sectors") if sector == ALL else _(SECTOR_LABELS[sector]) if sector in SECTOR_LABELS else sector
