"""Classic results of the field reproduced as figures (not seed papers: no claims, no transcription)."""
