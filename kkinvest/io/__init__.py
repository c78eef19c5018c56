"""Readers and writers: files in, files out. Problems with input become `InputError`."""
