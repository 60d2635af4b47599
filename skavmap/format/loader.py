"""Load a process file into the immutable model, or say exactly what is wrong with it and where.

Loading happens once, in three passes over the same positioned data:

1. :mod:`skavmap.format.yamlsource` reads the YAML safely, keeping the line and column of every key;
2. the pydantic models of :mod:`skavmap.format.schema` check each value's shape, one table entry at
   a time, so that one bad step does not hide the problems of the others;
3. this module checks what needs the whole file: references, the single start, branches,
   reachability, parallel joins and sub-process files.

Every problem found is reported, each mapped back to its position once.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from functools import cache, reduce
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from skavmap.format.diagnostics import Diagnostic, LoadError, said, suggest
from skavmap.format.model import (
    ACTION_LEVELS,
    ACTION_STATUSES,
    ROLELESS_KINDS,
    STEP_KINDS,
    Action,
    Branch,
    Calendar,
    Change,
    Department,
    Duration,
    Pain,
    Pos,
    Process,
    Role,
    Step,
    System,
    Volume,
    made_in_order,
)
from skavmap.format.phrases import NOTHING, Phrase, plain, say, schema_phrase, shown, suggested
from skavmap.format.schema import (
    ROLE_CHANGE_FIELDS,
    STEP_CHANGE_FIELDS,
    TABLES,
    ActionDoc,
    BranchDoc,
    CalendarDoc,
    ChangeDoc,
    DepartmentDoc,
    DurationSpec,
    PainDoc,
    PlainStep,
    ProcessDoc,
    ProcessHeader,
    RoleDoc,
    StepDoc,
    SystemDoc,
    plain_step,
)
from skavmap.format.yamlsource import Source, SourceError, entry_pos, load_source

#: The action that holds changes given outside the file, and where their problems are.
EXTRA_ACTION = "skavmap-whatif"
EXTRA_LINE = 0

#: Probabilities may miss 1 by this much (rounding in hand-written shares such as 1/3).
P_TOLERANCE = 1e-6

_FIELDS = {
    "process": list(ProcessDoc.model_fields),
    "calendar": list(CalendarDoc.model_fields),
    "departments": list(DepartmentDoc.model_fields),
    "roles": list(RoleDoc.model_fields),
    "systems": list(SystemDoc.model_fields),
    "steps": list(StepDoc.model_fields),
    "next": list(BranchDoc.model_fields),
    "pain": list(PainDoc.model_fields),
    "actions": list(ActionDoc.model_fields),
    "changes": list(ChangeDoc.model_fields),
}
#: Top-level keys that hold lists or tables, validated entry by entry.
_SECTIONS = (*TABLES, "actions")
_CODE = re.compile(r"SKV[0-9]{3}")
#: Characters no id may hold: it could not be shown, drawn or typed on one line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SINGULAR = {"departments": "department", "roles": "role", "systems": "system", "steps": "step"}
#: What a valid entry left out: nothing.
_NONE_DROPPED: frozenset[str] = frozenset()
#: The kinds of step whose arrows need more than one arrow to a step that is there.
_SPLITS_AND_END = frozenset({"decision", "parallel", "end"})
#: The kinds of step :meth:`_FileLoader.steps` leaves to :meth:`_FileLoader.step`: those
#: whose arrows need more than one arrow to a step that is there, and a sub-process.
_NOT_QUICK = _SPLITS_AND_END | {"subprocess"}
#: A step in the graph checks: its id, or its number in a :class:`_StepGraph`.
_Node = TypeVar("_Node", str, int)


@cache
def _adapter(section: str, many: bool = False) -> TypeAdapter:
    """The validator of one entry of ``section``, or with ``many`` of a list of entries."""
    model = ActionDoc if section == "actions" else TABLES[section]
    return TypeAdapter(list[model] if many else model)


def _context(loc: tuple) -> str:
    """Which model a location lies in, as a key of :data:`_FIELDS`."""
    if len(loc) <= 1:
        return "process"
    if loc[0] == "calendar":
        return "calendar"
    if loc[0] == "steps" and len(loc) >= 3 and loc[2] in ("next", "pain"):
        return loc[2]
    if loc[0] == "actions":
        return "changes" if len(loc) >= 4 and loc[2] == "changes" else "actions"
    return loc[0] if loc[0] in _FIELDS else "process"


def _field_name(loc: tuple) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "value"


def _shown(value: Any) -> Phrase:
    return shown(value)


#: The fields a role change sets, as messages list them.
_ROLE_FIELDS = say("change.role_fields", a=ROLE_CHANGE_FIELDS[0], b=ROLE_CHANGE_FIELDS[1])


_new_step = made_in_order(Step)
_new_branch = made_in_order(Branch)


class _FileLoader:
    """Loads one file; sub-process files through the shared :class:`Loader`."""

    def __init__(self, loader: Loader, path: Path, extra: Sequence[Mapping] | None = None):
        self.loader = loader
        self.path = path
        self.file = str(path)
        #: Changes given outside the file (``skavmap whatif``): validated as one more action's
        #: changes; their problems are placed at :data:`EXTRA_LINE`, column = change number.
        self.extra = extra
        self.extra_index: int | None = None
        self.diagnostics: list[Diagnostic] = []
        self.source: Source
        #: Fields left out of entries rebuilt without them: checks that need them are skipped.
        self.dropped: dict[tuple[str, str], set[str]] = {}
        #: Whether the steps and their arrows are all known, so that the graph can be checked.
        self.graph_known = True
        #: Whether the file has steps to refer to: without them, every reference to a step
        #: would be one more error for the one slip (``stepz:``) already reported.
        self.steps_known = True
        #: Durations made so far, by text (under the file's one working day): steps share
        #: the few texts a process writes.
        self.durations: dict[str, Duration] = {}

    # --- reporting ---------------------------------------------------------------------

    def error(self, pos: Pos, message: Phrase) -> None:
        self.diagnostics.append(said(self.file, pos, "error", message))

    def warning(self, pos: Pos, message: Phrase) -> None:
        self.diagnostics.append(said(self.file, pos, "warning", message))

    def at(self, *path: Any) -> Pos:
        return self.extra_pos(path) or self.source.pos(tuple(path))

    def key_at(self, *path: Any) -> Pos:
        return self.extra_pos(path) or self.source.pos(tuple(path), key=True)

    def extra_pos(self, path: tuple) -> Pos | None:
        if self.extra_index is None or path[:2] != ("actions", self.extra_index):
            return None
        number = path[3] + 1 if len(path) > 3 and path[2] == "changes" else 1
        return Pos(EXTRA_LINE, number)

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def validation_errors(self, err: ValidationError, base: tuple) -> None:
        for detail in err.errors(include_url=False):
            loc = base + tuple(
                part
                for part in detail["loc"]
                if not (isinstance(part, str) and part.startswith("(") and part.endswith(")"))
            )
            self.validation_error(detail, loc)

    def validation_error(self, detail: dict, loc: tuple) -> None:
        kind = detail["type"]
        field = _field_name(loc)
        value = detail.get("input")
        if kind == "extra_forbidden":
            fields = _FIELDS[_context(loc[:-1])]
            where = self.where(loc[:-1])
            self.error(
                self.key_at(*loc),
                say("unknown_field", field=field, where=where,
                    suggestion=suggested(str(field), fields)),
            )  # fmt: skip
        elif kind == "missing" and self.misspelt(loc):
            pass  # the unknown-field error for the misspelt key says it all
        elif kind == "missing":
            where = self.where(loc[:-1])
            hint = say("hint.process_name") if loc == ("process",) else NOTHING
            self.error(self.key_at(*loc[:-1]) if loc[:-1] else Pos(1, 1),
                       say("missing_field", field=field, where=where, hint=hint))  # fmt: skip
        elif kind == "literal_error" and field == "kind":
            self.error(
                self.at(*loc),
                say("unknown_kind", value=_shown(value),
                    suggestion=suggested(str(value), STEP_KINDS, ";"),
                    choices=", ".join(STEP_KINDS)),
            )  # fmt: skip
        elif kind == "literal_error" and field in ("level", "status"):
            choices = ACTION_LEVELS if field == "level" else ACTION_STATUSES
            self.error(
                self.at(*loc),
                say("unknown_choice", field=field, value=_shown(value),
                    suggestion=suggested(str(value), choices, ";"), choices=", ".join(choices)),
            )  # fmt: skip
        elif kind == "literal_error" and field == "skavmap":
            self.error(self.at(*loc), say("unsupported_version", value=value))
        elif kind in ("string_type", "model_type", "dict_type", "list_type"):
            wanted = {
                "string_type": "want.text",
                "model_type": "want.mapping",
                "dict_type": "want.table",
                "list_type": "want.list",
            }[kind]
            self.error(
                self.at(*loc),
                say("wrong_type", field=field, wanted=say(wanted), value=_shown(value)),
            )
        elif kind == "string_too_short":
            self.error(self.at(*loc), say("empty_field", field=field))
        elif kind == "too_short":
            self.error(self.at(*loc), say("empty_list", field=field))
        elif kind == "union_tag_invalid":
            # A value of the wrong shape for a field of short and full forms (schema's
            # short_or_full): say the shapes it takes, not pydantic's tags.
            shapes = re.findall(r"\((text|list|mapping)\)", detail["ctx"]["expected_tags"])
            wanted = [say(f"want.{shape}") for shape in shapes]
            either = reduce(lambda a, b: say("want.either", a=a, b=b), wanted)
            self.error(
                self.at(*loc), say("wrong_type", field=field, wanted=either, value=_shown(value))
            )
        elif kind in ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"):
            whole = say("want.whole") if kind.startswith("int") else say("want.number")
            self.error(
                self.at(*loc), say("wrong_type", field=field, wanted=whole, value=_shown(value))
            )
        elif kind == "string_pattern_mismatch" and field == "currency":
            self.error(self.at(*loc), say("bad_currency", value=_shown(value)))
        elif kind == "finite_number":
            self.error(self.at(*loc), say("not_finite", field=field, value=_shown(value)))
        elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            # The limit as pydantic writes it ("0", "0.01"): the last word of its message.
            self.error(
                self.at(*loc), say(kind, field=field, limit=detail["msg"].rsplit(" ", 1)[-1])
            )
        else:
            self.error(self.at(*loc), schema_phrase(detail["msg"], detail.get("ctx")))

    def misspelt(self, loc: tuple) -> bool:
        """Whether a missing field is there under a misspelt key (``proces:``)."""
        parent: Any = self.source.data
        for part in loc[:-1]:
            parent = parent[part] if isinstance(parent, (dict, list)) else None
        fields = _FIELDS[_context(loc)]
        return isinstance(parent, dict) and any(
            key not in fields and suggest(str(key), [loc[-1]]) for key in parent
        )

    def action_name(self, index: int) -> str:
        """An action as the file names it: its id, or its place in the list without one."""
        actions = self.source.data.get("actions") if isinstance(self.source.data, dict) else None
        entry = actions[index] if isinstance(actions, list) and index < len(actions) else None
        found = entry.get("id") if isinstance(entry, dict) else None
        return f"'{found}'" if isinstance(found, (str, int)) else str(index + 1)

    def where(self, loc: tuple) -> Phrase:
        if len(loc) >= 2 and loc[0] in _SINGULAR:
            return say(f"where.{_SINGULAR[loc[0]]}", id=loc[1])
        if len(loc) >= 2 and loc[0] == "actions" and loc[1] == self.extra_index:
            return NOTHING
        if len(loc) >= 4 and loc[0] == "actions" and loc[2] == "changes":
            return say("where.change", n=loc[3] + 1, action=self.action_name(loc[1]))
        if len(loc) >= 2 and loc[0] == "actions":
            return say("where.action", action=self.action_name(loc[1]))
        if loc and loc[0] == "calendar":
            return say("where.calendar")
        return NOTHING

    # --- the passes --------------------------------------------------------------------

    def load(self) -> Process | None:
        try:
            self.source, duplicates = load_source(self.path)
        except SourceError as err:
            self.error(err.pos, err.phrase or plain(err.message))
            return None
        for dup in duplicates:
            self.error(dup.pos, dup.phrase or plain(dup.message))
        data = self.source.data
        if self.extra is not None and isinstance(data, dict):
            actions = data.setdefault("actions", [])
            if isinstance(actions, list):
                self.extra_index = len(actions)
                actions.append(
                    {"id": EXTRA_ACTION, "text": EXTRA_ACTION, "changes": list(self.extra)}
                )
        if not isinstance(data, dict):
            self.error(
                self.at(),
                say("not_a_process_mapping",
                    value=_shown(data) if isinstance(data, list) else say("shown.single")),
            )  # fmt: skip
            return None
        header = self.validate_header(data)
        tables = {name: self.validate_table(name, data.get(name)) for name in TABLES}
        action_docs = self.validate_actions(data.get("actions"))
        if "steps" in data and data["steps"] is not None and not data["steps"]:
            self.error(self.at("steps"), say("steps_empty"))
        # A broken header still lets the steps be checked; the process is not built anyway.
        fallback = ProcessHeader.model_construct(process="", skavmap=1, id=None, volume=None)
        return self.build(header or fallback, tables, action_docs)

    def validate_header(self, data: dict) -> ProcessHeader | None:
        header_data = {k: v for k, v in data.items() if k not in _SECTIONS}
        if not isinstance(data.get("steps"), dict):
            self.steps_known = self.graph_known = False
        if "steps" not in data:
            self.error(Pos(1, 1), say("missing_steps"))
        try:
            return ProcessHeader.model_validate(header_data)
        except ValidationError as err:
            self.validation_errors(err, ())
            return None

    def validate_table(self, name: str, raw: Any) -> dict[str, Any]:
        """Valid entries by id; invalid ones map to ``None`` so that references still resolve."""
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.error(
                self.at(name),
                say("wrong_type", field=name, wanted=say("want.table"), value=_shown(raw)),
            )
            return {}
        written = [value if value is not None else {} for value in self.entries(name, raw)]
        # Nearly every step of a large file is read without pydantic: see schema.plain_step.
        plain = [plain_step(value) for value in written] if name == "steps" else None
        left = (
            written
            if plain is None
            else [v for v, p in zip(written, plain, strict=True) if p is None]
        )
        try:
            # The whole table in one call: called per entry, pydantic costs more than it checks.
            # Its validator is made when first used: none for a table of plain steps only.
            valid = _adapter(name, many=True).validate_python(left) if left else []
        except ValidationError:
            valid = None  # each entry again, for its own errors and what can be salvaged
        else:
            if plain is not None:
                by_pydantic = iter(valid)
                valid = [p if p is not None else next(by_pydantic) for p in plain]
        ids = [key for key in raw if isinstance(key, str)]
        # One search over every id (the space between them is printable) tells whether a
        # search of each is needed: it nearly never is.
        if _UNPRINTABLE.search(" ".join(ids)):
            for key in ids:
                if _UNPRINTABLE.search(key):
                    self.error(
                        self.key_at(name, key),
                        say("id_unprintable", table=say(f"table.{_SINGULAR[name]}"),
                            id=repr(key)),
                    )  # fmt: skip
        if valid is not None:
            return dict(zip(raw, valid, strict=True))
        adapter = _adapter(name)  # made only for a table that has a problem
        entries: dict[str, Any] = {}
        for key, value, read in zip(raw, written, plain or [None] * len(written), strict=True):
            if read is not None:
                entries[key] = read
                continue
            try:
                entries[key] = adapter.validate_python(value)
            except ValidationError as err:
                self.validation_errors(err, (name, key))
                entries[key] = self.salvage(adapter, value, err)
                dropped = {d["loc"][0] for d in err.errors() if d["loc"]}
                self.dropped[(name, key)] = dropped
                if name == "steps" and (entries[key] is None or dropped & {"kind", "next"}):
                    self.graph_known = False
        return entries

    @staticmethod
    def entries(name: str, raw: dict) -> Iterator[Any]:
        """The entries of table ``name`` as written; an empty one is its own id, except a
        step's (a step needs at least its kind)."""
        for key, value in raw.items():
            yield key if value is None and name != "steps" else value

    @staticmethod
    def salvage(adapter: TypeAdapter, value: Any, err: ValidationError) -> Any:
        """The entry without its bad fields, so its references can still be checked.

        The file has failed already; this only lets one run report every problem.
        """
        if not isinstance(value, dict):
            return None
        bad = {detail["loc"][0] for detail in err.errors() if detail["loc"]}
        try:
            return adapter.validate_python({k: v for k, v in value.items() if k not in bad})
        except ValidationError:
            return None

    def validate_actions(self, raw: Any) -> list[tuple[int, ActionDoc]]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(
                self.at("actions"),
                say("wrong_type", field="actions", wanted=say("want.list"), value=_shown(raw)),
            )
            return []
        adapter = _adapter("actions")
        docs = []
        for i, value in enumerate(raw):
            try:
                docs.append((i, adapter.validate_python(value)))
            except ValidationError as err:
                self.validation_errors(err, ("actions", i))
                salvaged = self.salvage(adapter, value, err)
                if salvaged is not None:
                    docs.append((i, salvaged))
        return docs

    def actions(
        self, docs: list[tuple[int, ActionDoc]], tables: dict, calendar: Calendar
    ) -> tuple[Action, ...]:
        owners = {**tables["roles"], **tables["departments"]}
        first_line: dict[str, int] = {}
        actions = []
        for i, doc in docs:
            pos = self.at("actions", i)
            if doc.id in first_line:
                self.error(
                    self.at("actions", i, "id"),
                    say("action_twice", id=doc.id, line=first_line[doc.id]),
                )
            first_line.setdefault(doc.id, pos.line)
            addresses = self.as_list(doc.addresses)
            for j, target in enumerate(addresses):
                where = ("actions", i, "addresses") + (
                    (j,) if isinstance(doc.addresses, list) else ()
                )
                self.check_address(target, doc.id, tables["steps"], self.at(*where))
            if doc.owner is not None and doc.owner not in owners:
                self.error(
                    self.at("actions", i, "owner"),
                    say("unknown_owner", owner=doc.owner, action=doc.id,
                        suggestion=suggested(doc.owner, owners)),
                )  # fmt: skip
            changes = [
                self.change(change, ("actions", i, "changes", j), tables, calendar)
                for j, change in enumerate(doc.changes or ())
            ]
            actions.append(
                Action(doc.id, doc.text, tuple(addresses), doc.owner, doc.level, doc.status,
                       doc.due, pos, tuple(c for c in changes if c is not None))
            )  # fmt: skip
        return tuple(actions)

    def change(
        self, doc: ChangeDoc, where: tuple, tables: dict, calendar: Calendar
    ) -> Change | None:
        """One change of an action, its references checked; ``None`` when it is wrong
        (the error is reported)."""
        given = {f for f in doc.model_fields_set if getattr(doc, f) is not None}
        pos = self.at(*where)
        if doc.step is None:
            return self.role_change(doc, where, given, tables)
        steps = tables["steps"]
        if not self.steps_known:
            return None
        if doc.step not in steps:
            hint = (
                say("change.is_role", name=doc.step, fields=_ROLE_FIELDS)
                if doc.step in tables["roles"]
                else suggested(doc.step, steps)
            )
            self.error(self.at(*where, "step"), say("change.no_step", step=doc.step, hint=hint))
            return None
        misplaced = sorted(given & set(ROLE_CHANGE_FIELDS))
        for field in misplaced:
            self.error(
                self.at(*where, field),
                say("change.role_field", field=field, step=doc.step),
            )
        if misplaced:
            return None
        fields = sorted(given & set(STEP_CHANGE_FIELDS), key=STEP_CHANGE_FIELDS.index)
        if doc.remove and (fields or doc.branch is not None or doc.p is not None):
            self.error(pos, say("change.removed_sets", step=doc.step))
            return None
        if (doc.branch is None) != (doc.p is None):
            self.error(pos, say("change.branch_p", step=doc.step))
            return None
        step_doc = steps[doc.step]
        kind = step_doc.kind if step_doc is not None else "task"
        if doc.branch is not None and not self.branch_of(doc, where, kind, step_doc):
            return None
        if "role" in fields and doc.role not in tables["roles"]:
            self.error(
                self.at(*where, "role"),
                say(
                    "change.unknown_role",
                    role=doc.role,
                    suggestion=suggested(doc.role, tables["roles"]),
                ),
            )
        for j, system in enumerate(self.as_list(doc.system)):
            if system not in tables["systems"]:
                at = (*where, "system", j) if isinstance(doc.system, list) else (*where, "system")
                self.error(
                    self.at(*at),
                    say(
                        "change.unknown_system",
                        system=system,
                        suggestion=suggested(system, tables["systems"]),
                    ),
                )
        if "at" in fields and kind in ("start", "end", "decision", "parallel"):
            self.error(self.at(*where, "at"), say("at_not_here", kind=kind))
        if not fields and not doc.remove and doc.branch is None:
            self.error(
                pos,
                say("change.sets_nothing", step=doc.step, fields=", ".join(STEP_CHANGE_FIELDS)),
            )
            return None
        values = {
            "wait": lambda: self.duration(doc.wait, calendar.day_hours),
            "work": lambda: self.duration(doc.work, calendar.day_hours),
            "at": lambda: doc.at,
            "role": lambda: doc.role,
            "system": lambda: tuple(self.as_list(doc.system)),
            "manual": lambda: bool(doc.manual),
            "forms": lambda: tuple(self.as_list(doc.forms)),
        }
        return Change(
            doc.step,
            None,
            MappingProxyType({field: values[field]() for field in fields}),
            bool(doc.remove),
            doc.branch,
            doc.p,
            pos,
        )

    def branch_of(self, doc: ChangeDoc, where: tuple, kind: str, step_doc: Any) -> bool:
        """Whether the change's ``branch`` is a branch of its step, a decision."""
        if kind != "decision":
            self.error(
                self.at(*where, "branch"),
                say("change.not_decision", step=doc.step, kind=kind),
            )
            return False
        targets = [e if isinstance(e, str) else e.to for e in self.as_list(step_doc.next)]
        if doc.branch not in targets:
            self.error(
                self.at(*where, "branch"),
                say(
                    "change.not_branch",
                    branch=doc.branch,
                    step=doc.step,
                    targets=", ".join(targets),
                    suggestion=suggested(doc.branch, targets),
                ),
            )
            return False
        return True

    def role_change(
        self, doc: ChangeDoc, where: tuple, given: set[str], tables: dict
    ) -> Change | None:
        pos = self.at(*where)
        if doc.role is None:
            self.error(pos, say("change.names_nothing"))
            return None
        if doc.role not in tables["roles"]:
            hint = (
                say("change.is_step", name=doc.role, a="capacity", b="cost_per_hour")
                if doc.role in tables["steps"]
                else suggested(doc.role, tables["roles"])
            )
            self.error(self.at(*where, "role"), say("change.no_role", role=doc.role, hint=hint))
            return None
        misplaced = sorted(given - {"role"} - set(ROLE_CHANGE_FIELDS))
        for field in misplaced:
            self.error(
                self.at(*where, field),
                say("change.step_field", field=field, fields=_ROLE_FIELDS),
            )
        if misplaced:
            return None
        fields = [f for f in ROLE_CHANGE_FIELDS if f in given]
        if not fields:
            self.error(pos, say("change.role_sets_nothing", role=doc.role, fields=_ROLE_FIELDS))
            return None
        values = MappingProxyType({f: float(getattr(doc, f)) for f in fields})
        return Change(None, doc.role, values, False, None, None, pos)

    def check_changes(self, process: Process) -> None:
        """Every action's changes, alone and all together in file order (the plan), leave a
        valid process; an error at the change that breaks it otherwise."""
        from skavmap.format.changes import ChangeError, applied

        changing = [a for a in process.actions if a.changes and a.id != EXTRA_ACTION]
        trials = [(a.id, a.changes) for a in changing]
        if len(changing) > 1:
            trials.append(("", tuple(c for a in changing for c in a.changes)))
        # Changes tried out from the command line are tried on today's process, alone.
        trials += [(a.id, a.changes) for a in process.actions if a.id == EXTRA_ACTION]
        for action, changes in trials:
            try:
                after = applied(process, changes)
            except ChangeError as error:
                self.error(error.change.pos, error.phrase)
                return
            before = len(self.diagnostics)
            self.check_graph(dict(after.steps))
            broken = self.diagnostics[before:]
            del self.diagnostics[before:]
            if broken:
                whose = (
                    say("change.of_all")
                    if not action
                    else say("change.tried")
                    if action == EXTRA_ACTION
                    else say("change.of_action", action=action)
                )
                problem = broken[0].phrase or plain(broken[0].message)
                self.error(
                    changes[0].pos,
                    say("change.invalid_after", whose=whose, problem=problem,
                        line=broken[0].pos.line),
                )  # fmt: skip
                return

    def check_address(self, target: str, action: str, steps: dict, pos: Pos) -> None:
        if not self.steps_known:
            return
        codes = self.loader.codes
        if target not in steps and _CODE.fullmatch(target.upper()):
            if codes is not None and target not in codes:
                self.error(
                    pos,
                    say("unknown_code", code=target, action=action,
                        suggestion=suggested(target, codes)),
                )  # fmt: skip
        elif target not in steps:
            self.error(
                pos,
                say("bad_address", action=action, target=target,
                    suggestion=suggested(target, steps)),
            )  # fmt: skip

    def build(
        self, header: ProcessHeader, tables: dict[str, dict[str, Any]], action_docs: list
    ) -> Process | None:
        calendar = self.calendar(header.calendar)
        departments = {
            key: Department(
                key, doc if isinstance(doc, str) else doc.name, self.key_at("departments", key)
            )
            for key, doc in tables["departments"].items()
            if doc is not None
        }
        roles = {
            key: self.role(key, doc, tables["departments"])
            for key, doc in tables["roles"].items()
            if doc is not None
        }
        systems = {
            key: System(key, doc if isinstance(doc, str) else doc.name, self.key_at("systems", key))
            for key, doc in tables["systems"].items()
            if doc is not None
        }
        steps = self.steps(calendar, tables)
        actions = self.actions(action_docs, tables, calendar)
        start = self.check_graph(steps) if self.graph_known else None
        if start is None or self.failed:
            return None
        self.warn(steps, roles, departments, systems)
        volume = None
        if header.volume is not None:
            spec = header.volume
            volume = Volume(spec.text, spec.cases / (spec.days * calendar.day_hours))
        process = Process(
            id=header.id or self.path.stem,
            name=header.process,
            file=self.path,
            version=header.skavmap,
            unit=header.unit,
            owner=header.owner,
            currency=header.currency.upper(),
            description=header.description,
            volume=volume,
            calendar=calendar,
            departments=MappingProxyType(departments),
            roles=MappingProxyType(roles),
            systems=MappingProxyType(systems),
            steps=MappingProxyType(steps),
            start=start,
            actions=actions,
        )
        self.check_changes(process)
        return None if self.failed else process

    def calendar(self, doc: CalendarDoc | None) -> Calendar:
        if doc is None:
            return Calendar()
        day_hours = 8.0
        if doc.day is not None:
            if doc.day.low[1] or doc.day.high[1]:
                self.error(self.at("calendar", "day"), say("day_in_hours"))
            else:
                day_hours = doc.day.hours(8.0)[0]
                if not 0 < day_hours <= 24:
                    self.error(self.at("calendar", "day"), say("day_impossible", day=doc.day.text))
                    day_hours = 8.0
        if doc.hours is None:
            return Calendar(day_hours=day_hours)
        return Calendar(day_hours, *doc.hours)

    def role(self, key: str, doc: str | RoleDoc, departments: dict) -> Role:
        pos = self.key_at("roles", key)
        if isinstance(doc, str):
            return Role(key, doc, None, False, None, pos)
        if doc.department is not None and doc.department not in departments:
            self.error(
                self.at("roles", key, "department"),
                say("unknown_department", department=doc.department, role=key,
                    suggestion=suggested(doc.department, departments)),
            )  # fmt: skip
        return Role(
            key, doc.name or key, doc.department, doc.external, doc.capacity, pos,
            doc.cost_per_hour,
        )  # fmt: skip

    def duration(self, spec: DurationSpec | None, day_hours: float) -> Duration | None:
        """The duration of ``spec`` under the file's working day, ``day_hours``."""
        if spec is None:
            return None
        if spec.text not in self.durations:
            self.durations[spec.text] = Duration(spec.text, *spec.hours(day_hours))
        return self.durations[spec.text]

    def steps(self, calendar: Calendar, tables: dict[str, dict[str, Any]]) -> dict[str, Step]:
        """The steps, each as :meth:`step` makes it. Those nearly every step of a large file
        is, in which :meth:`step` would find nothing wrong, are made here, in a third of the
        time: a plain step (schema.plain_step) of a kind with one arrow, to a step that is
        there, written down, and with a known role and system or none."""
        written = self.source.entry(("steps",))
        places = written[2] if written is not None and written[2] is not None else {}
        roles, systems, docs = tables["roles"], tables["systems"], tables["steps"]
        known = self.durations

        def duration(spec: DurationSpec | None) -> Duration | None:
            if spec is None:
                return None
            return known.get(spec.text) or self.duration(spec, calendar.day_hours)

        steps: dict[str, Step] = {}
        for key, doc in docs.items():
            if doc is None:
                continue
            entry = places.get(key)
            if type(doc) is PlainStep and entry is not None and entry[2] is not None:
                kind, name, role, system, work, wait, to = doc[:7]
                arrow = entry[2].get("next")
                if (
                    (role in roles if role is not None else kind in ROLELESS_KINDS)
                    and (system is None or (type(system) is str and system in systems))
                    and type(to) is str
                    and kind not in _NOT_QUICK
                    and to in docs
                    and arrow is not None
                ):
                    # Step's fields in order, as step() gives them.
                    steps[key] = _new_step(
                        key,
                        kind,
                        name or key,
                        role,
                        (system,) if system is not None else (),
                        duration(work),
                        duration(wait),
                        (_new_branch(to, None, 1.0, False, entry_pos(arrow)),),
                        None,
                        (),
                        False,
                        (),
                        None,
                        None,
                        None,
                        entry_pos(entry, key=True),
                        name is not None,
                    )
                    continue
            steps[key] = self.step(key, doc, calendar, tables, entry)
        return steps

    def step(
        self, key: str, doc: StepDoc | PlainStep, calendar: Calendar, tables: dict, entry: Any
    ) -> Step:
        """The step of ``key``; ``entry``: its places (``None`` if not written down), below
        which the places of its fields are looked up."""
        path = ("steps", key)
        dropped = self.dropped.get(path, _NONE_DROPPED)
        # Checks that depend on a field the file got wrong would only repeat that error.
        whole = not dropped or not dropped & {"kind", "next"}
        if doc.role is not None and doc.role not in tables["roles"]:
            self.error(
                self.at(*path, "role"),
                say("unknown_role", role=doc.role, step=key,
                    suggestion=suggested(doc.role, tables["roles"])),
            )  # fmt: skip
        elif doc.role is None and doc.kind not in ROLELESS_KINDS and not dropped & {"kind", "role"}:
            self.error(
                self.key_at(*path),
                say("no_role", kind=doc.kind, step=key,
                    roles=", ".join(tables["roles"]) or say("hint.role_ids")),
            )  # fmt: skip
        systems = (doc.system,) if type(doc.system) is str else tuple(self.as_list(doc.system))
        for i, system in enumerate(systems):
            if system not in tables["systems"]:
                where = (*path, "system", i) if isinstance(doc.system, list) else (*path, "system")
                self.error(
                    self.at(*where),
                    say("unknown_system", system=system, step=key,
                        suggestion=suggested(system, tables["systems"])),
                )  # fmt: skip
        branches = self.branches(key, doc, tables["steps"], whole, entry)
        subprocess = (
            self.subprocess(key, doc)
            if doc.kind == "subprocess" or doc.process is not None
            else None
        )
        if doc.at is not None and doc.kind in ("start", "end", "decision", "parallel"):
            self.error(self.at(*path, "at"), say("at_not_here", kind=doc.kind))
        # Step's fields in order: id, kind, name, role, systems, work, wait, next, at, forms,
        # manual, pain, process, subprocess, note, pos, name_given.
        return _new_step(
            key,
            doc.kind,
            doc.name or key,
            doc.role,
            systems,
            self.duration(doc.work, calendar.day_hours),
            self.duration(doc.wait, calendar.day_hours),
            branches,
            doc.at,
            tuple(self.as_list(doc.forms)) if doc.forms is not None else (),
            doc.manual,
            self.pains(key, doc),
            subprocess[0] if subprocess else None,
            subprocess[1] if subprocess else None,
            doc.note,
            entry_pos(entry, key=True) if entry is not None else self.key_at(*path),
            doc.name is not None,
        )

    @staticmethod
    def as_list(value: Any) -> list:
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]

    def pains(self, key: str, doc: StepDoc) -> tuple[Pain, ...]:
        if doc.pain is None:  # nearly every step
            return ()
        entries = self.as_list(doc.pain)
        pains = []
        for i, entry in enumerate(entries):
            where = (
                ("steps", key, "pain", i) if isinstance(doc.pain, list) else ("steps", key, "pain")
            )
            if isinstance(entry, str):
                pains.append(Pain(entry, None, 1, self.at(*where)))
            else:
                pains.append(Pain(entry.text, entry.source, entry.votes, self.at(*where)))
        return tuple(pains)

    def branches(
        self, key: str, doc: StepDoc, steps: dict, whole: bool, entry: Any
    ) -> tuple[Branch, ...]:
        """The step's arrows; ``entry``: the step's places (``None`` if not written down)."""
        path = ("steps", key, "next")
        kind = doc.kind
        if type(doc.next) is str and kind not in _SPLITS_AND_END and doc.next in steps:
            # Nearly every step: one arrow, to a step that is there.
            if not whole:
                return ()
            held = entry[2] if entry is not None else None
            written = held.get("next") if held is not None else None
            pos = entry_pos(written) if written is not None else self.at(*path)
            return (_new_branch(doc.next, None, 1.0, False, pos),)
        entries = self.as_list(doc.next)
        if kind == "end" and entries:
            self.error(self.key_at(*path), say("end_has_next", step=key))
            return ()
        raw: list[tuple[str, str | None, float | None, Pos]] = []
        seen: set[str] = set()
        listed = isinstance(doc.next, list)
        for i, entry in enumerate(entries):
            where = (*path, i) if listed else path
            if isinstance(entry, str):
                to, when, p, target = entry, None, None, where
            else:
                to, when, p, target = entry.to, entry.when, entry.p, (*where, "to")
            if to not in steps:
                self.graph_known = False
                self.error(
                    self.at(*target),
                    say("unknown_next", to=to, step=key, suggestion=suggested(to, steps)),
                )
            elif to in seen:
                self.error(self.at(*target), say("next_twice", to=to, step=key))
            seen.add(to)
            if p is not None and kind != "decision" and whole:
                self.error(self.at(*where, "p"), say("p_not_decision", step=key, kind=kind))
            raw.append((to, when, p, self.at(*where)))
        if not whole:
            return ()
        if kind in ("decision", "parallel") and len(raw) < 2:
            self.error(
                self.key_at(*path) if entries else self.key_at("steps", key),
                say("too_few_branches", kind=kind, step=key, n=len(raw)),
            )
        elif kind not in ("decision", "parallel") and len(raw) > 1:
            self.error(self.key_at(*path), say("many_next", step=key, n=len(raw)))
        if kind != "decision":
            return tuple(_new_branch(to, when, 1.0, False, pos) for to, when, _, pos in raw)
        return self.shared_probabilities(key, raw)

    def shared_probabilities(self, key: str, raw: list) -> tuple[Branch, ...]:
        given = sum(p for _, _, p, _ in raw if p is not None)
        open_count = sum(1 for _, _, p, _ in raw if p is None)
        pos = self.key_at("steps", key, "next")
        if given > 1 + P_TOLERANCE:
            self.error(
                pos, say("p_over", step=key, total=f"{given:.4g}", percent=f"{given * 100:.4g}")
            )
        elif open_count == 0 and raw and given < 1 - P_TOLERANCE:
            self.error(
                pos, say("p_under", step=key, total=f"{given:.4g}", percent=f"{given * 100:.4g}")
            )
        elif open_count and given >= 1 - P_TOLERANCE:
            self.warning(pos, say("p_nothing_left", step=key))
        rest = max(0.0, 1 - given) / open_count if open_count else 0.0
        return tuple(
            Branch(to, when, p if p is not None else rest, p is not None, pos)
            for to, when, p, pos in raw
        )

    def subprocess(self, key: str, doc: StepDoc) -> tuple[Path, Process | None] | None:
        if doc.kind != "subprocess":
            if doc.process is not None:
                self.error(
                    self.key_at("steps", key, "process"),
                    say("process_not_subprocess", step=key, kind=doc.kind),
                )
            return None
        if doc.process is None:
            self.error(self.key_at("steps", key), say("subprocess_needs_file", step=key))
            return None
        pos = self.at("steps", key, "process")
        if Path(doc.process).is_absolute() or doc.process.startswith("~"):
            self.error(pos, say("subprocess_absolute", step=key))
            return None
        path = Path(os.path.normpath(self.path.parent / doc.process))
        root = self.loader.root_for(self.path)
        if not path.resolve().is_relative_to(root.resolve()):
            # Said without looking: whether a file exists outside is none of our business.
            self.error(pos, say("subprocess_outside", file=doc.process, root=str(root)))
            return None
        if self.loader.fetch is not None:
            self.loader.fetch(path)
        if not path.is_file():
            self.error(pos, say("subprocess_missing", file=doc.process, path=str(path)))
            return None
        chain = self.loader.chain(path)
        if chain is not None:
            self.error(pos, say("subprocess_cycle", chain=" → ".join(chain)))
            return None
        sub, diagnostics = self.loader.load_file(path)
        self.diagnostics.extend(d for d in diagnostics if d.severity == "error")
        if sub is None:
            self.error(pos, say("subprocess_errors", file=doc.process))
        return path, sub

    def check_graph(self, steps: dict[str, Step]) -> str | None:
        """The start step's id, after checking starts, ends, reachability and joins.

        Runs whatever else is wrong in the file, as long as every step and arrow is known;
        each stage runs only when the one before found nothing, to avoid follow-on errors.
        """
        errors_before = len(self.diagnostics)
        starts = [s for s in steps.values() if s.kind == "start"]
        ends = [s for s in steps.values() if s.kind == "end"]
        if not starts:
            self.error(self.key_at("steps"), say("no_start"))
        for extra in starts[1:]:
            self.error(
                extra.pos,
                say("second_start", step=extra.id, first=starts[0].id, line=starts[0].pos.line),
            )
        if not ends:
            self.error(self.key_at("steps"), say("no_end"))
        if len(self.diagnostics) > errors_before:
            return None
        start = starts[0].id
        graph = _StepGraph(steps)
        reached = _reachable(graph.number[start], graph.successors.__getitem__)
        for i, step in enumerate(graph.steps):
            if i not in reached:
                self.error(step.pos, say("unreachable", step=step.id, start=start))
        finishing = _reachable_all(
            [graph.number[e.id] for e in ends], graph.predecessors.__getitem__
        )
        for i, step in enumerate(graph.steps):
            if i in finishing or i not in reached:
                continue
            if not step.next:
                self.error(step.pos, say("dead_end", step=step.id))
            else:
                self.error(step.pos, say("closed_loop", step=step.id))
        if len(self.diagnostics) > errors_before:
            return None
        self.check_joins(graph, ends, start)
        if len(self.diagnostics) == errors_before:
            self.check_ways_out(steps, ends, start)
        return None if len(self.diagnostics) > errors_before else start

    def check_ways_out(self, steps: dict[str, Step], ends: list[Step], start: str) -> None:
        """Every case must be able to finish: a loop whose branches out all have ``p: 0``
        holds its cases forever, and no figure of the process could be counted."""
        if all(b.p > P_TOLERANCE for step in steps.values() for b in step.next):
            return  # every arrow is taken sometimes: check_graph has seen every step finish

        def likely(step_id: str) -> list[str]:
            return [b.to for b in steps[step_id].next if b.p > P_TOLERANCE]

        reached = _reachable(start, likely)
        predecessors: dict[str, list[str]] = {s: [] for s in steps}
        for step_id in steps:
            for target in likely(step_id):
                predecessors[target].append(step_id)
        finishing = _reachable_all([e.id for e in ends], lambda s: predecessors[s])
        trapped = [s for s in steps if s in reached and s not in finishing]
        if not trapped:
            return
        # Said at the decision that closes the trap: its ways out are the branches with p 0.
        for step_id in trapped:
            step = steps[step_id]
            if step.kind == "decision" and any(b.p <= P_TOLERANCE for b in step.next):
                shut = ", ".join(b.to for b in step.next if b.p <= P_TOLERANCE)
                self.error(
                    self.key_at("steps", step_id, "next"),
                    say("trapped_loop", step=step_id, shut=shut),
                )
                return
        self.error(steps[trapped[0]].pos, say("trapped", step=trapped[0]))

    def check_joins(self, graph: _StepGraph, ends: list[Step], start: str) -> None:
        parallels = [i for i, step in enumerate(graph.steps) if step.kind == "parallel"]
        if not parallels:
            return
        from skavmap.format.dominators import dominator_tree

        exit_node = len(graph.steps)
        reverse = [*graph.predecessors, [graph.number[e.id] for e in ends]]
        post_dominators = dominator_tree(reverse, exit_node)
        dominance = None
        for split in parallels:
            join = post_dominators[split]
            if join == exit_node or join == -1:
                self.error(graph.steps[split].pos, say("never_meet", step=graph.steps[split].id))
            else:
                dominance = dominance or _Dominance(graph.successors, graph.number[start])
                inside = self.check_branches_stay(graph, split, join, dominance)
                self.check_nothing_enters(graph, split, join, inside, dominance)

    def check_branches_stay(
        self, graph: _StepGraph, split: int, join: int, dominance: _Dominance
    ) -> set[int]:
        """A branch may not go back before its split: it would restart the whole block while
        the other branches still run, which no count of visits can describe.

        Before the split lies every step the start reaches without passing it: the steps the
        split does not dominate. The walk through the branches stops there, so each split
        costs its own branches only; only a branch that does leave the block is followed
        everywhere it leads, as a case would go.
        """
        after = dominance.after(split)
        successors = graph.successors
        starts = [t for t in successors[split] if t != join]
        left = False

        def onward(step: int) -> Sequence[int]:
            nonlocal left
            if step == join:
                return ()
            if not after(step):
                left = True
                return ()
            return successors[step]

        inside = _reachable_all(starts, onward)
        if left:
            inside = _reachable_all(starts, lambda s: () if s == join else successors[s])
        ids = graph.ids
        for step in inside:
            if step == join or not after(step):
                continue
            for branch in graph.steps[step].next:
                to = graph.number[branch.to]
                # The join itself may lie outside the block: a join several splits share.
                if to == split or (to != join and not after(to)):
                    self.error(
                        branch.pos,
                        say("goes_back", split=ids[split], step=ids[step], to=branch.to,
                            join=ids[join]),
                    )  # fmt: skip
        return inside

    def check_nothing_enters(
        self, graph: _StepGraph, split: int, join: int, inside: set[int], dominance: _Dominance
    ) -> None:
        """Nothing may enter a block's branches from beside it (from another branch of a
        block around it, or from before it): a step reached that way too would run once for
        each way in, while the block waits for its own branches only, which no lead time can
        describe. Rework from after the join may go back into one branch: that branch runs
        again and meets the join again."""
        after_join = dominance.after(join)
        ids = graph.ids
        entering = [
            (branch.pos, before, step)
            for step in inside - {join}
            for before in graph.predecessors[step]
            if before not in inside and before != split and dominance.reaches(before)
            and not after_join(before)
            for branch in graph.steps[before].next
            if branch.to == ids[step]
        ]  # fmt: skip
        for pos, before, step in sorted(entering, key=lambda f: (f[0].line, f[0].col)):
            self.error(pos, say("enters_block", step=ids[before], to=ids[step], split=ids[split],
                                join=ids[join]))  # fmt: skip

    def warn(self, steps: dict[str, Step], roles: dict, departments: dict, systems: dict) -> None:
        for step in steps.values():
            if step.kind == "task" and step.work is None and step.wait is None:
                self.warning(step.pos, say("task_no_time", step=step.id))
            if step.kind == "decision" and not any(b.p_given for b in step.next):
                self.warning(step.pos, say("decision_no_p", step=step.id))
            if step.kind == "subprocess" and step.work is not None:
                self.warning(
                    self.at("steps", step.id, "work"), say("subprocess_work", step=step.id)
                )
        used_roles = {s.role for s in steps.values()}
        used_departments = {r.department for r in roles.values()}
        used_systems = {system for s in steps.values() for system in s.systems}
        for table, items, used in (
            ("department", departments, used_departments),
            ("role", roles, used_roles),
            ("system", systems, used_systems),
        ):
            for key, item in items.items():
                if key not in used:
                    self.warning(item.pos, say(f"unused.{table}", id=key))
        for role in roles.values():
            if role.department is None and not role.external:
                self.warning(role.pos, say("role_no_department", role=role.id))
        first_by_name: dict[str, Step] = {}
        for step in steps.values():
            if not step.name_given:
                continue
            first = first_by_name.setdefault(step.name, step)
            if first is not step:
                self.warning(
                    self.at("steps", step.id, "name"),
                    say("same_name", first=first.id, line=first.pos.line, step=step.id,
                        name=step.name),
                )  # fmt: skip


