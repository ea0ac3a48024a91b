"""The feed watcher: RSS/Atom feeds polled, new pages fetched politely and safely."""
