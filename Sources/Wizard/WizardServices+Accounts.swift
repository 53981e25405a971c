import Foundation
import PSACore

/// The Nerdio accounts sync from the home screen, with the settings `psalink accounts sync`
/// stored.
extension WizardServices {
    func storedNerdioSync() -> Result<NerdioSyncSettings, WizardFailure> {
        do throws(StoreError) {
            guard let record = try store.nerdioSync() else {
                return .failure(
                    WizardFailure(
                        "no Nerdio sync is set up: run psalink accounts sync --url URL --tenant T --client-id ID "
                            + "--client-secret-env VAR --scope S once; n then syncs with those settings"))
            }
            guard let settings = record.settings else {
                return .failure(
                    WizardFailure("the stored Nerdio sync settings are incomplete; run psalink accounts sync"))
            }
            return .success(settings)
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }

    /// Syncs, and says what changed in one line.
    func syncAccounts(_ settings: NerdioSyncSettings) async -> Result<String, WizardFailure> {
        do throws(NerdioSync.Failure) {
            let outcome = try await NerdioSync.run(NerdioClient(settings: settings, client: HTTPClient()), store: store)
            let summary = outcome.summary
            return .success(
                "\(outcome.accounts) accounts, \(summary.added) added, \(summary.updated) updated, "
                    + "\(summary.markedMissing) flagged missing")
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }
}
