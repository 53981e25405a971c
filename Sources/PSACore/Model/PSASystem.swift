/// The PSA products psalink links to. Raw values are the command-line and database names.
public enum PSASystem: String, CaseIterable, Codable, Sendable {
    case halo
    case connectwise
    case autotask

    public var displayName: String {
        switch self {
        case .halo: return "HaloPSA"
        case .connectwise: return "ConnectWise PSA"
        case .autotask: return "Datto Autotask PSA"
        }
    }
}
