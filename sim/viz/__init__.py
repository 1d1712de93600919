"""Plots, reports and the workshop dashboard (Mesa's SolaraViz), labelled in English or Chinese."""
