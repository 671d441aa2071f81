"""The Regularization view (key placeholder until its issue lands)."""

from tui.views.placeholder import PlaceholderView


class RegularizationView(PlaceholderView):
    def __init__(self, **kwargs) -> None:
        super().__init__("Regularization view", **kwargs)
