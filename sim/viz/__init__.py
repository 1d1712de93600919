"""Plots (matplotlib) and, in later issues, the workshop dashboard."""
