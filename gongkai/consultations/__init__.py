"""Pre-disclosure of draft decisions, public consultation and the 意见采纳情况 report."""
