import Foundation

/// A named routing target inside an integration (DESIGN §1 step 4): an event whose `queue`
/// names it goes to its integration, with its ticket settings over the integration's own.
public struct TicketQueue: Sendable, Equatable {
    public var id: Int64
    public var integrationID: Int64
    public var name: String
    /// The settings this queue sets itself (key → stored value); every other key comes from
    /// the integration.
    public var settings: [String: String]
    public var createdAt: Date

    public init(id: Int64, integrationID: Int64, name: String, settings: [String: String], createdAt: Date) {
        self.id = id
        self.integrationID = integrationID
        self.name = name
        self.settings = settings
        self.createdAt = createdAt
    }
}
