import PSACore
import TerminalUI

/// The Account Mapping tab: a working copy of every Nerdio account's mapping for one
/// integration, the PSA's companies to choose from, and the filters over both. Nothing is
/// written until "Validate & Save"; the wizard runs the effects it asks for.
struct MappingTab {
    enum Effect: Equatable {
        case none
        /// Load the companies (from the cache, or from the PSA when `fromPSA` is true or the
        /// cache is empty) off the UI thread; answer with `companiesLoaded(run:_:)`.
        case loadCompanies(fromPSA: Bool, run: Int)
        case cancelLoad
        /// Write these changed mappings and the MSP-level customer in one transaction, then
        /// call `didSave()`.
        case save([AccountMapping], mspCustomer: MSPCustomer?)
        /// Run Auto Match over `rows` and `directory` off the UI thread; answer with
        /// `autoMatchFinished(run:_:)`.
        case autoMatch(run: Int)
        /// Esc: the user wants to leave the editor.
        case leave
    }

    enum Command: Hashable, Sendable {
        case choose, toggle, clear, search, show, autoMatch, activeOnly, companyType, msp, fallback, bulk, refresh, save
        case leave
    }

    /// The tab's keys; the hint bar and the help are made from this table.
    static let keyMap = KeyMap<Command>([
        KeyBinding([.enter], .choose, "Choose the highlighted account's PSA customer", hint: "Customer"),
        KeyBinding([.character(" ")], .toggle, "Skip the account, or enable it again", hint: "Skip"),
        KeyBinding([.delete, .backspace], .clear, "Clear the account's PSA customer"),
        KeyBinding([.character("/")], .search, "Search account and customer names", hint: "Search"),
        KeyBinding(
            [.character("f")], .show, "Show: all, mapped, unmapped, skipped, needs review", hint: "Show"),
        KeyBinding([.character("a")], .autoMatch, "Auto Match the accounts without a customer", hint: "Auto Match"),
        KeyBinding([.character("i")], .activeOnly, "Companies to choose from: active only, or all"),
        KeyBinding([.character("t")], .companyType, "Companies to choose from: the next company type"),
        KeyBinding([.character("m")], .msp, "Choose the MSP-level customer"),
        KeyBinding(
            [.character("u")], .fallback, "Unmapped accounts: skip, or send to the MSP customer"),
        KeyBinding([.character("b")], .bulk, "Bulk action on every account shown", hint: "Bulk"),
        KeyBinding([.control("r")], .refresh, "Load the companies again from the PSA"),
        KeyBinding(
            [.control("s")], .save, "Validate & Save (checks the companies with the PSA)", hint: "Save"),
        KeyBinding([.escape], .leave, "Back to the list (asks if anything is unsaved)"),
    ])

    enum Focus: Equatable { case table, search }

    /// What an open picker is choosing.
    enum PickerPurpose: Equatable {
        /// The customer of `rows[index]`.
        case account(Int)
        case mspCustomer
    }

    /// A question on screen and what answering yes does.
    enum Question: Equatable {
        case bulk(BulkAction, rows: [Int])
        /// Validate & Save found mapped companies that are gone or inactive.
        case saveDespite(problems: Int)
    }

    struct Loading: Equatable {
        var run: Int
        var fromPSA: Bool
        /// Validate & Save is waiting for this load.
        var checking: Bool
        var progress: CompanyProgress?
    }

