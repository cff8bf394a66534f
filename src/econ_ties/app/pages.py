"""One page function per view, for `st.navigation` in dashboard.py. Each reads its controls and the URL, asks the
views registry for figures and draws them; nothing here decides what a number is or where it comes from."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from econ_ties.app.components import VIEW_PAGES, escape_markdown, show_chart, show_notices, source_link, view_controls
from econ_ties.app.data import published_dataset, shown_language, shown_published, view_figures
from econ_ties.checks.dataset import Dataset
from econ_ties.language import _, n_, using
from econ_ties.model.csv_safety import frame_to_csv
from econ_ties.model.formatting import format_number
from econ_ties.present.views import DEFAULT_VIEW, VIEWS
from econ_ties.present.views.base import shown
from econ_ties.present.views.overview import StatedFigure, headlines, overview_summary
from econ_ties.present.views.table import TABLE_COLUMNS, claims_table, filter_claims_table, table_for_download
from econ_ties.store.revisions import Revision


def _header(name: str) -> None:
    spec = VIEWS[name]
    st.title(_(spec.title))
    if spec.description:
        st.caption(_(spec.description))


def _draw(name: str, params: dict[str, str], dataset: Dataset, revision: Revision) -> None:
    for i, fig in enumerate(view_figures(name, params, dataset)):
        show_chart(fig, key=f"{name}-chart-{i}", view=name, params=params, dataset=dataset, revision=revision)


def chart_page(name: str) -> None:
    """A view that is controls plus charts (partners, investment, over time, timeline)."""
    _header(name)
    _view_body(name, *shown_published())


@st.fragment
def _view_body(name: str, dataset: Dataset, revision: Revision) -> None:
    # A fragment: changing a control (or opening a snapshot panel) reruns only the controls and charts, not the
    # navigation and revision lines; it draws the revision the page run resolved, without asking the store again.
    # A fragment's rerun starts without the page run's context: it settles the language again.
    with using(shown_language()):
        params = view_controls(VIEWS[name], dataset)
        _draw(name, params, dataset, revision)


#: Over time shows every statement of the pair, the seed figures of February 2022 among them.
OVER_TIME_PARAMS = {"reporter": "AZE", "partner": "RUS", "indicator": "trade_turnover"}


def quote_help(figure: StatedFigure) -> str:
    """A figure's quote as its tooltip: the words as stated, and beside them our English translation, marked as such."""
    text = f"“{escape_markdown(figure.quote)}”"
    if figure.quote_en:
        text += "\n\n" + _("English translation (ours): “{quote}”").format(quote=escape_markdown(figure.quote_en))
    return text


#: The Overview's tiles; their labels and figures wrap onto a second line rather than end in "…" (Streamlit cuts a
#: metric's label and figure to one line): an Azerbaijani or Russian label is half as long again as the English one.
TILES_KEY = "overview-tiles"
TILES_WRAP = f"""<style>
.st-key-{TILES_KEY} [data-testid="stMetricLabel"], .st-key-{TILES_KEY} [data-testid="stMetricLabel"] *,
.st-key-{TILES_KEY} [data-testid="stMetricValue"], .st-key-{TILES_KEY} [data-testid="stMetricValue"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; overflow-wrap: break-word;
}}
</style>"""


def overview_page() -> None:
    dataset, revision = shown_published()
    _header("overview")
    view_controls(VIEWS["overview"], dataset)
    found, missing = headlines(dataset)
    show_notices(missing)
    keep = {"rev": st.query_params["rev"]} if "rev" in st.query_params else {}  # a chosen revision stays chosen
    per_row = 3
    st.html(TILES_WRAP)
    tiles = st.container(key=TILES_KEY)
    for start in range(0, len(found), per_row):
        for column, headline in zip(tiles.columns(per_row), found[start : start + per_row], strict=False):
            with column:
                st.metric(headline.label, headline.value, help=quote_help(headline))
                link = f" · {source}" if (source := source_link(headline.url)) else ""
                stated = f", {escape_markdown(headline.stated_on)}" if headline.stated_on and headline.stated_on not in headline.attribution else ""
                st.caption(
                    _("{period} · {qualifier} · reported by the {side} side · stated by {attribution}").format(
                        period=escape_markdown(headline.period),
                        qualifier=escape_markdown(headline.qualifier),
                        side=escape_markdown(headline.side),
                        attribution=escape_markdown(headline.attribution),
                    )
                    + f"{stated}{link}"
                )
                if headline.age_note:
                    st.caption(f":material/history: {escape_markdown(headline.age_note)}")
                over_time_title = _(VIEWS["over-time"].title)
                if headline.statements == 1:
                    earlier = _("The only statement of it, on {page}").format(page=over_time_title)
                else:
                    count = headline.statements
                    earlier = n_("All {count} statement of it, on {page}", "All {count} statements of it, on {page}", count).format(
                        count=count, page=over_time_title
                    )
                # The sentence wraps in a caption; the link itself is the page's short name (a link's text does not wrap).
                st.caption(escape_markdown(earlier))
                if (over_time := VIEW_PAGES.get("over-time")) is not None:  # registered by the navigation
                    st.page_link(over_time, label=over_time_title, icon=":material/timeline:", help=earlier, query_params=OVER_TIME_PARAMS | keep)
    st.header(_("In short"))  # h2 under the page's h1 title: a screen reader's outline skips no level
    st.write(escape_markdown(overview_summary(dataset)))
    _draw("overview", {}, dataset, revision)


