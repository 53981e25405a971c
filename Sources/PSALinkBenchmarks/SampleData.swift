/// Deterministic, realistic-looking company names for the benchmarks.
enum SampleData {
    static let stems = [
        "Contoso", "Fabrikam", "Northwind", "Adventure Works", "Tailspin", "Wide World", "Litware", "Proseware",
        "Woodgrove", "Lucerne", "Café Müller", "Søndergaard", "Åkerlund", "Nordström", "Margie's Travel",
        "Blue Yonder", "Coho Vineyard", "Fourth Coffee", "Graphic Design", "Humongous", "東京システム", "Alpine Ski",
    ]
    static let middles = [
        "", " Health", " Pharmaceuticals", " Logistics", " Legal", " Dental", " Engineering", " & Sons", " Partners",
        " Holdings", " Consulting", " Manufacturing",
    ]
    static let suffixes = [" Ltd", " LLC", " Inc.", " GmbH", " S.A.", " Pty Ltd", " B.V.", " AB", " Corp", ""]

    /// `count` names, the same on every run.
    static func companyNames(_ count: Int) -> [String] {
        var generator = SplitMix64(seed: 42)
        return (0..<count).map { index in
            let stem = stems[Int(generator.next() % UInt64(stems.count))]
            let middle = middles[Int(generator.next() % UInt64(middles.count))]
            let suffix = suffixes[Int(generator.next() % UInt64(suffixes.count))]
            return "\(stem)\(middle)\(suffix) #\(index)"
        }
    }
}

/// A small seeded generator, so every run measures the same data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
