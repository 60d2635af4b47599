"""The configuration of ``skavmap check`` and ``skavmap diff``: discovery, validation, selection.

Settings live in ``[tool.skavmap]`` of a ``pyproject.toml`` or at the top level of a
``skavmap.toml``. :func:`config_for` finds the file by walking up from the first path checked
(the first folder that has one wins; a ``skavmap.toml`` before a ``pyproject.toml`` in the same
folder), stopping at a folder that holds ``.git`` or at the filesystem root. ``--config PATH``
names the file instead. Every key is listed in ``docs/ci.md``.

Every mistake is reported as ``FILE:LINE:COL: error: MESSAGE`` with the nearest known key or
value suggested; TOML readers give no positions, so the line is found by searching the text.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skavmap.analysis.ratchet import Change
from skavmap.analysis.rules import SEVERITIES, Rule, registry
from skavmap.analysis.selectors import best, glob_match, specificity
from skavmap.analysis.thresholds import Limit
from skavmap.format.diagnostics import Diagnostic, said
from skavmap.format.model import Pos
from skavmap.format.phrases import NOTHING, Phrase, plain, say, schema_phrase, suggested

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAMES = ("skavmap.toml", "pyproject.toml")
SEVERITY_VALUES = ("error", "warning", "info", "off")
MAX_CONFIG_BYTES = 1024 * 1024
FIRST = Pos(1, 1)
#: The largest number a limit may be: far beyond any process, far below a float's end.
MAX_NUMBER = 1e9


class ConfigError(Exception):
    """A configuration that cannot be used; ``diagnostics`` holds every problem."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


@dataclass(frozen=True)
class Config:
    """A checked configuration. ``rules`` holds the value of every rule setting the file
    sets (threshold limits, ratchet rules), by key; a rule whose key is absent stays off."""

    file: Path | None = None
    root: Path = field(default_factory=Path.cwd)  # per-file-ignores are relative to it
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (selector, severity or "off"), in file order
    fail_level: str = "error"
    min_score: float = 0.0
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: Mapping[str, Any] = field(default_factory=dict)

    def ratchet(self) -> list[tuple[Rule, Any]]:
        """The ratchet rules this configuration turns on, with their values."""
        return [
            (unit, value)
            for unit in registry()
            if unit.kind == "ratchet" and (value := self.value(unit)) is not None
        ]

    def value(self, rule: Rule) -> Any:
        """The configured value of ``rule``'s setting, or ``None`` when it is off."""
        setting = rule.settings[0]
        value = self.rules.get(setting.key)
        return None if value is None or value == setting.default else value


def is_selected(config: Config, code: str, name: str) -> bool:
    """Whether ``select`` and ``ignore`` keep the rule.

    The closer entry wins; on a tie, ``ignore`` does.
    """
    chosen = best(config.select, code, name)
    ignored = best(config.ignore, code, name)
    return chosen is not None and (ignored is None or chosen > ignored)


def severity_of(config: Config, code: str, name: str, default: str) -> str:
    """The configured severity of a rule (or ``"off"``); the closest ``severity`` entry wins."""
    matches = [
        (spec, index, level)
        for index, (selector, level) in enumerate(config.severity)
        if (spec := specificity(selector, code, name)) is not None
    ]
    return max(matches)[2] if matches else default


def ignored_in_file(config: Config, path: str | Path, code: str, name: str) -> bool:
    """Whether a ``per-file-ignores`` entry whose glob matches ``path`` names the rule."""
    if not config.per_file_ignores:
        return False
    candidate = Path(path).resolve()
    try:
        relative = candidate.relative_to(config.root.resolve()).as_posix()
    except ValueError:
        relative = candidate.as_posix()
    for pattern, selectors in config.per_file_ignores:
        target = relative if "/" in pattern else candidate.name
        if glob_match(pattern, target) and best(selectors, code, name) is not None:
            return True
    return False


# --- discovery -------------------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The configuration file that applies to ``start`` (a file or folder), or ``None``."""
    folder = start.resolve()
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if not folder.is_dir():
        folder = folder.parent
    while True:
        own = folder / "skavmap.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return "skavmap" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        # A broken pyproject.toml that mentions us is ours to report.
        return re.search(r"^\s*\[\s*tool\s*\.\s*skavmap", text, re.MULTILINE) is not None


def config_for(paths: Sequence[Path], explicit: Path | None = None) -> Config:
    """The configuration for a run over ``paths``: ``explicit`` if given, else discovered.

    Raises :class:`ConfigError` when the file has problems.
    """
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError([said(str(explicit), Pos(1, 1), "error", say("config.no_file"))])
        return load_config(explicit)
    found = find_config(paths[0] if paths else Path.cwd())
    return load_config(found) if found is not None else Config()


