"""The hotspot analysers: small pure functions over the step graph, one module each.

An analyser is a function ``(Context) -> Iterable[Finding]`` registered with
:func:`skavmap.analysis.rules.rule`. Its module name is its kebab-case name with
underscores; its docstring is its documentation (the first line is the summary that
``skavmap explain`` and ``skavmap hotspots --list`` print, the rest says when it fires and
its score formula). It yields ids and numbers; :mod:`skavmap.outputs.messages` says them in
words. Modules here import nothing heavy at the top, so that listing the rules stays fast.
"""
