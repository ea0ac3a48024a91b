"""Parallax: one news story, seen from every outlet."""
