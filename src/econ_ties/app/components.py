"""Pieces every page uses: a chart with its provenance, and a view's controls kept in the URL query string.

`show_chart` draws a figure with the source line, notes (bounds, conflicts) and the one-sentence text alternative from
its `layout.meta`, with the source links one click away; a list of the chart's points in words opens the same claim
box by keyboard as a click on a bar does. `view_controls` draws a view's parameters as widgets whose
first values come from the URL (unknown or hostile values fall back to defaults with a notice) and writes the chosen
values back to the URL, so a copied link reopens the same view.

Every text from the data or a user that reaches Streamlit markdown (bodies, captions, `help=` tooltips, message boxes,
button and link labels) goes through `escape_markdown` (`econ_ties.model.inert_text`), the app's one rule for it; our
own words may use markdown. tests/app/test_hostile_text.py draws every page with a hostile dataset to hold this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from econ_ties.checks.dataset import Dataset
from econ_ties.language import N_, _
from econ_ties.model.inert_text import escape_markdown
from econ_ties.present.views import VIEWS, ViewSpec
from econ_ties.present.views.base import ALL
from econ_ties.present.views.clicks import claims_behind, events_behind, point_choices
from econ_ties.store.revisions import Revision

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
# A source's address becomes a link only when it is one plain http(s) address: no space, line break, angle bracket or
# backslash that could end the link's <destination> early and start markdown of the data's own.
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[^\s<>\\]+")


def source_link(url: str, label: str | None = None) -> str:
    """A markdown link to a source's web address, or "" when it is not one plain http(s) address."""
    label = _("source") if label is None else label
    return f"[{escape_markdown(label)}](<{url}>)" if _PLAIN_WEB_ADDRESS.fullmatch(url) else ""


def source_links(urls: list[str]) -> str:
    return " · ".join(link for i, url in enumerate(urls) if (link := source_link(url, _("source {number}").format(number=i + 1))))


def show_chart(fig: go.Figure, *, key: str, view: str, params: Mapping[str, Any], dataset: Dataset | None = None, revision: Revision | None = None) -> None:
    """Draw one chart with its source line, notes, links and text alternative (all from `fig.layout.meta`).

    `dataset` and `revision` are what the page drew the chart from (`app.data.shown_published`); the snapshot panel
    under the chart names that revision without asking the store again.
    """
    meta = dict(fig.layout.meta or {})
    # A click on a bar or dot selects it; the claim it names (its `customdata`) is shown under the chart.
    fresh = key not in st.session_state
    event = st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch", on_select="rerun", selection_mode="points")
    clicked = linked_claim(fig, clicked_claims(event), fresh=fresh)
    if dataset is not None:
        clicked = list(dict.fromkeys([*picked_point(fig, dataset, key=key), *clicked]))
    if clicked and dataset is not None:
        show_claims_behind(dataset, view, clicked, shown=params, key=key)
    lines = [escape_markdown(meta.get("source_line", ""))]
    links = source_links(list(meta.get("source_urls", [])))
    if links:
        lines.append(links)
    st.caption("  \n".join(line for line in lines if line))
    for note in meta.get("notes", []):
        st.caption(_("Note: {note}").format(note=escape_markdown(note)))
    st.caption(_("Chart description: {description}").format(description=escape_markdown(meta.get("alt_text", ""))))
    from econ_ties.app import snapshot_panel

    snapshot_panel.render(fig, view=view, params=params, key=key, dataset=dataset, revision=revision)


def clicked_claims(event: Any) -> list[str]:
    """What the points selected in a chart name (`st.plotly_chart(..., on_select=...)`'s state): claim ids, and
    "event:<id>" for the Timeline's events."""
    points = ((event or {}).get("selection") or {}).get("points") or []
    ids = []
    for point in points:
        data = point.get("customdata")
        data = data[0] if isinstance(data, list) and data else data
        if isinstance(data, str) and data:
            ids.append(data)
    return ids


POINT_LIST_LABEL = N_("Show where a figure in this chart comes from")


def drawn_marks(fig: go.Figure) -> list[str]:
    """What the chart's points name (their `customdata`): claim ids, and "event:<id>" for the Timeline's events."""
    return [str(m) for trace in fig.data for m in (trace.customdata if trace.customdata is not None else ()) if isinstance(m, str) and m]


def picked_point(fig: go.Figure, dataset: Dataset, *, key: str) -> list[str]:
    """A list of the chart's bars, dots and events in words: the keyboard's way (Tab, arrows, Enter) to the box that a
    click on the chart opens. Returns the picked point's claim id (or "event:<id>"), or nothing."""
    choices = point_choices(dataset, drawn_marks(fig))
    if not choices:
        return []
    # Option texts are plain text in the browser (never markdown), so the data's own words are shown as they are.
    picked = st.selectbox(
        _(POINT_LIST_LABEL), list(choices), index=None, format_func=lambda mark: choices.get(mark, mark), key=f"{key}.point",
        placeholder=_("Choose a bar, dot or event…"),
    )  # fmt: skip
    return [picked] if picked in choices else []


