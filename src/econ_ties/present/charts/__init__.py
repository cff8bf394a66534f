"""Charts as pure functions: claim frames in, plotly figures out, no Streamlit; one module per view that draws them.

Every chart takes rows of `Dataset.with_sources()` (or events) that a view has already picked, and returns a figure
whose `layout.meta` carries its provenance (`provenance.figure_meta`: title, subtitle, source line, notes, claim and
source ids, source URLs and a text alternative). Numbers are written by `econ_ties.model.formatting` only. Bounds are
drawn as bounds (`style.bound_pattern`, `style.bound_arrows`): a hatched bar that stops at the stated figure and an
open-ended dotted arrow beyond it, labelled "over $1.2B". A "majority" claim has no number and is written on the chart
as words. Claims that disagree are drawn side by side with their gap, never averaged. Stocks and flows each get their
own figure with an axis title that says which one it is.

- `provenance`: the meta contract, hover text, claim ids for clicks, the shared text helpers;
- `style`: palette, template, layout, money ticks, bounds, the empty figure;
- `partners`, `investment`, `over_time`, `timeline`: the charts each view draws.
"""
