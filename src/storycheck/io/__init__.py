"""Everything that touches files, the network or a database lives here."""
