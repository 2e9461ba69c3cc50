"""Text before tokens: character normalisation and the canonical form of a token."""
