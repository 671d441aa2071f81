"""Data shipped with loss-tui: the lecture's presets (presets/*.toml) and lecture scripts.

A package only so that the files reach the installed wheel and are found with
importlib.resources, wherever (and however) loss-tui is installed.
"""
