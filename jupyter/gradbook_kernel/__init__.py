"""A Jupyter kernel for gradbook: ipykernel's wrapper-kernel pattern over `gradbook serve --json`."""

__version__ = "0.1.0"
