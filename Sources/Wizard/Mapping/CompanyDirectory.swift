import PSACore
import TerminalUI

/// The PSA's companies as the mapping tab uses them: found by id, and narrowed by the
/// company-side filters for the picker.
struct CompanyDirectory {
    private(set) var companies: [PSACompany]
    private let positionByID: [String: Int]
    /// Every company type the PSA reported, sorted ignoring case.
    let types: [String]

    init(_ companies: [PSACompany]) {
        self.companies = companies
        var positions: [String: Int] = [:]
        positions.reserveCapacity(companies.count)
        var types = Set<String>()
        for (position, company) in companies.enumerated() {
            positions[company.id] = position
            if let type = company.type, !type.isEmpty { types.insert(type) }
        }
        positionByID = positions
        self.types = types.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
    }

    var isEmpty: Bool { companies.isEmpty }

    func company(id: String) -> PSACompany? { positionByID[id].map { companies[$0] } }

    /// The positions of the companies the filter lets through, in directory order.
    func offered(by filter: CompanyFilter) -> [Int] {
        companies.indices.filter { filter.admits(companies[$0]) }
    }

    /// How a company reads in the picker: the id tells apart companies with one name.
    static func label(_ company: PSACompany) -> String {
        var label = company.name
        if let type = company.type, !type.isEmpty { label += " · " + type }
        if !company.isActive { label += " · inactive" }
        return label + " · #" + company.id
    }
}

/// The PSA-side filters: active companies only, and one company type.
struct CompanyFilter: Equatable {
    var activeOnly = true
    /// Nil admits every type.
    var type: String?

    func admits(_ company: PSACompany) -> Bool {
        (!activeOnly || company.isActive) && (type == nil || company.type == type)
    }

    /// The next type after the current one, then back to all types.
    mutating func cycleType(among types: [String]) {
        guard let type, let position = types.firstIndex(of: type) else {
            self.type = types.first
            return
        }
        self.type = position + 1 < types.count ? types[position + 1] : nil
    }

    var summary: String {
        (activeOnly ? "active only" : "active and inactive") + " · type: " + (type ?? "all")
    }
}
