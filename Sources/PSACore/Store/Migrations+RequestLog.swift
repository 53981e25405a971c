import GRDB

extension Migrations {
    /// The request log: the PSA requests of each delivery attempt, for a ticket's detail.
    ///
    /// `ticket_row` is NULL while the event has no ticket (a create that failed before psalink
    /// recorded one); such rows are kept by `event_seq` and linked once the event's ticket is
    /// known. Both indexes end in `id`, so that a ticket's or an event's newest rows, and the
    /// rows past its bound, are found without reading the table.
    static func addRequestLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE request_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_seq INTEGER NOT NULL,
                    ticket_row INTEGER,
                    integration_id INTEGER,
                    method TEXT NOT NULL,
                    host TEXT NOT NULL,
                    path TEXT NOT NULL,
                    status INTEGER,
                    failure TEXT,
                    started_at DATETIME NOT NULL,
                    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0)
                );
                CREATE INDEX request_log_ticket ON request_log (ticket_row, id) WHERE ticket_row IS NOT NULL;
                CREATE INDEX request_log_event ON request_log (event_seq, id);
                """)
    }
}
