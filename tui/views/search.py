"""The Search view (key placeholder until its issue lands)."""

from tui.views.placeholder import PlaceholderView


class SearchView(PlaceholderView):
    def __init__(self, **kwargs) -> None:
        super().__init__("Search view", **kwargs)
