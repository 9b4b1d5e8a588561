"""Repository functions: keyword-only, each taking the caller's Session (one unit of work)."""
