"""The Classifier view (key placeholder until its issue lands)."""

from tui.views.placeholder import PlaceholderView


class ClassifierView(PlaceholderView):
    def __init__(self, **kwargs) -> None:
        super().__init__("Classifier view", **kwargs)
