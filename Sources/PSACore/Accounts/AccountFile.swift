import CSV
import Foundation

/// Reads Nerdio accounts from a file an admin exported: CSV with a header row
/// `id,name,tenantId` and an optional `domain` column, or a JSON array of objects with those
/// keys (DESIGN §4).
public enum AccountFile {
    public static let requiredColumns = ["id", "name", "tenantId"]

    /// Every account in `data`, or the first problem, naming its row and field. Nothing is
    /// returned from a file with any bad row, so an import is all or nothing.
    public static func parse(_ data: Data) throws(AccountFileError) -> [NerdioAccount] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw AccountFileError(row: nil, field: nil, reason: "is not UTF-8 text; save it as UTF-8 and try again")
        }
        let start = text.first { !$0.isWhitespace }
        let records = start == "[" || start == "{" ? try parseJSON(bytes) : try parseCSV(text)
        return try validate(records)
    }

    /// One account's fields as read, before validation; `row` counts data rows from 1.
    struct Record {
        var row: Int
        var fields: [String: String]
    }

    static func parseCSV(_ text: String) throws(AccountFileError) -> [Record] {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: false)
        } catch {
            throw AccountFileError(row: nil, field: nil, reason: "has no header row (expected id,name,tenantId)")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(requiredColumns + ["domain"])
        let missing = requiredColumns.filter { column in !header.contains { $0.caseInsensitiveEquals(column) } }
        guard missing.isEmpty else {
            throw AccountFileError(
                row: nil, field: missing.first,
                reason: "the header row has no \(missing.joined(separator: ", ")) column (expected id,name,tenantId)")
        }
        let columns = header.map { name in known.first { $0.caseInsensitiveEquals(name) } }
        var records: [Record] = []
        var row = 0
        while let values = reader.next() {
            row += 1
            if values.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard values.count <= header.count else {
                throw AccountFileError(
                    row: row, field: nil, reason: "has \(values.count) values but the header has \(header.count)")
            }
            var fields: [String: String] = [:]
            for (column, value) in zip(columns, values) {
                if let column { fields[column] = value }
            }
            records.append(Record(row: row, fields: fields))
        }
        if let error = reader.error {
            throw AccountFileError(row: row + 1, field: nil, reason: "cannot be read as CSV (\(error))")
        }
        return records
    }

    static func parseJSON(_ data: Data) throws(AccountFileError) -> [Record] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw AccountFileError(row: nil, field: nil, reason: "is not valid JSON")
        }
        guard let items = root as? [Any] else {
            throw AccountFileError(row: nil, field: nil, reason: "must be a JSON array of accounts")
        }
        return try items.enumerated().map { index, item throws(AccountFileError) in
            guard let object = item as? [String: Any] else {
                throw AccountFileError(row: index + 1, field: nil, reason: "is not an object")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                guard let column = (requiredColumns + ["domain"]).first(where: { $0.caseInsensitiveEquals(key) }) else {
                    continue
                }
                switch value {
                case let text as String: fields[column] = text
                case let number as NSNumber: fields[column] = number.stringValue
                case is NSNull: break
                default:
                    throw AccountFileError(row: index + 1, field: column, reason: "must be text")
                }
            }
            return Record(row: index + 1, fields: fields)
        }
    }

    static func validate(_ records: [Record]) throws(AccountFileError) -> [NerdioAccount] {
        var seen: [String: Int] = [:]
        var accounts: [NerdioAccount] = []
        accounts.reserveCapacity(records.count)
        for record in records {
            func value(_ field: String) throws(AccountFileError) -> String {
                // Line breaks and tabs inside a quoted CSV value become single spaces.
                let text = (record.fields[field] ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                guard !text.isEmpty else { throw AccountFileError(row: record.row, field: field, reason: "is empty") }
                guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    throw AccountFileError(row: record.row, field: field, reason: "contains control characters")
                }
                return text
            }
            let id = try value("id")
            if let first = seen[id] {
                throw AccountFileError(
                    row: record.row, field: "id", reason: "\"\(id)\" is also the id of row \(first); ids must be unique"
                )
            }
            seen[id] = record.row
            let tenant = try value("tenantId")
            guard UUID(uuidString: tenant) != nil else {
                throw AccountFileError(
                    row: record.row, field: "tenantId", reason: "\"\(tenant)\" is not a tenant ID (a GUID)")
            }
            let domain = record.fields["domain"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            accounts.append(
                NerdioAccount(
                    id: id, name: try value("name"), tenantID: tenant.lowercased(),
                    domain: domain?.isEmpty == false ? domain?.lowercased() : nil))
        }
        return accounts
    }
}

/// Why an account file cannot be imported: one line naming the row and field.
public struct AccountFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data row (from 1, after the header), when the problem is in one row.
    public var row: Int?
    public var field: String?
    public var reason: String

    public var description: String {
        switch (row, field) {
        case (let row?, let field?): return "row \(row), \(field): \(reason)"
        case (let row?, nil): return "row \(row) \(reason)"
        case (nil, _?) where reason.hasPrefix("the header"): return reason
        case (nil, let field?): return "\(field): \(reason)"
        case (nil, nil): return "the file \(reason)"
        }
    }
}

extension String {
    fileprivate func caseInsensitiveEquals(_ other: String) -> Bool {
        compare(other, options: .caseInsensitive) == .orderedSame
    }
}
