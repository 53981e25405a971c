import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink mapping msp-customer NAME [--company ID [--fallback-for-unmapped]]`.
struct MappingMSPCustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msp-customer", abstract: "Show or choose the MSP's own company in the PSA.",
        discussion: """
            The MSP-level customer receives MSP-scope events. With --fallback-for-unmapped it also \
            receives the events of accounts that have no PSA customer; without it, those events \
            are skipped. Choosing again without the flag turns the fallback off. With no --company \
            the current choice is shown.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The integration's name.") var name: String
    @Option(help: ArgumentHelp("The PSA company id of the MSP's own company.", valueName: "id")) var company: String?
    @Flag(help: "Send events of unmapped accounts to this company instead of skipping them.")
    var fallbackForUnmapped = false
    @Flag(help: "Print one JSON document.") var json = false

    func validate() throws {
        if fallbackForUnmapped && company == nil {
            throw ValidationError("--fallback-for-unmapped needs --company ID")
        }
        if let company, company.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--company: is empty")
        }
    }

    /// DESIGN §4: `{"integration","companyId","companyName","fallbackForUnmapped"}`, nulls when none is chosen.
    struct Document: Encodable {
        var integration: String
        var customer: MSPCustomer?

        enum CodingKeys: String, CodingKey { case integration, companyId, companyName, fallbackForUnmapped }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(integration, forKey: .integration)
            try container.encode(customer?.companyID, forKey: .companyId)
            try container.encode(customer?.companyName, forKey: .companyName)
            try container.encode(customer?.fallbackForUnmapped ?? false, forKey: .fallbackForUnmapped)
        }
    }

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let integration = try MappingTarget.integration(named: name, in: access)
        let id = integration.id
        let customer = try MappingTarget.run(access, for: integration) { store -> MSPCustomer? in
            if let company {
                try store.setMSPCustomer(integration: id, company: company, fallbackForUnmapped: fallbackForUnmapped)
            }
            return try store.mspCustomer(forIntegration: id)
        }
        if json {
            try JSONOutput.print(Document(integration: integration.displayName, customer: customer))
            return
        }
        let integrationName = "\"\(TerminalSafeText.escaped(integration.displayName))\""
        guard let customer else {
            print(
                "\(integrationName) has no MSP-level customer. Choose one with: "
                    + "psalink mapping msp-customer NAME --company ID")
            return
        }
        let companyID = TerminalSafeText.escaped(customer.companyID)
        let companyLabel =
            customer.companyName.map { "\(TerminalSafeText.escaped($0)) (\(companyID))" }
            ?? "id \(companyID) (not among the cached companies any more)"
        let fallback =
            customer.fallbackForUnmapped
            ? "events of unmapped accounts go to it" : "events of unmapped accounts are skipped"
        print("MSP-level customer of \(integrationName): \(companyLabel); \(fallback).")
    }
}
