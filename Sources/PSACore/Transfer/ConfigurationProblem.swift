/// One reason a configuration document cannot be imported: a line that names the item at
/// fault, and what would fix it when that is something the admin does elsewhere (each front
/// end words it: a flag of the export command, say).
public struct ConfigurationProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Remedy: Equatable, Sendable {
        /// Export the source database again with its secrets included.
        case exportWithSecrets
        /// Export with the secrets included, or add the integration to this database first.
        case exportWithSecretsOrAddIntegration

        public var plainWords: String {
            switch self {
            case .exportWithSecrets: return "export with the secrets included"
            case .exportWithSecretsOrAddIntegration:
                return "export with the secrets included, or add the integration here first"
            }
        }
    }

    public var message: String
    public var remedy: Remedy?

    public init(_ message: String, remedy: Remedy? = nil) {
        self.message = message
        self.remedy = remedy
    }

    /// The problem with its remedy worded by the front end.
    public func description(wording: (Remedy) -> String) -> String {
        remedy.map { "\(message); \(wording($0))" } ?? message
    }

    public var description: String { description(wording: \.plainWords) }
}
