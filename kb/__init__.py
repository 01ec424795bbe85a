"""kb: a spaced-repetition knowledge base generated from study notes."""
__version__ = "0.1.0"
