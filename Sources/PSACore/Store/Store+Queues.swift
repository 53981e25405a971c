import Foundation
import GRDB

/// Ticket queues and the settings they set over their integration's.
extension Store {
    /// Every queue, or those of one integration, by name regardless of case.
    public func queues(forIntegration id: Int64? = nil) throws(StoreError) -> [TicketQueue] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, integration_id, name, created_at FROM ticket_queue
                    WHERE ? IS NULL OR integration_id = ? ORDER BY name_key, id
                    """,
                arguments: [id, id])
            return try rows.map { row in try Self.queue(row, db) }
        }
    }

    /// The queue with this name (regardless of case), whichever integration it belongs to.
    public func queue(named name: String) throws(StoreError) -> TicketQueue? {
        let key = nameKey(name.trimmingCharacters(in: .whitespacesAndNewlines))
        return try read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, integration_id, name, created_at FROM ticket_queue WHERE name_key = ?",
                arguments: [key]
            ).map { row in try Self.queue(row, db) }
        }
    }

    /// Adds a queue with its settings, in one transaction.
    @discardableResult
    public func addQueue(named name: String, integration id: Int64, settings: [String: String])
        throws(StoreError) -> TicketQueue
    {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyName }
        let key = nameKey(trimmed)
        let now = Date()
        return try write { db in
            try Self.requireIntegration(db, id: id)
            if let owner = try String.fetchOne(
                db,
                sql: """
                    SELECT integration.display_name FROM ticket_queue
                    JOIN integration ON integration.id = ticket_queue.integration_id WHERE ticket_queue.name_key = ?
                    """, arguments: [key])
            {
                throw StoreError.duplicateQueueName(trimmed, integration: owner)
            }
            try db.execute(
                sql: "INSERT INTO ticket_queue (integration_id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
                arguments: [id, trimmed, key, now])
            let queueID = db.lastInsertedRowID
            for (settingKey, value) in settings.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        INSERT INTO ticket_settings (integration_id, queue_id, key, value, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [id, queueID, settingKey, value, now])
            }
            try Self.audit(
                db, "queue.add", target: "\(try Self.requireIntegration(db, id: id)) / \(trimmed)",
                new: settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
                at: now)
            return TicketQueue(id: queueID, integrationID: id, name: trimmed, settings: settings, createdAt: now)
        }
    }

    /// Replaces the queue's settings (and its name, when `newName` is given), in one transaction.
    @discardableResult
    public func updateQueue(named name: String, newName: String? = nil, settings: [String: String])
        throws(StoreError) -> TicketQueue
    {
        let key = nameKey(name.trimmingCharacters(in: .whitespacesAndNewlines))
        let renamed = newName?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let renamed, renamed.isEmpty { throw .emptyName }
        let now = Date()
        return try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, integration_id, name, created_at FROM ticket_queue WHERE name_key = ?",
                    arguments: [key])
            else { throw StoreError.queueNotFound(name) }
            let before = try Self.queue(row, db)
            let id = before.id
            if let renamed, nameKey(renamed) != key {
                if let owner = try String.fetchOne(
                    db,
                    sql: """
                        SELECT integration.display_name FROM ticket_queue
                        JOIN integration ON integration.id = ticket_queue.integration_id WHERE ticket_queue.name_key = ?
                        """, arguments: [nameKey(renamed)])
                {
                    throw StoreError.duplicateQueueName(renamed, integration: owner)
                }
            }
            if let renamed {
                try db.execute(
                    sql: "UPDATE ticket_queue SET name = ?, name_key = ? WHERE id = ?",
                    arguments: [renamed, nameKey(renamed), id])
            }
            try db.execute(sql: "DELETE FROM ticket_settings WHERE queue_id = ?", arguments: [id])
            for (settingKey, value) in settings.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        INSERT INTO ticket_settings (integration_id, queue_id, key, value, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [before.integrationID, id, settingKey, value, now])
            }
            func listed(_ values: [String: String]) -> String {
                values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            }
            let finalName = renamed ?? before.name
            try Self.audit(
                db, "queue.update",
                target: "\(try Self.requireIntegration(db, id: before.integrationID)) / \(finalName)",
                old: "name=\(before.name) " + listed(before.settings), new: "name=\(finalName) " + listed(settings),
                at: now)
            return TicketQueue(
                id: id, integrationID: before.integrationID, name: finalName, settings: settings,
                createdAt: before.createdAt)
        }
    }

    /// Removes the queue and its settings.
    public func removeQueue(named name: String) throws(StoreError) {
        let key = nameKey(name.trimmingCharacters(in: .whitespacesAndNewlines))
        try write { db in
            let owner = try Row.fetchOne(
                db,
                sql: """
                    SELECT ticket_queue.name, integration.display_name FROM ticket_queue
                    JOIN integration ON integration.id = ticket_queue.integration_id WHERE ticket_queue.name_key = ?
                    """, arguments: [key])
            try db.execute(sql: "DELETE FROM ticket_queue WHERE name_key = ?", arguments: [key])
            guard db.changesCount > 0, let owner else { throw StoreError.queueNotFound(name) }
            try Self.audit(
                db, "queue.remove", target: "\(owner["display_name"] as String) / \(owner["name"] as String)")
        }
    }

    private static func queue(_ row: Row, _ db: Database) throws -> TicketQueue {
        let id: Int64 = row["id"]
        let settings = try Row.fetchAll(
            db, sql: "SELECT key, value FROM ticket_settings WHERE queue_id = ?", arguments: [id])
        return TicketQueue(
            id: id, integrationID: row["integration_id"], name: row["name"],
            settings: Dictionary(uniqueKeysWithValues: settings.map { ($0["key"] as String, $0["value"] as String) }),
            createdAt: row["created_at"])
    }
}
