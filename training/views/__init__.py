"""Views of the training app: thin (parse, check through scoped selectors, call a service, render)."""
