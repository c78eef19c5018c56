"""The documents' own words and forms, below the readers and the writers alike (issue 19): what
export writes and import reads comes from here, so the two cannot drift."""
