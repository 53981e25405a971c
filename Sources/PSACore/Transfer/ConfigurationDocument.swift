import Foundation

/// The whole configuration as `psalink export` writes it and `psalink import` reads it (DESIGN §4):
/// integrations with their credentials, ticket settings, integration settings, queues, MSP customer
/// and mappings; the
/// Nerdio accounts; and the Nerdio sync settings. The company cache and the runtime history
/// (events, tickets, the audit log) are not part of it.
///
/// Secret credential fields (`Credentials.secretFieldNames`) are present only in an export made
/// with `--include-secrets`; an import keeps the stored secret of a field the document omits.
public struct ConfigurationDocument: Codable, Equatable, Sendable {
    /// The value of `format` in every psalink configuration document.
    public static let formatName = "psalink-configuration"
    /// The document version this psalink writes and reads.
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var exportedAt: Date
    /// The latest schema migration of the database it was exported from.
    public var psalinkSchema: String
    public var integrations: [IntegrationEntry]
    public var accounts: [AccountEntry]
    /// The Nerdio Manager sync fields, as stored; nil when none are stored.
    public var nerdioSync: [String: String]?

    public init(
        exportedAt: Date, psalinkSchema: String, integrations: [IntegrationEntry], accounts: [AccountEntry],
        nerdioSync: [String: String]? = nil
    ) {
        format = Self.formatName
        version = Self.currentVersion
        self.exportedAt = exportedAt
        self.psalinkSchema = psalinkSchema
        self.integrations = integrations
        self.accounts = accounts
        self.nerdioSync = nerdioSync
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        version = try container.decode(Int.self, forKey: .version)
        // Read here rather than by a date strategy, so that a bad value is named by its key.
        let time = try container.decode(String.self, forKey: .exportedAt)
        guard let exportedAt = ISO8601DateFormatter().date(from: time) else {
            throw DecodingError.dataCorruptedError(
                forKey: .exportedAt, in: container, debugDescription: "not a date and time in ISO 8601")
        }
        self.exportedAt = exportedAt
        psalinkSchema = try container.decodeIfPresent(String.self, forKey: .psalinkSchema) ?? ""
        integrations = try container.decodeIfPresent([IntegrationEntry].self, forKey: .integrations) ?? []
        accounts = try container.decodeIfPresent([AccountEntry].self, forKey: .accounts) ?? []
        nerdioSync = try container.decodeIfPresent([String: String].self, forKey: .nerdioSync)
    }

    /// One integration, matched by name (regardless of case) on import.
    public struct IntegrationEntry: Codable, Equatable, Sendable {
        /// A `PSASystem` raw value; kept as text so that an unknown one can be named.
        public var system: String
        public var name: String
        public var isDefault: Bool
        public var paused: Bool
        /// Stored credential fields; secret ones only in an export with `--include-secrets`.
        public var credentials: [String: String]
        /// The integration's own ticket settings, key → stored value.
        public var settings: [String: String]
        /// Its integration settings (`IntegrationSettingKey`), key → value. Nil in a document of a
        /// psalink that had none: an import then keeps the stored ones.
        public var integrationSettings: [String: String]?
        public var queues: [QueueEntry]
        public var mspCustomer: MSPCustomerEntry?
        public var mappings: [MappingEntry]

