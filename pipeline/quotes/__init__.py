"""Rule-based quote attribution: quotation marks, cue verbs, speakers and their resolution."""

from pipeline.labels import DIRECT, INDIRECT, KINDS, MIXED
from pipeline.marks import QuoteMarks, find_quote_marks
from pipeline.quotes.component import QuoteAttribution
from pipeline.quotes.quote import Quote, Speaker

__all__ = ["DIRECT", "INDIRECT", "KINDS", "MIXED", "Quote", "QuoteAttribution", "QuoteMarks", "Speaker", "find_quote_marks"]
