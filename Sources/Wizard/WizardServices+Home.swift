import Foundation
import PSACore

/// The home screen's read (fast, on the UI thread, as every read of what is stored).
extension WizardServices {
    /// Every integration, with until when its PSA is throttling psalink.
    func homeRows() throws(StoreError) -> [HomeRow] {
        let integrations = try store.integrations()
        let pauses = try PSAThrottling.pauses(of: integrations, in: store, at: now())
        return integrations.map { HomeRow($0, throttledUntil: pauses[$0.id]) }
    }
}