    let system: PSASystem
    private(set) var rows: [AccountMapping]
    private var saved: [AccountMapping]
    private(set) var mspCustomer: MSPCustomer?
    private var savedMSPCustomer: MSPCustomer?
    private(set) var directory = CompanyDirectory([])
    /// Whether companies arrived at least once; until then no mapping is judged against them.
    private(set) var hasCompanies = false
    private(set) var show = MappingShow.all
    private(set) var companyFilter = CompanyFilter()
    private(set) var search = TextFieldState(maxLength: 200)
    private(set) var focus = Focus.table
    private(set) var table: TableState<AccountMapping>
    /// `rows` positions of the table's rows: the accounts the status filter admits.
    private var listed: [Int] = []
    private(set) var picker: PickerState?
    private(set) var pickerPurpose: PickerPurpose?
    /// Directory positions of the picker's options.
    private var pickerCompanies: [Int] = []
    /// The closed picker over the companies the filter admits, built once per filter.
    private var companyPicker: (filter: CompanyFilter, state: PickerState, companies: [Int])?
    private(set) var bulkMenu: PickerState?
    private(set) var question: (Question, ConfirmState)?
    private(set) var loading: Loading?
    /// The run number of Auto Match while it works.
    private(set) var matchingRun: Int?
    /// Auto Match's proposals while a person reviews them.
    private(set) var review: AutoMatchReview?
    private(set) var message: Notice?
    private var nextRun = 1

    init(system: PSASystem, mappings: [AccountMapping], mspCustomer: MSPCustomer?) {
        self.system = system
        rows = mappings
        saved = mappings
        self.mspCustomer = mspCustomer
        savedMSPCustomer = mspCustomer
        table = TableState(columns: Self.columns, searchText: { "\($0.accountName)\n\($0.companyName ?? "")" })
        relist()
    }

    static let columns: [TableColumn<AccountMapping>] = [
        TableColumn("On", width: .fixed(3), text: { $0.enabled ? "[x]" : "[ ]" }),
        TableColumn("Nerdio account", width: .fill(1)) { $0.accountName + ($0.accountMissing ? " (gone)" : "") },
        TableColumn("PSA customer", width: .fill(1), text: customerText),
        TableColumn("Match", width: .fixed(12)) { $0.method?.rawValue ?? "" },
    ]

    static func customerText(_ mapping: AccountMapping) -> String {
        guard let companyID = mapping.companyID else { return "—" }
        switch mapping.reviewReason {
        case .companyNotInCache?: return "⚠ #\(companyID) not in the PSA"
        case .companyInactive?: return "⚠ \(mapping.companyName ?? "#" + companyID) (inactive)"
        case .companyMerged?:
            return "⚠ \(mapping.companyName ?? "#" + companyID) (merged into #\(mapping.companyMergedInto ?? "?"))"
        case .lowConfidence?: return "? " + (mapping.companyName ?? "#" + companyID)
        case nil: return mapping.companyName ?? "#" + companyID
        }
    }

    // MARK: State the screen shows

    var isLoading: Bool { loading != nil }
    /// Typed text goes to the search field or an open list, not to the keys of the table.
    var takesText: Bool {
        focus == .search || picker != nil || bulkMenu != nil || review?.candidatePicker != nil
    }
    var isMatching: Bool { matchingRun != nil }

    /// The accounts whose mapping differs from what is saved.
    var changes: [AccountMapping] {
        zip(rows, saved).compactMap { current, stored in Self.sameChoice(current, stored) ? nil : current }
    }

    var isDirty: Bool { mspCustomerChanged || !changes.isEmpty }

    var mspCustomerChanged: Bool { mspCustomer != savedMSPCustomer }

    var shownCount: Int { table.visibleRows.count }

    static func sameChoice(_ left: AccountMapping, _ right: AccountMapping) -> Bool {
        left.enabled == right.enabled && left.companyID == right.companyID && left.method == right.method
            && left.confidence == right.confidence
    }

    // MARK: Loading companies

    /// Loads the companies: from the cache when the tab opens, from the PSA on Ctrl-R.
    mutating func loadCompanies(fromPSA: Bool) -> Effect {
        startLoad(fromPSA: fromPSA, checking: false)
    }

    private mutating func startLoad(fromPSA: Bool, checking: Bool) -> Effect {
        let run = nextRun
        nextRun += 1
        loading = Loading(run: run, fromPSA: fromPSA, checking: checking)
        message = nil
        return .loadCompanies(fromPSA: fromPSA, run: run)
    }

