"""Generated documents with their truth: realistic invoices and hostile files."""
