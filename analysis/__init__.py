"""The study's analysis: datasets, validation, figures, charts (see README.md for the layout)."""

from analysis import inline

inline.enable()