    mutating func companiesProgress(run: Int, _ progress: CompanyProgress) {
        guard loading?.run == run else { return }
        loading?.fromPSA = true
        loading?.progress = progress
    }

    /// The companies arrived (or could not be loaded). A stale answer is ignored.
    mutating func companiesLoaded(run: Int, _ result: Result<[PSACompany], WizardFailure>) -> Effect {
        guard let current = loading, current.run == run else { return .none }
        loading = nil
        switch result {
        case .failure(let error):
            message = .error(
                current.checking
                    ? "Nothing was saved; Ctrl-S tries again. Could not check the mapped companies with "
                        + "\(system.displayName): \(error.description)"
                    : "Ctrl-R tries again. Could not load the companies from \(system.displayName): "
                        + error.description)
            return .none
        case .success(let companies):
            useCompanies(companies)
            guard current.checking else {
                if current.fromPSA {
                    message = Notice("Loaded \(NumberText.grouped(companies.count)) companies.", role: .ok)
                }
                return .none
            }
            let problems = problemCount
            guard problems == 0 else {
                question = (.saveDespite(problems: problems), ConfirmState())
                return .none
            }
            return .save(changes, mspCustomer: mspCustomer)
        }
    }

    /// Enabled accounts (and the MSP-level customer) whose company is gone or inactive.
    var problemCount: Int {
        let accounts = rows.filter { $0.reviewReason?.isBrokenCompany == true }
        let mspGone = mspCustomer.map { directory.company(id: $0.companyID)?.isActive != true } ?? false
        return accounts.count + (mspGone ? 1 : 0)
    }

    private mutating func useCompanies(_ companies: [PSACompany]) {
        directory = CompanyDirectory(companies)
        hasCompanies = true
        companyPicker = nil
        if let type = companyFilter.type, !directory.types.contains(type) { companyFilter.type = nil }
        for index in rows.indices {
            guard let companyID = rows[index].companyID else { continue }
            let company = directory.company(id: companyID)
            rows[index].companyName = company?.name
            rows[index].companyIsActive = company?.isActive
        }
        if let companyID = mspCustomer?.companyID { mspCustomer?.companyName = directory.company(id: companyID)?.name }
        relist()
    }

    mutating func didSave() {
        saved = rows
        savedMSPCustomer = mspCustomer
        message = nil
    }

    // MARK: Input

    mutating func handle(_ event: InputEvent, layout: MappingLayout) -> Effect {
        if question != nil { return answer(event) }
        if picker != nil { return handlePicker(event, layout: layout) }
        if review != nil { return handleReview(event, layout: layout) }
        if matchingRun != nil {
            if event == .key(.escape) {
                matchingRun = nil
                message = .warning("Auto Match cancelled; nothing changed.")
            }
            return .none
        }
        if bulkMenu != nil { return handleBulkMenu(event, layout: layout) }
        if loading != nil {
            if event == .key(.escape) {
                let wasChecking = loading?.checking == true
                loading = nil
                message = .warning(wasChecking ? "Check cancelled; nothing was saved." : "Loading cancelled.")
                return .cancelLoad
            }
            // The table stays usable while companies load; only choosing a company waits.
            if case .key(let key) = event, let command = Self.keyMap.command(for: key),
                [.choose, .msp, .refresh, .save, .leave].contains(command)
            {
                message = .warning("Still loading the companies; Esc cancels.")
                return .none
            }
        }
        if focus == .search { return handleSearch(event) }
        switch event {
        case .key(let key):
            if let command = Self.keyMap.command(for: key) { return run(command, layout: layout) }
            _ = table.handle(event, in: layout.table)
        case .mouse:
            _ = table.handle(event, in: layout.table)
        case .text, .resize:
            break
        }
        return .none
    }

