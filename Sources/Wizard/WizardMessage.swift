import PSACore

/// Results of work done off the UI thread, delivered to the wizard by the run loop.
public enum WizardMessage: Sendable {
    /// The credentials check of the form with this run number finished.
    case validationFinished(run: Int, Result<Void, ConnectorError>)
    /// The check of a saved integration's credentials (key v on home) finished.
    case revalidationFinished(integrationID: Int64, Result<Void, ConnectorError>)
}
