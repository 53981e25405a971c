import Testing

@testable import PSACore

@Suite struct NormalizedNameTests {
    @Test(arguments: [
        ("Contoso Ltd", "Contoso Limited"), ("CONTOSO, INC.", "Contoso Incorporated"),
        ("Müller Bäckerei GmbH", "Muller Backerei"),
        ("A.B.C. Dental", "ABC Dental"), ("A B C Dental", "abc dental"), ("Smith & Jones", "Smith and Jones"),
        ("The Riverside Clinic", "Riverside Clinic"), ("Fabrikam Pty. Ltd.", "FABRIKAM"),
        ("Tailspin S.p.A.", "Tailspin"),
        ("Northwind Sp. z o.o.", "Northwind"), ("Wingtip GmbH & Co. KG", "Wingtip"), ("O'Brien Law", "OBrien Law"),
        ("Litware Intl Svcs", "Litware International Services"), ("Søren Bjørn A/S", "Soren Bjorn"),
        ("Łódź Logistics Sp. z o.o.", "Lodz Logistics"), ("Coca-Cola", "Coca Cola"),
        ("Grupo Bimbo S.A. de C.V.", "Grupo Bimbo"),
    ])
    func sameKey(_ left: String, _ right: String) {
        #expect(NormalizedName(left).key == NormalizedName(right).key)
    }

    @Test func bracketsAndDashedTailsAreQualifiers() {
        let bracketed = NormalizedName("Contoso Ltd (UK)")
        // Regions take their ISO 3166 code, however they are written.
        #expect(bracketed.tokens == ["contoso"] && bracketed.qualifiers == ["gb"] && bracketed.regions == ["gb"])
        let dashed = NormalizedName("Contoso Ltd - Finance")
        #expect(dashed.tokens == ["contoso"] && dashed.qualifiers == ["finance"])
        #expect(NormalizedName("Contoso UK").fullKey == bracketed.fullKey)
        // A dashed tail of ordinary words is part of the name, not a qualifier.
        #expect(NormalizedName("Smith - Jones Law").tokens == ["smith", "jones", "law"])
    }

    @Test func aNameIsNeverReducedToNothing() {
        #expect(NormalizedName("Ltd").tokens == ["ltd"])
        #expect(NormalizedName("The").tokens == ["the"])
        #expect(NormalizedName("").tokens.isEmpty)
        // Control characters separate words like punctuation does.
        #expect(NormalizedName("Evil\u{1b}]0;x\u{7} Corp").tokens == ["evil", "0x"])
    }

    @Test func nonLatinNamesKeepTheirLetters() {
        #expect(NormalizedName("株式会社 東京").tokens == ["株式会社", "東京"])
        #expect(NormalizedName("שלום בע\"מ").tokens.first == "שלום")
        #expect(NormalizedName(String(repeating: "a", count: 1_000)).compactKey.count == NormalizedName.maximumScalars)
    }
}

@Suite struct LegalFormsAndRegionsTests {
    @Test(arguments: [
        ("Wingtip GmbH & Co. KG", ["wingtip"]), ("Contoso Spółka z ograniczoną odpowiedzialnością", ["contoso"]),
        ("Fabrikam Kft.", ["fabrikam"]), ("PT Contoso Indonesia Tbk", ["contoso"]), ("Contoso Sdn. Bhd.", ["contoso"]),
        ("Contoso Ltd. Şti.", ["contoso"]), ("OOO Contoso", ["contoso"]), ("S.I.T.T.I. S.p.A.", ["sitti"]),
        ("Harbour Media Canada Inc", ["harbour", "media"]), ("Contoso Ltd UK", ["contoso"]),
        ("Contoso Savings Bank", ["contoso", "savings", "bank"]), ("Air Canada", ["air"]),
    ])
    func legalFormsOfEveryCountryAndTrailingRegionsAreSetAside(_ name: String, _ tokens: [String]) {
        #expect(NormalizedName(name).tokens == tokens, "\(name)")
    }

    @Test func regionsTakeOneShortFormHoweverWritten() {
        for name in ["Harbour Media (NZ) Limited", "Harbour Media New Zealand Ltd", "Harbour Media - N.Z."] {
            #expect(NormalizedName(name).regions == ["nz"], "\(name)")
        }
        #expect(NormalizedName("Contoso - EMEA").regions == ["emea"])
        #expect(NormalizedName("Contoso (Head Office)").regions.isEmpty)
        #expect(NormalizedName("Harbour Media Canada Inc").legalForm == ["inc"])
    }
}