    private mutating func run(_ command: Command, layout: MappingLayout) -> Effect {
        message = nil
        switch command {
        case .choose:
            guard let row = selectedRowIndex else { return .none }
            openPicker(for: .account(row), chosen: rows[row].companyID, layout: layout)
        case .toggle:
            guard let row = selectedRowIndex else { return .none }
            rows[row].enabled.toggle()
            relist()
        case .clear:
            guard let row = selectedRowIndex else { return .none }
            BulkAction.clearShown.apply(to: &rows[row])
            relist()
        case .search:
            focus = .search
        case .show:
            show = show.next
            relist()
        case .autoMatch:
            guard hasCompanies, !directory.isEmpty else {
                message = .warning("No companies loaded from \(system.displayName) yet; Ctrl-R loads them.")
                return .none
            }
            let run = nextRun
            nextRun += 1
            matchingRun = run
            return .autoMatch(run: run)
        case .activeOnly:
            companyFilter.activeOnly.toggle()
        case .companyType:
            companyFilter.cycleType(among: directory.types)
        case .msp:
            openPicker(for: .mspCustomer, chosen: mspCustomer?.companyID, layout: layout)
        case .fallback:
            guard mspCustomer != nil else {
                message = .warning("Choose the MSP-level customer first (m).")
                return .none
            }
            mspCustomer?.fallbackForUnmapped.toggle()
        case .bulk:
            guard shownCount > 0 else { return .none }
            var menu = PickerState(
                options: BulkAction.allCases.map(\.title), maxVisibleOptions: BulkAction.allCases.count)
            menu.open()
            bulkMenu = menu
        case .refresh:
            return loadCompanies(fromPSA: true)
        case .save:
            return startLoad(fromPSA: true, checking: true)
        case .leave:
            return .leave
        }
        return .none
    }

    private var selectedRowIndex: Int? { table.selectedRow.map { listed[$0] } }

    private mutating func handleSearch(_ event: InputEvent) -> Effect {
        switch event {
        case .key(.enter), .key(.escape), .key(.down), .key(.tab):
            focus = .table
        default:
            if search.handle(event) { table.setFilter(search.text) }
        }
        return .none
    }

    // MARK: Auto Match

    /// Auto Match's answer: the review opens, confident proposals first to hand.
    mutating func autoMatchFinished(run: Int, _ result: Result<[MatchProposal], WizardFailure>) {
        guard matchingRun == run else { return }
        matchingRun = nil
        let proposals: [MatchProposal]
        switch result {
        case .success(let found): proposals = found
        case .failure(let failure):
            message = .error("Auto Match could not read the accounts: \(failure.description)")
            return
        }
        guard !proposals.isEmpty else {
            message = Notice("Every enabled account already has a customer; Auto Match has nothing to do.", role: .ok)
            return
        }
        review = AutoMatchReview(proposals: proposals)
    }

    private mutating func handleReview(_ event: InputEvent, layout: MappingLayout) -> Effect {
        guard var current = review else { return .none }
        let outcome = current.handle(event, layout: layout)
        review = current
        switch outcome {
        case .none:
            break
        case .close:
            review = nil
            message = isDirty ? .warning("Accepted proposals are not saved yet; Ctrl-S saves.") : nil
        case .search(let proposal):
            guard let row = rows.firstIndex(where: { $0.accountID == proposal.accountID }) else { break }
            openPicker(for: .account(row), chosen: proposal.best?.companyID, layout: layout)
        case .accept(let accepted):
            let positions = Dictionary(rows.indices.map { (rows[$0].accountID, $0) }, uniquingKeysWith: { a, _ in a })
            for (proposal, candidate) in accepted {
                guard let row = positions[proposal.accountID] else { continue }
                rows[row] = AutoMatch.accepting(proposal, candidate: candidate, into: rows[row])
            }
            relist()
            message = Notice(
                "Accepted \(NumberText.grouped(accepted.count)) proposal\(accepted.count == 1 ? "" : "s") "
                    + "(not saved yet; Ctrl-S saves).", role: .ok)
        }
        return .none
    }

