"""The tamper-evident copy of the audit log: JSON lines on disk, each keyed to the one before."""
