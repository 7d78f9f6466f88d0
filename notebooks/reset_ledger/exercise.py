"""The exercise toolkit every notebook uses: controls → live result → a compare step that opens once
the student has answered → save and load through one answer sheet per notebook.

Results are shown with `show(box, items)` in a `Live` box, never `with out:` inside a callback, so the same
code behaves alike in JupyterLab, nbval, nbconvert and plain pytest, and a slider step updates the charts
already on the page instead of drawing them again.
In handout mode (no kernel) an exercise shows its kernel-free version and a printable worksheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

import ipywidgets as widgets
from IPython import get_ipython
from IPython.display import HTML, display

from reset_ledger import answers  # noqa: F401  (registers every notebook's answer format with the store)
from reset_ledger.answer_codes import SESSION, Session
from reset_ledger.live import Live
from reset_ledger.rendering import NO_MATH, handout_mode
from reset_ledger.responses import (
    CodeNeeded,
    Response,
    ResponseError,
    check_pseudonym,
    file_name,
    hand_in,
    handin_folder,
    load_mine,
    normal_pseudonym,
    responses_folder,
    save,
)

WIDE = widgets.Layout(width="auto")


def show(out: Live, items: Iterable[object]) -> None:
    """Show these displayables in a Live box, updating the charts and text already there in place."""
    out.show(items)


def note(text: str, kind: str = "info", screen_only: bool = False) -> HTML:
    """A short escaped message; `kind` is info, ok or warn (shown with a symbol, never colour alone). A handout
    leaves a `screen_only` note off paper (it speaks of controls that do not print)."""
    symbol = {"info": "ℹ", "ok": "✓", "warn": "⚠"}[kind]
    classes = f"reset-ledger-note {kind} {NO_MATH}" + (" screen-only" if screen_only else "")
    return HTML(f'<p class="{classes}"><span aria-hidden="true">{symbol}</span> {escape(text)}</p>')


def earlier_answers(notebook: str, pseudonym: str, folder: Path, status: widgets.HTML, missing: str,
                    code: widgets.Text | None = None) -> Response | None:
    """A student's answers from an earlier notebook, or None with the reason shown in `status` (and the
    'Answer code' box shown, when the answers need their code)."""
    try:
        response = load_mine(notebook, pseudonym, folder, code=code.value if code else "")
    except ResponseError as error:
        if isinstance(error, CodeNeeded) and code is not None:
            code.layout.display = ""
        status.value = note(str(error), "warn").data
        return None
    if response is None:
        status.value = note(missing, "warn").data
    return response


SLIDERS = (widgets.IntSlider, widgets.FloatSlider)
SLIDER_HINT = '<p class="reset-ledger-hint"><span aria-hidden="true">⌨</span> Sliders: drag or click; ← → move one step.</p>'


def labelled(widget: widgets.Widget, label: str) -> widgets.Widget:
    """Give a control a visible label that screen readers announce too. A slider's label gets a fixed column
    (wrapping, never cut: see `rendering.WIDGET_CSS`), so every track starts where its neighbours' do and is
    long enough to hit with a mouse (about 300 px)."""
    widget.description = label
    if isinstance(widget, SLIDERS):
        widget.style = {"description_width": "320px"}
        widget.layout = widgets.Layout(width="700px", max_width="100%")
        widget.add_class("reset-ledger-slider")
    else:
        widget.style = {"description_width": "initial"}
    return widget


def card(title: str, badge: str, quote: str, body: str, sources: list[str]) -> widgets.HTML:
    """An item's introduction: its name, the article's words (attributed), the sourced context."""
    quoted = f'<blockquote>“{escape(quote)}” <small>— Matthews, <em>Newsweek</em></small></blockquote>' if quote else ""
    listed = "".join(f"<li>{escape(line)}</li>" for line in sources)
    return widgets.HTML(
        f'<div class="reset-ledger-card"><p><strong>{escape(title)}</strong> <small>({escape(badge)})</small></p>'
        f"{quoted}<p>{escape(body)}</p>"
        f"<details><summary>Sources</summary><ul>{listed}</ul></details></div>"
    )


def why_box(placeholder: str = "One or two sentences.") -> widgets.Textarea:
    """The 'why?' text box that sits next to every score."""
    return widgets.Textarea(
        placeholder=placeholder,
        description="Why?",
        layout=widgets.Layout(width="100%", height="3.6em"),
        style={"description_width": "initial"},
    )


class Exercise:
    """One exercise: subclasses build the controls and say how answers turn into results.

    Hooks: `inputs()` the controls to watch, `answers()`/`apply()` to read and set them,
    `defaults()`, `result()` the live result, `ready()` whether the compare step may open,
    `comparison()` what it shows, `body()` the layout, `handout()` the kernel-free version.
    """

    name = "exercise"
    hinted: str | None = None  # the exercise that shows the slider hint in this kernel (one notebook: once is enough)
    has_comparison = True
    compare_label = "Compare with the author"
    waiting = "Answer every item to unlock the comparison."

    def __init__(self) -> None:
        self.result_out = Live()
        self.compare_out = Live()
        self.compare_button = widgets.Button(
            description=self.compare_label, disabled=True, icon="balance-scale", layout=WIDE,
            tooltip="Opens once you have answered every item",
        )
        self.compare_hint = widgets.HTML()
        self.reset_button = widgets.Button(description="Reset this exercise", icon="undo", layout=WIDE)
        self.touched: set[str] = set()
        self.compared = False
        self._quiet = False
        self.build()
        for key, control in self.inputs().items():
            control.observe(lambda change, key=key: self._changed(key), names="value")
        self.compare_button.on_click(lambda _: self.open_comparison())
        self.reset_button.on_click(lambda _: self.reset())
        self.refresh()

    # Hooks for subclasses.
    def build(self) -> None:
        """Create the controls."""

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        """Every control whose change should update the result, keyed by a stable name."""
        return {}

    def answers(self) -> dict:
        """The current answers, as saved."""
        return {}

    def apply(self, answers: dict) -> None:
        """Set the controls from saved answers."""

    def defaults(self) -> dict:
        """The answers a fresh exercise starts from."""
        return {}

    def result(self) -> list[object]:
        """What the live result shows."""
        return []

    def unfinished(self) -> list[str]:
        """What is still left to do, named when the answers are saved: a saved sheet must not look finished when it is not."""
        return []

    def ready(self) -> bool:
        """Whether the compare step may open (by default: every input touched)."""
        return set(self.inputs()) <= self.touched

    def comparison(self) -> list[object]:
        """What the compare step shows: positions and reasons, never a mark."""
        return []

    def body(self) -> widgets.Widget:
        """The exercise's controls, laid out."""
        return widgets.VBox(list(self.inputs().values()))

    def handout(self) -> list[object]:
        """The kernel-free version and the printable worksheet."""
        return []

    # The machinery.
    def _changed(self, key: str) -> None:
        if self._quiet:
            return
        self.touched.add(key)
        self.refresh()

    def refresh(self) -> None:
        """Recompute the live result (and the comparison, once open)."""
        show(self.result_out, self.result())
        ready = self.ready()
        self.compare_button.disabled = not ready
        self.compare_hint.value = "" if self.compared else self.hint(ready)
        if self.compared:
            show(self.compare_out, self.comparison())

    def hint(self, ready: bool) -> str:
        """The line under the compare button: why it is locked, or (instead of vanishing, so the content below does
        not jump up on that step) that it is open."""
        text = self.waiting if not ready else f"✓ Ready: press ‘{self.compare_label}’ when you want to." if self.touched else ""
        return f"<em>{escape(text)}</em>" if text else ""

    def open_comparison(self) -> None:
        """Show the comparison; from now on it follows every change."""
        if not self.ready():
            return
        self.compared = True
        self.refresh()

    def set_answers(self, answers: dict, touched: bool = True) -> None:
        """Apply answers to every control at once, then refresh once."""
        self._quiet = True
        try:
            self.apply(answers)
        finally:
            self._quiet = False
        self.touched = set(self.inputs()) if touched else set()
        self.refresh()

    def reset(self) -> None:
        """Back to the defaults, comparison closed."""
        self.compared = False
        show(self.compare_out, [])
        self.set_answers(self.defaults(), touched=False)

    def lock(self) -> None:
        """Freeze the controls (answers that must not change after saving, like forecasts)."""
        for control in self.inputs().values():
            control.disabled = True
        self.reset_button.disabled = True

    def widget(self) -> widgets.Widget:
        """The whole exercise: controls, live result, compare step, reset."""
        if not self.has_comparison:
            return widgets.VBox([self.body(), self.result_out, self.reset_button])
        return widgets.VBox(
            [
                self.body(),
                self.result_out,
                widgets.HBox([self.compare_button, self.reset_button]),
                self.compare_hint,
                self.compare_out,
            ]
        )

    def slider_hint(self) -> list[HTML]:
        """The arrow-key hint above the notebook's first exercise with sliders (again when that cell is run again),
        not above every one: read once, it is known."""
        if not any(isinstance(c, SLIDERS) for c in self.inputs().values()):
            return []
        if Exercise.hinted is None:
            Exercise.hinted = self.name
        return [HTML(SLIDER_HINT)] if Exercise.hinted == self.name else []

    def _ipython_display_(self) -> None:
        if handout_mode():
            items = self.handout()
        else:
            items = [*self.slider_hint(), self.widget()]
        for item in items:
            display(item)


