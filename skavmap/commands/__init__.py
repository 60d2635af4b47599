"""The commands: one module each, a function ``run(...)`` that returns the exit status.

A command reads its inputs (:func:`skavmap.format.inputs.read`), analyses them
(:mod:`skavmap.analysis`), hands the results to a reporter, renderer or exporter
(:mod:`skavmap.outputs.formats`) and prints or writes what comes back. The command line
(:mod:`skavmap.cli`) only parses the options and calls ``run``. Exit status everywhere:
0 clean, 1 findings at or above the fail level, 2 usage or input error.
"""
