"""A persistent store of resumes and postings, matched with the same scores as `jobfit rank`."""
