"""Text in: decode bytes, normalise with an offset map back, segment into a
:class:`~spamcheck.text.document.Document`, guess the language."""
