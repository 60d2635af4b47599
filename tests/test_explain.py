"""``skavmap explain`` covers analysers and thresholds alike."""

from __future__ import annotations

import re

from conftest import run_cli


def test_explain_threshold_code():
    result = run_cli("explain", "SKV901", "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == [
        "SKV901 max-lead-time (threshold)",
        "Lead time over the configured limit max-lead-time.",
    ]


def test_explain_by_name_and_lower_case_code():
    by_name = run_cli("explain", "rework-loop", "--lang", "en")
    by_code = run_cli("explain", "skv201", "--lang", "en")
    assert by_name.stdout == by_code.stdout
    assert by_name.stdout.startswith("SKV201 rework-loop (loop)\n")


def test_explain_unknown_code_is_usage_error():
    result = run_cli("explain", "SKV999")
    assert result.returncode == 2
    assert "no analyser or threshold 'SKV999'" in result.stderr


def marked(text: str) -> set[str]:
    """The names and formulas a rule's text marks as code, and the codes it names."""
    return set(re.findall(r"``(.+?)``", text, re.DOTALL)) | set(re.findall(r"SKV\d{3}", text))


def test_every_rule_is_explained_in_swedish_with_the_same_names_and_formulas():
    from skavmap.analysis.rules import registry
    from skavmap.outputs.vocabulary.rules_sv import EXPLAIN

    rules = registry()
    assert set(EXPLAIN) == {r.code for r in rules}
    for rule in rules:
        english = rule.doc
        swedish = rule.title["sv"] + "\n" + EXPLAIN[rule.code]
        assert marked(swedish) == marked(english), rule.code
        # Said in Swedish: none of the English docstring's sentences is left.
        assert not re.search(r"\b(Fires|the|when|Cost|Weight)\b", EXPLAIN[rule.code]), rule.code


def test_explain_in_swedish_says_the_whole_text_in_swedish():
    swedish = run_cli("explain", "SKV303", "--lang", "sv")
    english = run_cli("explain", "SKV303", "--lang", "en")
    assert swedish.returncode == english.returncode == 0
    lines = swedish.stdout.splitlines()
    assert lines[:2] == [
        "SKV303 long-wait (wait)",
        "Lång väntan: ärenden väntar mycket längre än någon arbetar.",
    ]
    assert "Kostnad: steget utan sin wait" in swedish.stdout
    assert "Fires" not in swedish.stdout and "Fires where" in english.stdout
    # As many paragraphs in both languages.
    assert swedish.stdout.count("\n\n") == english.stdout.count("\n\n")


def test_explain_unknown_code_in_swedish():
    result = run_cli("explain", "rewrk-loop", "--lang", "sv")
    assert result.returncode == 2
    assert "ingen analys eller gräns 'rewrk-loop'; menade du 'rework-loop'?" in result.stderr
