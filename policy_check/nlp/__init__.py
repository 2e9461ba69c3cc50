"""The spaCy side: the pipeline built once per process, and the project's own components."""

from .pipeline import build_pipeline

__all__ = ["build_pipeline"]
