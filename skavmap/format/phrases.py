"""Every message about a file (a process file, an event log's mapping, the configuration)
in English and Swedish, as data until it is shown.

The format layer cannot know the words of :mod:`skavmap.outputs` (it lies below them), and
its messages are made long before anyone knows which language they will be read in. So a
problem is said as a :class:`Phrase`, a key and its values, and put in words only at the
edge: ``phrase.text("sv")``. A :class:`~skavmap.format.diagnostics.Diagnostic` keeps its
English message (what JSON, tests and tools read) and the phrase it came from.

Two kinds of key: a name for a message of this layer (``"unknown_field"``), or the English
message template of a value check in :mod:`skavmap.format.schema` (pydantic hands back the
message and its values, so :func:`schema_phrase` finds the template by its text). Values
that are phrases (where in the file, a suggestion, what was found) are put in words in the
same language; ids, file names and numbers are shown as they are.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

LANGS = ("en", "sv")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A message as data: its key and values; ``text(lang)`` puts it in words."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``sv`` or ``en``; anything else is English).

        >>> say("unknown_role", role="handlägare", step="granska", suggestion=NOTHING).text("sv")
        "okänd roll 'handlägare' i steget 'granska'"
        """
        template = _catalogue(lang).get(self.key)
        if template is None:
            template = EN.get(self.key, self.key)
        shown = {name: _shown_value(value, lang) for name, value in self.values}
        return template.format(**shown)

    def __str__(self) -> str:
        return self.text("en")


def say(key: str, /, **values: Any) -> Phrase:
    """The phrase ``key`` with ``values``."""
    return Phrase(key, tuple(values.items()))


def plain(text: str) -> Phrase:
    """Text that is the same in every language (a mark, an id, a message from a tool)."""
    return Phrase("plain", (("text", text),))


NOTHING = plain("")


def _shown_value(value: Any, lang: str) -> Any:
    if isinstance(value, Phrase):
        return value.text(lang)
    if isinstance(value, tuple):  # a list said in the language, one item after the other
        return ", ".join(str(_shown_value(item, lang)) for item in value)
    if isinstance(value, str) and lang != "en":
        return _fragment(value, lang)
    return value


def suggested(word: str, candidates, otherwise: str = "") -> Phrase:
    """``"; did you mean 'x'?"`` for the closest candidate, or ``otherwise``.

    >>> suggested("nxet", ["next", "name"]).text("sv")
    "; menade du 'next'?"
    """
    match = closest(word, candidates)
    return say("suggest", word=match) if match is not None else plain(otherwise)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely is a misspelling of, if any."""
    pool = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(pool), n=1, cutoff=0.6)
    return pool[match[0]] if match else None


def shown(value: Any) -> Phrase:
    """A value found in a file, as a message quotes it: ``'x'``, or what it is."""
    if isinstance(value, dict):
        return say("shown.mapping")
    if isinstance(value, list):
        return say("shown.list")
    return plain(f"'{value}'")


def schema_phrase(message: str, values: dict[str, Any] | None) -> Phrase:
    """The phrase of a value check's ``message``, whose template is one of
    :data:`SCHEMA`, filled with ``values``; a message of no known template as it is."""
    values = values or {}
    for template in SCHEMA:
        try:
            if template.format(**values) == message:
                return Phrase(template, tuple(values.items()))
        except (KeyError, IndexError, ValueError):
            continue
    return plain(message)


def kind_words(local: str) -> str:
    """A BPMN element's name in English words: ``intermediateCatchEvent`` →
    ``intermediate catch event``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower()


def bpmn_kind(local: str, form: str, n: int = 1) -> Phrase:
    """A BPMN element's kind in words: ``form`` ``"a"`` (a kind, as a list names it),
    ``"the"`` (the one element, as a message names it) or ``"many"`` (``n`` of them). A kind
    of no Swedish name here is said in BPMN's English words."""
    key = f"bpmn.{form}.{local}"
    if key in EN:
        return say(key, n=n) if form == "many" else say(key)
    words = kind_words(local)
    return plain(f"{n} {_plural(words)}" if form == "many" else words)


def _plural(words: str) -> str:
    """English words for one thing → for several (``property`` → ``properties``)."""
    if words.endswith("characteristics"):
        return words
    if words.endswith("y") and words[-2:-1] not in "aeiou":
        return words[:-1] + "ies"
    return words + ("es" if words.endswith(("s", "x", "ch", "sh")) else "s")


def _fragment(value: str, lang: str) -> str:
    """A piece of English that a value check put into a value (" (negative)"), in
    ``lang``; any other value as it is."""
    for pattern, template in _fragments(lang):
        found = pattern.fullmatch(value)
        if found:
            return template.format(*found.groups())
    return value


@cache
def _fragments(lang: str) -> list[tuple[re.Pattern, str]]:
    out = []
    for english, translated in FRAGMENTS[lang].items():
        parts = re.split(r"\{\}", english)
        pattern = "(.*?)".join(re.escape(part) for part in parts)
        out.append((re.compile(pattern, re.DOTALL), translated))
    return out


def _catalogue(lang: str) -> dict[str, str]:
    return SV if lang == "sv" else EN


#: The messages of the value checks in :mod:`skavmap.format.schema`, by their English text.
SCHEMA = (
    "bad duration '{text}'{why}; {hint}",
    "a duration must be text such as 30m or 2h",
    "'{n}' has no unit; write {n}m (minutes), {n}h (hours) or {n}d (working days)",
    "duration '{text}' is longer than {top} hours; a step's time must be shorter",
    'bad clock time \'{v}\'; write HH:MM, e.g. "02:00" or "16:30"',
    "bad working hours '{v}'; write e.g. \"07:00-18:00\"",
    "working hours '{v}' are empty; write e.g. \"07:00-18:00\"",
    "bad probability '{v}'; write a share between 0 and 1 (0.15) or a percentage (15%)",
    "bad volume '{v}'; write cases per period, e.g. 1800/month (or /day, /week, /year)",
    "volume '{v}' is more than {top} cases per period; check the number",
    "'{v}' should be true or false",
    "write a number here, not '{v}'",
    "bad date '{v}'; write YYYY-MM-DD, e.g. 2027-03-31",
)

#: Pieces of English that value checks put into values, with ``{}`` for what varies.
FRAGMENTS: dict[str, dict[str, str]] = {
    "en": {},
    "sv": {
        " (a number without unit)": " (ett tal utan enhet)",
        " (unknown unit '{}')": " (okänd enhet '{}')",
        " (negative)": " (negativ)",
        " (the range runs backwards)": " (intervallet går baklänges)",
        "write e.g. 30m, 2h, 1h30m, 3d, 2w or a range 10-20m": (
            "skriv t.ex. 30m, 2h, 1h30m, 3d, 2w eller ett intervall 10-20m"
        ),
    },
}

