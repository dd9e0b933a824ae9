"""One event across outlets: the reports of one incident by several articles, joined.

The enricher finds the events each article reports (`marsad.steps.events`, one per
incident per article). Here those mentions are grouped across articles, as they
arrive: a new mention joins an event of the same type, dated within a day, at the same
or a nearby place in the same country, whose figures do not contradict it
(`matching.py`); the store looks the candidates up by an index on (type, day,
country), so each mention costs a few indexed reads, never a scan of all events.
What an event says — its date, place, figures, the spread of figures, its outlets and
earliest report — is read from its mentions by the rules of `summary.py`; a copy of an
article (`duplicate_of`) is not an independent outlet and does not count.

This is its own package, not part of `stories/`: a story is a topic followed over days
by words, an event is one incident matched by fields (type, place, day, figures), and
one story holds many events. It sits below the store, which calls it inside the insert
transaction, and imports only the model and the text tools.
"""
