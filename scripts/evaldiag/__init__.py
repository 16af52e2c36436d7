"""The diagnosis evaluation behind scripts/eval-diagnosis (issue 12 §1).

Modules: `values` (GradLab's printed values read back), `findings` (the
vocabulary and its kinds), `cases` (case files and their headers),
`instrument` (the trace lines added to a case), `runs` (running the binary),
`measures` (final scores and "trains well" from a trace), `scoring` (the
figures), `autotrainer` (AUTOTRAINER's rules over a trace), `oracles` (the
three labels side by side), `table` and `report` (text and Markdown),
`quick` (the subset scripts/test runs), `cli` (the command line). Tests:
`python3 -m unittest discover -s scripts/evaldiag/tests -t scripts`.
Python 3 standard library only.
"""
