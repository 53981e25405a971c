import Foundation
import Hummingbird
import Synchronization

/// `/sandbox/companies`: what an administrator does to companies in the PSA while psalink is not
/// looking, over HTTP, so that tests and demos driving `psalink sandbox` from outside the process
/// can meet companies that were deactivated, deleted, renamed or merged. Each PSA keeps its own
/// copy of the seeded companies, so a change in one PSA leaves the others as they were. Not part
/// of any vendor's API, and never faulty or throttled. A bad body answers 400 and an unknown
/// company 404, each `{"message": "..."}` naming what is wrong.
///
/// `POST /sandbox/companies` with a JSON object (`"company"` and `"into"` are the PSA's company
/// ids, as text or numbers; `"psa"` is `"halo"`, `"connectwise"` or `"autotask"`), answered with
/// the company's record as the PSA's own `GET` by id now shows it:
/// - `{"action": "deactivate"|"activate", "psa": ..., "company": "ID"}`: HaloPSA client
///   `inactive` true (false); ConnectWise company `status` `{"id": 2, "name": "Inactive"}` (an
///   inactive one keeps its status; activating gives `{"id": 1, "name": "Active"}`); Autotask
///   company `isActive` false (true). ConnectWise refuses a new ticket for a company whose status
///   is not Active: 400 `{"code": "InvalidObject", "message": "ticket object is invalid",
///   "errors": [{"code": "InvalidField", "message": "The company ... has the status Inactive,
///   which does not allow new tickets.", "resource": "ticket", "field": "company"}]}`; Autotask
///   refuses one for an inactive company: 500 `{"errors": ["Unable to save the ticket: company
///   ... is inactive."]}`. HaloPSA takes tickets for inactive clients.
/// - `{"action": "delete", "psa": ..., "company": "ID"}`: the company is gone from listings, and
///   `GET` by id answers as for a record that never was: HaloPSA `GET /api/Client/{id}` 404 in
///   Halo's error shape; ConnectWise `GET /company/companies/{id}` 404 `{"code": "NotFound",
///   ...}`; Autotask `GET /V1.0/Companies/{id}` 200 `{"item": null}`. A new ticket for it is
///   refused: HaloPSA 400 `{"ClassName": "System.Exception", "Message": "Invalid client_id
///   ID"}`; ConnectWise 400 `InvalidObject` with `"The company (id ID) was not found."` on field
///   `company`; Autotask 500 `{"errors": ["Unable to save the ticket: companyID ID does not
///   reference an existing company."]}`. Tickets it had stay. Answers `{}`.
/// - `{"action": "rename", "psa": ..., "company": "ID", "name": "NEW NAME"}`: the name changes,
///   the id (and ConnectWise's `identifier`) stays; tickets show the new name.
/// - `{"action": "merge", "psa": "halo", "company": "ID", "into": "ID2"}`: HaloPSA only (the
///   others' APIs show no company merges). The client is made inactive and its record, in
///   `GET /api/Client` and `GET /api/Client/{id}`, carries `_merge_client_into: ID2` (the
///   `Area` schema's field); its tickets move to ID2 (`client_id`, `client_name`). ID2 must be
///   another client that exists and was not merged away itself, else 400.
struct CompanyControlAPI {
    let sandbox: PSASandbox

    typealias Problem = ControlProblem

    static let actions = ["deactivate", "activate", "delete", "rename", "merge"]
    static let shape =
        "{\"action\": \"deactivate\"|\"activate\"|\"delete\"|\"rename\"|\"merge\", \"psa\": \"halo\"|\"connectwise\""
        + "|\"autotask\", \"company\": \"ID\", ...}"

    func register(on router: Router<SandboxRequestContext>) {
        router.controlKnob("/sandbox/companies", expecting: Self.shape) { object throws(Problem) in try act(object) }
    }

