"""Problems with a file in Swedish and English: the phrase catalogue of the format layer, and
what the command line says with ``--lang sv``."""

from __future__ import annotations

import ast
import re
import string

from conftest import ROOT, run_cli

from skavmap.format import phrases
from skavmap.format.phrases import EN, FRAGMENTS, SCHEMA, SV, say

SOURCES = sorted((ROOT / "skavmap").rglob("*.py"))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_every_phrase_with_the_same_placeholders():
    assert set(SV) == set(EN)
    for key, english in EN.items():
        assert placeholders(SV[key]) == placeholders(english), key


def test_every_phrase_the_code_says_is_in_the_catalogue():
    used, prefixes = set(), set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        # say(...) of this catalogue; terminal.say(...) is the outputs' vocabulary.
        used |= set(re.findall(r'(?<![.\w])say\(\s*"([^"]+)"', text))
        prefixes |= set(re.findall(r'(?<![.\w])say\(\s*f"([a-z_.]+)\{', text))
    assert used and prefixes
    assert used <= set(EN), used - set(EN)
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in EN), prefix
    # The keys made from a table's name exist for every table.
    for table in ("department", "role", "system", "step"):
        assert f"where.{table}" in EN and f"table.{table}" in EN
    for table in ("department", "role", "system"):
        assert f"unused.{table}" in EN


