"""The CI gate (``spamcheck gate``) and its output formats."""
