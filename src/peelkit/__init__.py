"""peelkit: HMICFRS PEEL judgment tables as tidy, self-checked data."""

__version__ = "0.1.0"
