"""The shipped lexicons (data files in the sub-folders), their loader and the phrase matcher."""