    // MARK: Pickers

    private mutating func openPicker(for purpose: PickerPurpose, chosen companyID: String?, layout: MappingLayout) {
        guard hasCompanies, !directory.isEmpty else {
            message = .warning("No companies loaded from \(system.displayName) yet; Ctrl-R loads them.")
            return
        }
        if companyPicker?.filter != companyFilter {
            let offered = directory.offered(by: companyFilter)
            let state = PickerState(
                options: offered.map { CompanyDirectory.label(directory.companies[$0]) },
                maxVisibleOptions: max(1, layout.pickerBounds.height - 3))
            companyPicker = (companyFilter, state, offered)
        }
        guard var state = companyPicker?.state, let offered = companyPicker?.companies else { return }
        guard !offered.isEmpty else {
            message = .warning(
                "No company matches the company filters (\(companyFilter.summary)); i and t change them.")
            return
        }
        state.maxVisibleOptions = max(1, layout.pickerBounds.height - 3)
        if let companyID {
            state.choose(offered.firstIndex { directory.companies[$0].id == companyID })
        }
        state.open()
        picker = state
        pickerPurpose = purpose
        pickerCompanies = offered
    }

    private mutating func handlePicker(_ event: InputEvent, layout: MappingLayout) -> Effect {
        guard var state = picker, let purpose = pickerPurpose else { return .none }
        let result = state.handle(event, anchor: layout.pickerAnchor, bounds: layout.pickerBounds)
        picker = state.isOpen ? state : nil
        guard case .chosen(let option) = result else { return .none }
        let company = directory.companies[pickerCompanies[option]]
        switch purpose {
        case .account(let row):
            rows[row].companyID = company.id
            rows[row].companyName = company.name
            rows[row].companyIsActive = company.isActive
            rows[row].method = .manual
            rows[row].confidence = nil
            rows[row].appliedBy = .manual
            relist()
            if let position = listed.firstIndex(of: row) { table.select(row: position) }
            review?.remove([rows[row].accountID])
        case .mspCustomer:
            mspCustomer = MSPCustomer(
                companyID: company.id, companyName: company.name,
                fallbackForUnmapped: mspCustomer?.fallbackForUnmapped ?? false)
        }
        pickerPurpose = nil
        return .none
    }

    private mutating func handleBulkMenu(_ event: InputEvent, layout: MappingLayout) -> Effect {
        guard var menu = bulkMenu else { return .none }
        let result = menu.handle(event, anchor: layout.bulkAnchor, bounds: layout.pickerBounds)
        bulkMenu = menu.isOpen ? menu : nil
        if case .chosen(let option) = result {
            bulkMenu = nil
            let shown = table.visibleRows.map { listed[$0] }
            question = (.bulk(BulkAction.allCases[option], rows: shown), ConfirmState())
        }
        return .none
    }

    private mutating func answer(_ event: InputEvent) -> Effect {
        guard case (let pending, var confirm)? = question else { return .none }
        let result = confirm.handle(event)
        question = (pending, confirm)
        switch result {
        case .ignored, .handled:
            return .none
        case .cancelled:
            question = nil
            if case .saveDespite = pending {
                show = .needsReview
                relist()
                message = .warning("Nothing was saved. Shown: the accounts whose company is gone or inactive.")
            }
            return .none
        case .confirmed:
            question = nil
            switch pending {
            case .bulk(let action, let targets):
                for row in targets { action.apply(to: &rows[row]) }
                relist()
                message = Notice(
                    "\(action.title): \(NumberText.grouped(targets.count)) accounts (not saved yet).", role: .ok)
                return .none
            case .saveDespite:
                return .save(changes, mspCustomer: mspCustomer)
            }
        }
    }

    /// Rebuilds the table's rows after a change, keeping the highlight's position.
    private mutating func relist() {
        listed = rows.indices.filter { show.admits(rows[$0]) }
        table.setRows(listed.map { rows[$0] })
    }
}
