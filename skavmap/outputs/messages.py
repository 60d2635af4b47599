"""What a rule found, in words: one function per rule code, from the finding's ids and numbers.

Rules hand over data (:class:`~skavmap.analysis.results.Finding`, and the hotspots and check
results made from it); every output asks :func:`describe` for the sentence, in the reader's
language, with the names of steps, roles and systems from the process. The phrases are in the
vocabulary (``msg.SKV...`` keys). A report that says many sentences about one process asks
one :class:`Sentences` for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from skavmap.format.diagnostics import one_line
from skavmap.format.model import Process
from skavmap.outputs.escape import terminal
from skavmap.outputs.vocabulary import Words

Describe = Callable[[Sequence[str], Mapping[str, Any], "str | None", "Sentences"], str]
_DESCRIBERS: dict[str, Describe] = {}
T = TypeVar("T")


class Sentences:
    """What the findings of one process say, in one language.

    For a report that says many: the hotspots of 100,000 steps take 220,000 sentences, and
    many of them are the same (the same two roles hand over as often at many steps), each
    put together once here (:meth:`once`).
    """

    def __init__(self, process: Process, words: Words):
        self.process = process
        self.words = words
        self._said: dict[tuple, Any] = {}

    def __call__(
        self, code: str, steps: Sequence[str], figures: Mapping[str, Any], role: str | None
    ) -> str:
        """The sentence for what rule ``code`` found about ``steps`` (or ``role``), from its
        ``figures``."""
        return _DESCRIBERS[code](steps, figures, role, self)

    def hotspot(self, hotspot: Any) -> str:
        """The sentence of a :class:`~skavmap.analysis.results.Hotspot`."""
        return _DESCRIBERS[hotspot.code](hotspot.steps, hotspot.figures, hotspot.role, self)

    def related(self, related: Any, hotspot: Any) -> str:
        """The sentence of a finding that joined ``hotspot`` (same steps, same role)."""
        return _DESCRIBERS[related.code](hotspot.steps, related.figures, hotspot.role, self)

    def once(self, key: tuple, say: Callable[[], T]) -> T:
        """The sentence (or the parts of one) ``say()`` makes, made once for each ``key``,
        which holds everything it is made of."""
        found = self._said.get(key)
        if found is None:
            found = self._said[key] = say()
        return found


def sentences(words: Words) -> Callable[[Process], Sentences]:
    """The :class:`Sentences` of each process asked about, each made once: for a report whose
    lines are about many processes in turn (a ranking, a check's results)."""
    # By the process's id(): each Sentences keeps its process, so no other takes that id.
    made: dict[int, Sentences] = {}

    def of(process: Process) -> Sentences:
        said = made.get(id(process))
        if said is None:
            said = made[id(process)] = Sentences(process, words)
        return said

    return of


def describe(
    code: str,
    steps: Sequence[str],
    figures: Mapping[str, Any],
    role: str | None,
    process: Process,
    words: Words,
) -> str:
    """The sentence for what rule ``code`` found about ``steps`` (or ``role``) of
    ``process``, from its ``figures``."""
    return Sentences(process, words)(code, steps, figures, role)


def hotspot_text(hotspot: Any, process: Process, words: Words) -> str:
    """The sentence of a :class:`~skavmap.analysis.results.Hotspot` of ``process``."""
    return Sentences(process, words).hotspot(hotspot)


def _says(code: str):
    def register(function: Describe) -> Describe:
        _DESCRIBERS[code] = function
        return function

    return register


def _name(process: Process, step: str) -> str:
    return process.steps[step].name


def _visits_note(visits: float, words: Words) -> str:
    return "" if abs(visits - 1) < 0.005 else f" ({words.times(visits)})"


@_says("SKV101")
def _handoff(steps, figures, role, said) -> str:
    # A large process has the same handoff at many steps: the same roles, as often as
    # people read it (the counts, worked out at each step, differ in their last digits).
    times = said.words.times(figures["count"])
    key = ("SKV101", tuple(figures["from_roles"]), figures["to_role"], times)
    return said.once(key, lambda: _handoff_sentence(figures, times, said.process, said.words))


def _handoff_sentence(figures, times, process, words) -> str:
    roles = process.roles
    target = roles[figures["to_role"]]
    sources = [roles[r] for r in figures["from_roles"]]
    units = dict.fromkeys(process.department_name(r.unit) for r in sources)
    names = dict.fromkeys(r.name for r in sources)
    text = words(
        "msg.SKV101",
        units=f"{', '.join(units)} → {process.department_name(target.unit)}",
        roles=f"{', '.join(names)} → {target.name}",
        times=times,
    )
    if target.external or any(r.external for r in sources):
        text += words("msg.SKV101.external")
    return text


@_says("SKV201")
def _loop(steps, figures, role, said) -> str:
    words, day = said.words, said.process.calendar.day_hours
    return words(
        "msg.SKV201",
        times=words.times(figures["rework"]),
        extra=words.hours(figures["extra_hours"], day),
        share=words.percent(figures["share"]),
    )


@_says("SKV301")
def _bottleneck(steps, figures, role, said) -> str:
    words, day = said.words, said.process.calendar.day_hours
    times = [
        words(f"msg.SKV301.{part}", time=words.hours(figures[f"{part}_hours"], day))
        for part in ("wait", "work")
        if figures[f"{part}_hours"] > 0
    ]
    parts = " + ".join(times)
    if abs(figures["visits"] - 1) >= 0.005:
        parts = words("msg.SKV301.visits", visits=words.number(figures["visits"], 2), parts=parts)
    return words("msg.SKV301", share=words.percent(figures["share"]), parts=parts)


@_says("SKV302")
def _overloaded(steps, figures, role, said) -> str:
    process, words = said.process, said.words
    return words(
        "msg.SKV302",
        role=process.roles[role].name,
        load=words.percent(figures["utilisation"]),
        work=words.hours(figures["work_per_case"], process.calendar.day_hours),
        rate=words.number(figures["cases_per_hour"], 2),
        capacity=words.number(figures["capacity"], 1),
    )


@_says("SKV303")
def _wait(steps, figures, role, said) -> str:
    step = said.process.steps[steps[0]]
    # A large process waits at most of its steps, the same few waits as often and as long:
    # the sentence but the step's name is said once for each.
    key = ("SKV303", step.wait, figures["visits"], figures["share"])
    before, after = said.once(key, lambda: _wait_around_name(step.wait, figures, said))
    return before + step.name + after


def _wait_around_name(wait, figures, said) -> tuple[str, str]:
    """The sentence of SKV303 before the step's name and after it."""
    words = said.words
    values = {
        "wait": words.duration(wait, said.process.calendar.day_hours),
        "visits": _visits_note(figures["visits"], words),
        "share": words.percent(figures["share"]),
    }
    before, after = words.raw("msg.SKV303").split("{name}")
    return before.format_map(values), after.format_map(values)


@_says("SKV401")
def _night(steps, figures, role, said) -> str:
    process, words = said.process, said.words
    step = process.steps[steps[0]]
    calendar = process.calendar
    return words(
        "msg.SKV401",
        name=step.name,
        at=step.at.text if step.at else "",
        start=calendar.start.text,
        end=calendar.end.text,
        times=words.times(figures["visits"]),
    )


@_says("SKV501")
def _switch(steps, figures, role, said) -> str:
    words = said.words
    step = said.process.steps[steps[0]]
    if figures.get("manual"):
        return words("msg.SKV501.manual", name=step.name, times=words.times(figures["count"]))
    # A large process switches between the same few systems at many steps, as often.
    times = words.times(figures["count"])
    key = ("SKV501", tuple(figures["from_systems"]), tuple(step.systems), times)
    return said.once(key, lambda: _switch_sentence(figures, step, times, said.process, words))


def _switch_sentence(figures, step, times, process, words) -> str:
    systems = process.systems
    return words(
        "msg.SKV501.switch",
        source=", ".join(sorted({systems[s].name for s in figures["from_systems"]})),
        target=", ".join(systems[s].name for s in step.systems),
        times=times,
    )


@_says("SKV601")
def _pain(steps, figures, role, said) -> str:
    words = said.words
    top = said.process.steps[steps[0]].pain[figures["top"]]
    details = [top.source] if top.source else []
    details.append(words.plural("count.votes", top.votes))
    text = words("msg.SKV601", text=top.text, details=", ".join(details))
    if figures["reports"] > 1:
        text += words("msg.SKV601.more", more=figures["reports"] - 1, votes=figures["votes"])
    return text


@_says("SKV701")
def _approvals(steps, figures, role, said) -> str:
    chain = " → ".join(_name(said.process, s) for s in steps)
    return said.words("msg.SKV701", count=figures["count"], chain=chain)


@_says("SKV702")
def _forms(steps, figures, role, said) -> str:
    words = said.words
    step = said.process.steps[steps[0]]
    return words(
        "msg.SKV702",
        count=figures["forms"],
        forms=", ".join(step.forms),
        times=_visits_note(figures["visits"], words),
    )


def _limit_hours(code: str):
    @_says(code)
    def limit(steps, figures, role, said) -> str:
        words = said.words
        value = words.hours(figures["value"], said.process.calendar.day_hours)
        return words(f"msg.{code}", value=value, limit=figures["limit"])

    return limit


def _limit_count(code: str, decimals: int = 1):
    @_says(code)
    def limit(steps, figures, role, said) -> str:
        words = said.words
        value = words.number(figures["value"], decimals)
        return words(f"msg.{code}", value=value, limit=figures["limit"])

    return limit


_limit_hours("SKV901")
_limit_hours("SKV902")
_limit_count("SKV904")
_limit_count("SKV905")
_limit_count("SKV906", 0)


@_says("SKV903")
def _efficiency(steps, figures, role, said) -> str:
    words = said.words
    return words("msg.SKV903", value=words.percent(figures["value"]), limit=figures["limit"])


@_says("SKV907")
def _max_wait(steps, figures, role, said) -> str:
    process, words = said.process, said.words
    return words(
        "msg.SKV907",
        value=words.hours(figures["value"], process.calendar.day_hours),
        name=_name(process, steps[0]),
        limit=figures["limit"],
    )


def _figure_unit(key: str) -> str:
    from skavmap.analysis.diff import FIGURES

    return dict(FIGURES)[key]


def _increase(code: str):
    @_says(code)
    def grown(steps, figures, role, said) -> str:
        words = said.words
        key, day = figures["figure"], said.process.calendar.day_hours
        unit = _figure_unit(key)
        share = figures["share"]
        allowed = (
            f"+{words.figure(figures['allowed'], unit, day)}"
            if share is None
            else words.exact_percent(share)
        )
        return words(
            "msg.ratchet.increase",
            figure=words(f"figure.{key}"),
            old=words.figure(figures["old"], unit, day),
            new=words.figure(figures["new"], unit, day),
            delta=words.change(figures["old"], figures["new"], unit, day, arrow=False),
            allowed=allowed,
        )

    return grown


for _code in ("SKV801", "SKV802", "SKV803", "SKV804"):
    _increase(_code)


def _edges(edges: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{u} → {v}" for u, v in edges)


def _new_handoff(code: str, phrase: str):
    @_says(code)
    def new(steps, figures, role, said) -> str:
        process, words = said.process, said.words
        roles = process.roles
        a, b = roles[figures["from_role"]], roles[figures["to_role"]]
        key = figures["figure"]
        return words(
            phrase,
            units=f"{process.department_name(a.unit)} → {process.department_name(b.unit)}",
            roles=f"{a.name} → {b.name}",
            edges=_edges(figures["edges"]),
            figure=words(f"figure.{key}"),
            old=words.number(figures["old"]),
            new=words.number(figures["new"]),
        )

    return new


_new_handoff("SKV805", "msg.ratchet.new_handoff")
_new_handoff("SKV806", "msg.ratchet.new_cross")


@_says("SKV807")
def _new_loop(steps, figures, role, said) -> str:
    words = said.words
    return words(
        "msg.ratchet.new_loop",
        steps=" → ".join((*steps, steps[0])),
        old=words.number(figures["old"]),
        new=words.number(figures["new"]),
    )


@_says("SKV808")
def _new_hotspot(steps, figures, role, said) -> str:
    hotspot = figures["hotspot"]
    return said.words(
        "msg.ratchet.new_hotspot",
        code=hotspot.code,
        name=hotspot.name,
        steps=", ".join(hotspot.steps) or hotspot.role or "–",
        message=said.hotspot(hotspot),
    )


def result_text(
    result: Any, words: Words, said_of: Callable[[Process], Sentences] | None = None
) -> str:
    """The message of a :class:`~skavmap.analysis.checking.Result`: the loader's own words
    for a validation problem, else the rule's sentence; ``said_of``: the sentences of each
    process (:func:`sentences`), for a report of many results."""
    if result.text is not None or result.process is None:
        if getattr(result, "phrase", None) is not None and words.lang != "en":
            return one_line(result.phrase.text(words.lang))
        return result.text or ""
    process = result.process
    said = said_of(process) if said_of is not None else Sentences(process, words)
    return said(result.code, result.steps, result.figures, result.role)


def result_line(
    result: Any, words: Words, said_of: Callable[[Process], Sentences] | None = None
) -> str:
    """``FILE:LINE:COL: severity: message [CODE]``; ``said_of`` as for :func:`result_text`."""
    code = f" [{result.code}]" if result.code else ""
    message = result_text(result, words, said_of)
    line = f"{result.file}:{result.line}:{result.col}: {result.severity}: {message}{code}"
    return terminal(line)


def related_text(related: Any, hotspot: Any, process: Process, words: Words) -> str:
    """The sentence of a finding that joined ``hotspot`` (same steps, same role)."""
    return Sentences(process, words).related(related, hotspot)


def cost_cells(hotspot: Any, process: Process, words: Words) -> tuple[str, str, str]:
    """What a hotspot costs as every people's view shows it: the lead time it adds to a
    case, the work hours it takes a year (with their cost where roles give one), and the
    votes beside it; a dash where nothing can be counted."""
    impact = hotspot.impact
    votes = str(hotspot.votes) if hotspot.votes else "–"
    if impact is None:
        return "–", "–", votes
    per_case = words.hours(max(0.0, impact.lead_time_hours), process.calendar.day_hours)
    per_year = impact.work_hours_per_year
    if per_year is None:
        return per_case, "–", votes
    yearly = f"{words.amount(max(0.0, per_year))} h"
    if impact.work_cost_per_year is not None and impact.work_cost_per_year >= 0.5:
        yearly += f" · {words.amount(max(0.0, impact.work_cost_per_year))} {process.currency}"
    return per_case, yearly, votes


def hotspot_reasons(hotspot: Any, process: Process, words: Words) -> list[str]:
    """The hotspot's kind and reason, then each finding joined to it (a handoff into the
    step, the pain reported there), one a line, as every people's view lists them. (A long
    wait joined to a bottleneck says what the bottleneck's reason already says; JSON keeps
    it.)"""
    said = Sentences(process, words)
    lines = [_kind_said(hotspot.kind, said.hotspot(hotspot), words)]
    shown: list[tuple[Any, dict]] = []
    # Handoffs between the same roles from different steps read as one, their counts added:
    # two lines that differ only in a number read as a mistake.
    handoffs: dict[tuple, dict] = {}
    for related in hotspot.related:
        if related.kind == "wait":
            continue
        figures = dict(related.figures)
        if related.code == "SKV101":
            roles = (tuple(figures["from_roles"]), figures["to_role"])
            if roles in handoffs:
                handoffs[roles]["count"] += figures["count"]
                continue
            handoffs[roles] = figures
        shown.append((related, figures))
    lines += [
        _kind_said(r.kind, said(r.code, hotspot.steps, figures, hotspot.role), words)
        for r, figures in shown
    ]
    return lines


def _kind_said(kind: str, text: str, words: Words) -> str:
    """``Kind: text``, unless the text already begins by naming its kind."""
    name = words.kind(kind, title=True)
    if text.casefold().startswith(name.casefold()):
        return text[:1].upper() + text[1:]
    return f"{name}: {text}"


#: The counts an action's effect names when it moves no time, the most telling first.
EFFECT_COUNTS = ("night_notifications", "manual_steps", "cross_department_handoffs", "handoffs")

#: How each figure of an effect is written: its unit for :meth:`Words.figure`.
EFFECT_UNITS = {
    "lead_time_hours": "hours",
    "lead_time_p90_hours": "hours",
    "work_time_hours": "hours",
    "handoffs": "count",
    "cross_department_handoffs": "count",
    "loops": "count",
    "night_notifications": "count",
    "manual_steps": "count",
    "work_cost": "money",
}


def effect_cells(effect: Any, process: Process, words: Words) -> tuple[str, str]:
    """What an action changes, in the columns hotspots are shown in: the lead time per case
    and the work hours a year (a dash without the volume). Where no time moves, the count
    that does (a night-time notification less) takes the first column."""
    if effect is None:
        return "–", "–"
    lead, work = effect.change("lead_time_hours"), effect.change("work_time_hours")
    if abs(lead) <= 1e-9 and abs(work) <= 1e-9:
        for name in EFFECT_COUNTS:
            change = effect.change(name)
            if change is not None and abs(change) > 1e-9:
                shown = _signed(change, lambda v: words.number(v, 2))
                return f"{shown} {words(f'effect.short.{name}')}", "–"
        return "±0", "–"
    per_case = _signed(lead, lambda v: words.hours(v, process.calendar.day_hours))
    yearly = effect.per_year("work_time_hours")
    per_year = "–" if yearly is None else _signed(yearly, lambda v: f"{words.amount(v)} h")
    return per_case, per_year


def saved_cell(effect: Any, words: Words) -> str:
    """The hours an action saves a year, lead time and work time together (what ``actions
    --by effect`` ranks by); a dash without the volume or without an effect."""
    yearly = effect.hours_saved_per_year if effect is not None else None
    if yearly is None:
        return "–"
    return _signed(-yearly, lambda v: f"{words.amount(v)} h")


def effect_rows(effect: Any, process: Process, words: Words) -> list[tuple[str, ...]]:
    """Every figure that an effect moves, or that matters whether or not it moves: its name,
    today, after, the change, and the change a year (a dash without the volume)."""
    from skavmap.analysis.effect import FIGURES

    day = process.calendar.day_hours
    rows = []
    for name in FIGURES:
        old, new = effect.before.values[name], effect.after.values[name]
        if old is None or new is None:
            continue
        unit = EFFECT_UNITS[name]
        change = effect.change(name)
        always = name in ("lead_time_hours", "work_time_hours")
        if not always and abs(change) <= 1e-9:
            continue
        shown = (
            _money(process, words)
            if unit == "money"
            else (lambda value: words.number(value, 2))
            if unit == "count"
            else None
        )
        if shown is not None:
            cells = (shown(old), shown(new), _signed(change, shown))
        else:
            cells = (
                words.figure(old, unit, day),
                words.figure(new, unit, day),
                words.change(old, old + change, unit, day, arrow=False),
            )
        yearly = effect.per_year(name)
        if yearly is None:
            per_year = "–"
        elif unit == "money":
            per_year = _signed(yearly, shown)
        elif unit == "hours":
            per_year = _signed(yearly, lambda v: f"{words.amount(v)} h")
        else:
            per_year = _signed(yearly, words.amount)
        rows.append((words(f"effect.{name}"), *cells, per_year))
    for role, (old, new) in effect.utilisation.items():
        name = process.roles[role].name
        before = words.percent(old) if old is not None else "–"
        after = words.percent(new) if new is not None else "–"
        rows.append((words("effect.utilisation", role=name), before, after, "", ""))
    return rows


def _money(process: Process, words: Words):
    return lambda value: f"{words.amount(value)} {process.currency}"


def _signed(value: float, shown) -> str:
    if abs(value) <= 1e-9:
        return "±0"
    return f"{'+' if value > 0 else '−'}{shown(abs(value))}"


def field_text(change: Any, value: object, day_hours: float, words: Words) -> str:
    """One side of a changed field of a step (a diff's, a drawn change's) as people read it:
    durations and shares as everywhere else."""
    if change.field in ("work", "wait"):
        return words.duration(value, day_hours)
    if change.field == "p":
        return ", ".join(f"{target} {words.exact_percent(p)}" for target, p in value)
    if change.field == "manual" and value in ("true", "false"):
        return words(f"value.{value}")
    return "–" if value is None else str(value)
