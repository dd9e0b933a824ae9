"""Stories: online clustering of articles about one event, and related articles."""