def partners_page() -> None:
    chart_page("partners")


def investment_page() -> None:
    chart_page("investment")


def over_time_page() -> None:
    chart_page("over-time")


def timeline_page() -> None:
    chart_page("timeline")


#: The table shows at most this many rows (every rerun sends the shown rows to the browser: a million rows are
#: megabytes, and even 10 000 cost more than the rest of the page); the downloads hold them all.
MAX_TABLE_ROWS = 2_000


def data_page() -> None:
    dataset = published_dataset()
    _header("data")
    params = view_controls(VIEWS["data"], dataset)
    rows = filter_claims_table(dataset, params)
    total = len(claims_table(dataset))
    shown_note = (
        _("; the first {count} are shown, the download below has them all").format(count=format_number(MAX_TABLE_ROWS)) if len(rows) > MAX_TABLE_ROWS else ""
    )
    claims = _("{shown} of {count} claims").format(shown=format_number(len(rows)), count=format_number(total))
    st.caption(f"{claims}{shown_note}")
    st.dataframe(
        table_for_download(rows.head(MAX_TABLE_ROWS)),
        hide_index=True,
        width="stretch",
        column_config={  # by the headers as shown, in the page's language
            _(TABLE_COLUMNS["url"]): st.column_config.LinkColumn(_(TABLE_COLUMNS["url"]), display_text=_("open")),
            _(TABLE_COLUMNS["quote"]): st.column_config.TextColumn(_(TABLE_COLUMNS["quote"]), width="large"),
        },
    )
    left, right = st.columns(2)
    # Written when clicked, not on every rerun (a revision can hold a million claims); Streamlit calls them outside this
    # page's run, so each sets the page's language itself: the file says what the table shows, headers and cells.
    lang = shown_language()
    left.download_button(
        _("Download these rows (CSV)"),
        csv_in_language(lang, lambda: rows),
        file_name="econ-ties-claims-filtered.csv",
        mime="text/csv",
        key="data.download-filtered",
        on_click="ignore",
    )
    right.download_button(
        _("Download all data (CSV)"),
        csv_in_language(lang, lambda: claims_table(dataset)),
        file_name="econ-ties-claims.csv",
        mime="text/csv",
        key="data.download-all",
        on_click="ignore",
    )


def csv_in_language(lang: str, table: Callable[[], pd.DataFrame]) -> Callable[[], str]:
    """A download's writer that makes the claims table's CSV in `lang` whenever Streamlit calls it (headers and cells as
    the page showed them), whatever language the thread it runs in is set to."""

    def write() -> str:
        with using(lang):
            return frame_to_csv(table_for_download(table()))

    return write


PAGE_FUNCTIONS = {
    "overview": overview_page,
    "partners": partners_page,
    "investment": investment_page,
    "over-time": over_time_page,
    "timeline": timeline_page,
    "data": data_page,
}


def view_pages() -> list[st.Page]:
    """The dashboard's view pages, in menu order, each at its view's URL path (also kept for links between views)."""
    pages = {
        name: st.Page(PAGE_FUNCTIONS[name], title=_(spec.title), icon=spec.icon or None, url_path=name, default=(name == DEFAULT_VIEW))
        for name, spec in VIEWS.items()
    }
    VIEW_PAGES.update(pages)  # the same names every run: no moment without them for another session's thread
    return list(pages.values())


def follow_page_parameter(pages: list[st.Page]) -> None:
    """`?page=partners&show=share` (the view named in the query string) opens that view with the other parameters.

    The usual link has the page in its path (/partners?show=share); this keeps links that carry it as a parameter
    working. An unknown page name is dropped with a notice and the current page is shown.
    """
    wanted = st.query_params.get("page")
    if wanted is None:
        return
    rest = {k: v for k, v in st.query_params.to_dict().items() if k != "page"}
    target = next((page for page in pages if page.url_path == wanted), None)
    if target is None:
        del st.query_params["page"]
        st.warning(_("{page} is not a page of this dashboard; showing this page instead.").format(page=shown(wanted)), icon=":material/info:")
        return
    st.switch_page(target, query_params=rest)
