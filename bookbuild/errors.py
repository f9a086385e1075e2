"""Failures the CLI reports as a message and an exit status, never as a bare traceback."""


class BuildError(Exception):
    exit_code = 1


class ChapterError(BuildError):
    """A cell or inline expression of a chapter raised."""

    exit_code = 3


class ConfigError(BuildError):
    """`_quarto.yml` or a chapter's front matter is malformed."""

    exit_code = 4
