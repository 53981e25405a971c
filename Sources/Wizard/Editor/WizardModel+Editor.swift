import Foundation
import PSACore
import TerminalUI

/// The integration editor inside the wizard: routing keys to the current tab and turning
/// what the tabs ask for (checks, loads, saves) into effects.
extension WizardModel {
    mutating func openEditor(for integration: Integration?) {
        guard let integration else {
            open { .editor(IntegrationEditor(session: $0)) }
            return
        }
        do {
            let stored = try services.store.credentials(forIntegration: integration.id)
            open { .editor(IntegrationEditor(session: $0, editing: integration, storedFields: stored)) }
        } catch {
            notice = .error("Could not open \"\(integration.displayName)\": \(error.description)")
        }
    }

    mutating func closeEditor() {
        for kind in editorJobs { emit(.cancel(kind)) }
        editorJobs = []
        pendingSave = nil
        goHome()
    }

    var editorLayout: EditorLayout { EditorLayout(size: size, notice: editor?.notice) }

    // MARK: Input

    mutating func handleEditor(_ input: InputEvent) {
        guard var current = editor else { return }
        if var confirm = current.confirmLeave {
            switch confirm.handle(input) {
            case .confirmed:
                closeEditor()
                return
            case .cancelled: current.confirmLeave = nil
            case .handled, .ignored: current.confirmLeave = confirm
            }
            editor = current
            return
        }
        if case .key(let key) = input, let command = IntegrationEditor.keyMap.command(for: key),
            !current.credentials.isValidating
        {
            if let shown = current.move(by: command == .nextTab ? 1 : -1) {
                editor = current
                enter(shown)
            }
            return
        }
        editor = current
        switch current.tab {
        case .credentials: handleCredentials(input)
        case .mapping: handleMapping(input)
        case .settings: handleSettings(input)
        }
    }

    /// The first visit of a tab makes its state from the store and starts its loads.
    private mutating func enter(_ tab: IntegrationEditor.Tab) {
        guard let current = editor, let integration = current.integration else { return }
        let id = integration.id
        switch tab {
        case .credentials:
            break
        case .mapping where current.mapping == nil:
            do {
                let mappings = try services.store.mappings(forIntegration: id)
                let msp = try services.store.mspCustomer(forIntegration: id)
                var mapping = MappingTab(system: integration.system, mappings: mappings, mspCustomer: msp)
                let effect = mapping.loadCompanies(fromPSA: false)
                editor?.mapping = mapping
                perform(effect)
            } catch {
                editor?.notice = .error("Could not read the mappings: \(error.description)")
            }
        case .settings where current.settings == nil:
            do {
                let stored = TicketSettings(stored: try services.store.ticketSettings(forIntegration: id))
                // Read from the store only, so they show and save whatever the PSA answers.
                let integrationSettings = try IntegrationSettingStatus.all(of: integration, in: services.store)
                var settings = SettingsTab(system: integration.system, stored: stored, integration: integrationSettings)
                settings.reviewReason = try services.store.settingsReview(forIntegration: id)?.reason
                let effect = settings.load()
                editor?.settings = settings
                perform(effect)
            } catch {
                editor?.notice = .error("Could not read the settings: \(error.description)")
            }
        default:
            break
        }
    }

    /// Esc from any tab: leave at once when nothing is unsaved, else ask.
    private mutating func requestLeave() {
        guard let current = editor else { return }
        if current.unsavedTabs.isEmpty {
            let saved = current.integration
            closeEditor()
            if let saved, let row = home.integrations.firstIndex(where: { $0.id == saved.id }) {
                home.table.select(row: row)
            }
        } else {
            editor?.confirmLeave = ConfirmState()
        }
    }

    private mutating func handleCredentials(_ input: InputEvent) {
        guard var form = editor?.credentials else { return }
        let layout = CredentialsLayout(screen: editorLayout.screen, area: editorLayout.tabArea, form: form)
        let effect = form.handle(input, layout: layout)
        editor?.credentials = form
        switch effect {
        case .none:
            break
        case .close:
            requestLeave()
        case .cancelValidation:
            stop(.validation)
            pendingSave = nil
        case .validate(let credentials, let displayName, let run):
            guard let session = editor?.session else { return }
            pendingSave = (credentials, displayName)
            start(.validate(credentials, session: session, run: run))
        }
    }

    private mutating func handleMapping(_ input: InputEvent) {
        guard var mapping = editor?.mapping else { return }
        let effect = mapping.handle(input, layout: MappingLayout(area: editorLayout.tabArea))
        editor?.mapping = mapping
        perform(effect)
    }

    private mutating func handleSettings(_ input: InputEvent) {
        guard var settings = editor?.settings else { return }
        let effect = settings.handle(input, layout: SettingsLayout(area: editorLayout.tabArea, tab: settings))
        editor?.settings = settings
        perform(effect)
    }

