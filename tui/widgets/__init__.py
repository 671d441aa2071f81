"""Widgets, one per module; views compose them."""
