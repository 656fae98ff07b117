"""Publication: the public profiles, statistics, open data and INE's feed."""
