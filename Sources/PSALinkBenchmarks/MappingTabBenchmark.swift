import Foundation
import PSACore
import PSASandbox
import TerminalUI
import Wizard

/// The Account Mapping tab with 50,000 cached PSA companies and 5,000 Nerdio accounts, driven
/// through the wizard's public surface exactly as key presses would drive it.
enum MappingTabBenchmark {
    static let companyCount = 50_000
    static let accountCount = 5_000

    static func run(workFolder: String) throws {
        let store = try Store.open(at: workFolder + "/mapping.sqlite")
        let integration = try store.insert(
            NewIntegration(system: .halo, displayName: "Halo"),
            credentials: [
                "url": "https://127.0.0.1:9", "clientId": "benchmark", "clientSecret": "benchmark-secret",
            ])
        let id = integration.id
        let generated = SandboxCompanies.generate(count: companyCount, seed: 7)
        try store.replaceCompanies(
            generated.enumerated().map { index, company in
                PSACompany(
                    id: String(index + 1), name: company.name, isActive: company.isActive, type: company.type,
                    isMSP: company.isMSP)
            }, forIntegration: id)
        let accounts = generated.prefix(accountCount).enumerated().map { index, company in
            NerdioAccount(id: "acct-\(index)", name: company.name, tenantID: company.tenantID)
        }
        try store.importAccounts(Array(accounts))
        // Half of the accounts mapped, as after a first Auto Match.
        var mappings = try store.mappings(forIntegration: id)
        for index in mappings.indices where index % 2 == 0 {
            mappings[index].companyID = String(Int(mappings[index].accountID.dropFirst(5))! + 1)
            mappings[index].method = .manual
        }
        try store.saveMappings(mappings, mspCustomer: nil, forIntegration: id)
        print(
            "mapping tab: \(NumberText.grouped(companyCount)) cached companies, \(NumberText.grouped(accountCount)) accounts"
        )

        let readCompanies = Measure.samples(count: 5) { _ = try! store.companies(forIntegration: id) }
        Measure.report("  read 50,000 companies from the cache", readCompanies)
        let readMappings = Measure.samples(count: 5) { _ = try! store.mappings(forIntegration: id) }
        Measure.report("  read 5,000 mappings", readMappings)
        let size = Size(width: 80, height: 24)
        let inbox = MessageInbox<WizardMessage>()
        let services = WizardServices(store: store)
        func openTab() -> WizardApp {
            var app = WizardApp(services: services, inbox: inbox)
            _ = app.update(.input(.resize(size)))
            _ = app.update(.input(.key(.enter)))
            _ = app.update(.input(.key(.control("n"))))
            // The companies come from the cache off the UI thread; wait for them like the run loop.
            var loaded = false
            while !loaded {
                for message in inbox.drain() {
                    if case .companiesLoaded = message { loaded = true }
                    _ = app.update(.message(message))
                }
                if !loaded { usleep(200) }
            }
            var frame = ScreenBuffer(size: size)
            app.render(into: &frame)
            return app
        }
        var app = openTab()
        var frame = ScreenBuffer(size: size)
        app.render(into: &frame)
        precondition(frame.lines.joined().contains("50,000"), "the tab did not show the cached companies")
        let opens = (0..<15).map { _ in
            let start = Measure.now()
            app = openTab()
            return Double(Measure.now() - start) / 1_000_000
        }
        Measure.report("open the mapping tab from cache (to first frame)", opens, target: 300)

        func keystroke(_ key: Key) {
            _ = app.update(.input(.key(key)))
            var frame = ScreenBuffer(size: size)
            app.render(into: &frame)
        }
        _ = app.update(.input(.key(.character("/"))))
        let letters: [Character] = ["w", "o", "o"]
        var typed = 0
        let searchKeys = Measure.samples(
            count: 60,
            prepare: {
                if typed == letters.count {
                    for _ in 0..<typed { keystroke(.backspace) }
                    typed = 0
                }
            },
            {
                keystroke(.character(letters[typed]))
                typed += 1
            })
        Measure.report("text filter keystroke + frame (5,000 accounts)", searchKeys, target: 16)
        _ = app.update(.input(.key(.escape)))
        for _ in 0..<typed { keystroke(.backspace) }

        let pickerOpens = Measure.samples(count: 30, prepare: { keystroke(.escape) }) { keystroke(.enter) }
        Measure.report("open the company picker + frame (50,000 companies)", pickerOpens, target: 16)
        var pickerKeys: [Double] = []
        for _ in 0..<20 {
            keystroke(.escape)
            keystroke(.enter)
            for letter in ["c", "o", "n"] as [Character] {
                let start = Measure.now()
                keystroke(.character(letter))
                pickerKeys.append(Double(Measure.now() - start) / 1_000_000)
            }
        }
        Measure.report("picker search keystroke + frame (\"c\", \"o\", \"n\")", pickerKeys, target: 16)
        keystroke(.escape)

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("mapping tab: peak memory \(usage.ru_maxrss / 1024) MB (target < 300 MB)")
    }
}
