import PSACore

/// What the wizard's `update` asks the outside world to do. `update` only changes plain
/// state and returns these; `EffectRunner` carries them out, so a step of the wizard can be
/// read (and tested) without threads, tasks or a database write in the middle of it.
enum WizardEffect {
    /// Slow work off the UI thread; its answer comes back as a `WizardMessage`.
    case start(Job)
    /// Stops the running job of this kind; an answer it still gives is for a run the model
    /// no longer waits for, and is dropped there.
    case cancel(Job.Kind)
    /// A change to the store, made at once; its result comes back as a `WizardMessage`
    /// before the next key is handled.
    case write(StoreWrite)
}

/// Slow work (asking a PSA, delivering events, a second of Auto Match on every core).
enum Job: Sendable {
    /// Which job replaces which: one of each kind at a time. Jobs without a kind run to
    /// the end, as their answers are shown even after their screen has closed.
    enum Kind: Hashable, Sendable {
        case revalidation, validation, companies, choices, autoMatch, accountsSync
    }

    /// The stored credentials of a saved integration checked again and its health recorded.
    case revalidate(Integration)
    /// Credentials typed into the form, checked with their PSA before they are saved.
    case validate(Credentials, session: Int, run: Int)
    case loadCompanies(integrationID: Int64, credentials: Credentials, fromPSA: Bool, session: Int, run: Int)
    case autoMatch(rows: [AccountMapping], companies: [PSACompany], session: Int, run: Int)
    case ticketChoices(Credentials, ChoiceContext, session: Int, run: Int)
    case queueChoices(
        Credentials, ChoiceContext, screen: Int, form: Int, integrationID: Int64, run: Int)
    case retryEvent(seq: Int64, session: Int)
    case sendTestEvent(NotificationEvent, integrationID: Int64, firing: NotificationEvent, closing: Bool, session: Int)
    case syncAccounts(NerdioSyncSettings, session: Int, run: Int)

    var kind: Kind? {
        switch self {
        case .revalidate: return .revalidation
        case .validate: return .validation
        case .loadCompanies: return .companies
        case .autoMatch: return .autoMatch
        case .ticketChoices: return .choices
        case .syncAccounts: return .accountsSync
        case .queueChoices, .retryEvent, .sendTestEvent: return nil
        }
    }
}

/// A configuration change the admin made on a screen, each one transaction in the store.
enum StoreWrite: Sendable {
    /// Credentials the PSA accepted: a new integration (`existing` nil) or new credentials
    /// and name for a saved one.
    case saveCredentials(Credentials, displayName: String, existing: Int64?, session: Int)
    case saveMappings([AccountMapping], mspCustomer: MSPCustomer?, integrationID: Int64, session: Int)
    /// The Ticket Settings tab's save: its ticket settings (nil leaves them as stored) and its
    /// integration settings, in one transaction.
    case saveTicketSettings(
        [String: String]?, integration: [IntegrationSettingAssignment], integrationID: Int64, session: Int)
    case setDefault(Integration)
    case setPaused(Bool, Integration)
    case removeIntegration(Integration, newDefault: Int64?)
    case saveQueue(QueueSave, screen: Int)
    case removeQueue(name: String, screen: Int)
    case addMaintenanceWindow(MaintenanceSave, screen: Int)
    case removeMaintenanceWindow(id: Int64, screen: Int)
}

/// What became of a `StoreWrite`, handed back to the model that asked for it.
enum WriteOutcome {
    case credentialsSaved(Result<Integration, StoreError>, storedFields: [String: String], session: Int)
    case mappingsSaved(Result<Void, StoreError>, session: Int)
    case ticketSettingsSaved(Result<Void, StoreError>, session: Int)
    /// Set as default, paused or resumed, or removed from the home list.
    case homeChanged(StoreWrite, StoreError?)
    case queueSaved(Result<TicketQueue, WizardFailure>, screen: Int)
    case queueRemoved(name: String, Result<Void, WizardFailure>, screen: Int)
    case maintenanceWindowAdded(Result<MaintenanceWindow, WizardFailure>, screen: Int)
    case maintenanceWindowRemoved(Result<MaintenanceWindow, WizardFailure>, screen: Int)
}