    // MARK: Effects

    /// Starts the editor's job; one of each kind runs at a time.
    private mutating func start(_ job: Job) {
        if let kind = job.kind { editorJobs.insert(kind) }
        emit(.start(job))
    }

    private mutating func stop(_ kind: Job.Kind) {
        editorJobs.remove(kind)
        emit(.cancel(kind))
    }

    private mutating func perform(_ effect: MappingTab.Effect) {
        guard let current = editor, let integration = current.integration else { return }
        let id = integration.id
        switch effect {
        case .none:
            break
        case .leave:
            requestLeave()
        case .cancelLoad:
            stop(.companies)
        case .loadCompanies(let fromPSA, let run):
            guard let credentials = storedCredentials(of: integration) else { return }
            start(
                .loadCompanies(
                    integrationID: id, credentials: credentials, fromPSA: fromPSA, session: current.session, run: run))
        case .autoMatch(let run):
            guard let mapping = current.mapping else { return }
            start(
                .autoMatch(
                    rows: mapping.rows, companies: mapping.directory.companies, session: current.session, run: run))
        case .save(let changes, let mspCustomer):
            emit(
                .write(
                    .saveMappings(changes, mspCustomer: mspCustomer, integrationID: id, session: current.session)))
        }
    }

    private mutating func perform(_ effect: SettingsTab.Effect) {
        guard let current = editor, let integration = current.integration else { return }
        let id = integration.id
        switch effect {
        case .none:
            break
        case .leave:
            requestLeave()
        case .loadChoices(let context, let run):
            guard let credentials = storedCredentials(of: integration) else { return }
            start(.ticketChoices(credentials, context, session: current.session, run: run))
        case .save(let settings):
            let tab = editor?.settings
            emit(
                .write(
                    .saveTicketSettings(
                        tab?.savesTicketSettings == false ? nil : settings.stored,
                        integration: tab?.integrationAssignments ?? [], integrationID: id, session: current.session)))
        }
    }

    /// What the editor's saves came to.
    mutating func appliedInEditor(_ outcome: WriteOutcome) {
        guard let current = editor else { return }
        switch outcome {
        case .credentialsSaved(let result, let storedFields, current.session):
            switch result {
            case .success(let saved):
                editor?.didSave(saved, storedFields: storedFields)
                editor?.notice = Notice(
                    "Saved \(saved.system.displayName) integration \"\(saved.displayName)\"; Ctrl-N: Account Mapping.",
                    role: .ok)
            case .failure(.duplicateName):
                editor?.credentials.showSaveFailure("an integration with this name already exists", field: .name)
            case .failure(let error):
                editor?.credentials.showSaveFailure("Could not save: \(error.description)")
            }
        case .mappingsSaved(let result, current.session):
            guard let integration = current.integration else { return }
            switch result {
            case .success:
                editor?.mapping?.didSave()
                editor?.notice = Notice(
                    "Saved the account mapping of \"\(integration.displayName)\"; Ctrl-N: Ticket Settings.", role: .ok)
            case .failure(let error):
                editor?.notice = .error("Could not save the mapping, nothing was saved: \(error.description)")
            }
        case .ticketSettingsSaved(let result, current.session):
            guard let integration = current.integration else { return }
            if case .failure(let error) = result {
                editor?.notice = .error("Could not save the settings, nothing was saved: \(error.description)")
                return
            }
            editor?.settings?.didSave()
            requestLeave()
            if editor == nil {
                notice = Notice("Saved \"\(integration.displayName)\".", role: .ok)
            } else {
                editor?.notice = .warning("Ticket settings saved; other tabs have unsaved changes.")
            }
        default:
            break
        }
    }

    /// The saved credentials of the integration, for its tabs' loads.
    private mutating func storedCredentials(of integration: Integration) -> Credentials? {
        switch services.storedCredentials(of: integration) {
        case .success(let credentials): return credentials
        case .failure(let failure):
            editor?.notice = .error("\"\(integration.displayName)\": \(failure.description)")
            return nil
        }
    }

    // MARK: Answers