class _StepGraph:
    """The steps numbered in file order, and the arrows between the numbers both ways: the
    checks of the whole graph walk lists of numbers, not dictionaries of ids."""

    def __init__(self, steps: Mapping[str, Step]):
        self.ids = list(steps)
        self.steps = list(steps.values())
        self.number = number = dict(zip(self.ids, range(len(self.ids)), strict=True))
        self.successors = [[number[b.to] for b in step.next] for step in self.steps]
        self.predecessors: list[list[int]] = [[] for _ in self.steps]
        predecessors = self.predecessors
        for i, targets in enumerate(self.successors):
            for target in targets:
                predecessors[target].append(i)


class _Dominance:
    """Which steps lie after a step: every way from the start to them passes it (it
    dominates them). The dominator tree is numbered once in depth-first order, so that each
    question is two comparisons."""

    def __init__(self, successors: Sequence[Sequence[int]], start: int):
        from skavmap.format.dominators import dominator_tree

        children: list[list[int]] = [[] for _ in successors]
        for node, parent in enumerate(dominator_tree(successors, start)):
            if parent != -1 and node != start:
                children[parent].append(node)
        # A step that the start does not reach keeps 0.
        self.enter = enter = [0] * len(successors)
        self.leave = leave = [0] * len(successors)
        clock = 0
        stack = [(start, False)]
        while stack:
            node, done = stack.pop()
            clock += 1
            if done:
                leave[node] = clock
                continue
            enter[node] = clock
            stack.append((node, True))
            stack.extend((child, False) for child in children[node])

    def reaches(self, step: int) -> bool:
        """Whether the start reaches ``step`` at all."""
        return self.enter[step] > 0

    def after(self, step: int) -> Callable[[int], bool]:
        """Whether the start reaches a step only through ``step`` (``step`` itself too)."""
        enter, leave = self.enter[step], self.leave[step]
        return lambda other: enter <= self.enter[other] and self.leave[other] <= leave