        public init(
            system: String, name: String, isDefault: Bool = false, paused: Bool = false,
            credentials: [String: String] = [:], settings: [String: String] = [:],
            integrationSettings: [String: String]? = nil, queues: [QueueEntry] = [],
            mspCustomer: MSPCustomerEntry? = nil, mappings: [MappingEntry] = []
        ) {
            self.system = system
            self.name = name
            self.isDefault = isDefault
            self.paused = paused
            self.credentials = credentials
            self.settings = settings
            self.integrationSettings = integrationSettings
            self.queues = queues
            self.mspCustomer = mspCustomer
            self.mappings = mappings
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            system = try container.decode(String.self, forKey: .system)
            name = try container.decode(String.self, forKey: .name)
            isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
            paused = try container.decodeIfPresent(Bool.self, forKey: .paused) ?? false
            credentials = try container.decodeIfPresent([String: String].self, forKey: .credentials) ?? [:]
            settings = try container.decodeIfPresent([String: String].self, forKey: .settings) ?? [:]
            integrationSettings = try container.decodeIfPresent([String: String].self, forKey: .integrationSettings)
            queues = try container.decodeIfPresent([QueueEntry].self, forKey: .queues) ?? []
            mspCustomer = try container.decodeIfPresent(MSPCustomerEntry.self, forKey: .mspCustomer)
            mappings = try container.decodeIfPresent([MappingEntry].self, forKey: .mappings) ?? []
        }
    }

    public struct QueueEntry: Codable, Equatable, Sendable {
        public var name: String
        /// The settings the queue sets over its integration's, key → stored value.
        public var settings: [String: String]

        public init(name: String, settings: [String: String] = [:]) {
            self.name = name
            self.settings = settings
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            settings = try container.decodeIfPresent([String: String].self, forKey: .settings) ?? [:]
        }
    }

    public struct MSPCustomerEntry: Codable, Equatable, Sendable {
        public var companyID: String
        public var fallbackForUnmapped: Bool

        public init(companyID: String, fallbackForUnmapped: Bool = false) {
            self.companyID = companyID
            self.fallbackForUnmapped = fallbackForUnmapped
        }

        enum CodingKeys: String, CodingKey {
            case companyID = "companyId"
            case fallbackForUnmapped
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            companyID = try container.decode(String.self, forKey: .companyID)
            fallbackForUnmapped = try container.decodeIfPresent(Bool.self, forKey: .fallbackForUnmapped) ?? false
        }
    }

    /// One stored mapping row: an account's company for the integration, or its being skipped.
    public struct MappingEntry: Codable, Equatable, Sendable {
        public var accountID: String
        public var enabled: Bool
        public var companyID: String?
        /// A `MappingMethod` raw value; kept as text so that an unknown one can be named.
        public var method: String?
        public var confidence: Double?
        /// A `MappingAppliedBy` raw value (who applied it); absent in documents from before it.
        public var appliedBy: String?

        public init(
            accountID: String, enabled: Bool = true, companyID: String? = nil, method: String? = nil,
            confidence: Double? = nil, appliedBy: String? = nil
        ) {
            self.accountID = accountID
            self.enabled = enabled
            self.companyID = companyID
            self.method = method
            self.confidence = confidence
            self.appliedBy = appliedBy
        }

        enum CodingKeys: String, CodingKey {
            case accountID = "accountId"
            case enabled
            case companyID = "companyId"
            case method
            case confidence
            case appliedBy
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            accountID = try container.decode(String.self, forKey: .accountID)
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
            companyID = try container.decodeIfPresent(String.self, forKey: .companyID)
            method = try container.decodeIfPresent(String.self, forKey: .method)
            confidence = try container.decodeIfPresent(Double.self, forKey: .confidence)
            appliedBy = try container.decodeIfPresent(String.self, forKey: .appliedBy)
        }
    }

    public struct AccountEntry: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var tenantID: String
        public var domain: String?
        /// Flagged as missing from the latest account import or sync.
        public var missing: Bool

        public init(id: String, name: String, tenantID: String, domain: String? = nil, missing: Bool = false) {
            self.id = id
            self.name = name
            self.tenantID = tenantID
            self.domain = domain
            self.missing = missing
        }

        enum CodingKeys: String, CodingKey {
            case id
            case name
            case tenantID = "tenantId"
            case domain
            case missing
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            tenantID = try container.decodeIfPresent(String.self, forKey: .tenantID) ?? ""
            domain = try container.decodeIfPresent(String.self, forKey: .domain)
            missing = try container.decodeIfPresent(Bool.self, forKey: .missing) ?? false
        }
    }
}