EN: dict[str, str] = {
    "plain": "{text}",
    "suggest": "; did you mean '{word}'?",
    "shown.mapping": "a mapping",
    "shown.list": "a list",
    "shown.single": "a single value",
    "want.text": "text",
    "want.mapping": "a mapping",
    "want.table": "a mapping of id: entry",
    "want.list": "a list",
    "want.either": "{a} or {b}",
    "want.whole": "a whole number",
    "want.number": "a number",
    "where.department": " in department '{id}'",
    "where.role": " in role '{id}'",
    "where.system": " in system '{id}'",
    "where.step": " in step '{id}'",
    "where.action": " in action {action}",
    "where.change": " in change {n} of action {action}",
    "where.calendar": " in calendar",
    "table.department": "department",
    "table.role": "role",
    "table.system": "system",
    "table.step": "step",
    "hint.process_name": " (the display name of the process)",
    "hint.role_ids": "the ids under roles:",
    # --- the loader ---------------------------------------------------------------------
    "unknown_field": "unknown field '{field}'{where}{suggestion}",
    "missing_field": "missing field '{field}'{where}{hint}",
    "unknown_kind": "unknown kind {value}{suggestion} a step's kind is one of {choices}",
    "unknown_choice": "unknown {field} {value}{suggestion} an action's {field} is one of {choices}",
    "unsupported_version": "unsupported format version {value}; this skavmap reads version 1",
    "wrong_type": "'{field}' should be {wanted}, not {value}",
    "empty_field": "'{field}' must not be empty",
    "empty_list": "'{field}' needs at least one value",
    "bad_currency": "currency {value} should be a three-letter code such as SEK or EUR",
    "not_finite": "'{field}' must be a finite number, not {value}",
    "greater_than": "'{field}' should be more than {limit}",
    "greater_than_equal": "'{field}' should be at least {limit}",
    "less_than": "'{field}' should be less than {limit}",
    "less_than_equal": "'{field}' should be at most {limit}",
    "not_a_process_mapping": (
        "a process file must be a mapping with 'process:' and 'steps:' at the top, not {value}"
    ),
    "steps_empty": "'steps' is empty; a process needs at least a start and an end",
    "missing_steps": "missing field 'steps' (the steps of the process)",
    "id_unprintable": (
        "the {table} id {id} holds a line break or another control character; an id is one "
        "line of visible text"
    ),
    "action_twice": "action id '{id}' is used twice (first at line {line})",
    "unknown_owner": (
        "unknown owner '{owner}' in action '{action}': not a role or department{suggestion}"
    ),
    "unknown_code": (
        "unknown analyser code '{code}' in action '{action}'{suggestion} "
        "(skavmap hotspots --list shows them)"
    ),
    "bad_address": (
        "action '{action}' addresses '{target}', which is neither a step id nor an analyser "
        "code{suggestion}"
    ),
    "day_in_hours": "give the working day in hours, e.g. 8h",
    "day_impossible": "a working day of {day} is not possible; write e.g. 8h",
    "unknown_department": "unknown department '{department}' in role '{role}'{suggestion}",
    "unknown_role": "unknown role '{role}' in step '{step}'{suggestion}",
    "no_role": "{kind} '{step}' has no role; add 'role: ROLE_ID' (one of {roles})",
    "unknown_system": "unknown system '{system}' in step '{step}'{suggestion}",
    "at_not_here": "'at' does not apply to a step of kind {kind}",
    "end_has_next": "end step '{step}' has 'next'; an end step ends the process",
    "unknown_next": "unknown step '{to}' in next of '{step}'{suggestion}",
    "next_twice": "'{to}' appears twice in next of '{step}'",
    "p_not_decision": "'p' applies only to the branches of a decision; '{step}' is a {kind} step",
    "too_few_branches": "{kind} '{step}' needs two or more branches in next; it has {n}",
    "many_next": (
        "step '{step}' has {n} entries in next; make it 'kind: decision' (one branch is "
        "taken) or 'kind: parallel' (all run at the same time)"
    ),
    "p_over": (
        "the branch probabilities of '{step}' add up to {total} ({percent} %); together they "
        "may be at most 1 (100 %)"
    ),
    "p_under": (
        "the branch probabilities of '{step}' add up to {total} ({percent} %), not 1; leave "
        "'p' out of one branch to give it the rest"
    ),
    "p_nothing_left": (
        "the branches of '{step}' without 'p' get nothing: the others already add up to 1"
    ),
    "process_not_subprocess": (
        "'process' applies only to 'kind: subprocess'; step '{step}' is a {kind}"
    ),
    "subprocess_needs_file": "subprocess '{step}' needs 'process: FILE' (the process file it runs)",
    "subprocess_absolute": "'process' of '{step}' must be a path relative to this file",
    "subprocess_outside": (
        "sub-process file '{file}' lies outside {root}; a process may only run process files "
        "of its own repository (or folder)"
    ),
    "subprocess_missing": "sub-process file '{file}' not found (looked for {path})",
    "subprocess_cycle": "sub-processes call each other in a cycle: {chain}",
    "subprocess_errors": "sub-process file '{file}' has errors (listed above)",
    "no_start": "no start step; mark the first step with 'kind: start'",
    "second_start": (
        "a second start step '{step}' (the first is '{first}', line {line}); a process has "
        "exactly one start"
    ),
    "no_end": "no end step; mark the last step with 'kind: end'",
    "unreachable": "step '{step}' cannot be reached from the start '{start}'",
    "dead_end": "step '{step}' has no 'next' and is not an end; add 'next' or make it 'kind: end'",
    "closed_loop": "no end can be reached from step '{step}' (a closed loop)",
    "trapped_loop": (
        "cases that reach '{step}' can never leave its loop: the way out ({shut}) has p 0 and "
        "every other branch leads back; give the way out a share of the cases"
    ),
    "trapped": "cases that reach '{step}' can never reach an end; every way out has p 0",
    "never_meet": (
        "the branches of parallel '{step}' never meet again; lead every branch to one join "
        "step (the step after which the process goes on together)"
    ),
    "enters_block": (
        "'{step}' leads into '{to}', a branch of parallel '{split}', from outside the block; "
        "ways from outside meet the branches at the join '{join}'"
    ),
    "goes_back": (
        "a branch of parallel '{split}' goes back from '{step}' to '{to}', before the split; "
        "branches must meet at the join '{join}' first: send rework back from a decision "
        "after '{join}'"
    ),
    "task_no_time": "task '{step}' has neither 'work' nor 'wait'; it counts as taking no time",
    "decision_no_p": "decision '{step}' gives no probabilities ('p'); an equal split is assumed",
    "subprocess_work": (
        "'work' of subprocess '{step}' is not counted: its work time is the sub-process's"
    ),
    "unused.department": "department '{id}' is never used",
    "unused.role": "role '{id}' is never used",
    "unused.system": "system '{id}' is never used",
    "role_no_department": (
        "role '{role}' has no department and is not external; it counts as a department of its own"
    ),
    "same_name": (
        "steps '{first}' (line {line}) and '{step}' have the same name '{name}'; give each step "
        "a name of its own"
    ),
    # --- reading the file (yamlsource) --------------------------------------------------
    "source.not_regular": "not a regular file ({what}); name a process file",
    "source.a_folder": "a folder",
    "source.a_device": "a device or pipe",
    "source.too_large": (
        "file is {size} MB; the largest process file skavmap reads is {limit} MB (split it "
        "with subprocess steps)"
    ),
    "source.grew": "file grew past {limit} MB while read",
    "source.unreadable": "cannot read file: {why}",
    "source.binary": "not a text file (it contains binary data)",
    "source.not_utf8": (
        "the file is not UTF-8 (perhaps Windows-1252 or Latin-1); save it as UTF-8 so that "
        "å, ä and ö come through"
    ),
    "source.empty": "the file is empty; a process file starts with 'process: NAME' and 'steps:'",
    "source.empty_document": "the file is empty; a process file starts with 'process: NAME'",
    "source.bad_yaml": "not valid YAML: {problem}{context}{hint}",
    "source.context": " ({context} at line {line}, column {col})",
    "source.hint": "; {hint}",
    "source.hint_tabs": "; indent with spaces: YAML does not allow tab characters for indentation",
    "source.hint_colon_value": (
        "a text with ': ' in it needs quotes (name: \"Steg 2: granska\"), or this line is "
        "indented more than the key above it"
    ),
    "source.hint_key": "check the indentation: keys of one mapping start in the same column",
    "source.hint_colon": (
        "each key needs a ':' after it; a text that runs over several lines needs quotes"
    ),
    "source.hint_dash": "check the indentation of the list items",
    "source.control": "not valid YAML: the control character {code} is not allowed",
    "source.self_alias": "an alias refers to the element that contains it",
    "source.alias_bomb": (
        "aliases expand this file from {distinct} to {expanded} elements; that is refused "
        "(alias bomb?). Write the values out instead of using aliases"
    ),
    "source.too_deep": "nested more than {depth} levels deep",
    "source.tag": (
        "YAML tag '{tag}' is not allowed; process files hold only text, numbers, true/false, "
        "lists and mappings"
    ),
    "source.bad_scalar": "'{value}' is not a valid {kind}",
    "source.key_not_plain": "a key must be a plain name, not a list or mapping",
    "source.duplicate_key": (
        "duplicate key '{key}' (first written at line {line}); each key may appear once in a "
        "mapping"
    ),
    "source.merge": "'<<' merges only mappings",
    # --- the configuration (skavmap.toml, [tool.skavmap]) and the rules ------------------
    "config.no_file": "no such configuration file",
    "config.too_large": "file too large (over {limit} KiB)",
    "config.not_utf8": "not UTF-8 text",
    "config.unreadable": "cannot read: {why}",
    "config.too_deep": "not valid TOML for skavmap: values nested too deeply",
    "config.list_of_tables": "a list of tables ([[tool.skavmap]])",
    "config.not_one_table": "[tool.skavmap] must be one table of settings, not {value}",
    "config.bad_toml": "not valid TOML: {problem}",
    "config.not_selector": "{where}: expected a code or an analyser name, not {value}",
    "config.codes_hint": "; codes start with SKV, e.g. {example}",
    "config.unknown_selector": "{where}: unknown code or analyser '{text}'{hint}",
    "config.not_selectors": "{where}: expected a list of codes or names",
    "config.not_choice": "{where}: expected {choices} or {last}, not {value}{hint}",
    "config.not_number": "{key}: expected {kind} between 0 and {top}, not {value}",
    "config.value": "{key}: {problem}",
    "config.not_share": '{key}: expected a share (0.05) or a percentage ("5%"), not {value}',
    "config.not_flag": "{key}: expected true or false, not {value}",
    "config.unknown_key": "unknown key '{key}'{suggestion}",
    "config.not_severity_table": 'severity: expected a table such as {{SKV101 = "error"}}',
    "config.not_ignores_table": (
        'per-file-ignores: expected a table such as {{"processes/old/*.yaml" = ["SKV4"]}}'
    ),
    "rule_failed": (
        "rule {code} {name} failed on this file ({error}); its findings are missing, the other "
        "rules ran. Please report this."
    ),
    # --- event logs and their mappings ---------------------------------------------------
    "log.not_xes": "not an XES log: it starts with <{name}>, not <log>",
    "log.empty": "the log is empty: it has no events",
    "log.bad_xml": "not valid XML: {problem}",
    "log.unreadable": "cannot read the log: {why}",
    "log.doctype": (
        "the file declares a DOCTYPE; skavmap reads no DOCTYPE or entity declarations (they can "
        "pull in other files or blow up in size). XES files need none: remove the <!DOCTYPE ...> "
        "part"
    ),
    "log.not_utf8": (
        "cannot read the log: the file is not UTF-8 (perhaps Windows-1252 or Latin-1); save "
        "it as UTF-8"
    ),
    "log.no_trace_attribute": (
        "no trace attribute '{wanted}' in the log{suggestion}; the events have {known} (name it "
        "with {option} KEY)"
    ),
    "log.no_event_attribute": (
        "no event attribute '{wanted}' in the log{suggestion}; the events have {known} (name it "
        "with {option} KEY)"
    ),
    "log.no_attributes": "no attributes",
    "log.no_column": (
        "no column '{wanted}' in the log{suggestion}; its columns are {columns} (name the "
        "{column} column with {option} COLUMN)"
    ),
    "log.no_case": "the event has no case id (column given by {option})",
    "log.no_activity": "the event has no activity (column given by {option})",
    "log.no_timestamp": "the event has no timestamp (column given by {option})",
    "log.bad_zone": "unknown time zone '{zone}'; write one such as Europe/Stockholm or UTC",
    "log.bad_format": (
        "--time-format '{format}' is not a format of times; write one with the codes of "
        "strptime, e.g. '%d/%m/%Y %H:%M'"
    ),
    "log.format_given": "the format {format} given by --time-format",
    "log.iso": (
        "ISO 8601 (2024-03-18T09:30:00, with or without an offset such as +01:00); give "
        "another format with --time-format, e.g. '%d/%m/%Y %H:%M'"
    ),
    "log.bad_time": "timestamp '{value}' does not match {expected}",
    "log.time_out_of_range": (
        "timestamp '{value}' is out of range: the year must be 1 to 9999 and an offset at most "
        "14 hours (+14:00)"
    ),
    "log.fewer_fields": (
        "the row has fewer fields than the first line's {n} ({columns}); a field is missing "
        "or a quote is not closed"
    ),
    "log.more_fields": (
        "the row has more fields than the first line's {n} ({columns}); a separator inside a "
        "field needs quotes around the field"
    ),
    "log.empty_file": (
        "the file is empty; a CSV log starts with a line of column names, such as "
        "case_id,activity,timestamp"
    ),
    "log.row": "row {row}: {message}",
    "log.at_line": "line {line}",
    "log.at_row": "row {row}",
    "log.out_of_order": (
        "'{activity}' in case '{case}' completes before it starts ({where}); the events are out "
        "of order"
    ),
    "log.activity_several": (
        "the activity '{name}' is the name of several steps ({steps}); map it to one in a "
        "mapping file (--mapping)"
    ),
    "map.several": "'{target}' is the name of several steps ({named}); map to the id",
    "map.no_step": "no step '{target}' in {file}{suggestion}",
    "map.not_mapping": "a mapping file holds 'activity: step' lines, one per activity",
    "map.not_one": "'{activity}' maps to a list or mapping; write one step id or ~",
    "map.unreadable": "cannot read the mapping: {why}",
    "map.csv_columns": "a mapping CSV needs the columns 'activity' and 'step' in its first line",
    "map.csv_separator": (
        "no columns 'activity' and 'step' in the first line: a mapping CSV separates them "
        "by a comma, a semicolon or a tab"
    ),
    # --- BPMN files (skavmap import, and .bpmn as input) -------------------------------
    "bpmn.already_yaml": "this is a process file already; skavmap import reads BPMN files",
    "bpmn.target_exists": "{target} exists; choose another -o, or add --force to replace it",
    "xml.too_large": "the file is {size} MiB; skavmap reads XML files of at most {top} MiB",
    "xml.doctype": (
        "the file declares a DOCTYPE; skavmap reads no DOCTYPE or entity declarations (they can "
        "pull in other files or blow up in size). BPMN files need none: remove the "
        "<!DOCTYPE ...> part"
    ),
    "xml.not_well_formed": "not well-formed XML: {why}",
    "xml.empty": "the file holds no XML element",
    "bpmn.not_a_number": '{name}="{value}" is not a number: left out',
    "bpmn.not_bpmn": (
        "not a BPMN 2.0 file: it starts with <{local}>; a BPMN file starts with <definitions> "
        "in the namespace {namespace}"
    ),
    "bpmn.no_process": "the file holds no process with tasks, events or gateways to import",
    "bpmn.pool": (
        "pool '{name}' is not imported: skavmap reads one pool of a BPMN file, the first with "
        "steps in it"
    ),
    "bpmn.message_flow": (
        "message flow '{name}' between pools is not imported: skavmap maps one pool"
    ),
    "bpmn.process": (
        "process '{name}' is not imported: skavmap reads one process of a BPMN file, the first "
        "with steps in it"
    ),
    "bpmn.definition": (
        "1 definition ({kinds}) is not imported; the events and tasks that use it are"
    ),
    "bpmn.definitions": (
        "{n} definitions ({kinds}) are not imported; the events and tasks that use them are"
    ),
    "bpmn.id_taken": "the step id '{old}' is taken by an earlier step: this one is '{new}'",
    "bpmn.named": "{kind} '{name}'",
    "bpmn.subprocess": (
        "{what} is imported as one task; the {n} steps inside it are not (import them as a "
        "process of their own)"
    ),
    "bpmn.call": (
        "call activity '{name}' runs '{called}', and no process file of that name is next to "
        "{file}: imported as a task"
    ),
    "bpmn.nothing_named": "nothing named",
    "bpmn.flow": (
        "sequence flow '{id}' connects '{source}' and '{target}', which are not both steps of "
        "the imported process: not imported"
    ),
    "bpmn.link": "link event '{name}' has no catching link event",
    "bpmn.unreachable": "{what} cannot be reached from the start '{start}': not imported",
    "bpmn.one_way": "{what} leads to one step only: left out, its arrows go straight on",
    "bpmn.boundary_nowhere": (
        "{what} on '{on}' is not imported: skavmap has no events that interrupt a step, and "
        "this one leads to no step"
    ),
    "bpmn.boundary_same": (
        "{what} on '{on}' is not imported: it leads where the step goes on anyway"
    ),
    "bpmn.boundary_decision": (
        "{what} on '{on}' is imported as a decision '{gate}' after it: skavmap has no events "
        "that interrupt a step"
    ),
    "bpmn.no_join": (
        "the branches of {what} do not meet again before the process ends (or go back before "
        "it): imported as a decision, since skavmap needs parallel branches to join"
    ),
    "bpmn.not_imported": "{what} is not imported",
    "bpmn.part": "the {what} of {owner} is not imported",
    "bpmn.parts": "the {what} of {owner} are not imported",
    "bpmn.extensions": "{n} extension element(s)",
    "bpmn.attributes": "the attributes of {m} element(s)",
    "bpmn.extensions_and_attributes": (
        "{n} extension element(s) and the attributes of {m} element(s)"
    ),
    "bpmn.vendor": "{what} of {namespace} are not imported (settings of another tool)",
    # --- finding files --------------------------------------------------------------------
    "no_such_path": "no such file or folder",
    # --- actions' changes ------------------------------------------------------------------
    "change.no_step": "there is no step '{step}' to change{hint}",
    "change.is_role": "; '{name}' is a role: a role change sets {fields}",
    "change.role_field": (
        "'{field}' belongs to a role, not to step '{step}'; make it a change of its own: "
        "{{role: ROLE_ID, {field}: ...}}"
    ),
    "change.removed_sets": "step '{step}' is removed; a removed step has nothing else to set",
    "change.branch_p": (
        "'branch' and 'p' go together: {{step: {step}, branch: NEXT_STEP, p: 5%}} sets that "
        "branch's share"
    ),
    "change.unknown_role": "unknown role '{role}'{suggestion}",
    "change.unknown_system": "unknown system '{system}'{suggestion}",
    "change.sets_nothing": (
        "this change of step '{step}' sets nothing; give a field to set ({fields}), "
        "'remove: true', or 'branch:' with 'p:'"
    ),
    "change.not_decision": (
        "'{step}' is a {kind}, not a decision: only a decision's branches have a share p to change"
    ),
    "change.not_branch": (
        "'{branch}' is not a branch of decision '{step}' (its branches go to {targets}){suggestion}"
    ),
    "change.names_nothing": (
        "a change names what it changes: 'step: STEP_ID' with the fields to set (or "
        "'remove: true', or 'branch:' and 'p:'), or 'role: ROLE_ID' with 'capacity:'"
    ),
    "change.no_role": "there is no role '{role}' to change{hint}",
    "change.is_step": "; '{name}' is a step: {a} and {b} belong to a role",
    "change.role_fields": "{a} or {b}",
    "change.step_field": (
        "'{field}' is a step's; add 'step: STEP_ID' to change a step (a role change sets {fields})"
    ),
    "change.role_sets_nothing": "this change of role '{role}' sets nothing; give {fields}",
    "change.of_all": "of all the actions together",
    "change.tried": "tried out",
    "change.of_action": "of action '{action}'",
    "change.invalid_after": (
        "after the changes {whose} the process is no longer valid: {problem} (line {line})"
    ),
    "change.gone": "step '{step}' is no longer there: {where} removed it",
    "change.gone_at_line": "the change at line {line}",
    "change.gone_typed": "--change number {number}",
    "change.branch_gone": (
        "'{branch}' is no longer a branch of '{step}' after the earlier changes (its branches "
        "go to {targets})"
    ),
    "change.bad_share": "branch '{branch}' of '{step}' at p {p}: {why}",
    "change.share_over": "the fixed branches add up to more than 1",
    "change.share_none": "the other branches have no share to scale",
    "change.the_start": "the start of the process",
    "change.the_end": "the end of the process",
    "change.kind_ways": "a {kind} with {ways} ways on",
    "change.not_removable": (
        "'{step}' cannot be removed: it is {what}; only a step with one 'next' can be bypassed "
        "({instead})"
    ),
    "change.instead_parallel": "remove the steps of a branch instead",
    "change.instead_p": "change a branch's p to leave a way out instead",
    "no_such_file_at": "no such file at {ref}",
    # --- git (diff --base, render --diff-base) -------------------------------------------
    "git.not_installed": "the git command is not installed",
    "git.failed": "git {command} failed",
    "git.not_a_revision": "'{ref}' is not a revision",
    "git.unknown_revision": "unknown revision '{ref}'{hint}",
    "git.shallow": " (this clone is shallow: fetch more history, e.g. fetch-depth: 0)",
    "git.outside": "{path} is outside the git repository {root}",
    "git.missing_here_or_at": "no such file or folder, here or at {ref}",
    "git.nothing_to_compare": "no such file at {ref}; nothing to compare with",
}
EN.update({template: template for template in SCHEMA})

