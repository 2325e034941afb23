"""The statement machinery of the prose readers: page context, claims, one grader (see each module)."""
