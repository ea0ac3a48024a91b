"""Stories: near-duplicate copies and story clusters, assigned incrementally."""

from parallax.stories.clusterer import Clusterer

__all__ = ["Clusterer"]