SV: dict[str, str] = {
    "plain": "{text}",
    "suggest": "; menade du '{word}'?",
    "shown.mapping": "en mappning",
    "shown.list": "en lista",
    "shown.single": "ett enda värde",
    "want.text": "text",
    "want.mapping": "en mappning",
    "want.table": "en mappning id: post",
    "want.list": "en lista",
    "want.either": "{a} eller {b}",
    "want.whole": "ett heltal",
    "want.number": "ett tal",
    "where.department": " i avdelningen '{id}'",
    "where.role": " i rollen '{id}'",
    "where.system": " i systemet '{id}'",
    "where.step": " i steget '{id}'",
    "where.action": " i åtgärden {action}",
    "where.change": " i ändring {n} av åtgärden {action}",
    "where.calendar": " i calendar",
    "table.department": "avdelningens",
    "table.role": "rollens",
    "table.system": "systemets",
    "table.step": "stegets",
    "hint.process_name": " (processens namn som det visas)",
    "hint.role_ids": "id:na under roles:",
    "unknown_field": "okänt fält '{field}'{where}{suggestion}",
    "missing_field": "fältet '{field}' saknas{where}{hint}",
    "unknown_kind": "okänd kind {value}{suggestion} ett stegs kind är en av {choices}",
    "unknown_choice": "okänd {field} {value}{suggestion} en åtgärds {field} är en av {choices}",
    "unsupported_version": (
        "formatversion {value} stöds inte; den här versionen av skavmap läser version 1"
    ),
    "wrong_type": "'{field}' ska vara {wanted}, inte {value}",
    "empty_field": "'{field}' får inte vara tomt",
    "empty_list": "'{field}' behöver minst ett värde",
    "bad_currency": "valutan {value} ska vara en kod med tre bokstäver, t.ex. SEK eller EUR",
    "not_finite": "'{field}' måste vara ett ändligt tal, inte {value}",
    "greater_than": "'{field}' ska vara större än {limit}",
    "greater_than_equal": "'{field}' ska vara minst {limit}",
    "less_than": "'{field}' ska vara mindre än {limit}",
    "less_than_equal": "'{field}' ska vara högst {limit}",
    "not_a_process_mapping": (
        "en processfil ska vara en mappning med 'process:' och 'steps:' överst, inte {value}"
    ),
    "steps_empty": "'steps' är tomt; en process behöver åtminstone en start och ett slut",
    "missing_steps": "fältet 'steps' saknas (processens steg)",
    "id_unprintable": (
        "{table} id {id} innehåller en radbrytning eller ett annat styrtecken; ett id är en "
        "rad synlig text"
    ),
    "action_twice": "åtgärds-id '{id}' används två gånger (först på rad {line})",
    "unknown_owner": (
        "okänd ägare '{owner}' i åtgärden '{action}': varken en roll eller en avdelning{suggestion}"
    ),
    "unknown_code": (
        "okänd analyskod '{code}' i åtgärden '{action}'{suggestion} "
        "(skavmap hotspots --list visar dem)"
    ),
    "bad_address": (
        "åtgärden '{action}' pekar på '{target}', som varken är ett steg-id eller en analyskod"
        "{suggestion}"
    ),
    "day_in_hours": "ange arbetsdagen i timmar, t.ex. 8h",
    "day_impossible": "en arbetsdag på {day} är inte möjlig; skriv t.ex. 8h",
    "unknown_department": "okänd avdelning '{department}' i rollen '{role}'{suggestion}",
    "unknown_role": "okänd roll '{role}' i steget '{step}'{suggestion}",
    "no_role": "{kind} '{step}' har ingen roll; lägg till 'role: ROLL_ID' (en av {roles})",
    "unknown_system": "okänt system '{system}' i steget '{step}'{suggestion}",
    "at_not_here": "'at' gäller inte ett steg av typen {kind}",
    "end_has_next": "slutsteget '{step}' har 'next'; ett slutsteg avslutar processen",
    "unknown_next": "okänt steg '{to}' i next för '{step}'{suggestion}",
    "next_twice": "'{to}' står två gånger i next för '{step}'",
    "p_not_decision": (
        "'p' gäller bara grenarna i ett beslut (decision); '{step}' är ett steg av typen {kind}"
    ),
    "too_few_branches": "{kind} '{step}' behöver två eller fler grenar i next; det har {n}",
    "many_next": (
        "steget '{step}' har {n} poster i next; gör det till 'kind: decision' (en gren tas) "
        "eller 'kind: parallel' (alla körs samtidigt)"
    ),
    "p_over": (
        "grenarnas sannolikheter för '{step}' blir tillsammans {total} ({percent} %); de får "
        "bli högst 1 (100 %)"
    ),
    "p_under": (
        "grenarnas sannolikheter för '{step}' blir tillsammans {total} ({percent} %), inte 1; "
        "utelämna 'p' i en gren så får den resten"
    ),
    "p_nothing_left": (
        "grenarna utan 'p' i '{step}' får ingenting: de andra blir redan tillsammans 1"
    ),
    "process_not_subprocess": (
        "'process' gäller bara 'kind: subprocess'; steget '{step}' är av typen {kind}"
    ),
    "subprocess_needs_file": (
        "delprocessen '{step}' behöver 'process: FIL' (processfilen som den kör)"
    ),
    "subprocess_absolute": "'process' i '{step}' måste vara en sökväg relativt den här filen",
    "subprocess_outside": (
        "delprocessfilen '{file}' ligger utanför {root}; en process får bara köra processfiler "
        "i sitt eget förråd (eller sin egen mapp)"
    ),
    "subprocess_missing": "delprocessfilen '{file}' finns inte (letade efter {path})",
    "subprocess_cycle": "delprocesserna anropar varandra i en cirkel: {chain}",
    "subprocess_errors": "delprocessfilen '{file}' har fel (se ovan)",
    "no_start": "inget startsteg; markera det första steget med 'kind: start'",
    "second_start": (
        "ett andra startsteg '{step}' (det första är '{first}', rad {line}); en process har "
        "exakt en start"
    ),
    "no_end": "inget slutsteg; markera det sista steget med 'kind: end'",
    "unreachable": "steget '{step}' kan inte nås från starten '{start}'",
    "dead_end": (
        "steget '{step}' har ingen 'next' och är inget slut; lägg till 'next' eller gör det "
        "till 'kind: end'"
    ),
    "closed_loop": "inget slut kan nås från steget '{step}' (en sluten slinga)",
    "trapped_loop": (
        "ärenden som når '{step}' kan aldrig lämna dess slinga: vägen ut ({shut}) har p 0 och "
        "varje annan gren leder tillbaka; ge vägen ut en andel av ärendena"
    ),
    "trapped": "ärenden som når '{step}' kan aldrig nå ett slut; varje väg ut har p 0",
    "never_meet": (
        "grenarna från parallel '{step}' möts aldrig igen; led alla grenar till ett "
        "sammanstrålningssteg (steget efter vilket processen fortsätter tillsammans)"
    ),
    "enters_block": (
        "'{step}' leder in i '{to}', en gren i parallel '{split}', utifrån blocket; vägar "
        "utifrån möter grenarna i sammanföringen '{join}'"
    ),
    "goes_back": (
        "en gren från parallel '{split}' går tillbaka från '{step}' till '{to}', före "
        "uppdelningen; grenarna måste först mötas i '{join}': skicka omarbete tillbaka från "
        "ett beslut efter '{join}'"
    ),
    "task_no_time": (
        "uppgiften '{step}' har varken 'work' eller 'wait'; den räknas som att den inte tar "
        "någon tid"
    ),
    "decision_no_p": ("beslutet '{step}' anger inga sannolikheter ('p'); en jämn fördelning antas"),
    "subprocess_work": (
        "'work' i delprocessen '{step}' räknas inte: dess arbetstid är delprocessens"
    ),
    "unused.department": "avdelningen '{id}' används aldrig",
    "unused.role": "rollen '{id}' används aldrig",
    "unused.system": "systemet '{id}' används aldrig",
    "role_no_department": (
        "rollen '{role}' har ingen avdelning och är inte extern; den räknas som en egen avdelning"
    ),
    "same_name": (
        "stegen '{first}' (rad {line}) och '{step}' har samma namn '{name}'; ge varje steg "
        "ett eget namn"
    ),
    "source.not_regular": "inte en vanlig fil ({what}); ange en processfil",
    "source.a_folder": "en mapp",
    "source.a_device": "en enhet eller ett rör",
    "source.too_large": (
        "filen är {size} MB; den största processfil skavmap läser är {limit} MB (dela upp den "
        "med delprocess-steg)"
    ),
    "source.grew": "filen växte förbi {limit} MB medan den lästes",
    "source.unreadable": "kan inte läsa filen: {why}",
    "source.binary": "inte en textfil (den innehåller binära data)",
    "source.not_utf8": (
        "filen är inte UTF-8 (kanske Windows-1252 eller Latin-1); spara den som UTF-8 så att "
        "å, ä och ö kommer med"
    ),
    "source.empty": "filen är tom; en processfil börjar med 'process: NAMN' och 'steps:'",
    "source.empty_document": "filen är tom; en processfil börjar med 'process: NAMN'",
    "source.bad_yaml": "inte giltig YAML: {problem}{context}{hint}",
    "source.context": " ({context} på rad {line}, kolumn {col})",
    "source.hint": "; {hint}",
    "source.hint_tabs": "; gör indrag med mellanslag: YAML tillåter inte tabbtecken för indrag",
    "source.hint_colon_value": (
        "en text med ': ' i behöver citattecken (name: \"Steg 2: granska\"), eller så är "
        "raden mer indragen än nyckeln ovanför"
    ),
    "source.hint_key": "kontrollera indraget: nycklarna i en mappning börjar i samma kolumn",
    "source.hint_colon": (
        "varje nyckel behöver ett ':' efter sig; en text över flera rader behöver citattecken"
    ),
    "source.hint_dash": "kontrollera indraget för listans poster",
    "source.control": "inte giltig YAML: styrtecknet {code} är inte tillåtet",
    "source.self_alias": "ett alias pekar på elementet som innehåller det",
    "source.alias_bomb": (
        "alias gör den här filen från {distinct} till {expanded} element; det vägras "
        "(aliasbomb?). Skriv ut värdena i stället för att använda alias"
    ),
    "source.too_deep": "nästlad mer än {depth} nivåer djupt",
    "source.tag": (
        "YAML-taggen '{tag}' är inte tillåten; processfiler innehåller bara text, tal, "
        "true/false, listor och mappningar"
    ),
    "source.bad_scalar": "'{value}' är inte ett giltigt värde av typen {kind}",
    "source.key_not_plain": "en nyckel måste vara ett enkelt namn, inte en lista eller mappning",
    "source.duplicate_key": (
        "dubblerad nyckel '{key}' (först skriven på rad {line}); varje nyckel får stå en gång "
        "i en mappning"
    ),
    "source.merge": "'<<' slår bara ihop mappningar",
    "config.no_file": "ingen sådan konfigurationsfil",
    "config.too_large": "filen är för stor (över {limit} KiB)",
    "config.not_utf8": "inte UTF-8-text",
    "config.unreadable": "kan inte läsa: {why}",
    "config.too_deep": "inte giltig TOML för skavmap: värdena är nästlade för djupt",
    "config.list_of_tables": "en lista av tabeller ([[tool.skavmap]])",
    "config.not_one_table": "[tool.skavmap] måste vara en tabell med inställningar, inte {value}",
    "config.bad_toml": "inte giltig TOML: {problem}",
    "config.not_selector": "{where}: väntade en kod eller en analys namn, inte {value}",
    "config.codes_hint": "; koder börjar med SKV, t.ex. {example}",
    "config.unknown_selector": "{where}: okänd kod eller analys '{text}'{hint}",
    "config.not_selectors": "{where}: väntade en lista av koder eller namn",
    "config.not_choice": "{where}: väntade {choices} eller {last}, inte {value}{hint}",
    "config.not_number": "{key}: väntade {kind} mellan 0 och {top}, inte {value}",
    "config.value": "{key}: {problem}",
    "config.not_share": '{key}: väntade en andel (0.05) eller en procentsats ("5%"), inte {value}',
    "config.not_flag": "{key}: väntade true eller false, inte {value}",
    "config.unknown_key": "okänd nyckel '{key}'{suggestion}",
    "config.not_severity_table": 'severity: väntade en tabell som {{SKV101 = "error"}}',
    "config.not_ignores_table": (
        'per-file-ignores: väntade en tabell som {{"processes/old/*.yaml" = ["SKV4"]}}'
    ),
    "rule_failed": (
        "regeln {code} {name} fallerade på den här filen ({error}); dess fynd saknas, de andra "
        "reglerna kördes. Rapportera gärna detta."
    ),
    "log.not_xes": "inte en XES-logg: den börjar med <{name}>, inte <log>",
    "log.empty": "loggen är tom: den har inga händelser",
    "log.bad_xml": "inte giltig XML: {problem}",
    "log.unreadable": "kan inte läsa loggen: {why}",
    "log.doctype": (
        "filen deklarerar en DOCTYPE; skavmap läser inga DOCTYPE- eller entitetsdeklarationer "
        "(de kan dra in andra filer eller svälla enormt). XES-filer behöver inga: ta bort "
        "<!DOCTYPE ...>-delen"
    ),
    "log.not_utf8": (
        "kan inte läsa loggen: filen är inte UTF-8 (kanske Windows-1252 eller Latin-1); spara "
        "den som UTF-8"
    ),
    "log.no_trace_attribute": (
        "inget trace-attribut '{wanted}' i loggen{suggestion}; händelserna har {known} (ange det "
        "med {option} NYCKEL)"
    ),
    "log.no_event_attribute": (
        "inget händelseattribut '{wanted}' i loggen{suggestion}; händelserna har {known} (ange "
        "det med {option} NYCKEL)"
    ),
    "log.no_attributes": "inga attribut",
    "log.no_column": (
        "ingen kolumn '{wanted}' i loggen{suggestion}; dess kolumner är {columns} (ange "
        "kolumnen för {column} med {option} KOLUMN)"
    ),
    "log.no_case": "händelsen har inget ärende-id (kolumnen anges med {option})",
    "log.no_activity": "händelsen har ingen aktivitet (kolumnen anges med {option})",
    "log.no_timestamp": "händelsen har ingen tidsstämpel (kolumnen anges med {option})",
    "log.bad_zone": "okänd tidszon '{zone}'; skriv en som Europe/Stockholm eller UTC",
    "log.bad_format": (
        "--time-format '{format}' är inget format för tider; skriv ett med koderna från "
        "strptime, t.ex. '%d/%m/%Y %H:%M'"
    ),
    "log.format_given": "formatet {format} som --time-format anger",
    "log.iso": (
        "ISO 8601 (2024-03-18T09:30:00, med eller utan en förskjutning som +01:00); ange ett "
        "annat format med --time-format, t.ex. '%d/%m/%Y %H:%M'"
    ),
    "log.bad_time": "tidsstämpeln '{value}' stämmer inte med {expected}",
    "log.time_out_of_range": (
        "tidsstämpeln '{value}' ligger utanför det möjliga: året ska vara 1 till 9999 och en "
        "tidszonsförskjutning högst 14 timmar (+14:00)"
    ),
    "log.fewer_fields": (
        "raden har färre fält än den första radens {n} ({columns}); ett fält saknas eller ett "
        "citattecken stängs inte"
    ),
    "log.more_fields": (
        "raden har fler fält än den första radens {n} ({columns}); ett skiljetecken inuti ett "
        "fält kräver citattecken runt fältet"
    ),
    "log.empty_file": (
        "filen är tom; en CSV-logg börjar med en rad kolumnnamn, till exempel "
        "case_id,activity,timestamp"
    ),
    "log.row": "rad {row}: {message}",
    "log.at_line": "rad {line}",
    "log.at_row": "post {row}",
    "log.out_of_order": (
        "'{activity}' i ärendet '{case}' blir klar innan den börjar ({where}); händelserna "
        "står i fel ordning"
    ),
    "log.activity_several": (
        "aktiviteten '{name}' är namnet på flera steg ({steps}); koppla den till ett av dem i "
        "en mappningsfil (--mapping)"
    ),
    "map.several": "'{target}' är namnet på flera steg ({named}); ange stegets id",
    "map.no_step": "inget steg '{target}' i {file}{suggestion}",
    "map.not_mapping": "en mappningsfil har rader 'aktivitet: steg', en per aktivitet",
    "map.not_one": "'{activity}' pekar på en lista eller mappning; skriv ett steg-id eller ~",
    "map.unreadable": "kan inte läsa mappningen: {why}",
    "map.csv_columns": "en mappnings-CSV behöver kolumnerna 'activity' och 'step' på första raden",
    "map.csv_separator": (
        "inga kolumner 'activity' och 'step' på första raden: en mappnings-CSV skiljer dem åt "
        "med komma, semikolon eller tabb"
    ),
    # --- BPMN files ----------------------------------------------------------------------
    "bpmn.already_yaml": "det här är redan en processfil; skavmap import läser BPMN-filer",
    "bpmn.target_exists": (
        "{target} finns redan; välj en annan -o, eller lägg till --force för att ersätta den"
    ),
    "xml.too_large": "filen är {size} MiB; skavmap läser XML-filer på högst {top} MiB",
    "xml.doctype": (
        "filen deklarerar en DOCTYPE; skavmap läser inga DOCTYPE- eller entitetsdeklarationer "
        "(de kan dra in andra filer eller växa explosivt). BPMN-filer behöver ingen: ta bort "
        "delen <!DOCTYPE ...>"
    ),
    "xml.not_well_formed": "inte korrekt XML: {why}",
    "xml.empty": "filen innehåller inget XML-element",
    "bpmn.not_a_number": '{name}="{value}" är inte ett tal: utelämnat',
    "bpmn.not_bpmn": (
        "inte en BPMN 2.0-fil: den börjar med <{local}>; en BPMN-fil börjar med <definitions> "
        "i namnrymden {namespace}"
    ),
    "bpmn.no_process": (
        "filen har ingen process med uppgifter, händelser eller gateways att importera"
    ),
    "bpmn.pool": (
        "poolen '{name}' importeras inte: skavmap läser en pool per BPMN-fil, den första som "
        "har steg"
    ),
    "bpmn.message_flow": (
        "meddelandeflödet '{name}' mellan pooler importeras inte: skavmap kartlägger en pool"
    ),
    "bpmn.process": (
        "processen '{name}' importeras inte: skavmap läser en process per BPMN-fil, den första "
        "som har steg"
    ),
    "bpmn.definition": (
        "1 definition ({kinds}) importeras inte; händelserna och uppgifterna som använder den "
        "importeras"
    ),
    "bpmn.definitions": (
        "{n} definitioner ({kinds}) importeras inte; händelserna och uppgifterna som använder "
        "dem importeras"
    ),
    "bpmn.id_taken": (
        "steg-id:t '{old}' är redan taget av ett tidigare steg: det här steget får id:t '{new}'"
    ),
    "bpmn.named": "{kind} '{name}'",
    "bpmn.subprocess": (
        "{what} importeras som ett enda steg; de {n} stegen inuti importeras inte (importera "
        "dem som en egen process)"
    ),
    "bpmn.call": (
        "anropsaktiviteten '{name}' anropar '{called}', men det finns ingen processfil med det "
        "namnet bredvid {file}: importeras som ett vanligt steg"
    ),
    "bpmn.nothing_named": "inget namn",
    "bpmn.flow": (
        "sekvensflödet '{id}' går mellan '{source}' och '{target}', som inte båda är steg i den "
        "importerade processen: importeras inte"
    ),
    "bpmn.link": "länkhändelsen '{name}' har ingen mottagande länkhändelse",
    "bpmn.unreachable": "{what} går inte att nå från starten '{start}': importeras inte",
    "bpmn.one_way": "{what} leder bara till ett steg och tas bort: pilarna går direkt vidare",
    "bpmn.boundary_nowhere": (
        "{what} på '{on}' importeras inte: skavmap har inga händelser som avbryter ett steg, "
        "och den här leder inte till något steg"
    ),
    "bpmn.boundary_same": (
        "{what} på '{on}' importeras inte: den leder dit steget ändå går vidare"
    ),
    "bpmn.boundary_decision": (
        "{what} på '{on}' importeras som ett val '{gate}' efter steget: skavmap har inga "
        "händelser som avbryter ett steg"
    ),
    "bpmn.no_join": (
        "grenarna från {what} möts inte igen innan processen slutar (eller går tillbaka till "
        "före den): importeras som ett val, eftersom parallella grenar måste mötas i skavmap"
    ),
    "bpmn.not_imported": "{what} importeras inte",
    "bpmn.part": "{what} i {owner} importeras inte",
    "bpmn.parts": "{what} i {owner} importeras inte",
    "bpmn.extensions": "{n} tilläggselement",
    "bpmn.attributes": "attributen på {m} element",
    "bpmn.extensions_and_attributes": "{n} tilläggselement och attributen på {m} element",
    "bpmn.vendor": "{what} från {namespace} importeras inte (inställningar för ett annat verktyg)",
    "no_such_path": "ingen sådan fil eller mapp",
    # --- actions' changes ------------------------------------------------------------------
    "change.no_step": "det finns inget steg '{step}' att ändra{hint}",
    "change.is_role": "; '{name}' är en roll: en ändring av en roll sätter {fields}",
    "change.role_field": (
        "'{field}' hör till en roll, inte till steget '{step}'; gör det till en egen ändring: "
        "{{role: ROLL_ID, {field}: ...}}"
    ),
    "change.removed_sets": "steget '{step}' tas bort; ett borttaget steg har inget mer att sätta",
    "change.branch_p": (
        "'branch' och 'p' hör ihop: {{step: {step}, branch: NÄSTA_STEG, p: 5%}} sätter den "
        "vägens andel"
    ),
    "change.unknown_role": "okänd roll '{role}'{suggestion}",
    "change.unknown_system": "okänt system '{system}'{suggestion}",
    "change.sets_nothing": (
        "ändringen av steget '{step}' sätter ingenting; ange ett fält att sätta ({fields}), "
        "'remove: true' eller 'branch:' med 'p:'"
    ),
    "change.not_decision": (
        "'{step}' är av typen {kind}, inte ett beslut: bara ett besluts vägar har en andel p att "
        "ändra"
    ),
    "change.not_branch": (
        "'{branch}' är ingen väg från beslutet '{step}' (dess vägar går till {targets}){suggestion}"
    ),
    "change.names_nothing": (
        "en ändring säger vad den ändrar: 'step: STEG_ID' med fälten som sätts (eller "
        "'remove: true', eller 'branch:' och 'p:'), eller 'role: ROLL_ID' med 'capacity:'"
    ),
    "change.no_role": "det finns ingen roll '{role}' att ändra{hint}",
    "change.is_step": "; '{name}' är ett steg: {a} och {b} hör till en roll",
    "change.role_fields": "{a} eller {b}",
    "change.step_field": (
        "'{field}' hör till ett steg; lägg till 'step: STEG_ID' för att ändra ett steg (en "
        "ändring av en roll sätter {fields})"
    ),
    "change.role_sets_nothing": "ändringen av rollen '{role}' sätter ingenting; ange {fields}",
    "change.of_all": "av alla åtgärder tillsammans",
    "change.tried": "som provas",
    "change.of_action": "i åtgärden '{action}'",
    "change.invalid_after": (
        "efter ändringarna {whose} är processen inte längre giltig: {problem} (rad {line})"
    ),
    "change.gone": "steget '{step}' finns inte längre: {where} tog bort det",
    "change.gone_at_line": "ändringen på rad {line}",
    "change.gone_typed": "--change nummer {number}",
    "change.branch_gone": (
        "'{branch}' är inte längre en väg från '{step}' efter de tidigare ändringarna (dess "
        "vägar går till {targets})"
    ),
    "change.bad_share": "vägen '{branch}' från '{step}' med p {p}: {why}",
    "change.share_over": "de fasta vägarna blir tillsammans mer än 1",
    "change.share_none": "de andra vägarna har ingen andel att skala om",
    "change.the_start": "processens start",
    "change.the_end": "processens slut",
    "change.kind_ways": "av typen {kind} med {ways} vägar vidare",
    "change.not_removable": (
        "'{step}' kan inte tas bort: det är {what}; bara ett steg med en enda 'next' kan "
        "förbigås ({instead})"
    ),
    "change.instead_parallel": "ta bort stegen i en gren i stället",
    "change.instead_p": "ändra en vägs p så att det finns en väg ut i stället",
    "no_such_file_at": "ingen sådan fil i {ref}",
    "git.not_installed": "kommandot git är inte installerat",
    "git.failed": "git {command} misslyckades",
    "git.not_a_revision": "'{ref}' är ingen git-version",
    "git.unknown_revision": "okänd git-version '{ref}'{hint}",
    "git.shallow": " (den här klonen är grund: hämta mer historik, t.ex. fetch-depth: 0)",
    "git.outside": "{path} ligger utanför git-repot {root}",
    "git.missing_here_or_at": "ingen sådan fil eller mapp, varken här eller i {ref}",
    "git.nothing_to_compare": "ingen sådan fil i {ref}; inget att jämföra med",
    # --- the value checks, by their English text ------------------------------------------
    "bad duration '{text}'{why}; {hint}": "felaktig tid '{text}'{why}; {hint}",
    "a duration must be text such as 30m or 2h": "en tid ska vara text som 30m eller 2h",
    "'{n}' has no unit; write {n}m (minutes), {n}h (hours) or {n}d (working days)": (
        "'{n}' har ingen enhet; skriv {n}m (minuter), {n}h (timmar) eller {n}d (arbetsdagar)"
    ),
    "duration '{text}' is longer than {top} hours; a step's time must be shorter": (
        "tiden '{text}' är längre än {top} timmar; ett stegs tid måste vara kortare"
    ),
    'bad clock time \'{v}\'; write HH:MM, e.g. "02:00" or "16:30"': (
        'felaktigt klockslag \'{v}\'; skriv HH:MM, t.ex. "02:00" eller "16:30"'
    ),
    "bad working hours '{v}'; write e.g. \"07:00-18:00\"": (
        "felaktig arbetstid '{v}'; skriv t.ex. \"07:00-18:00\""
    ),
    "working hours '{v}' are empty; write e.g. \"07:00-18:00\"": (
        "arbetstiden '{v}' är tom; skriv t.ex. \"07:00-18:00\""
    ),
    "bad probability '{v}'; write a share between 0 and 1 (0.15) or a percentage (15%)": (
        "felaktig sannolikhet '{v}'; skriv en andel mellan 0 och 1 (0.15) eller en procentsats "
        "(15%)"
    ),
    "bad volume '{v}'; write cases per period, e.g. 1800/month (or /day, /week, /year)": (
        "felaktig volym '{v}'; skriv ärenden per period, t.ex. 1800/månad (eller /dag, /vecka, /år)"
    ),
    "volume '{v}' is more than {top} cases per period; check the number": (
        "volymen '{v}' är mer än {top} ärenden per period; kontrollera talet"
    ),
    "'{v}' should be true or false": "'{v}' ska vara true eller false (ja eller nej)",
    "write a number here, not '{v}'": "skriv ett tal här, inte '{v}'",
    "bad date '{v}'; write YYYY-MM-DD, e.g. 2027-03-31": (
        "felaktigt datum '{v}'; skriv ÅÅÅÅ-MM-DD, t.ex. 2027-03-31"
    ),
}