#: The query parameter that names the clicked claim, so that a copied address reopens the view with its box shown.
CLAIM_PARAM = "claim"


def linked_claim(fig: go.Figure, clicked: list[str], *, fresh: bool) -> list[str]:
    """What to show under `fig`: the clicked points (their first claim goes into the address), else, on the chart's
    first drawing, the claim the address names if this chart draws it. Once the reader has cleared the selection or
    changed the view, the address no longer names this chart's claim."""
    named = str(st.query_params.get(CLAIM_PARAM) or "")
    if clicked:
        if named != clicked[0]:
            st.query_params[CLAIM_PARAM] = clicked[0]
        return clicked
    if not named or named not in set(drawn_marks(fig)):
        return []
    if fresh:
        return [named]
    del st.query_params[CLAIM_PARAM]
    return []


#: The view pages by name, as the navigation built them on this run (`pages.view_pages`), for links between views.
VIEW_PAGES: dict[str, Any] = {}


def _follow_here(view: str, params: Mapping[str, str]) -> None:
    """A link to the view on screen: set its widgets (the URL follows them), instead of reloading the page."""
    for name, value in params.items():
        st.session_state[_widget_key(view, name)] = value


def show_claims_behind(
    dataset: Dataset,
    view: str,
    claim_ids: list[str],
    *,
    shown: Mapping[str, Any] | None = None,
    key: str = "",
    uploaded_lines: Mapping[str, int] | None = None,
) -> None:
    """Under a chart, the claims behind the clicked points: figure, quote, who said it and when, the source link, and
    where to look next (links keep the revision shown). In an upload's preview (`uploaded_lines`: claim id → line of
    the file) a claim from the file says which line it is, and there are no links: the views show published data."""
    keep = {"rev": st.query_params["rev"]} if "rev" in st.query_params else {}
    with st.container(border=True):
        for event in events_behind(dataset, claim_ids):
            source = f" · {anchor}" if (anchor := source_link(event.url, event.source_title or None)) else ""
            st.markdown(f"**{escape_markdown(event.date)}: {escape_markdown(event.title)}**")
            if event.description:
                st.markdown(escape_markdown(event.description))
            st.caption(
                _("Parties: {parties} · {attribution}{source} · event {event}").format(
                    parties=escape_markdown(event.parties), attribution=escape_markdown(event.attribution), source=source, event=escape_markdown(event.event_id)
                )
            )
        for card, links in claims_behind(dataset, view, claim_ids, {k: str(v) for k, v in (shown or {}).items()}):
            source = f" · {anchor}" if (anchor := source_link(card.url, card.source_title or None)) else ""
            where = ""
            if uploaded_lines is not None:
                line = uploaded_lines.get(card.claim_id)
                where = " · " + (_("line {line} of the uploaded file").format(line=line) if line is not None else _("published, not from the file"))
                links = []
            st.markdown(
                f"**{escape_markdown(card.label)}: {escape_markdown(card.value)}** · {escape_markdown(card.period)} · {escape_markdown(card.qualifier)}"
            )
            st.markdown(f"> “{escape_markdown(card.quote)}”")
            if card.quote_en:
                st.markdown(_("English translation (ours): “{quote}”").format(quote=escape_markdown(card.quote_en)))
            st.caption(
                _("Reported by the {side} side · {attribution}{source} · claim {claim}").format(
                    side=escape_markdown(card.side), attribution=escape_markdown(card.attribution), source=source, claim=escape_markdown(card.claim_id)
                )
                + where
            )
            for number, link in enumerate(links):
                page = VIEW_PAGES.get(link.view)
                if link.view == view:
                    st.button(
                        escape_markdown(link.label),
                        key=f"{key}.follow.{card.claim_id}.{number}",
                        icon=":material/filter_alt:",
                        on_click=_follow_here,
                        args=(view, link.params),
                    )
                elif page is not None:
                    st.page_link(page, label=escape_markdown(link.label), icon=":material/arrow_forward:", query_params={**link.params, **keep})
        st.caption(
            _("Click another bar, dot or event, or choose one from the list above, to see what is behind it; double-click the chart to clear the selection.")
        )


def show_notices(notices: list[str]) -> None:
    for notice in notices:
        st.warning(notice, icon=":material/info:")


def _shown_label(label: str, name: str) -> str:
    # A parameter's label and help are the view's constants in English (`N_`), translated where the widget is drawn.
    return _(label).capitalize() if label else name


def _shown_help(help_text: str | None) -> str | None:
    return _(help_text) if help_text else help_text


def _widget_key(view: str, name: str, prefix: str = "") -> str:
    return f"{prefix}{view}.{name}"


def _url_params(spec: ViewSpec) -> dict[str, str]:
    return {name: st.query_params[name] for name in spec.params if name in st.query_params}


