/// A seeded, deterministic list of customer companies with the variety real PSAs hold:
/// legal forms of many countries, "&", accents, non-Latin scripts, inactive companies,
/// a few companies of other types, the MSP's own company, and names carrying terminal
/// escape sequences (which must be shown escaped, never executed).
public struct SandboxCompany: Sendable, Equatable {
    public var name: String
    public var isActive: Bool
    public var type: String
    public var isMSP: Bool
    /// The customer's Microsoft 365 tenant, where the PSA stores one.
    public var tenantID: String
    public var domain: String
}

public enum SandboxCompanies {
    public static let mspName = "Northwind IT Services (MSP)"
    public static let types = ["Customer", "Prospect", "Vendor", "Partner"]

    static let stems = [
        "Contoso", "Fabrikam", "Adventure Works", "Tailspin Toys", "Wide World Importers", "Litware", "Proseware",
        "Woodgrove", "Lucerne Publishing", "Coho Vineyard", "Fourth Coffee", "Alpine Ski House", "Blue Yonder Airlines",
        "Margie's Travel", "Humongous Insurance", "Trey Research", "Wingtip Toys", "Graphic Design Institute",
        "Café Müller", "Société Générale de Nettoyage", "Åkerlund & Rausing", "Søndergaard", "Nordström Bygg",
        "Ørsted Logistik", "Zürich Treuhand", "São Paulo Comércio", "Łódź Elektro", "Dvořák Stavby", "Ĳssel Water",
        "東京システム", "大阪物流", "서울 테크", "Αθήνα Ναυτιλιακή", "Москва Софт", "Smith & Jones", "Johnson & Johnson Dental",
        "Baker McKenzie", "O'Brien Plumbing", "Van der Berg", "McAllister", "Greenfield", "Riverside", "Summit",
        "Pinnacle", "Harbor View", "Oak Ridge", "Maple Leaf", "Silver Lake", "Redwood", "Bluebird", "Evergreen",
        "Northstar", "Westbrook", "Eastgate", "Lakeside", "Highland", "Ironwood", "Clearwater", "Stonebridge",
    ]
    static let trades = [
        "", "", "", " Dental", " Legal", " Pharmaceuticals", " Logistics", " Engineering", " Accounting", " Medical",
        " Construction", " Consulting", " Manufacturing", " Health", " Realty", " Architects", " Insurance", " Foods",
        " Veterinary", " Solicitors",
    ]
    static let legalForms = [
        " Ltd", " Ltd.", " Limited", " LLC", " L.L.C.", " Inc.", " Inc", " Corp.", " Corporation", " Co.", " GmbH",
        " GmbH & Co. KG", " AG", " S.A.", " SA", " S.à r.l.", " SARL", " S.r.l.", " S.p.A.", " B.V.", " N.V.", " AB",
        " A/S", " AS", " Oy", " Pty Ltd", " Pty. Ltd.", " PLC", " LLP", " K.K.", " Sp. z o.o.", " s.r.o.", "", "", "",
    ]
    static let places = [
        "", "", "", "", " (UK)", " (US)", " - EMEA", " - North", " (Sydney)", " - Head Office", " [Berlin]", " (DE)",
    ]

    /// `count` companies; the first is the MSP's own company.
    public static func generate(count: Int, seed: UInt64) -> [SandboxCompany] {
        guard count > 0 else { return [] }
        var random = SeededRandom(seed: seed)
        var names = Set<String>()
        var companies: [SandboxCompany] = []
        companies.reserveCapacity(count)
        companies.append(
            SandboxCompany(
                name: mspName, isActive: true, type: "Partner", isMSP: true, tenantID: tenantID(0, seed: seed),
                domain: "northwind-it.example"))
        names.insert(mspName)
        var index = 1
        while companies.count < count {
            var name: String
            if index % 997 == 13 {
                name = "Evil\u{1B}[2J\u{1B}[31mCorp \(index)"
            } else {
                name =
                    random.pick(stems) + random.pick(trades) + random.pick(legalForms) + random.pick(places)
            }
            name = name.trimmingSpaces
            if names.contains(name) { name += " #\(index)" }
            names.insert(name)
            let type = index % 17 == 0 ? random.pick(Array(types.dropFirst())) : "Customer"
            let domain = domainName(for: name, index: index)
            companies.append(
                SandboxCompany(
                    name: name, isActive: index % 9 != 4, type: type, isMSP: false,
                    tenantID: tenantID(index, seed: seed), domain: domain))
            index += 1
        }
        return companies
    }

    static func tenantID(_ index: Int, seed: UInt64) -> String {
        var random = SeededRandom(seed: seed &+ UInt64(index) &* 7919)
        let hex = (0..<32).map { _ in String(random.next() % 16, radix: 16) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }

    static func domainName(for name: String, index: Int) -> String {
        let letters = name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) }
        let base = String(String.UnicodeScalarView(letters.prefix(20)))
        return (base.isEmpty ? "company\(index)" : base) + ".example"
    }
}

/// SplitMix64: small, fast and the same on every machine.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
