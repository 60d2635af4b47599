"""The shipped process maps and examples: valid, and valid against the JSON Schema too."""

from __future__ import annotations

import jsonschema
import pytest
from conftest import ROOT, process_files

from skavmap.format.loader import load_with_warnings
from skavmap.format.schema import json_schema
from skavmap.format.yamlsource import load_source

FILES = process_files()


def test_the_real_processes_are_there():
    names = {p.name for p in FILES}
    assert {"invoice.yaml", "recruitment.yaml"} <= names
    for concept in ("loop", "parallel", "subprocess", "notify", "pain", "minimal"):
        assert f"{concept}.yaml" in names


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_against_json_schema(path):
    source, _ = load_source(path)
    validator = jsonschema.Draft202012Validator(json_schema())
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(source.data)]
    assert problems == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_loads_without_warnings(path):
    _, warnings = load_with_warnings(path)
    assert warnings == []


@pytest.mark.parametrize("name", ["invoice", "recruitment"])
def test_real_process_size(name):
    process, _ = load_with_warnings(ROOT / "processes" / f"{name}.yaml")
    assert len(process.steps) >= 12
    used = {process.roles[s.role].department for s in process.steps.values() if s.role}
    assert len(used & {"ekonomi", "verksamhet", "it", "hr", "lon_hr", "lonhr"} | used) >= 4
    assert any(p.votes > 1 and p.source for s in process.steps.values() for p in s.pain)


def test_schema_rejects_what_the_loader_rejects():
    validator = jsonschema.Draft202012Validator(json_schema())
    bad = {"process": "X", "steps": {"s": {"kind": "slut", "work": "30"}}}
    assert len(list(validator.iter_errors(bad))) == 2
