import PSACore

/// Results of work done off the UI thread, delivered to the wizard by the run loop.
/// Answers for the integration editor carry its session number, so that an answer meant for
/// an editor that has closed since is dropped.
public enum WizardMessage: Sendable {
    /// The credentials check of the form with this run number finished.
    case validationFinished(session: Int, run: Int, Result<Void, ConnectorError>)
    /// The check of a saved integration's credentials (key v on home) finished.
    /// `text` is "credentials valid." or why not; the health is recorded either way.
    case revalidationFinished(integrationID: Int64, valid: Bool, text: String)
    case companiesProgress(session: Int, run: Int, CompanyProgress)
    case companiesLoaded(session: Int, run: Int, Result<[PSACompany], WizardFailure>)
    case choicesLoaded(session: Int, run: Int, Result<TicketChoices, ConnectorError>)
    case autoMatchFinished(session: Int, run: Int, Result<[MatchProposal], WizardFailure>)
    /// A failed ticket event tried again from the Tickets screen with this session number.
    case ticketRetryFinished(session: Int, seq: Int64, Result<StoredEvent, WizardFailure>)
    /// A test ticket (or, `closing`, its closing event) sent from the Tickets screen.
    case testTicketFinished(session: Int, closing: Bool, Result<TestTicketResult, WizardFailure>)
    /// The sync of the Nerdio accounts sync form (key n on home) with this session and run
    /// number finished: what it changed, or why it failed.
    case accountsSyncFinished(session: Int, run: Int, Result<String, WizardFailure>)
    /// The PSA's choices for the Ticket queues form `form` of the queues screen `screen`.
    case queueChoicesLoaded(
        screen: Int, form: Int, integrationID: Int64, run: Int, Result<TicketChoices, ConnectorError>)
}
