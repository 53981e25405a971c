import Foundation
import GRDB

/// Why the store could not do what was asked. Every description is one line for the user that
/// names the file or the name at fault and what to do; none ever contains a credential value.
/// Where choosing another database would help, each front end says how.
public enum StoreError: Error, Equatable, Sendable {
    /// No database path could be worked out from the environment.
    case noLocation(reason: String)
    /// The path the front end was given for the database is empty.
    case emptyPath
    /// A folder or the database file could not be created or opened; `reason` is the OS's.
    case cannotCreate(path: String, reason: String)
    /// psalink may not write at `path` (a read-only file system, or no write permission).
    case readOnly(path: String, reason: String)
    /// The file is an SQLite database of another application; it was left untouched.
    case notPsalinkDatabase(path: String)
    /// The file is not an SQLite database, or a damaged one; it was left untouched.
    case corrupt(path: String, detail: String)
    /// The database was migrated by a later psalink; this build does not know its schema.
    case newerVersion(path: String)
    /// Another process kept the database locked for longer than the busy timeout.
    case locked(path: String)
    /// Any other SQLite failure; `detail` is SQLite's message, which never carries bound values.
    case failed(path: String, detail: String)
    case duplicateName(String)
    case emptyName
    case integrationNotFound(id: Int64)
    /// No Nerdio account has this id.
    case accountNotFound(id: String)
    /// The company is not among the integration's cached PSA companies.
    case companyNotCached(companyID: String, integration: String)
    /// Queue names are unique across integrations, so that an event's queue names one target.
    case duplicateQueueName(String, integration: String)
    case queueNotFound(String)
    /// Only a failed event can be retried.
    case eventNotRetryable(Int64)
    /// No maintenance window has this id.
    case maintenanceWindowNotFound(id: Int64)
    /// A maintenance window the store will not keep (no reason, an end not after its start).
    case invalidMaintenanceWindow(String)
    /// No ticket row has this id (it may have been removed with its integration).
    case ticketNotFound(row: Int64)
    /// The ticket (its number, else id, else row) cannot be acknowledged, or has no
    /// acknowledgement to end; front ends name the ticket argument or field.
    case cannotAcknowledge(ticket: String, refusal: AcknowledgementRefusal)
    /// An acknowledgement must end after the time it is made; front ends name the until field.
    case acknowledgementNotInFuture(until: Date)
    /// An acknowledgement says why; front ends name the reason field.
    case emptyAcknowledgementReason
    /// The key that seals the database's secrets is missing, wrong or unusable; nothing was
    /// written.
    case secretsKey(SecretKeyProblem)
}

/// Why `Store.acknowledge` or `Store.unacknowledge` refused a ticket.
public enum AcknowledgementRefusal: String, Sendable, Equatable {
    case closed
    case failed
    /// Its create is not answered yet: the PSA may not have the ticket.
    case creating
    /// The PSA no longer has the ticket.
    case gone
    /// `unacknowledge` on a ticket with no acknowledgement in force.
    case notAcknowledged
}

extension StoreError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case .noLocation(let reason):
            return "cannot tell where to keep the database (\(reason))"
        case .emptyPath:
            return "cannot tell where to keep the database (the path given for it is empty)"
        case .cannotCreate(let path, let reason):
            return "cannot create \(path) (\(reason))"
        case .readOnly(let path, let reason):
            return "cannot write to \(path) (\(reason))"
        case .notPsalinkDatabase(let path):
            return "\(path) is not a psalink database (it belongs to another application)"
        case .corrupt(let path, let detail):
            return "\(path) is not a readable psalink database (\(detail)); restore it from a backup"
        case .newerVersion(let path):
            return "\(path) was written by a newer version of psalink; upgrade psalink to use it"
        case .locked(let path):
            return "\(path) is locked by another process; try again when it has finished"
        case .failed(let path, let detail):
            return "database error in \(path): \(detail)"
        case .duplicateName(let name):
            return "an integration named \(String(reflecting: name)) already exists; choose "
                + "another name"
        case .emptyName:
            return "an integration needs a name"
        case .integrationNotFound(let id):
            return "there is no integration with id \(id) (it may have just been removed)"
        case .accountNotFound(let id):
            return "there is no account with id \(String(reflecting: id)); import the accounts first"
        case .companyNotCached(let companyID, let integration):
            return "company \(String(reflecting: companyID)) is not among the cached companies of "
                + "\(String(reflecting: integration)); refresh the company cache first"
        case .duplicateQueueName(let name, let integration):
            return "a ticket queue named \(String(reflecting: name)) already exists (in "
                + "\(String(reflecting: integration))); queue names are unique across integrations"
        case .queueNotFound(let name):
            return "there is no ticket queue named \(String(reflecting: name)) (psalink queue list shows them)"
        case .eventNotRetryable(let seq):
            return "event #\(seq) has not failed, so there is nothing to retry"
        case .maintenanceWindowNotFound(let id):
            return "there is no maintenance window #\(id) (psalink maintenance list shows them)"
        case .invalidMaintenanceWindow(let reason):
            return "the maintenance window was not saved: \(reason)"
        case .ticketNotFound(let row):
            return "there is no ticket with row \(row) (it may have been removed with its integration)"
        case .cannotAcknowledge(let ticket, let refusal):
            let reason =
                switch refusal {
                case .closed: "is closed in the PSA"
                case .failed: "was never created in the PSA (its create failed)"
                case .creating: "is still being created (the PSA's answer is not recorded yet)"
                case .gone: "no longer exists in the PSA"
                case .notAcknowledged: "is not acknowledged"
                }
            let hint =
                refusal == .notAcknowledged ? "there is nothing to end" : "only an open ticket can be acknowledged"
            return "ticket \(ticket) \(reason); \(hint)"
        case .acknowledgementNotInFuture(let until):
            return "\(until.formatted(.iso8601)) is not in the future; an acknowledgement must end after it is made"
        case .emptyAcknowledgementReason:
            return "an acknowledgement needs a reason (who is working on it, or why repeats may wait)"
        case .secretsKey(let problem):
            return problem.description
        }
    }

    public var errorDescription: String? { description }
}

extension StoreError {
    /// Translates whatever GRDB or Foundation threw while working on the database at `path`.
    static func wrapping(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError {
            return error
        }
        if let problem = error as? SecretKeyProblem {
            return .secretsKey(problem)
        }
        guard let error = error as? DatabaseError else {
            return .failed(path: path, detail: String(describing: error))
        }
        // `DatabaseError.description` may include the SQL statement; the message alone is enough.
        let detail = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: detail)
        case .SQLITE_READONLY, .SQLITE_PERM:
            return .readOnly(path: path, reason: detail)
        case .SQLITE_CANTOPEN:
            return .cannotCreate(path: path, reason: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .locked(path: path)
        default:
            return .failed(path: path, detail: detail)
        }
    }
}