def view_controls(spec: ViewSpec, dataset: Dataset, *, columns: int = 4, first: Mapping[str, str] | None = None, key_prefix: str = "") -> dict[str, str]:
    """Draw the view's parameters as widgets; return the chosen values and keep them in the URL query string.

    The first time a widget appears its value comes from the URL (resolved, with notices for bad values); after that
    the widget holds the state and the URL follows it. With `first`, the widgets start from those values instead and
    the URL is left alone (a view drawn inside another page, such as the upload preview; `key_prefix` keeps its
    widgets apart from the view's own).
    """
    in_url = first is None
    from_url, notices = spec.resolve(dataset, _url_params(spec) if first is None else first)
    fresh = not any(_widget_key(spec.name, name, key_prefix) in st.session_state for name in spec.params)
    if fresh:
        show_notices(notices)
    chosen: dict[str, str] = {}
    if spec.params:
        slots = st.columns(min(columns, len(spec.params)))
        for i, (name, param) in enumerate(spec.params.items()):
            key = _widget_key(spec.name, name, key_prefix)
            with slots[i % len(slots)]:
                if param.free_text:
                    if key not in st.session_state:
                        st.session_state[key] = from_url[name]
                    text = st.text_input(_shown_label(param.label, name), key=key, help=_shown_help(param.help), max_chars=100)
                    chosen[name] = spec.resolve(dataset, {**chosen, name: text})[0][name] if text else ""
                    continue
                if param.widget == "range_end":
                    continue  # drawn by the slider of the range it ends
                if param.widget == "range":
                    chosen.update(_range_slider(spec, dataset, name, key, from_url, chosen))
                    continue
                if param.widget == "multiselect":
                    chosen[name] = _multiselect(spec, dataset, name, key, from_url[name])
                    continue
                options = spec.choices(dataset, name, chosen)
                current = st.session_state.get(key, from_url[name])
                if current not in options:
                    current = from_url[name] if from_url[name] in options else (param.default if param.default in options else (options[0] if options else ""))
                st.session_state[key] = current
                if options:
                    chosen[name] = st.selectbox(_shown_label(param.label, name), options, key=key, format_func=param.display, help=_shown_help(param.help))
                else:
                    chosen[name] = current
    resolved, _notices = spec.resolve(dataset, chosen)
    if in_url:
        sync_url(spec, resolved, first_run=fresh)
    return resolved


def _range_slider(spec: ViewSpec, dataset: Dataset, name: str, key: str, from_url: Mapping[str, str], chosen: Mapping[str, str]) -> dict[str, str]:
    """One slider for a range parameter and the parameter after it (its end): both values, as the view names them."""
    names = list(spec.params)
    end = names[names.index(name) + 1]
    param = spec.params[name]
    options = spec.choices(dataset, name, chosen)
    if len(options) < 2:
        return {name: from_url[name], end: from_url[end]}
    current = st.session_state.get(key)
    if not (isinstance(current, (list, tuple)) and len(current) == 2 and all(v in options for v in current)):
        current = (from_url[name], from_url[end]) if {from_url[name], from_url[end]} <= set(options) else (options[0], options[-1])
        st.session_state.pop(key, None)
    # The value is passed (not set in the session state) so that the slider is a range from its first drawing on.
    picked = st.select_slider(_shown_label(param.label, name), options, value=(current[0], current[1]), key=key, help=_shown_help(param.help))
    low, high = picked if isinstance(picked, tuple) else (picked, picked)
    return {name: str(low), end: str(high)}


def _multiselect(spec: ViewSpec, dataset: Dataset, name: str, key: str, from_url: str) -> str:
    """A multiselect for a parameter of several values: none chosen means all of them."""
    param = spec.params[name]
    options = spec.choices(dataset, name)
    current = st.session_state.get(key, [] if from_url == ALL else from_url.split(","))
    st.session_state[key] = [v for v in current if v in options]
    picked = st.multiselect(_shown_label(param.label, name), options, key=key, format_func=param.display, help=_shown_help(param.help), placeholder=_("All"))
    return ",".join(picked) if picked else ALL


def sync_url(spec: ViewSpec, params: Mapping[str, str], *, first_run: bool = True) -> None:
    """Write the view's parameters to the query string; keep keys no view owns (such as a revision), drop stale ones.
    A clicked claim's name goes when the reader changes the view's parameters (not on the view's `first_run`, which
    only fills in defaults): the charts it was drawn in are gone."""
    view_keys = {name for other in VIEWS.values() for name in other.params}
    present = {k: st.query_params[k] for k in st.query_params}
    wanted = {k: v for k, v in present.items() if k not in view_keys}
    wanted.update({k: v for k, v in params.items() if v != ""})
    if not first_run and any(present.get(k) != v for k, v in wanted.items() if k in view_keys):
        wanted.pop(CLAIM_PARAM, None)
    if present != wanted:
        st.query_params.from_dict(wanted)