    mutating func receiveForEditor(_ message: WizardMessage) {
        guard let session = editor?.session else { return }
        switch message {
        case .validationFinished(session, let run, let result):
            guard var form = editor?.credentials, let pending = pendingSave else { return }
            let accepted = form.finishValidation(run: run, result: result)
            editor?.credentials = form
            if !form.isValidating { editorJobs.remove(.validation) }
            guard accepted else { return }
            pendingSave = nil
            emit(
                .write(
                    .saveCredentials(
                        pending.credentials, displayName: pending.displayName, existing: editor?.integration?.id,
                        session: session)))
        case .companiesProgress(session, let run, let progress):
            editor?.mapping?.companiesProgress(run: run, progress)
        case .companiesLoaded(session, let run, let result):
            editorJobs.remove(.companies)
            guard var mapping = editor?.mapping else { return }
            let effect = mapping.companiesLoaded(run: run, result)
            editor?.mapping = mapping
            perform(effect)
        case .autoMatchFinished(session, let run, let result):
            editorJobs.remove(.autoMatch)
            editor?.mapping?.autoMatchFinished(run: run, result)
        case .choicesLoaded(session, let run, let result):
            editorJobs.remove(.choices)
            guard var settings = editor?.settings else { return }
            let effect = settings.choicesLoaded(run: run, result)
            editor?.settings = settings
            perform(effect)
        default:
            break
        }
    }

    // MARK: Drawing

    func renderEditor(_ editor: IntegrationEditor, into buffer: inout ScreenBuffer) {
        let layout = EditorLayout(size: buffer.size, notice: editor.notice)
        ScreenChrome(title: editor.title, notice: editor.notice, hints: hints(for: editor))
            .render(in: layout.screen, into: &buffer)
        TabBar(titles: IntegrationEditor.Tab.allCases.map(\.title), state: editor.tabs)
            .render(in: layout.tabBar, into: &buffer)
        switch editor.tab {
        case .credentials:
            let form = editor.credentials
            CredentialsView(
                form: form, layout: CredentialsLayout(screen: layout.screen, area: layout.tabArea, form: form),
                tick: tick
            ).render(in: layout.tabArea, into: &buffer)
        case .mapping:
            if let mapping = editor.mapping {
                MappingView(tab: mapping, layout: MappingLayout(area: layout.tabArea), tick: tick)
                    .render(in: layout.tabArea, into: &buffer)
            }
        case .settings:
            if let settings = editor.settings {
                SettingsView(tab: settings, layout: SettingsLayout(area: layout.tabArea, tab: settings), tick: tick)
                    .render(in: layout.tabArea, into: &buffer)
            }
        }
        if let confirm = editor.confirmLeave {
            let unsaved = editor.unsavedTabs
            let adding = editor.integration == nil
            Dialog.confirm(
                title: adding ? "Discard this integration?" : "Discard unsaved changes?",
                message: adding
                    ? "What you typed is not saved." : "Not saved yet: \(unsaved.joined(separator: ", ")).",
                state: confirm, confirmTitle: "Discard", cancelTitle: "Keep editing"
            ).render(in: layout.screen, into: &buffer)
        }
    }

    /// While a list pops up over a tab, its keys are the ones that matter.
    static let listHints = [
        KeyHint(key: "Type", label: "Search"), KeyHint(key: "↑↓", label: "Move"),
        KeyHint(key: "Enter", label: "Choose"),
        KeyHint(key: "Esc", label: "Close"),
    ]

    private func hints(for editor: IntegrationEditor) -> [KeyHint] {
        let tabHints: [KeyHint]
        switch editor.tab {
        case .credentials: tabHints = CredentialsForm.keyMap.hints
        case .mapping:
            let mapping = editor.mapping
            let isChoosing =
                mapping.map { $0.picker != nil || $0.bulkMenu != nil || $0.review?.candidatePicker != nil } ?? false
            tabHints =
                isChoosing
                ? Self.listHints : mapping?.review != nil ? AutoMatchReview.keyMap.hints : MappingTab.keyMap.hints
        case .settings: tabHints = SettingsTab.keyMap.hints
        }
        let next = editor.activeKeyMap.hints
        return next + tabHints + [KeyHint(key: "F1", label: "Help")]
    }

    func helpSections(_ editor: IntegrationEditor) -> [(title: String, entries: [KeyHint])] {
        let anywhere = editor.activeKeyMap.helpEntries + [KeyHint(key: "Ctrl-C", label: "Quit")]
        switch editor.tab {
        case .credentials:
            return [
                (IntegrationEditor.Tab.credentials.title, CredentialsForm.keyMap.helpEntries),
                ("In a field", TextFieldState.editingHelp), ("Anywhere", anywhere),
            ]
        case .mapping where editor.mapping?.review != nil:
            return [("Auto Match review", AutoMatchReview.keyMap.helpEntries), ("Anywhere", anywhere)]
        case .mapping:
            return [
                // The list keys people already know go last, where a short screen cuts first.
                (IntegrationEditor.Tab.mapping.title, MappingTab.keyMap.helpEntries), ("Anywhere", anywhere),
                ("Account list", TableState<AccountMapping>.inputHelp),
            ]
        case .settings:
            return [(IntegrationEditor.Tab.settings.title, SettingsTab.keyMap.helpEntries), ("Anywhere", anywhere)]
        }
    }
}
