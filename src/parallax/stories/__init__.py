"""Stories: near-duplicate copies and story clusters, assigned incrementally."""

from parallax.stories.clusterer import Clusterer
from parallax.stories.settings import StorySettings

__all__ = ["Clusterer", "StorySettings"]
