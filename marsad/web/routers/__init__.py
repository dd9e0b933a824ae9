"""One router per page family; each holds the HTML page and its JSON twin."""
