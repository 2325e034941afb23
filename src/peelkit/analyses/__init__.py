"""Analyses over the tidy tables: query, compare a force, diff years or files, re-derive totals.

Every function here takes DataFrames (or a data directory) and returns DataFrames or plain
dataclasses; rendering is the CLI's job. pandas is imported inside these modules only, and
these modules are imported only inside command bodies, so ``peelkit --help`` stays instant.
"""
