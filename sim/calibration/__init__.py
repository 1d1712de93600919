"""Calibration against pilot data and global sensitivity analysis.

``pilot`` reads and checks a pilot data file (monthly indicators per
community); ``monthly`` computes the same indicators from a run's daily
counters and runs a scenario for them anywhere (a picklable function);
``spec`` reads the calibration and sensitivity experiment files;
``objective`` scores simulated against observed figures and states the
uncertainty rule; ``calibrate`` drives an Optuna study stored on disk (so it
resumes) through the sweep executors; ``sensitivity`` runs SALib's Sobol and
Morris designs through the sweep machinery and store; ``plots`` draws the fit
and the indices.
"""
