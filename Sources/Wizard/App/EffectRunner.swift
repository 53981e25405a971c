import Foundation
import PSACore
import TerminalUI

/// Carries out what the wizard's model asks for: jobs run as detached tasks that post their
/// answers to the inbox (one job of each kind at a time), store writes run at once on the UI
/// thread and answer in place. Used only from the run loop's thread.
final class EffectRunner {
    private let services: WizardServices
    private let inbox: MessageInbox<WizardMessage>
    private var running: [Job.Kind: Task<Void, Never>] = [:]

    init(services: WizardServices, inbox: MessageInbox<WizardMessage>) {
        self.services = services
        self.inbox = inbox
    }

    deinit {
        for task in running.values { task.cancel() }
    }

    func cancel(_ kind: Job.Kind) {
        running.removeValue(forKey: kind)?.cancel()
    }

    func start(_ job: Job) {
        let services = services
        let inbox = inbox
        let task = Task.detached {
            // Even a cancelled job answers: the model drops answers of a run it no longer waits for.
            inbox.post(await JobWork.answer(to: job, services: services, inbox: inbox))
        }
        if let kind = job.kind { running.updateValue(task, forKey: kind)?.cancel() }
    }

    func perform(_ write: StoreWrite) -> WriteOutcome {
        let store = services.store
        switch write {
        case .saveCredentials(let credentials, let displayName, let existing, let session):
            let health = Health.healthy(checkedAt: services.now())
            let fields = credentials.storedFields
            let result = Result { () throws(StoreError) -> Integration in
                if let existing {
                    return try store.updateIntegration(
                        id: existing, displayName: displayName, credentials: fields, health: health)
                }
                return try store.insert(
                    NewIntegration(system: credentials.system, displayName: displayName, health: health),
                    credentials: fields)
            }
            return .credentialsSaved(result, storedFields: fields, session: session)
        case .saveMappings(let changes, let mspCustomer, let integrationID, let session):
            let result = Result { () throws(StoreError) in
                try store.saveMappings(changes, mspCustomer: mspCustomer, forIntegration: integrationID)
            }
            return .mappingsSaved(result, session: session)
        case .saveTicketSettings(let settings, let integration, let integrationID, let session):
            let result = Result { () throws(StoreError) in
                try store.saveSettings(ticket: settings, integration: integration, forIntegration: integrationID)
            }
            return .ticketSettingsSaved(result, session: session)
        case .setDefault(let integration):
            return .homeChanged(
                write,
                Self.failure { () throws(StoreError) in
                    try store.setDefaultIntegration(id: integration.id)
                })
        case .setPaused(let paused, let integration):
            return .homeChanged(
                write,
                Self.failure { () throws(StoreError) in
                    try store.setPaused(paused, integration: integration.id)
                })
        case .removeIntegration(let integration, let newDefault):
            return .homeChanged(
                write,
                Self.failure { () throws(StoreError) in
                    try store.removeIntegration(id: integration.id, newDefault: newDefault)
                })
        case .saveQueue(let save, let screen):
            return .queueSaved(services.saveQueue(save), screen: screen)
        case .removeQueue(let name, let screen):
            return .queueRemoved(name: name, services.removeQueue(named: name), screen: screen)
        case .addMaintenanceWindow(let save, let screen):
            return .maintenanceWindowAdded(services.addMaintenanceWindow(save), screen: screen)
        case .removeMaintenanceWindow(let id, let screen):
            return .maintenanceWindowRemoved(services.removeMaintenanceWindow(id: id), screen: screen)
        }
    }

    private static func failure(_ body: () throws(StoreError) -> Void) -> StoreError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
}

/// The work of each job, off the UI thread.
private enum JobWork {
    /// Does the job and says how it went.
    static func answer(to job: Job, services: WizardServices, inbox: MessageInbox<WizardMessage>) async
        -> WizardMessage
    {
        switch job {
        case .revalidate(let integration):
            let outcome = await services.revalidate(integration)
            return .revalidationFinished(
                integrationID: integration.id, valid: outcome.credentialsValid, text: outcome.description)
        case .validate(let credentials, let session, let run):
            return .validationFinished(session: session, run: run, await services.validate(credentials))
        case .loadCompanies(let integrationID, let credentials, let fromPSA, let session, let run):
            let result = await services.companies(
                integrationID: integrationID, credentials: credentials, fromPSA: fromPSA,
                progress: { inbox.post(.companiesProgress(session: session, run: run, $0)) })
            return .companiesLoaded(session: session, run: run, result)
        case .autoMatch(let rows, let companies, let session, let run):
            let result = await autoMatch(rows: rows, companies: companies, store: services.store)
            return .autoMatchFinished(session: session, run: run, result)
        case .ticketChoices(let credentials, let context, let session, let run):
            let result = await services.ticketChoices(credentials: credentials, context: context)
            return .choicesLoaded(session: session, run: run, result)
        case .queueChoices(let credentials, let context, let screen, let form, let integrationID, let run):
            let result = await services.ticketChoices(credentials: credentials, context: context)
            return .queueChoicesLoaded(screen: screen, form: form, integrationID: integrationID, run: run, result)
        case .retryEvent(let seq, let session):
            return .ticketRetryFinished(session: session, seq: seq, await services.retryAndDeliver(seq: seq))
        case .sendTestEvent(let event, let integrationID, let firing, let closing, let session):
            let result = await services.sendTestEvent(event, integrationID: integrationID, firing: firing)
            return .testTicketFinished(session: session, closing: closing, result)
        case .syncAccounts(let settings, let session, let run):
            return .accountsSyncFinished(session: session, run: run, await services.syncAccounts(settings))
        }
    }

    /// A second of work on every core: off the cooperative pool, which the other jobs
    /// (company loads, checks) need meanwhile.
    private static func autoMatch(rows: [AccountMapping], companies: [PSACompany], store: Store) async
        -> Result<[MatchProposal], WizardFailure>
    {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do throws(StoreError) {
                    let accounts = try store.accounts()
                    continuation.resume(
                        returning: .success(AutoMatch.proposals(for: rows, accounts: accounts, companies: companies)))
                } catch {
                    continuation.resume(returning: .failure(WizardFailure(error.description)))
                }
            }
        }
    }
}
