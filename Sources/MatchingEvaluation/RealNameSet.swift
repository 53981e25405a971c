import Foundation
import PSACore

/// Which half of the registered names a real-name set is built from. A name's half follows from a
/// stable hash of its `RealNameKeys.groupKey`, so a name and its variants are always on one side.
public enum EvaluationPart: String, Sendable, CaseIterable {
    /// The half the matcher's thresholds and vocabulary may be tuned on.
    case tuning
    /// The half no threshold is ever tuned on: precision is measured here.
    case heldOut = "held-out"
}

/// A company name as its owner registered it (`Data/registered-names.tsv`), with its country and city.
struct RegisteredName: Sendable {
    var name: String
    var country: String
    var city: String
    /// `RealNameKeys.words(name)`, and the same without trailing regions: kept, as the generator
    /// asks for them of hundreds of names per case.
    var words: [String] = []
    var core: [String] = []
}

extension EvaluationSet {
    /// The real-name evaluation set of one part: a PSA of real registered company names (IEEE
    /// registry) and accounts written from other real names the way tenants and MSPs write them,
    /// labelled as a careful person would. See `RealNameGenerator` for the kinds and the labels.
    public static func realNames(
        part: EvaluationPart, seed: UInt64 = 1, casesPerKind: Int = 150, fillerCompanies: Int = 9_000
    ) -> EvaluationSet {
        var generator = RealNameGenerator(part: part, seed: seed)
        return generator.generate(casesPerKind: casesPerKind, fillerCompanies: fillerCompanies)
    }

    /// The kinds a real-name set has, in report order.
    public static let realNameKinds: [EvaluationCase.Kind] = [
        .exact, .caseAndAccents, .legalForm, .abbreviation, .initials, .extraWords, .typo, .regionalSiblings,
        .duplicateRecord, .domainLabel, .absent, .badDomain, .badName,
    ]
}

enum RegisteredNames {
    /// Every name of the data file, in its order.
    static let all: [RegisteredName] = {
        guard let url = Bundle.module.url(forResource: "registered-names", withExtension: "tsv", subdirectory: "Data"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("Data/registered-names.tsv is missing from MatchingEvaluation's resources") }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, !fields[0].isEmpty else { return nil }
            return RegisteredName(
                name: String(fields[0]), country: String(fields[1]), city: fields.count > 2 ? String(fields[2]) : "")
        }
    }()

    /// The names of one part, one per group key (the first), keyed by it.
    static func part(_ part: EvaluationPart) -> [(key: String, name: RegisteredName)] {
        var seen = Set<String>()
        var names: [(key: String, name: RegisteredName)] = []
        for var name in all {
            name.words = RealNameKeys.words(name.name)
            name.core = RealNameKeys.regionless(name.words).words
            let key = name.core.joined()
            guard key.count >= 2, seen.insert(key).inserted else { continue }
            let inHeldOut = fnv1a(key) % 2 == 1
            if inHeldOut == (part == .heldOut) { names.append((key, name)) }
        }
        return names
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return value
    }
}
