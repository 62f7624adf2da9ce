"""Press conferences and online interviews: questions beforehand, live transcript, archive."""