def test_every_message_of_the_value_checks_is_translated():
    """Every message pydantic gets from :mod:`skavmap.format.schema`, and every piece of
    English its duration check puts into a value, has its Swedish."""
    tree = ast.parse((ROOT / "skavmap/format/schema.py").read_text(encoding="utf-8"))
    templates, pieces = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            strings = [a for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "PydanticCustomError" and len(node.args) >= 2:
                templates.add(node.args[1].value)
            elif node.func.id == "_bad_duration" and len(node.args) == 2:
                why = node.args[1]
                if isinstance(why, ast.Constant):
                    pieces.add(why.value)
                elif isinstance(why, ast.JoinedStr):  # f" (unknown unit '{unit_text}')"
                    pieces.add("".join(
                        v.value if isinstance(v, ast.Constant) else "{}" for v in why.values
                    ))  # fmt: skip
            del strings
    assert len(templates) >= 10 and templates <= set(SCHEMA), templates - set(SCHEMA)
    assert pieces and pieces <= set(FRAGMENTS["sv"]), pieces - set(FRAGMENTS["sv"])
    from skavmap.format.schema import DURATION_HINT

    assert DURATION_HINT in FRAGMENTS["sv"]


def test_a_phrase_says_its_values_in_the_same_language():
    where = say("where.step", id="granska")
    message = say("unknown_field", field="nxet", where=where,
                  suggestion=phrases.suggested("nxet", ["next"]))  # fmt: skip
    assert message.text("en") == "unknown field 'nxet' in step 'granska'; did you mean 'next'?"
    assert message.text("sv") == "okänt fält 'nxet' i steget 'granska'; menade du 'next'?"
    schema = phrases.schema_phrase(
        "bad duration '3x' (unknown unit 'x'); write e.g. 30m, 2h, 1h30m, 3d, 2w or a range 10-20m",
        {"text": "3x", "why": " (unknown unit 'x')",
         "hint": "write e.g. 30m, 2h, 1h30m, 3d, 2w or a range 10-20m"},
    )  # fmt: skip
    assert schema.text("sv") == (
        "felaktig tid '3x' (okänd enhet 'x'); skriv t.ex. 30m, 2h, 1h30m, 3d, 2w eller ett "
        "intervall 10-20m"
    )
    # A message of no known template is shown as it is.
    assert phrases.schema_phrase("Something new", {}).text("sv") == "Something new"


BROKEN = """\
process: Trasig
volume: 12/fortnight
roles: {a: {name: A, capacity: 0}, oanvand: B}
steps:
  s: {kind: start, next: t}
  t: {role: b, wait: 3x, work: -2h, next: [e, e], at: "25:00", nxet: e}
  e: {kind: end}
"""


def test_check_says_every_problem_of_a_file_in_swedish(tmp_path):
    path = tmp_path / "trasig.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    swedish = run_cli("check", str(path), "--lang", "sv")
    english = run_cli("check", str(path), "--lang", "en")
    assert swedish.returncode == english.returncode == 2
    sv_lines, en_lines = swedish.stdout.splitlines(), english.stdout.splitlines()
    assert len(sv_lines) == len(en_lines) >= 7
    for sv, en in zip(sv_lines[:-1], en_lines[:-1], strict=True):
        # The prefix tools parse stays the same; only the message is said in the language.
        prefix = re.match(r"^(.+?:\d+:\d+: error: )", en).group(1)
        assert sv.startswith(prefix), sv
        assert sv != en
    said = swedish.stdout
    for phrase in (
        "felaktig volym '12/fortnight'",
        "'capacity' ska vara minst 0.01",
        "okänd roll 'b' i steget 't'",
        "felaktig tid '3x' (okänd enhet 'x')",
        "felaktig tid '-2h' (negativ)",
        "felaktigt klockslag '25:00'",
        "okänt fält 'nxet' i steget 't'; menade du 'next'?",
    ):
        assert phrase in said, phrase
    assert sv_lines[-1] == f"1 fil har kontrollerats: {len(sv_lines) - 1} fel, 0 varningar"


def test_a_missing_file_and_a_bad_configuration_in_swedish(tmp_path):
    missing = run_cli("hotspots", str(tmp_path / "finns-inte.yaml"), "--lang", "sv")
    assert missing.returncode == 2
    assert f"{tmp_path / 'finns-inte.yaml'}:1:1: error: ingen sådan fil eller mapp" in (
        missing.stderr
    )
    (tmp_path / "skavmap.toml").write_text('fail-levle = "info"\n', encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "process: P\nsteps:\n  s: {kind: start, next: e}\n  e: {kind: end}\n", encoding="utf-8"
    )
    bad = run_cli("check", str(tmp_path), "--lang", "sv")
    assert bad.returncode == 2
    assert "1:1: error: okänd nyckel 'fail-levle'; menade du 'fail-level'?" in bad.stderr


def test_status_lines_in_swedish(tmp_path):
    report = tmp_path / "r.html"
    done = run_cli("report", "examples/minimal.yaml", "-o", str(report), "--lang", "sv")
    assert done.returncode == 0 and done.stdout == f"skrev {report}\n"
    empty = tmp_path / "tom"
    empty.mkdir()
    none = run_cli("report", str(empty), "-o", str(report), "--lang", "sv")
    assert none.returncode == 2 and f"error: inga processfiler hittades i {empty}" in none.stderr
    english = run_cli("report", str(empty), "-o", str(report), "--lang", "en")
    assert f"error: no process files found in {empty}" in english.stderr


def test_every_word_the_code_says_is_in_the_vocabulary_with_its_values():
    """A key of :mod:`skavmap.outputs.vocabulary` said anywhere in the code (``terminal.say``,
    ``words(lang)(...)``, ``OutputError(...)``, ``UsageError(key=...)``) is in the catalogue,
    and the call gives every placeholder its phrase needs."""
    from skavmap.outputs.vocabulary.en import WORDS

    dotted = re.compile(r"[a-z_]+(\.[a-z_0-9]+)+")
    # say("key") alone is the format layer's catalogue; terminal.say("key") is this one.
    sayers = {".say", "words", ".words", ".plural", ".raw", "language", "OutputError"}
    said, missing, short = 0, [], []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = f".{func.attr}" if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if isinstance(func, ast.Call):  # words(lang)("key", ...), Words(lang)("key", ...)
                name = "words" if getattr(func.func, "id", None) in ("words", "Words") else None
            first = node.args[0] if node.args else None
            keys = [k.value.value for k in node.keywords
                    if k.arg == "key" and isinstance(k.value, ast.Constant)]  # fmt: skip
            if name in sayers and isinstance(first, ast.Constant):
                keys.append(first.value)
            for key in keys:
                if not (isinstance(key, str) and dotted.fullmatch(key)):
                    continue
                said += 1
                where = f"{path.relative_to(ROOT)}:{node.lineno} {key}"
                if key not in WORDS:
                    missing.append(where)
                    continue
                if any(k.arg is None for k in node.keywords):  # **values: known only then
                    continue
                given = {k.arg for k in node.keywords} | ({"n"} if name == ".plural" else set())
                needed = wanted(WORDS[key])
                if not needed <= given:
                    short.append(f"{where}: {sorted(needed - given)}")
    assert said > 300
    assert missing == [] and short == []


def wanted(entry) -> set[str]:
    """The placeholders of a catalogue entry: a phrase, or a pair (singular, plural) or a
    list of them."""
    if isinstance(entry, str):
        return placeholders(entry)
    return set().union(*map(wanted, entry))


REFUSALS = [
    # The parser's own refusals, before any command runs.
    (("check", "--bogus"),
     "Användning: skavmap check [OPTIONS] [PATHS]...\nSkriv 'skavmap check --help' för "
     "hjälp.\n\nFel: Det finns ingen flagga --bogus (möjliga flaggor: --verbose)\n",
     "Usage: skavmap check [OPTIONS] [PATHS]...\nTry 'skavmap check --help' for help.\n\n"
     "Error: No such option: --bogus (Possible options: --verbose)\n"),
    (("hotspots", "--format", "bogus"),
     "Fel: Ogiltigt värde för '--format': 'bogus' är inte ett av text, json, markdown, csv",
     "Error: Invalid value for '--format': 'bogus' is not one of text, json, markdown, csv"),
    (("hotspots", "--top", "x"),
     "Fel: Ogiltigt värde för '--top': det ska vara ett heltal",
     "Error: Invalid value for '--top': it should be a whole number"),
    (("render",), "Fel: Argumentet 'PATHS' saknas.", "Error: Missing argument 'PATHS'."),
    (("nosuch",), "Fel: Det finns inget kommando 'nosuch'.", "Error: No such command 'nosuch'."),
    (("check", "--x\x1b[2J"), "Fel: Det finns ingen flagga --x\\x1b[2J\n",
     "Error: No such option: --x\\x1b[2J\n"),
    (("check", "--strict=yes", "examples/loop.yaml"), "Fel: Flaggan '--strict' tar inget värde.",
     "Error: Option '--strict' does not take a value."),
    (("whatif", "examples/loop.yaml", "extra", "--change", "x.wait=1h"),
     "Fel: Oväntade extra argument (extra)", "Error: Got unexpected extra argument(s) (extra)"),
    (("simulate", "examples/loop.yaml", "--cases", "0"),
     "Fel: Ogiltigt värde för '--cases': det ska vara minst 1",
     "Error: Invalid value for '--cases': it should be at least 1"),
    (("evidence", "examples/loop.yaml", "--log", "examples/evidence/loop-log.csv",
      "--time-format", "%Q"),
     "error: --time-format '%Q' är inget format för tider",
     "error: --time-format '%Q' is not a format of times"),
    (("evidence", "examples/loop.yaml", "--log", "examples/evidence/loop-log.csv",
      "--timezone", ""),
     "error: okänd tidszon ''", "error: unknown time zone ''"),
    (("compare", "examples/minimal.yaml"),
     "error: compare behöver minst två processfiler",
     "error: compare needs at least two process files"),
    (("diff", "examples/minimal.yaml"),
     "error: ange två filer (skavmap diff GAMMAL NY)",
     "error: give two files (skavmap diff OLD NEW)"),
    (("render", "processes/invoice.yaml", "--apply", "A99", "-o", "{tmp}/a.svg"),
     "error: --apply: processes/invoice.yaml har ingen åtgärd A99; menade du 'A9'?",
     "error: --apply: processes/invoice.yaml has no action A99; did you mean 'A9'?"),
    (("render", "examples/minimal.yaml", "-o", "{tmp}/karta.yaml"),
     "är inget format som skavmap skriver här; använd .svg eller .png eller .jpeg",
     "is not a format skavmap writes here; use .svg or .png or .jpeg"),
    (("export", "examples/minimal.yaml", "examples/loop.yaml", "--to", "mermaid", "-o", "-"),
     "error: -o - skriver en enda fil till standard ut; ange en fil",
     "error: -o - writes one file to standard output; name one file"),
    (("report", "examples/minimal.yaml", "--force", "-o", "{tmp}"),
     "{tmp}: error: är en mapp; ange en fil att skriva",
     "{tmp}: error: is a folder; name a file to write"),
    (("render", "examples/minimal.yaml", "-o", "{tmp}/en-fil/karta.svg"),
     "{tmp}/en-fil/karta.svg: error: kan inte skriva: en del av sökvägen är ingen mapp",
     "{tmp}/en-fil/karta.svg: error: cannot write: Not a directory"),
    (("evidence", "examples/minimal.yaml", "--log", "{tmp}/finns-inte.csv"),
     "error: {tmp}/finns-inte.csv: ingen sådan loggfil",
     "error: {tmp}/finns-inte.csv: no such log file"),
    (("render", "processes/invoice.yaml", "--paper", "A3", "-o", "{tmp}/faktura.png"),
     "error: ett ark A3 rymmer inte diagrammet med stegnamn i 9 punkter: det behöver A1 stående",
     "error: one A3 sheet cannot hold this diagram with step names at 9 pt: it needs A1 portrait"),
    (("whatif", "processes/invoice.yaml", "--change", "snabbare"),
     "--change 'snabbare': error: skriv STEG.FÄLT=VÄRDE",
     "--change 'snabbare': error: write STEP.FIELD=VALUE"),
]  # fmt: skip


def test_an_option_that_needs_a_value_says_so_in_the_language_asked_before_it():
    done = run_cli("hotspots", "--lang", "sv", "--top")
    assert done.returncode == 2 and done.stderr == "Fel: Flaggan '--top' behöver ett värde.\n"


def test_refusals_of_the_command_line_in_swedish(tmp_path):
    (tmp_path / "en-fil").write_bytes(b"")
    for args, swedish, english in REFUSALS:
        args = [arg.format(tmp=tmp_path) for arg in args]
        for lang, expected in (("sv", swedish), ("en", english)):
            done = run_cli(*args, "--lang", lang)
            assert done.returncode == 2, (args, done.stderr)
            assert expected.format(tmp=tmp_path) in done.stderr, (lang, done.stderr)
            assert "Traceback" not in done.stderr and done.stdout == ""
    assert [path.name for path in tmp_path.iterdir()] == ["en-fil"]
