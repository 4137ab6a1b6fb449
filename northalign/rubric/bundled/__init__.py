"""Rubrics bundled with northalign; ``rubrics/`` at the repository root links here."""
