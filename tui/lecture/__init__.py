"""Lecture mode: the presenter and its bar (the script itself is engine/lecture.py)."""
