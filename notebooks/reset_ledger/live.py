"""Results that change in place: a slider step sends the chart already on the page its new data, never a new chart.

An exercise shows its live result in a `Live` box. Each chart in it is a `LiveChart` widget, embedded once with
the page's `vegaEmbed` (put there by the set-up cell, so nothing is fetched); when the student moves a slider,
only the chart's datasets travel and the Vega view applies them (`view.data(name, rows)`, then `runAsync()`).
A chart is drawn again only when more than its data changed (another encoding or title), into a detached
element swapped in when ready, so the page never shows a gap. A `Bound` chart goes further: params named after
controls follow those controls in the page itself (the chart reads the slider's model, not the kernel's reply),
so the chart repaints before the kernel has even heard of the step; its numbers must then be Vega expressions
over those params, and its data and description must not depend on them. Text beside the charts is an `HTML` widget whose
value is replaced, so nothing below moves when the numbers change but their length does not.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

import altair as alt
import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets
from altair.vegalite.data import default_data_transformer
from IPython.display import HTML
from pandas.io.formats.style import Styler

from reset_ledger.offline import CHART_TEMPLATE, NOT_LOADED, embed_options

ESM = """
const NOT_LOADED = %s;
function render({ model, el }) {
  el.classList.add("reset-ledger-chart");
  let view = null, applied = {}, queue = Promise.resolve(), bound = {}, unbind = [], params = new Set();
  const failed = (error) => { el.textContent = "Chart error: " + error.message; };
  const later = (step) => { queue = queue.then(step).catch(failed); };
  async function embed() {
    if (typeof window.vegaEmbed !== "function") { el.textContent = NOT_LOADED; return; }
    const spec = model.get("spec"), holder = document.createElement("div");
    const result = await window.vegaEmbed(holder, spec, model.get("options"));
    el.replaceChildren(holder);
    if (view) view.finalize();
    view = result.view;
    params = new Set((spec.params || []).map((p) => p.name));
    applied = Object.fromEntries(Object.entries(spec.datasets || {}).map(([name, rows]) => [name, JSON.stringify(rows)]));
    await update();
    follow();
  }
  async function update() {
    if (!view) return;
    let changed = false;
    for (const [name, rows] of Object.entries(model.get("data"))) {
      const text = JSON.stringify(rows);
      if (applied[name] === text) continue;
      view.data(name, rows);
      applied[name] = text;
      changed = true;
    }
    for (const [name, value] of Object.entries(model.get("signals"))) {
      if (name.replace(/_before$/, "") in bound) continue;  // the control on the page is ahead of the kernel's echo of it
      if (JSON.stringify(view.signal(name)) === JSON.stringify(value)) continue;
      view.signal(name, value);
      changed = true;
    }
    const description = model.get("description");
    if (description && view.description() !== description) view.description(description);
    if (changed) await view.runAsync();
  }
  // A bound param takes its control's value in the page: the slider's own model, no trip to the kernel and back.
  // A param named after it + "_before" keeps the values every bound param had before the last move.
  let running = false;
  const follow = () => {
    if (!view) return;
    const moves = Object.entries(bound).map(([name, read]) => [name, read()])
      .filter(([name, value]) => value !== undefined && JSON.stringify(view.signal(name)) !== JSON.stringify(value));
    if (!moves.length) return;
    if (!running) {
      for (const name of Object.keys(bound)) if (params.has(name + "_before")) view.signal(name + "_before", view.signal(name));
      running = true;
      queueMicrotask(() => { running = false; view.runAsync(); });
    }
    for (const [name, value] of moves) view.signal(name, value);
  };
  // Balanced controls always add up to 100: when the student moves one, the others share the rest here at once, as
  // the kernel's `gamble.renormalise` will (largest remainders, ties in order), set on their models but not sent: the
  // kernel sets the same values itself, so nothing is sent twice and the chart is drawn once.
  const apportion = (total, weights) => {
    const whole = weights.reduce((a, b) => a + b, 0);
    const w = whole > 0 ? weights : weights.map(() => 1), sum = whole > 0 ? whole : weights.length;
    const floors = w.map((x) => Math.floor(total * x / sum)), rems = w.map((x) => (total * x) %% sum);
    const order = w.map((_, i) => i).sort((i, j) => rems[j] - rems[i] || i - j);
    order.slice(0, total - floors.reduce((a, b) => a + b, 0)).forEach((i) => { floors[i] += 1; });
    return floors;
  };
  const rebalance = (inputs, moved) => {
    if (inputs.reduce((sum, input) => sum + input.get("value"), 0) === 100) return;
    const others = inputs.filter((input) => input !== moved);
    const value = Math.min(100, Math.max(0, Math.round(moved.get("value"))));
    apportion(100 - value, others.map((input) => input.get("value"))).forEach((v, i) => others[i].set("value", v));
  };
  async function bind() {
    unbind.forEach((off) => off());
    unbind = [];
    bound = {};
    const balanced = [];
    for (const [name, { model: ref, values, balance }] of Object.entries(model.get("inputs"))) {
      const input = await model.widget_manager.get_model(ref.slice("IPY_MODEL_".length));
      bound[name] = values ? () => values[input.get("index")] : () => input.get("value");
      if (balance) {
        balanced.push(input);
        const moved = (_, __, options) => { if (options && options.updated_view) rebalance(balanced, input); };
        input.on("change:value", moved);  // before `follow`, so the chart is drawn from the balanced values
        unbind.push(() => input.off("change:value", moved));
      }
      input.on("change:value change:index", follow);
      unbind.push(() => input.off("change:value change:index", follow));
    }
    follow();
  }
  // One step changes data, signals and description in one message: apply them in one pass, not three.
  let waiting = false;
  const soon = () => { if (!waiting) { waiting = true; later(() => { waiting = false; return update(); }); } };
  later(bind);
  later(embed);
  model.on("change:spec", () => later(embed));
  model.on("change:inputs", () => later(bind));
  model.on("change:data change:signals change:description", soon);
  return () => { unbind.forEach((off) => off()); if (view) view.finalize(); };
}
export default { render };
""" % json.dumps(NOT_LOADED)


PLAIN = {"string", "empty", "integer", "floating", "mixed-integer-float", "boolean"}


def live_values(data: object) -> object:
    """A data frame of plain numbers, booleans and text as JSON-ready rows, by pandas: Altair's own clean-up of a
    frame's types takes most of a live chart's redraw, and a live chart's frames hold nothing it would change (any
    other column, a date or a category, still goes through Altair's)."""
    if not isinstance(data, pd.DataFrame) or any(pd.api.types.infer_dtype(data[c], skipna=True) not in PLAIN for c in data):
        return default_data_transformer(data)
    rows = data.to_dict("records")
    return {"values": [{str(k): None if isinstance(v, float) and not math.isfinite(v) else v for k, v in row.items()} for row in rows]}