def _reachable(start: _Node, successors: Callable[[_Node], Iterable[_Node]]) -> set[_Node]:
    return _reachable_all([start], successors)


def _reachable_all(
    starts: list[_Node], successors: Callable[[_Node], Iterable[_Node]]
) -> set[_Node]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for nxt in successors(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


class Loader:
    """Loads process files, sharing sub-processes between them and catching cycles.

    ``codes``: the analyser codes an action may address; ``None`` accepts any code of the
    form ``SKV`` and three digits (the rules live in a layer above this one).
    """

    def __init__(self, codes: Collection[str] | None = None) -> None:
        self.codes = codes
        #: Called with a sub-process file's path before it is read: a reader of files at a
        #: git revision brings the file then (see skavmap.format.revisions).
        self.fetch: Callable[[Path], None] | None = None
        #: The folder sub-process files must lie in; by default the git repository of the
        #: file named first, or its folder outside a repository.
        self.root: Path | None = None
        self._done: dict[Path, tuple[Process | None, list[Diagnostic]]] = {}
        self._stack: list[Path] = []

    def root_for(self, path: Path) -> Path:
        """The folder that the sub-processes of ``path`` (and of what it runs) must lie in."""
        if self.root is not None:
            return self.root
        first = (self._stack[0] if self._stack else path).resolve()
        for folder in first.parents:
            if (folder / ".git").exists():
                return folder
        return first.parent

    def chain(self, path: Path) -> list[str] | None:
        """The cycle of files that loading ``path`` now would close, if any."""
        key = path.resolve()
        resolved = [p.resolve() for p in self._stack]
        if key not in resolved:
            return None
        return [str(p) for p in self._stack[resolved.index(key) :]] + [str(path)]

    def load_file(self, path: Path) -> tuple[Process | None, list[Diagnostic]]:
        """The process (``None`` when it has errors) and every diagnostic, in file order."""
        key = path.resolve()
        if key in self._done:
            return self._done[key]
        self._stack.append(path)
        try:
            loader = _FileLoader(self, path)
            process = loader.load()
        finally:
            self._stack.pop()
        diagnostics = sorted(set(loader.diagnostics), key=_order)
        if any(d.severity == "error" for d in diagnostics):
            process = None
        self._done[key] = (process, diagnostics)
        return process, diagnostics


def load_with_changes(
    path: Path, changes: Sequence[Mapping], codes: Collection[str] | None = None
) -> tuple[Process | None, tuple[Change, ...], list[Diagnostic]]:
    """The process of ``path``, and ``changes`` (each a change as a file writes it)
    validated against it as the file's own would be. A problem with a change is a
    diagnostic at line :data:`EXTRA_LINE`, its column the change's number from 1."""
    loader = _FileLoader(Loader(codes), path, changes)
    process = loader.load()
    diagnostics = sorted(set(loader.diagnostics), key=_order)
    if process is None or any(d.severity == "error" for d in diagnostics):
        return None, (), diagnostics
    extra = next(a for a in process.actions if a.id == EXTRA_ACTION)
    actions = tuple(a for a in process.actions if a.id != EXTRA_ACTION)
    return dataclasses.replace(process, actions=actions), extra.changes, diagnostics


def _order(d: Diagnostic) -> tuple:
    return (d.file, d.pos.line, d.pos.col, d.severity, d.message)


def load_with_warnings(path: str | Path) -> tuple[Process, list[Diagnostic]]:
    """The process and its warnings; :class:`LoadError` with every error when it has any."""
    process, diagnostics = Loader().load_file(Path(path))
    if process is None:
        raise LoadError([d for d in diagnostics if d.severity == "error"])
    return process, diagnostics


def load(path: str | Path) -> Process:
    """Load one process file.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "mini.yaml").write_text(
    ...     "process: Mini\\nsteps:\\n  a: {kind: start, next: b}\\n  b: {kind: end}\\n")
    >>> process = load(folder / "mini.yaml")
    >>> process.id, process.start, list(process.steps)
    ('mini', 'a', ['a', 'b'])
    """
    return load_with_warnings(path)[0]
