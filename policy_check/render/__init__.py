"""Renderers turn reports into text for a person, JSON for programs, CSV and HTML for reviewers.

They never check anything: everything they show comes from the `Report`.
"""