#: BPMN's elements in Swedish, as a list names a kind, as a message names one element, and
#: several of them (after a number). English says BPMN's own words (:func:`kind_words`).
BPMN_KINDS_SV: dict[str, tuple[str, str, str]] = {
    "task": ("uppgift", "uppgiften", "uppgifter"),
    "userTask": ("användaruppgift", "användaruppgiften", "användaruppgifter"),
    "manualTask": ("manuell uppgift", "den manuella uppgiften", "manuella uppgifter"),
    "serviceTask": ("tjänsteuppgift", "tjänsteuppgiften", "tjänsteuppgifter"),
    "scriptTask": ("skriptuppgift", "skriptuppgiften", "skriptuppgifter"),
    "businessRuleTask": ("affärsregeluppgift", "affärsregeluppgiften", "affärsregeluppgifter"),
    "sendTask": ("sändande uppgift", "den sändande uppgiften", "sändande uppgifter"),
    "receiveTask": ("mottagande uppgift", "den mottagande uppgiften", "mottagande uppgifter"),
    "callActivity": ("anropsaktivitet", "anropsaktiviteten", "anropsaktiviteter"),
    "subProcess": ("delprocess", "delprocessen", "delprocesser"),
    "adHocSubProcess": ("ad hoc-delprocess", "ad hoc-delprocessen", "ad hoc-delprocesser"),
    "transaction": ("transaktion", "transaktionen", "transaktioner"),
    "startEvent": ("starthändelse", "starthändelsen", "starthändelser"),
    "endEvent": ("sluthändelse", "sluthändelsen", "sluthändelser"),
    "intermediateCatchEvent": (
        "mottagande mellanhändelse",
        "den mottagande mellanhändelsen",
        "mottagande mellanhändelser",
    ),
    "intermediateThrowEvent": (
        "sändande mellanhändelse",
        "den sändande mellanhändelsen",
        "sändande mellanhändelser",
    ),
    "boundaryEvent": ("gränshändelse", "gränshändelsen", "gränshändelser"),
    "exclusiveGateway": ("exklusiv gateway", "den exklusiva gatewayen", "exklusiva gatewayer"),
    "inclusiveGateway": (
        "inkluderande gateway",
        "den inkluderande gatewayen",
        "inkluderande gatewayer",
    ),
    "parallelGateway": ("parallell gateway", "den parallella gatewayen", "parallella gatewayer"),
    "eventBasedGateway": (
        "händelsebaserad gateway",
        "den händelsebaserade gatewayen",
        "händelsebaserade gatewayer",
    ),
    "complexGateway": ("komplex gateway", "den komplexa gatewayen", "komplexa gatewayer"),
    "sequenceFlow": ("sekvensflöde", "sekvensflödet", "sekvensflöden"),
    "messageFlow": ("meddelandeflöde", "meddelandeflödet", "meddelandeflöden"),
    "association": ("association", "associationen", "associationer"),
    "textAnnotation": ("textanteckning", "textanteckningen", "textanteckningar"),
    "group": ("grupp", "gruppen", "grupper"),
    "dataObject": ("dataobjekt", "dataobjektet", "dataobjekt"),
    "dataObjectReference": ("dataobjektreferens", "dataobjektreferensen", "dataobjektreferenser"),
    "dataStore": ("datalager", "datalagret", "datalager"),
    "dataStoreReference": ("datalagerreferens", "datalagerreferensen", "datalagerreferenser"),
    "dataInput": ("indataelement", "indataelementet", "indataelement"),
    "dataOutput": ("utdataelement", "utdataelementet", "utdataelement"),
    "dataInputAssociation": ("indatakoppling", "indatakopplingen", "indatakopplingar"),
    "dataOutputAssociation": ("utdatakoppling", "utdatakopplingen", "utdatakopplingar"),
    "inputSet": ("indatamängd", "indatamängden", "indatamängder"),
    "outputSet": ("utdatamängd", "utdatamängden", "utdatamängder"),
    "ioSpecification": (
        "in- och utdataspecifikation",
        "in- och utdataspecifikationen",
        "in- och utdataspecifikationer",
    ),
    "property": ("egenskap", "egenskapen", "egenskaper"),
    "performer": ("utförare", "utföraren", "utförare"),
    "humanPerformer": ("mänsklig utförare", "den mänskliga utföraren", "mänskliga utförare"),
    "potentialOwner": ("möjlig ägare", "den möjliga ägaren", "möjliga ägare"),
    "multiInstanceLoopCharacteristics": (
        "flerinstansmarkering",
        "flerinstansmarkeringen",
        "flerinstansmarkeringar",
    ),
    "standardLoopCharacteristics": ("loopmarkering", "loopmarkeringen", "loopmarkeringar"),
    "documentation": ("dokumentation", "dokumentationen", "dokumentationer"),
    "conditionExpression": ("villkorsuttryck", "villkorsuttrycket", "villkorsuttryck"),
    "lane": ("bana", "banan", "banor"),
    "laneSet": ("uppsättning banor", "uppsättningen banor", "uppsättningar banor"),
    "participant": ("pool", "poolen", "pooler"),
    "process": ("process", "processen", "processer"),
    "message": ("meddelande", "meddelandet", "meddelanden"),
    "signal": ("signal", "signalen", "signaler"),
    "error": ("fel", "felet", "fel"),
    "escalation": ("eskalering", "eskaleringen", "eskaleringar"),
    "itemDefinition": ("datatyp", "datatypen", "datatyper"),
    "resource": ("resurs", "resursen", "resurser"),
    "interface": ("gränssnitt", "gränssnittet", "gränssnitt"),
    "correlationProperty": (
        "korrelationsegenskap",
        "korrelationsegenskapen",
        "korrelationsegenskaper",
    ),
    "category": ("kategori", "kategorin", "kategorier"),
    "partnerEntity": ("partnerentitet", "partnerentiteten", "partnerentiteter"),
    "partnerRole": ("partnerroll", "partnerrollen", "partnerroller"),
    "endPoint": ("slutpunkt", "slutpunkten", "slutpunkter"),
    "eventDefinition": ("händelsedefinition", "händelsedefinitionen", "händelsedefinitioner"),
    "import": ("import", "importen", "importer"),
    "extension": ("tillägg", "tillägget", "tillägg"),
    "relationship": ("relation", "relationen", "relationer"),
}
for _local, (_a, _the, _many) in BPMN_KINDS_SV.items():
    _words = kind_words(_local)
    EN |= {f"bpmn.a.{_local}": _words, f"bpmn.the.{_local}": _words,
           f"bpmn.many.{_local}": f"{{n}} {_plural(_words)}"}  # fmt: skip
    SV |= {f"bpmn.a.{_local}": _a, f"bpmn.the.{_local}": _the,
           f"bpmn.many.{_local}": f"{{n}} {_many}"}  # fmt: skip
del _local, _a, _the, _many, _words