/// Why a configuration document cannot be imported. Every description is one line that names
/// the item at fault; none contains a credential value.
public enum ConfigurationError: Error, Equatable, Sendable {
    /// The input is not JSON at all.
    case notJSON
    /// JSON, but not a psalink configuration document (no or another `format`).
    case notConfigurationDocument
    /// Written by a later psalink, in a document version this one cannot read.
    case newerVersion(Int)
    case unsupportedVersion(Int)
    /// A field is missing or of the wrong type; `path` is where, e.g. `integrations[0].name`.
    case malformed(path: String, reason: String)
    /// The document is well-formed but cannot be applied; every problem found, in order.
    case invalid([ConfigurationProblem])
    /// The database refused.
    case store(StoreError)
}

extension ConfigurationError: CustomStringConvertible, LocalizedError {
    public var description: String { description(wording: \.plainWords) }

    /// The error with any remedy worded by the front end.
    public func description(wording: (ConfigurationProblem.Remedy) -> String) -> String {
        switch self {
        case .notJSON:
            return "not JSON; expected a document written by psalink export"
        case .notConfigurationDocument:
            return "not a psalink configuration document (its \"format\" is not "
                + "\"\(ConfigurationDocument.formatName)\"); expected a document written by psalink export"
        case .newerVersion(let version):
            return "written by a newer psalink (version \(version)); this one reads version "
                + "\(ConfigurationDocument.currentVersion)"
        case .unsupportedVersion(let version):
            return "unsupported document version \(version); this psalink reads version "
                + "\(ConfigurationDocument.currentVersion)"
        case .malformed(let path, let reason):
            return "\(path.isEmpty ? "the document" : path): \(reason)"
        case .invalid(let problems):
            guard let first = problems.first else { return "the document cannot be imported" }
            let more = problems.count - 1
            return first.description(wording: wording)
                + (more > 0 ? " (and \(more) more problem\(more == 1 ? "" : "s"))" : "")
        case .store(let error):
            return error.description
        }
    }

    public var errorDescription: String? { description }
}

extension ConfigurationDocument {
    /// The document as `psalink export` writes it: pretty-printed, keys sorted, dates in ISO 8601.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a document, checking what it is and its version before its contents, so that a
    /// document of a later psalink is refused as such rather than as malformed.
    public static func decode(_ data: Data) throws(ConfigurationError) -> ConfigurationDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw .notJSON
        }
        guard let header = object as? [String: Any], header["format"] as? String == formatName else {
            throw .notConfigurationDocument
        }
        guard let number = header["version"] as? NSNumber, let version = Int(exactly: number.doubleValue) else {
            throw .malformed(path: "version", reason: "must be a whole number")
        }
        if version > currentVersion { throw .newerVersion(version) }
        if version < currentVersion { throw .unsupportedVersion(version) }
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(ConfigurationDocument.self, from: data)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw .malformed(path: "", reason: "cannot be read")
        }
    }

    private static func describe(_ error: DecodingError) -> ConfigurationError {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .malformed(path: path(context.codingPath + [key]), reason: "is missing")
        case .typeMismatch(let type, let context):
            return .malformed(path: path(context.codingPath), reason: "must be \(Self.noun(for: type))")
        case .valueNotFound(let type, let context):
            return .malformed(path: path(context.codingPath), reason: "must be \(Self.noun(for: type)), not null")
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            if context.codingPath.last?.stringValue == CodingKeys.exportedAt.stringValue {
                return .malformed(path: at, reason: "must be a date and time in ISO 8601, e.g. 2026-11-29T10:00:00Z")
            }
            return .malformed(path: at, reason: "cannot be read")
        @unknown default:
            return .malformed(path: "", reason: "cannot be read")
        }
    }

    private static func noun(for type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Double.Type: return "a number"
        case is Date.Type: return "a date and time in ISO 8601"
        case is [String: String].Type: return "an object of text values"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
