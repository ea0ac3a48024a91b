"""Word lists and id formats that several stages read: one home for each concept, so
annotate and compare never disagree on what a label, an entity id or a voice is."""