    private func act(_ object: [String: Any]) throws(Problem) -> [String: Any] {
        guard let action = object["action"] as? String, Self.actions.contains(action) else {
            throw Problem(message: "expected \(Self.shape)")
        }
        guard let name = object["psa"] as? String, let psa = SandboxPSA(rawValue: name) else {
            throw Problem(message: "\"psa\" must be \"halo\", \"connectwise\" or \"autotask\"")
        }
        guard let company = Problem.id(object["company"]) else {
            throw Problem(message: "a company action needs \"company\", the id of a company")
        }
        switch action {
        case "rename":
            guard let newName = (object["name"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !newName.isEmpty
            else { throw Problem(message: "a rename needs \"name\", the company's new name") }
            let index = try self.index(of: company, in: psa)
            sandbox.companyChanges.update(psa) { $0[index, default: .init()].name = newName }
            if psa == .halo { moveHaloTickets(from: index, to: index) }
        case "merge":
            guard psa == .halo else {
                throw Problem(message: "only HaloPSA shows company merges; ConnectWise's and Autotask's APIs do not")
            }
            guard let into = Problem.id(object["into"]) else {
                throw Problem(message: "a merge needs \"into\", the id of the client it is merged into")
            }
            guard into != company else { throw Problem(message: "a client cannot be merged into itself") }
            let index = try self.index(of: company, in: psa)
            let view = sandbox.companies(in: .halo)
            guard let target = Self.index(of: into, in: .halo, count: view.count), view.company(target) != nil else {
                throw Problem(message: "no HaloPSA client \(into) to merge into")
            }
            if let onward = view.mergedInto(target) {
                throw Problem(
                    message: "HaloPSA client \(into) was itself merged into \(Self.id(ofIndex: onward, in: .halo))")
            }
            sandbox.companyChanges.update(.halo) { changes in
                changes[index, default: .init()].isActive = false
                changes[index, default: .init()].mergedInto = target
            }
            moveHaloTickets(from: index, to: target)
        default:
            let index = try self.index(of: company, in: psa)
            sandbox.companyChanges.update(psa) { changes in
                switch action {
                case "delete": changes[index, default: .init()].isDeleted = true
                default: changes[index, default: .init()].isActive = action == "activate"
                }
            }
        }
        let index = try self.index(of: company, in: psa, deletedIsFine: true)
        return record(index, in: psa) ?? [:]
    }

    /// The position in the seeded list of a company the PSA holds; 404 when it has none by that id.
    private func index(of id: String, in psa: SandboxPSA, deletedIsFine: Bool = false) throws(Problem) -> Int {
        let view = sandbox.companies(in: psa)
        guard let index = Self.index(of: id, in: psa, count: view.count), deletedIsFine || view.company(index) != nil
        else {
            throw Problem(message: "no \(Self.name(psa)) company \(id)", status: .notFound)
        }
        return index
    }

    /// The company's record as the PSA's `GET` by id shows it; nil once it is deleted.
    private func record(_ index: Int, in psa: SandboxPSA) -> [String: Any]? {
        let view = sandbox.companies(in: psa)
        switch psa {
        case .halo: return HaloSandboxAPI.client(index, in: view)
        case .connectwise:
            return ConnectWiseSandboxCompanies(sandbox: sandbox).company(id: Self.id(ofIndex: index, in: psa)).map(
                ConnectWiseSandboxData.json)
        case .autotask: return AutotaskSandboxCompanies.record(index, in: view)
        }
    }

    /// HaloPSA tickets carry their client's name: a rename shows on them, and a merge moves the
    /// merged client's tickets to the client it went into.
    private func moveHaloTickets(from source: Int, to target: Int) {
        let view = sandbox.companies(in: .halo)
        guard let survivor = view.company(target) else { return }
        let (from, to) = (Self.id(ofIndex: source, in: .halo), Self.id(ofIndex: target, in: .halo))
        sandbox.halo.withTickets { book in
            for (id, ticket) in book.tickets where ticket.clientID == from {
                book.tickets[id]?.clientID = to
                book.tickets[id]?.clientName = survivor.name
            }
        }
    }

    // MARK: - Ids

    /// Each PSA numbers the seeded companies its own way: HaloPSA from 12, ConnectWise from 250,
    /// Autotask 0 for the MSP's own company and the others from 29,683,001.
    static func id(ofIndex index: Int, in psa: SandboxPSA) -> Int {
        switch psa {
        case .halo: return index + HaloSandboxAPI.clientIDOffset
        case .connectwise: return index + ConnectWiseSandboxCompanies.firstID
        case .autotask: return AutotaskSandboxCompanies.id(ofIndex: index)
        }
    }

    /// The position in the seeded list of a PSA's company id, when it names one.
    static func index(of id: String, in psa: SandboxPSA, count: Int) -> Int? {
        guard let number = Int(id) else { return nil }
        let index: Int
        switch psa {
        case .halo: index = number - HaloSandboxAPI.clientIDOffset
        case .connectwise: index = number - ConnectWiseSandboxCompanies.firstID
        case .autotask:
            guard number == 0 || number > AutotaskSandboxCompanies.firstCustomerID else { return nil }
            index = number == 0 ? 0 : number - AutotaskSandboxCompanies.firstCustomerID
        }
        return (0..<count).contains(index) ? index : nil
    }

    private static func name(_ psa: SandboxPSA) -> String {
        switch psa {
        case .halo: return "HaloPSA"
        case .connectwise: return "ConnectWise"
        case .autotask: return "Autotask"
        }
    }
}

/// What `/sandbox/companies` changed in each PSA's copy of the seeded companies, by position in
/// `PSASandbox.companies`. Every change counts up the PSA's version, so that anything kept from
/// the companies (ConnectWise's sorted selections) knows when it is stale.
final class SandboxCompanyChanges: Sendable {
    struct Change: Sendable, Equatable {
        var name: String?
        var isActive: Bool?
        var isDeleted = false
        /// HaloPSA: the position of the client this one was merged into.
        var mergedInto: Int?
    }

    struct Snapshot: Sendable {
        var version = 0
        var changes: [Int: Change] = [:]
    }

    private let snapshots = Mutex<[SandboxPSA: Snapshot]>([:])

    func snapshot(_ psa: SandboxPSA) -> Snapshot {
        snapshots.withLock { $0[psa] ?? Snapshot() }
    }

    func update(_ psa: SandboxPSA, _ body: (inout [Int: Change]) -> Void) {
        snapshots.withLock { snapshots in
            var snapshot = snapshots[psa] ?? Snapshot()
            body(&snapshot.changes)
            snapshot.version += 1
            snapshots[psa] = snapshot
        }
    }
}

/// The seeded companies as one PSA holds them now: renamed, deactivated or gone (nil).
struct SandboxCompanyView: Sendable {
    let seeded: [SandboxCompany]
    let snapshot: SandboxCompanyChanges.Snapshot

    var count: Int { seeded.count }
    var indices: Range<Int> { seeded.indices }
    var version: Int { snapshot.version }

    /// The company at `index` as the PSA holds it; nil when deleted or out of range.
    func company(_ index: Int) -> SandboxCompany? {
        guard seeded.indices.contains(index) else { return nil }
        guard !snapshot.changes.isEmpty, let change = snapshot.changes[index] else { return seeded[index] }
        guard !change.isDeleted else { return nil }
        var company = seeded[index]
        if let name = change.name { company.name = name }
        if let isActive = change.isActive { company.isActive = isActive }
        return company
    }

    /// The position of the company a HaloPSA client was merged into.
    func mergedInto(_ index: Int) -> Int? {
        snapshot.changes.isEmpty ? nil : snapshot.changes[index]?.mergedInto
    }

    func isDeleted(_ index: Int) -> Bool {
        snapshot.changes.isEmpty ? false : snapshot.changes[index]?.isDeleted == true
    }
}

extension PSASandbox {
    /// The companies as `psa` holds them now.
    func companies(in psa: SandboxPSA) -> SandboxCompanyView {
        SandboxCompanyView(seeded: companies, snapshot: companyChanges.snapshot(psa))
    }
}