class AnswerSheet:
    """One notebook's answers: a pseudonym box with Save, Load and Hand in for all its exercises at once.

    The sheet acts on the exercises on screen: if an exercise cell is run again, the buttons use the new
    exercise (looked up, when pressed, under the name the notebook gave it), never the hidden old one.
    """

    def __init__(self, notebook: str, exercises: Iterable[Exercise], folder: Path | None = None, lock_on_save: bool = False,
                 session: Session = SESSION):
        self.notebook = notebook
        self.exercises = {exercise.name: exercise for exercise in exercises}
        self.folder = Path(folder) if folder else responses_folder()
        self.lock_on_save = lock_on_save
        self.session = session
        self.locked = False
        self.pseudonym = labelled(widgets.Text(placeholder="a pseudonym, not your real name"), "Pseudonym")
        self.code = code_box()
        self.save_button = widgets.Button(description="Save my answers", icon="save", button_style="primary", layout=WIDE)
        self.load_button = widgets.Button(description="Load my answers", icon="folder-open", layout=WIDE)
        self.handin_button = widgets.Button(description="Hand in to my teacher", icon="paper-plane", layout=WIDE,
                                            tooltip="Saves your answers, then gives a copy to your teacher")
        self.status = widgets.HTML()
        self._names = _names_in_notebook(self.exercises.values())
        for exercise in self.exercises.values():
            self._link(exercise)
        self.save_button.on_click(lambda _: self.save())
        self.load_button.on_click(lambda _: self.load())
        self.handin_button.on_click(lambda _: self.hand_in())

    def _link(self, exercise: Exercise) -> None:
        """An exercise that asks for the pseudonym (and code) to read earlier answers shares this sheet's boxes."""
        for mine, attribute in ((self.pseudonym, "pseudonym"), (self.code, "code")):
            theirs = getattr(exercise, attribute, None)
            if isinstance(theirs, widgets.Text):
                widgets.link((theirs, "value"), (mine, "value"))

    def current(self) -> dict[str, Exercise]:
        """The exercises on screen: an exercise whose cell was run again is replaced by the new one."""
        for name, exercise in list(self.exercises.items()):
            newer = _rerun(exercise, self._names.get(name, ()))
            if newer is not None:
                self.exercises[name] = newer
                self._link(newer)
                if self.locked:
                    newer.lock()
        return self.exercises

    def answers(self) -> dict:
        """Every exercise's answers, keyed by exercise name."""
        return {name: exercise.answers() for name, exercise in self.current().items()}

    def _say(self, message: str, kind: str, code: str = "") -> None:
        shown = note(message, kind).data
        if code:
            shown += (f'<p class="reset-ledger-note ok"><span aria-hidden="true">✎</span> Your answer code is '
                      f'<strong><code class="reset-ledger-code" style="font-size: 1.4em">{escape(code)}</code></strong>. '
                      "Write it down now: it is shown only this once. You need it to open these answers in another "
                      "notebook, on another day or on another computer.</p>")
        self.status.value = shown

    def _refused(self, error: ResponseError) -> None:
        if isinstance(error, CodeNeeded):
            self.code.layout.display = ""
        self._say(str(error), "warn")

    def _where(self, path: Path) -> str:
        """The file as the student finds it in JupyterLab's file browser (relative to the notebook when inside)."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def save(self) -> Path | None:
        """Save every answer under the pseudonym; say what happened either way."""
        exercises = self.current()
        unready = [e for e in exercises.values() if self.lock_on_save and not e.ready()]
        if unready:
            self._say(unready[0].waiting, "warn")
            return None
        try:
            response = Response(self.notebook, check_pseudonym(self.pseudonym.value), self.answers(), locked=self.lock_on_save)
            path = save(response, self.folder, self.session, self.code.value)
        except ResponseError as error:
            self._refused(error)
            return None
        except OSError as error:
            self._say(f"Could not write to {self.folder}: {error.strerror or error}. Nothing was lost; ask your teacher.", "warn")
            return None
        if self.lock_on_save:
            self._lock()
        locked = " They are now locked." if self.lock_on_save else ""
        todo = [task for exercise in exercises.values() for task in exercise.unfinished()]
        locked += f" Still to do: {'; '.join(todo)}. You can save again at any time." if todo else ""
        where = self._where(path)
        browse = "" if Path(where).is_absolute() else " (see the file browser on the left)"
        self._say(f"Saved as {response.pseudonym} in {where}{browse}.{locked}", "ok",
                  self.session.new_code(self.folder, response.pseudonym) or "")
        return path

    def load(self) -> bool:
        """Fill every exercise from the pseudonym's saved file."""
        try:
            response = load_mine(self.notebook, self.pseudonym.value, self.folder, self.session, self.code.value)
        except ResponseError as error:
            self._refused(error)
            return False
        if response is None:
            self._say(f"No answers saved as {normal_pseudonym(self.pseudonym.value)} in {self._where(self.folder)} yet.", "info")
            return False
        for name, exercise in self.current().items():
            if name in response.answers:
                exercise.set_answers(response.answers[name])
        if response.locked:
            self._lock()
        self._say(f"Loaded the answers saved as {response.pseudonym} on {response.saved_at[:10]}.", "ok")
        return True

    def hand_in(self) -> Path | None:
        """Save, then copy the answer file into the teacher's hand-in folder (or say how to hand it in by hand)."""
        if not self.locked and self.save() is None:
            return None
        name = file_name(self.notebook, self.pseudonym.value)
        handin = handin_folder()
        if handin is None:
            self._say(
                f"Saved in {self._where(self.folder / name)}. Your teacher has not set up a hand-in folder, so hand in the "
                f"file yourself: in the file browser on the left, open the {self.folder.name} folder, right-click {name}, "
                "choose Download, and send the file to your teacher the way they asked.", "info",
            )
            return None
        try:
            path = hand_in(self.notebook, self.pseudonym.value, self.folder, handin, self.session, self.code.value)
        except ResponseError as error:
            self._refused(error)
            return None
        except OSError as error:
            self._say(f"Could not hand in to {handin}: {error.strerror or error}. Your answers are saved; tell your teacher.", "warn")
            return None
        self._say(f"Handed in: your teacher now has a copy of your answers ({path.name}). Handing in again replaces it.", "ok")
        return path

    def _lock(self) -> None:
        self.locked = True
        for exercise in self.exercises.values():
            exercise.lock()
        self.save_button.disabled = True
        self.pseudonym.disabled = True

    def widget(self) -> widgets.Widget:
        """The save bar."""
        return widgets.VBox(
            [widgets.HBox([self.pseudonym, self.code]), widgets.HBox([self.save_button, self.load_button, self.handin_button]), self.status],
        )

    def _ipython_display_(self) -> None:
        if handout_mode():
            display(note("On paper: write your pseudonym at the top of the worksheet and hand it in.", "info"))
        else:
            display(self.widget())


def code_box() -> widgets.Text:
    """The 'Answer code' box: hidden until opening saved answers needs the code, so a first save asks for nothing."""
    box = labelled(widgets.Text(placeholder="like KM7-X4P", layout=widgets.Layout(display="none", width="16em")), "Answer code")
    return box


def _names_in_notebook(exercises: Iterable[Exercise]) -> dict[str, tuple[str, ...]]:
    """The notebook variables each exercise is bound to (none outside a notebook, e.g. in plain pytest)."""
    shell = get_ipython()
    names = getattr(shell, "user_ns", {})
    return {e.name: tuple(k for k, v in list(names.items()) if v is e and not k.startswith("_")) for e in exercises}


def _rerun(exercise: Exercise, names: tuple[str, ...]) -> Exercise | None:
    """The exercise now bound to the name the old one had, if its cell was run again."""
    bound = getattr(get_ipython(), "user_ns", {})
    for name in names:
        newer = bound.get(name)
        if newer is not exercise and type(newer) is type(exercise):
            return newer
    return None