def load_config(path: Path) -> Config:
    """Read and validate one configuration file (``[tool.skavmap]`` of a ``pyproject.toml``)."""

    def fail(message: Phrase, pos: Pos = FIRST) -> ConfigError:
        return ConfigError([said(str(path), pos, "error", message)])

    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise fail(say("config.too_large", limit=MAX_CONFIG_BYTES // 1024))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise fail(say("config.not_utf8")) from None
    except OSError as err:
        raise fail(say("config.unreadable", why=str(err.strerror))) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError([_toml_error(path, err)]) from None
    except RecursionError:
        raise fail(say("config.too_deep")) from None
    pyproject = path.name == "pyproject.toml"
    checker = _Checker(path, text, pyproject)
    table: Any = data
    if pyproject:
        tool = data.get("tool", {})
        table = tool.get("skavmap", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        where = checker.pos("skavmap") if pyproject else Pos(1, 1)
        shown = say("config.list_of_tables") if isinstance(table, list) else plain(repr(table))
        raise fail(say("config.not_one_table", value=shown), where)
    config = checker.config(table)
    if checker.diagnostics:
        raise ConfigError(checker.diagnostics)
    return config


def _toml_error(path: Path, err: Exception) -> Diagnostic:
    message = str(err)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    pos = Pos(int(found.group(1)), int(found.group(2))) if found else Pos(1, 1)
    message = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", message)
    return said(str(path), pos, "error", say("config.bad_toml", problem=message))


# --- validation ------------------------------------------------------------------------------

#: Keys of the engine itself; every other key is a rule's setting (:func:`rule_settings`).
ENGINE_KEYS = (
    "select",
    "ignore",
    "severity",
    "fail-level",
    "min-score",
    "per-file-ignores",
    "night-notifications",
)


def rule_settings() -> dict[str, tuple[Rule, Any]]:
    """Every configuration key a rule reads → (the rule, the setting)."""
    return {s.key: (r, s) for r in registry() for s in r.settings}


def known_keys() -> tuple[str, ...]:
    return (*ENGINE_KEYS, *rule_settings())


class _Checker:
    def __init__(self, path: Path, text: str, pyproject: bool):
        self.path = path
        self.lines = text.splitlines()
        self.pyproject = pyproject
        self.diagnostics: list[Diagnostic] = []

    # positions

    def region(self) -> list[int]:
        """Indexes of the lines that belong to our settings."""
        if not self.pyproject:
            return list(range(len(self.lines)))
        inside = False
        indexes = []
        for index, line in enumerate(self.lines):
            header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]", line)
            if header:
                name = re.sub(r"\s", "", header.group(1))
                inside = name in ("tool", "tool.skavmap") or name.startswith("tool.skavmap.")
            if inside:
                indexes.append(index)
        return indexes

    def pos(self, *keys: str, value: str | None = None) -> Pos:
        """Where ``keys`` (a key, then keys inside its table) were written, as near as known;
        with ``value``, where that text was written after them."""
        region = self.region()
        found = Pos(region[0] + 1, 1) if region else Pos(1, 1)
        start = region[0] if region else 0
        for depth, key in enumerate(keys):
            name = re.escape(key)
            spelled = rf"(?P<key>\"{name}\"|'{name}'|(?<![\w\"'-]){name}(?![\w-]))"
            patterns = [re.compile(rf"{spelled}\s*=")]
            if depth == 0:
                # A table of its own: [tool.skavmap.severity] or, in skavmap.toml, [severity].
                patterns.append(re.compile(rf"^\s*\[\[?\s*(?:tool\.)?(?:skavmap\.)?{spelled}\s*\]"))
            hit = next(
                (
                    (index, match.start("key"))
                    for index in region
                    if index >= start
                    for pattern in patterns
                    if (match := pattern.search(self.lines[index]))
                ),
                None,
            )
            if hit is None:
                break
            found = Pos(hit[0] + 1, hit[1] + 1)
            start = hit[0]
        else:
            if value is not None:
                quoted = re.compile(rf"(?:\"{re.escape(value)}\"|'{re.escape(value)}')")
                for index in region:
                    if index >= start and (match := quoted.search(self.lines[index])):
                        return Pos(index + 1, match.start() + 1)
        return found

    def error(self, message: Phrase, *keys: str, value: str | None = None) -> None:
        pos = self.pos(*keys, value=value)
        self.diagnostics.append(said(str(self.path), pos, "error", message))

    # values

    def selector(self, value: Any, *keys: str) -> str | None:
        where = ".".join(keys)
        rules = [(r.code, r.name) for r in registry()]
        if not isinstance(value, str):
            self.error(say("config.not_selector", where=where, value=_shown(value)), *keys)
            return None
        text = value.strip()
        if any(specificity(text, code, name) is not None for code, name in rules):
            return text
        names = [name for _, name in rules] + [code for code, _ in rules]
        hint = suggested(text, names)
        if hint == NOTHING:
            hint = say("config.codes_hint", example=rules[0][0])
        self.error(say("config.unknown_selector", where=where, text=text, hint=hint), *keys,
                   value=value)  # fmt: skip
        return None

    def selectors(self, value: Any, *keys: str) -> tuple[str, ...] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(say("config.not_selectors", where=".".join(keys)), *keys)
            return None
        return tuple(s for item in value if (s := self.selector(item, *keys)) is not None)

    def choice(self, value: Any, choices: Sequence[str], *keys: str) -> str | None:
        if isinstance(value, str) and value.strip().lower() in choices:
            return value.strip().lower()
        hint = suggested(str(value), choices) if isinstance(value, str) else NOTHING
        self.error(
            say("config.not_choice", where=".".join(keys), choices=", ".join(choices[:-1]),
                last=choices[-1], value=_shown(value), hint=hint),
            *keys,
        )  # fmt: skip
        return None

    def number(self, value: Any, key: str, integer: bool = False, top: float = MAX_NUMBER):
        kind = say("want.whole") if integer else say("want.number")
        ok = isinstance(value, int if integer else (int, float)) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or not 0 <= value <= top:
            self.error(
                say("config.not_number", key=key, kind=kind, top=f"{top:.0f}", value=_shown(value)),
                key,
            )
            return None
        return value

    def duration(self, value: Any, key: str):
        from pydantic_core import PydanticCustomError

        from skavmap.format.schema import parse_duration

        try:
            return parse_duration(value)
        except PydanticCustomError as err:
            problem = schema_phrase(err.message(), err.context)
            self.error(say("config.value", key=key, problem=problem), key)
            return None

    def share(self, value: Any, key: str) -> float | None:
        from pydantic_core import PydanticCustomError

        from skavmap.format.schema import parse_probability

        try:
            return parse_probability(value)
        except PydanticCustomError:
            self.error(say("config.not_share", key=key, value=_shown(value)), key)
            return None

    def change(self, value: Any, key: str, duration: bool) -> Change | None:
        """``"10%"`` of the old value, or an amount: a duration (``"1d"``) or a number."""
        if isinstance(value, str):
            percent = re.fullmatch(r"\s*\+?(\d{1,6}(?:[.,]\d{1,6})?)\s*%\s*", value)
            if percent:
                share = float(percent.group(1).replace(",", ".")) / 100
                return Change(value.strip(), share=share)
        amount = self.duration(value, key) if duration else self.number(value, key)
        return Change(str(value).strip(), amount=amount) if amount is not None else None

    def flag(self, value: Any, key: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(say("config.not_flag", key=key, value=_shown(value)), key)
        return None

    # the whole table

    def rule_value(self, key: str, kind: str, value: Any) -> Any:
        """The checked value of a rule's setting, or ``None`` when it is wrong (an error is
        kept). Limits of thresholds keep the text as written, for the messages."""
        if kind == "duration":
            return self.duration(value, key)
        if kind == "share":
            share = self.share(value, key)
            return Limit(share, str(value).strip()) if share is not None else None
        if kind in ("number", "count"):
            number = self.number(value, key, integer=kind == "count")
            return Limit(float(number), f"{number:g}") if number is not None else None
        if kind in ("duration-change", "number-change"):
            return self.change(value, key, duration=kind == "duration-change")
        if kind == "flag":
            return self.flag(value, key)
        return self.selectors(value, key)

    def engine_value(self, key: str, value: Any) -> Any:
        if key in ("select", "ignore"):
            return self.selectors(value, key)
        if key == "severity":
            return self.severity_table(value)
        if key == "fail-level":
            return self.choice(value, SEVERITIES[::-1], key)
        if key == "night-notifications":
            return self.choice(value, SEVERITY_VALUES, key)
        if key == "min-score":
            score = self.number(value, key, top=100)
            return float(score) if score is not None else None
        return self.per_file_ignores(value)

    def config(self, table: dict[str, Any]) -> Config:
        settings: dict[str, Any] = {}
        rules: dict[str, Any] = {}
        by_key = rule_settings()
        for key, raw in table.items():
            if key in by_key:
                value = self.rule_value(key, by_key[key][1].type, raw)
                if value is not None:
                    rules[key] = value
            elif key in ENGINE_KEYS:
                value = self.engine_value(key, raw)
                if value is not None:
                    settings[key.replace("-", "_")] = value
            else:
                self.error(
                    say("config.unknown_key", key=key, suggestion=suggested(key, known_keys())), key
                )
        severity = settings.pop("severity", ())
        night = settings.pop("night_notifications", None)
        if night is not None:
            # The shorthand comes first so that an entry in the severity table wins over it.
            severity = (("night-notification", night), *severity)
        return Config(
            file=self.path,
            root=self.path.resolve().parent,
            severity=severity,
            rules=rules,
            **settings,
        )

    def severity_table(self, value: Any) -> tuple[tuple[str, str], ...] | None:
        if not isinstance(value, dict):
            self.error(say("config.not_severity_table"), "severity")
            return None
        entries = []
        for selector, level in value.items():
            checked = self.selector(selector, "severity", selector)
            chosen = self.choice(level, SEVERITY_VALUES, "severity", selector)
            if checked is not None and chosen is not None:
                entries.append((checked, chosen))
        return tuple(entries)

    def per_file_ignores(self, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        if not isinstance(value, dict):
            self.error(say("config.not_ignores_table"), "per-file-ignores")
            return None
        entries = []
        for pattern, selectors in value.items():
            chosen = self.selectors(selectors, "per-file-ignores", pattern)
            if chosen is not None:
                entries.append((pattern, chosen))
        return tuple(entries)


def _shown(value: Any) -> str:
    """A value as the user wrote it, short and on one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
