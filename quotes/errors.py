"""One exception hierarchy: the library raises these, only the CLI turns them into messages and exit codes."""


class QuotesError(Exception):
    """Base class of every error `quotes` raises on purpose."""


class InputError(QuotesError):
    """An input could not be read as articles (missing file, unknown format, bad column name...)."""


class ModelError(QuotesError):
    """The Stanza models are missing, incomplete or cannot be loaded."""


class TrainingError(QuotesError):
    """A training step failed or was given bad data paths."""


class ContractError(InputError):
    """JSON that is not a result of the contract (`quotes/result.schema.json`): its message names
    the record, the path of the bad value and what was expected."""


class OutputError(QuotesError):
    """An output folder or file cannot be used or written (not ours, in use by another run, a file,
    read-only, the disk full); its message names the path and the reason."""
