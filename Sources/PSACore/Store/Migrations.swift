import GRDB

/// The schema, as a sequence of migrations. A migration, once released, never changes: later
/// schema changes are new migrations appended here.
enum Migrations {
    /// `PRAGMA application_id` of every psalink database: "PSLK" in ASCII. It tells psalink's
    /// files from other applications' before anything is written.
    static let applicationID: Int32 = 0x5053_4C4B

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createFirstSchema)
        migrator.registerMigration("v2") { db in
            // What Auto Match compares first: the tenants the PSA links to a company and its
            // website's domain, each a space-separated list (neither contains spaces).
            try db.execute(sql: "ALTER TABLE psa_company ADD COLUMN tenant_ids TEXT NOT NULL DEFAULT ''")
            try db.execute(sql: "ALTER TABLE psa_company ADD COLUMN domains TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v3", migrate: createEventTables)
        migrator.registerMigration("v4", migrate: addAdministration)
        migrator.registerMigration("v5", migrate: addRetryRounds)
        migrator.registerMigration("v6", migrate: addRateBudgets)
        migrator.registerMigration("v7", migrate: addTicketDrift)
        migrator.registerMigration("v8", migrate: addSettingsReview)
        migrator.registerMigration("v9", migrate: addMappingHealth)
        migrator.registerMigration("v10") { db in
            // The events that may have reached no ticket, found per integration without reading
            // the whole outbox: the home screen and every route count them.
            try db.execute(
                sql: """
                    CREATE INDEX event_unreported ON event (integration_id)
                    WHERE fallback_event IS NULL AND fallback_for IS NULL AND (state = 'failed' OR state = 'held')
                    """)
        }
        migrator.registerMigration("v11", migrate: addNoiseControl)
        migrator.registerMigration("v12", migrate: addRequestLog)
        migrator.registerMigration("v13", migrate: addServeInstance)
        migrator.registerMigration("v14") { db in
            // `serve`'s /metrics counts the events by state, integration and operation at every
            // scrape: from this index alone, a tenth of the cost of reading the event rows.
            try db.execute(sql: "CREATE INDEX event_outcome ON event (state, integration_id, operation)")
        }
        return migrator
    }()

    /// Noise control (DESIGN §6): storms, maintenance windows, acknowledgements.
    ///
    /// - `event.state` may be `suppressed` (fired inside a maintenance window; `window_id` names
    ///   the window, `suppression_ended` is set once the window has ended and the key was looked
    ///   at), `folded` (a new key folded into a storm's parent ticket; `storm_id`) or
    ///   `acknowledged` (a repeat of an acknowledged ticket, counted on the ticket).
    /// - `event.origin`: NULL for an event as received; `storm` for the work psalink queues on a
    ///   storm's parent ticket, `note` for a note psalink adds to a key's ticket by itself (the
    ///   sum of an acknowledgement's repeats, a key that opened after maintenance).
    /// - `ticket.ack_*`: who acknowledged the ticket, why and until when; `ack_repeats` counts
    ///   the repeats since, summed in one note when the acknowledgement ends.
    /// - `storm`: per integration and customer bucket (`bucket`: the company, or the company and
    ///   the account for events the MSP-level customer takes by fallback) at most one `active`
    ///   storm; `quiet` once its customer was quiet for the window while keys still fire.
    ///   `storm_key`: the keys folded into it and whether each has resolved.
    /// - `new_ticket`: each new ticket (or reopen) per bucket, one row per event, for the
    ///   breaker's count.
    /// - `maintenance_window`: once (`starts_at`..`ends_at`) or weekly (`weekly` in `time_zone`),
    ///   for one account, one integration or everything (`scope`).
    private static func addNoiseControl(_ db: Database) throws {
        try rebuild(
            db, table: "event", replacing: "CHECK (state IN ('pending', 'delivered', 'skipped', 'failed', 'held'))",
            with: """
                CHECK (state IN ('pending', 'delivered', 'skipped', 'failed', 'held', 'suppressed', 'folded',
                    'acknowledged'))
                """)
        try db.execute(
            sql: """
                ALTER TABLE event ADD COLUMN origin TEXT CHECK (origin IN ('storm', 'note'));
                ALTER TABLE event ADD COLUMN storm_id INTEGER;
                ALTER TABLE event ADD COLUMN window_id INTEGER;
                ALTER TABLE event ADD COLUMN suppression_ended DATETIME;
                CREATE INDEX event_suppressed ON event (dedupe_key, seq)
                    WHERE state = 'suppressed' AND suppression_ended IS NULL;
                CREATE INDEX event_storm ON event (storm_id, seq) WHERE storm_id IS NOT NULL;

                ALTER TABLE ticket ADD COLUMN ack_until DATETIME;
                ALTER TABLE ticket ADD COLUMN ack_reason TEXT;
                ALTER TABLE ticket ADD COLUMN ack_by TEXT;
                ALTER TABLE ticket ADD COLUMN ack_at DATETIME;
                ALTER TABLE ticket ADD COLUMN ack_repeats INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE ticket ADD COLUMN ack_first_repeat DATETIME;
                CREATE INDEX ticket_ack ON ticket (ack_until) WHERE ack_until IS NOT NULL;

                CREATE TABLE storm (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    integration_id INTEGER NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
                    company_id TEXT NOT NULL,
                    bucket TEXT NOT NULL,
                    customer TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('active', 'quiet', 'closed')),
                    started_at DATETIME NOT NULL,
                    last_new_at DATETIME NOT NULL,
                    window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
                    parent_key TEXT NOT NULL,
                    alerts INTEGER NOT NULL DEFAULT 0,
                    closed_at DATETIME
                );
                CREATE UNIQUE INDEX storm_active ON storm (integration_id, bucket) WHERE state = 'active';
                CREATE TABLE storm_key (
                    storm_id INTEGER NOT NULL REFERENCES storm (id) ON DELETE CASCADE,
                    dedupe_key TEXT NOT NULL,
                    title TEXT NOT NULL,
                    resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
                    repeats INTEGER NOT NULL DEFAULT 0,
                    folded_at DATETIME NOT NULL,
                    PRIMARY KEY (storm_id, dedupe_key)
                );
                CREATE INDEX storm_key_key ON storm_key (dedupe_key);
                CREATE TABLE new_ticket (
                    event_seq INTEGER PRIMARY KEY NOT NULL,
                    integration_id INTEGER NOT NULL,
                    bucket TEXT NOT NULL,
                    at DATETIME NOT NULL
                );
                CREATE INDEX new_ticket_bucket ON new_ticket (integration_id, bucket, at);

                CREATE TABLE maintenance_window (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    scope TEXT NOT NULL CHECK (scope IN ('account', 'integration', 'all')),
                    account_id TEXT,
                    integration_id INTEGER REFERENCES integration (id) ON DELETE CASCADE,
                    starts_at DATETIME,
                    ends_at DATETIME,
                    weekly TEXT,
                    time_zone TEXT NOT NULL DEFAULT 'UTC',
                    reason TEXT NOT NULL CHECK (trim(reason) <> ''),
                    created_by TEXT,
                    created_at DATETIME NOT NULL,
                    CHECK ((scope = 'account') = (account_id IS NOT NULL)),
                    CHECK ((scope = 'integration') = (integration_id IS NOT NULL)),
                    CHECK ((weekly IS NULL) = (starts_at IS NOT NULL AND ends_at IS NOT NULL)),
                    CHECK (starts_at IS NULL OR ends_at > starts_at)
                );
                """)
    }

    /// Mapping health, syncs and the events no ticket took (DESIGN §6).
    ///
    /// - `mapping.method` may be `domain-label`; `mapping.applied_by` says who applied the
    ///   mapping (`manual`, `automatch`, `sync`); `mapping.health` is the review reason last
    ///   written to the audit log (`company-not-in-cache`, `company-inactive`,
    ///   `company-merged`), NULL while the company is fine, so that each change of health is
    ///   audited once.
    /// - `psa_company.merged_into`: the company the PSA merged this one into, where it says so.
    /// - `event.state` may be `held`: the mapped company is gone, inactive or merged and the
    ///   integration holds such events until the account is remapped; `held_since` says since when.
    /// - `event.fallback_for`: on an event psalink raised about another that could not become a
    ///   ticket, that event's id; `event.fallback_event` on the other, the id of the one raised.
    /// - `sync_lock`: the one sync running on this database, across processes, until `until`
    ///   (a crashed run's lock lapses); `sync_state`: each integration's last sync and its summary.
    private static func addMappingHealth(_ db: Database) throws {
        try rebuild(
            db, table: "mapping",
            replacing: "CHECK (method IN ('manual', 'tenant-id', 'domain', 'name', 'similar-name'))",
            with: "CHECK (method IN ('manual', 'tenant-id', 'domain', 'domain-label', 'name', 'similar-name'))")
        try rebuild(
            db, table: "event", replacing: "CHECK (state IN ('pending', 'delivered', 'skipped', 'failed'))",
            with: "CHECK (state IN ('pending', 'delivered', 'skipped', 'failed', 'held'))")
        try db.execute(
            sql: """
                ALTER TABLE mapping ADD COLUMN applied_by TEXT CHECK (applied_by IN ('manual', 'automatch', 'sync'));
                UPDATE mapping SET applied_by = CASE WHEN method IS NULL OR method = 'manual' THEN 'manual'
                    ELSE 'automatch' END WHERE company_id IS NOT NULL;
                ALTER TABLE mapping ADD COLUMN health TEXT;
                ALTER TABLE psa_company ADD COLUMN merged_into TEXT;
                ALTER TABLE event ADD COLUMN held_since DATETIME;
                ALTER TABLE event ADD COLUMN fallback_for TEXT;
                ALTER TABLE event ADD COLUMN fallback_event TEXT;
                CREATE INDEX event_held ON event (integration_id, account_id) WHERE state = 'held';

                CREATE TABLE sync_lock (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    owner TEXT NOT NULL,
                    until DATETIME NOT NULL
                );
                CREATE TABLE sync_state (
                    integration_id INTEGER PRIMARY KEY NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
                    started_at DATETIME NOT NULL,
                    finished_at DATETIME,
                    summary TEXT,
                    error TEXT
                );
                """)
    }

    /// SQLite cannot change a CHECK in place: the table is made again from its own definition
    /// with `old` replaced by `new`, its rows copied, and its indexes made again (SQLite's
    /// documented way to change a table's definition). Foreign keys are checked once the
    /// migration is done.
    private static func rebuild(_ db: Database, table: String, replacing old: String, with new: String) throws {
        guard
            let definition = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]),
            definition.contains(old)
        else { throw DatabaseError(message: "\(table): its definition lacks \(old)") }
        let indexes = try String.fetchAll(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            arguments: [table])
        let rebuilt = "\(table)_rebuilt"
        let created = definition.replacingOccurrences(of: old, with: new)
            // A table renamed by an earlier rebuild has its name quoted in its definition.
            .replacingOccurrences(of: "CREATE TABLE \(table) (", with: "CREATE TABLE \(rebuilt) (")
            .replacingOccurrences(of: "CREATE TABLE \"\(table)\" (", with: "CREATE TABLE \(rebuilt) (")
        try db.execute(sql: created)
        try db.execute(sql: "INSERT INTO \(rebuilt) SELECT * FROM \(table)")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(rebuilt) RENAME TO \(table)")
        for index in indexes { try db.execute(sql: index) }
    }

    /// `settings_review`: an integration whose ticket settings an import could not check
    /// against its PSA (it did not answer), with why; cleared when settings are next saved
    /// after a check (`settings set`, the wizard's Save) or imported with one.
    private static func addSettingsReview(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE settings_review (
                    integration_id INTEGER PRIMARY KEY NOT NULL
                        REFERENCES integration (id) ON DELETE CASCADE,
                    reason TEXT NOT NULL,
                    marked_at DATETIME NOT NULL
                );
                """)
    }

    /// Tickets that change in the PSA under psalink (DESIGN §6).
    ///
    /// - `ticket.gone`: `deleted` when the PSA no longer has the ticket; the key's next firing
    ///   opens a new one.
    /// - `ticket.replaces`: on that new ticket, the PSA number (or id) of the one it replaces.
    /// - `ticket.merged_from`: a technician merged psalink's ticket (this number or id) into the
    ///   ticket the row now follows.
    private static func addTicketDrift(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE ticket ADD COLUMN gone TEXT;
                ALTER TABLE ticket ADD COLUMN replaces TEXT;
                ALTER TABLE ticket ADD COLUMN merged_from TEXT;
                """)
    }

    /// One rate budget per PSA tenant, shared by every psalink process on the database
    /// (DESIGN §6). Times are Unix seconds (REAL) so that the budget's arithmetic happens in SQL.
    ///
    /// - `rate_budget`: a pause the PSA asked for (429, or 503 with `Retry-After`) or psalink's
    ///   back-off without one (`backoff_level` consecutive 429s), and the PSA's own usage report
    ///   (Autotask's `ThresholdInformation`) with when it was read.
    /// - `rate_budget_request`: a sliding log of the requests sent, one row per request, so that
    ///   no rolling window ever holds more than the limit (a token bucket lets twice its burst
    ///   through one window). A row's `at` moves to when the answer came, the latest moment the
    ///   PSA can have counted the request.
    /// - `integration_setting`: integration-level settings that are not ticket fields
    ///   (`rate-limit`), saved without a PSA call and never per queue.
    /// - `event.throttled_until`: the event waits for its PSA's budget until then, which costs it
    ///   no attempt; `event.coalesced_into`: a repeat that rode on another event's note.
    private static func addRateBudgets(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE rate_budget (
                    key TEXT PRIMARY KEY NOT NULL,
                    paused_until REAL,
                    paused_at REAL,
                    backoff_level INTEGER NOT NULL DEFAULT 0 CHECK (backoff_level >= 0),
                    usage_count INTEGER,
                    usage_threshold INTEGER,
                    usage_timeframe REAL,
                    usage_observed_at REAL
                ) WITHOUT ROWID;

                CREATE TABLE rate_budget_request (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL,
                    at REAL NOT NULL,
                    priority INTEGER NOT NULL
                );
                CREATE INDEX rate_budget_request_key_at ON rate_budget_request (key, at);

                CREATE TABLE integration_setting (
                    integration_id INTEGER NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
                    key TEXT NOT NULL CHECK (key <> ''),
                    value TEXT NOT NULL,
                    updated_at DATETIME NOT NULL,
                    PRIMARY KEY (integration_id, key)
                ) WITHOUT ROWID;

                ALTER TABLE event ADD COLUMN throttled_until DATETIME;
                ALTER TABLE event ADD COLUMN coalesced_into TEXT;
                """)
    }

    /// An outage longer than the back-off is not the end of an event (DESIGN §2). `exhausted`
    /// marks a failed event whose attempts ran out on transient answers; `retryable` one of
    /// those that goes back to the outbox after the next successful request to its integration;
    /// `rounds` counts how often that happened. An exhausted event that is not retryable ran
    /// out of rounds: it failed for good, and the home screen counts it.
    ///
    /// `event_retryable_key` holds back a key's later events behind a retryable one, so that
    /// a key's events still reach the PSA in order; `event_exhausted` finds an integration's
    /// retryable and failed-for-good events without reading the others.
    private static func addRetryRounds(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE event ADD COLUMN exhausted INTEGER NOT NULL DEFAULT 0
                    CHECK (exhausted IN (0, 1) AND exhausted <= (state = 'failed'));
                ALTER TABLE event ADD COLUMN retryable INTEGER NOT NULL DEFAULT 0
                    CHECK (retryable IN (0, 1) AND retryable <= exhausted);
                ALTER TABLE event ADD COLUMN rounds INTEGER NOT NULL DEFAULT 0 CHECK (rounds >= 0);
                CREATE INDEX event_retryable_key ON event (dedupe_key, seq) WHERE retryable = 1;
                CREATE INDEX event_exhausted ON event (integration_id, retryable) WHERE exhausted = 1;
                """)
    }

    /// Day-two administration: pausing an integration (its events wait in the outbox), the
    /// Nerdio Manager sync settings (one row; `fields` is a JSON object like integration
    /// credentials, secret included), and the audit log of configuration changes, whose old
    /// and new values are written with secrets already masked.
    private static func addAdministration(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE integration ADD COLUMN paused_at DATETIME;

                CREATE TABLE nerdio_sync (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    fields BLOB NOT NULL,
                    last_synced_at DATETIME,
                    last_result TEXT,
                    updated_at DATETIME NOT NULL
                );

                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at DATETIME NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT,
                    old_value TEXT,
                    new_value TEXT
                );
                """)
    }

    /// Events as received, each with its routing decision and, while it waits for the PSA, its
    /// place in the outbox; and the tickets psalink opened, one row per PSA ticket.
    ///
    /// `event.seq` orders delivery: per dedupe key, only the pending event with the lowest
    /// `seq` is delivered. `lease_owner` and `lease_until` mark an event a process is
    /// delivering, so that `serve` and `events send` on the same database never deliver one
    /// event twice. `settings` is the routed ticket settings (JSON), fixed at routing.
    ///
    /// `integration_id` has no foreign key: an event outlives the integration it was routed
    /// to, and fails with that reason instead of disappearing.
    ///
    /// A `ticket` row in state `creating` is a create that may or may not have reached the PSA:
    /// before creating again, the PSA is searched for its external reference, once
    /// `lookup_after` has passed (a request of a killed process may still be running until then).
    private static func createEventTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE CHECK (id <> ''),
                    body TEXT NOT NULL,
                    received_at DATETIME NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'skipped', 'failed')),
                    integration_id INTEGER,
                    queue_name TEXT,
                    account_id TEXT,
                    company_id TEXT,
                    dedupe_key TEXT,
                    settings TEXT,
                    reason TEXT,
                    operation TEXT,
                    ticket_row INTEGER,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DATETIME,
                    lease_owner TEXT,
                    lease_until DATETIME,
                    last_error TEXT,
                    updated_at DATETIME NOT NULL,
                    CHECK ((state = 'pending') <= (dedupe_key IS NOT NULL))
                );
                CREATE INDEX event_pending ON event (seq) WHERE state = 'pending';
                CREATE INDEX event_pending_key ON event (dedupe_key, seq) WHERE state = 'pending';
                CREATE INDEX event_ticket ON event (ticket_row, seq);

                CREATE TABLE ticket (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    integration_id INTEGER NOT NULL,
                    dedupe_key TEXT NOT NULL,
                    external_reference TEXT NOT NULL,
                    queue_name TEXT,
                    account_id TEXT,
                    company_id TEXT NOT NULL,
                    psa_ticket_id TEXT,
                    ticket_number TEXT,
                    title TEXT NOT NULL,
                    is_test INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1)),
                    state TEXT NOT NULL CHECK (state IN ('creating', 'open', 'closed', 'failed')),
                    severity TEXT,
                    closed_at DATETIME,
                    checked_at DATETIME,
                    lookup_after DATETIME,
                    created_by_event INTEGER,
                    last_error TEXT,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                CREATE INDEX ticket_key ON ticket (dedupe_key, id);
                CREATE INDEX ticket_updated ON ticket (updated_at);
                """)
    }

    private static func createFirstSchema(_ db: Database) throws {
        // Inside v1's transaction, so a file carries the id exactly when it carries the schema.
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")

        // `display_name_key` is the name under `nameKey`, for case-insensitive uniqueness.
        // `credentials` is a JSON object of secret values. The health columns mirror `Health`.
        try db.execute(
            sql: """
                CREATE TABLE integration (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    system TEXT NOT NULL CHECK (system IN ('halo', 'connectwise', 'autotask')),
                    display_name TEXT NOT NULL CHECK (trim(display_name) <> ''),
                    display_name_key TEXT NOT NULL UNIQUE,
                    credentials BLOB NOT NULL,
                    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
                    health TEXT NOT NULL DEFAULT 'unchecked'
                        CHECK (health IN ('unchecked', 'ok', 'failing')),
                    health_reason TEXT,
                    health_checked_at DATETIME,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL,
                    CHECK ((health = 'unchecked') = (health_checked_at IS NULL)),
                    CHECK ((health = 'failing') = (health_reason IS NOT NULL))
                );
                CREATE UNIQUE INDEX integration_single_default ON integration (is_default)
                    WHERE is_default = 1;

                CREATE TABLE account (
                    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
                    name TEXT NOT NULL,
                    tenant_id TEXT,
                    domain TEXT,
                    missing_since DATETIME
                );

                CREATE TABLE psa_company (
                    integration_id INTEGER NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
                    company_id TEXT NOT NULL CHECK (company_id <> ''),
                    name TEXT NOT NULL,
                    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
                    type TEXT,
                    is_msp INTEGER NOT NULL DEFAULT 0 CHECK (is_msp IN (0, 1)),
                    fetched_at DATETIME NOT NULL,
                    PRIMARY KEY (integration_id, company_id)
                );
                """)

        // `company_id` deliberately has no foreign key to `psa_company`: that table is a cache,
        // and a company that disappears from the PSA must leave its mappings in place to be
        // shown as needing review, not delete them or block the cache refresh.
        try db.execute(
            sql: """
                CREATE TABLE mapping (
                    integration_id INTEGER NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
                    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
                    company_id TEXT,
                    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
                    method TEXT
                        CHECK (method IN ('manual', 'tenant-id', 'domain', 'name', 'similar-name')),
                    confidence REAL CHECK (confidence BETWEEN 0 AND 1),
                    updated_at DATETIME NOT NULL,
                    PRIMARY KEY (integration_id, account_id),
                    CHECK (company_id IS NOT NULL OR (method IS NULL AND confidence IS NULL))
                );

                CREATE TABLE msp_customer (
                    integration_id INTEGER PRIMARY KEY NOT NULL
                        REFERENCES integration (id) ON DELETE CASCADE,
                    company_id TEXT NOT NULL CHECK (company_id <> ''),
                    fallback_for_unmapped INTEGER NOT NULL DEFAULT 0
                        CHECK (fallback_for_unmapped IN (0, 1))
                );
                """)

        // Ticket settings are key/value rows (keys as in DESIGN §4: `board`, `open-status`,
        // `priority.high`, ...). A row with a NULL `queue_id` is the integration's setting; a row
        // with a queue overrides that one key for the queue, and the queue inherits every key it
        // has no row for. Keys are checked by the code that knows them, so that a new key needs
        // no table rebuild. The composite foreign key keeps a queue's rows on that queue's own
        // integration; SQLite skips it for integration rows, whose `queue_id` is NULL.
        try db.execute(
            sql: """
                CREATE TABLE ticket_queue (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    integration_id INTEGER NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
                    name TEXT NOT NULL CHECK (trim(name) <> ''),
                    name_key TEXT NOT NULL UNIQUE,
                    created_at DATETIME NOT NULL,
                    UNIQUE (integration_id, id)
                );

                CREATE TABLE ticket_settings (
                    integration_id INTEGER NOT NULL REFERENCES integration (id) ON DELETE CASCADE,
                    queue_id INTEGER,
                    key TEXT NOT NULL CHECK (key <> ''),
                    value TEXT NOT NULL,
                    updated_at DATETIME NOT NULL,
                    FOREIGN KEY (integration_id, queue_id)
                        REFERENCES ticket_queue (integration_id, id) ON DELETE CASCADE
                );
                CREATE UNIQUE INDEX ticket_settings_integration_key
                    ON ticket_settings (integration_id, key) WHERE queue_id IS NULL;
                CREATE UNIQUE INDEX ticket_settings_queue_key
                    ON ticket_settings (queue_id, key) WHERE queue_id IS NOT NULL;
                """)
    }
}
