import PSACore

/// What the screens may use from PSACore. The composition root builds it; tests build
/// it over a temporary database.
public struct WizardServices: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }
}
