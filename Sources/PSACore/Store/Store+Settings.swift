import Foundation
import GRDB

/// The integration's own ticket settings: the `ticket_settings` rows whose `queue_id` is NULL.
/// Keys and values are checked by `TicketSettingsResolver` before they get here.
extension Store {
    /// Key → stored value (a PSA id, or a duration for `reopen-window`).
    public func ticketSettings(forIntegration id: Int64) throws(StoreError) -> [String: String] {
        try read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM integration WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.integrationNotFound(id: id)
            }
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, value FROM ticket_settings WHERE integration_id = ? AND queue_id IS NULL",
                arguments: [id])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as String, $0["value"] as String) })
        }
    }

    /// Replaces all of the integration's own settings with `settings`, in one transaction, so
    /// that a reader sees either the old set or the new one. Queue overrides are untouched.
    public func saveTicketSettings(_ settings: [String: String], forIntegration id: Int64) throws(StoreError) {
        let now = Date()
        try write { db in try Self.replaceTicketSettings(db, with: settings, forIntegration: id, at: now) }
    }

    /// `saveTicketSettings` inside the caller's transaction, audited when anything changes.
    static func replaceTicketSettings(
        _ db: Database, with settings: [String: String], forIntegration id: Int64, at now: Date
    ) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM integration WHERE id = ?", arguments: [id]) != nil else {
            throw StoreError.integrationNotFound(id: id)
        }
        let before = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT key, value FROM ticket_settings WHERE integration_id = ? AND queue_id IS NULL",
                arguments: [id]
            ).map { ($0["key"] as String, $0["value"] as String) })
        if before != settings {
            let changed = Set(before.keys).union(settings.keys).filter { before[$0] != settings[$0] }.sorted()
            func listed(_ values: [String: String]) -> String {
                changed.map { "\($0)=\(values[$0] ?? "unset")" }.joined(separator: " ")
            }
            try audit(
                db, "settings.save", target: try requireIntegration(db, id: id), old: listed(before),
                new: listed(settings), at: now)
        }
        try db.execute(
            sql: "DELETE FROM ticket_settings WHERE integration_id = ? AND queue_id IS NULL", arguments: [id])
        let insert = try db.makeStatement(
            sql:
                "INSERT INTO ticket_settings (integration_id, queue_id, key, value, updated_at) VALUES (?, NULL, ?, ?, ?)"
        )
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            try insert.execute(arguments: [id, key, value, now])
        }
        // Saved settings have been checked against the PSA: a review an import asked for is done.
        try clearSettingsReview(db, integration: id, at: now)
    }

    // MARK: Review

    /// Why the integration's ticket settings need a look, when an import could not check them
    /// against the PSA; nil when they were checked.
    public func settingsReview(forIntegration id: Int64) throws(StoreError) -> SettingsReviewMark? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT reason, marked_at FROM settings_review WHERE integration_id = ?", arguments: [id]
            ).map { SettingsReviewMark(reason: $0["reason"], markedAt: $0["marked_at"]) }
        }
    }

    static func markSettingsReview(_ db: Database, integration id: Int64, reason: String, at now: Date) throws {
        let before = try String.fetchOne(
            db, sql: "SELECT reason FROM settings_review WHERE integration_id = ?", arguments: [id])
        try db.execute(
            sql: """
                INSERT INTO settings_review (integration_id, reason, marked_at) VALUES (?, ?, ?)
                ON CONFLICT (integration_id) DO UPDATE SET reason = excluded.reason, marked_at = excluded.marked_at
                """,
            arguments: [id, reason, now])
        try audit(
            db, "settings.review", target: try requireIntegration(db, id: id), old: before, new: "needed: \(reason)",
            at: now)
    }

    static func clearSettingsReview(_ db: Database, integration id: Int64, at now: Date) throws {
        guard
            let before = try String.fetchOne(
                db, sql: "SELECT reason FROM settings_review WHERE integration_id = ?", arguments: [id])
        else { return }
        try db.execute(sql: "DELETE FROM settings_review WHERE integration_id = ?", arguments: [id])
        try audit(
            db, "settings.review", target: try requireIntegration(db, id: id), old: "needed: \(before)",
            new: "done", at: now)
    }
}

/// An integration's ticket settings stored without a check against the PSA (an import while
/// it did not answer): they may name values the PSA lacks or leave a required field empty.
public struct SettingsReviewMark: Sendable, Equatable {
    /// Why they were not checked, in the connector's words.
    public var reason: String
    public var markedAt: Date

    public init(reason: String, markedAt: Date) {
        self.reason = reason
        self.markedAt = markedAt
    }
}
