-- Search (docs/workspace.md "Finding conversations") filters by tag: the contacts carrying one are looked up by it.
CREATE INDEX contact_tags_tag ON contact_tags (tag);