alt.data_transformers.register("reset-ledger-live", live_values)


def stable_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with its datasets renamed d0, d1, … in order, so the same chart with new
    numbers has the same spec apart from `datasets` (Altair names each dataset by a hash of its rows)."""
    with alt.data_transformers.enable("reset-ledger-live"):
        spec = chart.to_dict(validate=False, context={"pre_transform": False})
    datasets = spec.pop("datasets", {})
    text = json.dumps(spec)
    renamed = {}
    for number, (name, rows) in enumerate(datasets.items()):
        text = text.replace(json.dumps(name), json.dumps(f"d{number}"))
        renamed[f"d{number}"] = rows
    spec = json.loads(text)
    if renamed:
        spec["datasets"] = renamed
    return spec


TEXTS = {"text": "reset_ledger_title", "subtitle": "reset_ledger_subtitle"}


def frame_of(spec: dict) -> tuple[dict, dict, str]:
    """A spec split into the frame the page embeds and what may change in place: the values of its params
    (a top-level param with a value and no binding is a number the chart reads), its title and subtitle (made
    params its title reads, so a title that states a number changes in place too) and its description."""
    frame = {key: value for key, value in spec.items() if key not in ("datasets", "description")}
    title = frame.get("title")
    title = {"text": title} if isinstance(title, (str, list)) else dict(title or {})
    lifted = [{"name": name, "value": title[key]} for key, name in TEXTS.items() if isinstance(title.get(key), (str, list))]
    if lifted:
        frame["title"] = {**title, **{key: {"expr": name} for key, name in TEXTS.items() if isinstance(title.get(key), (str, list))}}
        frame["params"] = [*frame.get("params", []), *lifted]
    values = {p["name"]: p["value"] for p in frame.get("params", []) if _is_number(p)}
    return frame, values, spec.get("description", "")


def _is_number(param: dict) -> bool:
    """A param the kernel sets (a value, no control or selection of its own)."""
    return "value" in param and "bind" not in param and "select" not in param


def _shape(frame: dict) -> dict:
    """A frame with its params' values left out: two frames of the same shape take each other's values in place."""
    params = [{**p, "value": None} if _is_number(p) else p for p in frame.get("params", [])]
    return {**frame, "params": params} if params else frame


BEFORE = "_before"


@dataclass(frozen=True)
class Bound:
    """A chart whose params follow controls in the page: `controls` maps a param's name to the control it reads.
    The param's value is always the control's, so the same chart object can be shown again after any step of its
    controls (and then costs the kernel nothing to send: the page has already drawn it). A param named after a bound
    one plus `_before` holds, in the page, the value the bound param had before the last move of any control, so a
    chart can show what a step changed without asking the kernel."""

    chart: alt.TopLevelMixin
    controls: Mapping[str, widgets.ValueWidget] = field(default_factory=dict)
    balanced: tuple[str, ...] = ()  # params whose controls add up to 100: the page rebalances the others (see ESM)

    def spec(self, base: dict) -> dict:
        """`base`, the chart's stable spec, with each bound param at its control's value (and its `_before` param too:
        the kernel knows no move, the page remembers them)."""
        params = [{**p, "value": self.controls[p["name"].removesuffix(BEFORE)].value}
                  if p.get("name", "").removesuffix(BEFORE) in self.controls else p for p in base.get("params", [])]
        return {**base, "params": params} if params else base


def _inputs(bound: Bound) -> dict:
    """Each param's control, for a choice of options the values in order (the page knows only the chosen index), and
    whether the page keeps it adding up to 100 with the other balanced ones."""
    return {name: {"model": control, "values": list(getattr(control, "_options_values", ())) or None}
            | ({"balance": True} if name in bound.balanced else {})
            for name, control in bound.controls.items()}


class LiveChart(anywidget.AnyWidget):
    """A Vega-Lite chart that the kernel updates in place by sending new rows for its datasets."""

    _esm = ESM
    spec = traitlets.Dict().tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    signals = traitlets.Dict().tag(sync=True)
    description = traitlets.Unicode().tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    inputs = traitlets.Dict().tag(sync=True, **widgets.widget_serialization)

    def __init__(self, chart: alt.TopLevelMixin | Bound) -> None:
        bound = chart if isinstance(chart, Bound) else Bound(chart)
        self.shown, self.base = bound.chart, stable_spec(bound.chart)
        self.current = bound.spec(self.base)
        frame, signals, description = frame_of(self.current)
        super().__init__(spec={**frame, "datasets": self.current.get("datasets", {}), "description": description},
                         data=self.current.get("datasets", {}), signals=signals, description=description,
                         options=embed_options(), inputs=_inputs(bound))

    def update(self, chart: alt.TopLevelMixin | Bound) -> None:
        """Show `chart`: new rows, title and description only when nothing else changed, else a new spec
        (drawn off-screen, then swapped in). The chart shown last time, again, is not turned into a spec again."""
        bound = chart if isinstance(chart, Bound) else Bound(chart)
        inputs = _inputs(bound)
        if inputs != self.inputs:
            self.inputs = inputs
        if bound.chart is not self.shown:
            self.shown, self.base = bound.chart, stable_spec(bound.chart)
        new = bound.spec(self.base)
        if new == self.current:
            return
        frame, signals, description = frame_of(new)
        self.current = new
        with self.hold_sync():
            if _shape(frame) != _shape(self.spec_frame()):
                self.spec = {**frame, "datasets": new.get("datasets", {}), "description": description}
            self.data, self.signals, self.description = new.get("datasets", {}), signals, description

    def spec_frame(self) -> dict:
        """The frame of the spec the page last embedded."""
        return {key: value for key, value in self.spec.items() if key not in ("datasets", "description")}

    def display_data(self) -> dict:
        """The chart as the offline renderer would show it in an Output widget (what tests and text views read)."""
        html = CHART_TEMPLATE.render(output_div=f"live-{self.model_id}", spec=json.dumps(self.current),
                                     embed_options=json.dumps(embed_options()))
        return {"output_type": "display_data", "data": {"text/html": html}, "metadata": {}}


def html_of(item: object) -> str | None:
    """The HTML an item shows, or None when it has none (then it is displayed in an Output widget)."""
    if isinstance(item, HTML):
        return item.data or ""
    if isinstance(item, Styler):
        return item.to_html()
    if isinstance(item, str):
        return escape(item)
    method = getattr(item, "_repr_html_", None)
    return method() if callable(method) else None


class Live(widgets.VBox):
    """Where an exercise shows a result that follows its controls: charts and text updated in place."""

    def show(self, items: Iterable[object]) -> None:
        """Show these items: the n-th chart goes to the n-th chart already shown, the n-th text to the n-th text,
        so a note that comes or goes between them does not make a chart draw itself again."""
        old = list(self.children)
        spare = {kind: [w for w in old if isinstance(w, kind)] for kind in (LiveChart, _Text)}
        new = []
        for item in _flat(items):
            if isinstance(item, widgets.Widget):
                new.append(item)
                continue
            kind = LiveChart if isinstance(item, (alt.TopLevelMixin, Bound)) else _Text
            new.append(_reuse(spare[kind].pop(0) if spare[kind] else None, item))
        if new != old:
            self.children = tuple(new)

    @property
    def outputs(self) -> tuple[dict, ...]:
        """What the box shows, as the display data an Output widget would hold."""
        shown = []
        for child in self.children:
            if isinstance(child, LiveChart):
                shown.append(child.display_data())
            elif isinstance(child, _Text):
                shown.append({"output_type": "display_data", "data": {"text/html": child.value}, "metadata": {}})
            elif isinstance(child, widgets.Output):
                shown.extend(child.outputs)
            else:
                shown.append({"output_type": "display_data", "data": {"text/plain": repr(child)}, "metadata": {}})
        return tuple(shown)


class _Text(widgets.HTML):
    """A piece of text a Live box made (and may replace the value of)."""


def _flat(items: Iterable[object]) -> list[object]:
    """Items with every `Stack` opened into its parts."""
    from reset_ledger.rendering import Stack

    flat = []
    for item in items:
        flat.extend(_flat(item.items) if isinstance(item, Stack) else [item])
    return flat


def _reuse(here: widgets.Widget | None, item: object) -> widgets.Widget:
    """The widget that shows `item`: `here` updated if it is of the right kind, else a new one."""
    if isinstance(item, (alt.TopLevelMixin, Bound)):
        if isinstance(here, LiveChart):
            here.update(item)
            return here
        return LiveChart(item)
    html = html_of(item)
    if html is not None:
        if isinstance(here, _Text):
            if here.value != html:
                here.value = html
            return here
        return _Text(html)
    out = widgets.Output()
    out.append_display_data(item)
    return out
