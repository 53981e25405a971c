import PSACore
import Testing

@testable import MatchingEvaluation

/// The default set is built once and shared, with the time `generate()` took.
let (defaultSet, defaultSetGenerationTime) = {
    let clock = ContinuousClock()
    var set: EvaluationSet?
    let elapsed = clock.measure { set = EvaluationSet.generate() }
    return (set!, elapsed)
}()

@Suite struct EvaluationSetTests {
    @Test func sameSeedGivesTheSameSetAndAnotherSeedDoesNot() {
        let first = EvaluationSet.generate(seed: 7, casesPerKind: 30, fillerCompanies: 500)
        let second = EvaluationSet.generate(seed: 7, casesPerKind: 30, fillerCompanies: 500)
        let other = EvaluationSet.generate(seed: 8, casesPerKind: 30, fillerCompanies: 500)
        #expect(first.companies == second.companies)
        #expect(first.cases == second.cases)
        #expect(first.cases != other.cases)
    }

    @Test func everyKindHasItsCasesAndTheSetIsLarge() {
        var counts: [EvaluationCase.Kind: Int] = [:]
        for evaluationCase in defaultSet.cases {
            counts[evaluationCase.kind, default: 0] += 1
        }
        for kind in EvaluationSet.syntheticKinds {
            #expect(counts[kind, default: 0] >= 200, "\(kind)")
        }
        #expect(Set(counts.keys) == Set(EvaluationSet.syntheticKinds))
        #expect(defaultSet.cases.count >= 3_000)
        #expect(defaultSet.companies.count >= 20_000)
        print(
            "evaluation set: \(defaultSet.cases.count) cases, \(defaultSet.companies.count) companies, "
                + "\(defaultSet.cases.filter { $0.expectedCompanyID != nil }.count) labelled, "
                + "generated in \(defaultSetGenerationTime)")
    }

    @Test func idsAreUniqueAndEveryLabelIsAnActiveCompany() {
        let byID = Dictionary(defaultSet.companies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byID.count == defaultSet.companies.count)
        #expect(Set(defaultSet.cases.map(\.account.id)).count == defaultSet.cases.count)
        #expect(Set(defaultSet.cases.map(\.account.tenantID)).count == defaultSet.cases.count)
        for evaluationCase in defaultSet.cases {
            guard let expected = evaluationCase.expectedCompanyID else { continue }
            #expect(byID[expected]?.isActive == true, "\(evaluationCase.kind) \(evaluationCase.account.name)")
        }
    }

    @Test func labelsAreHonestUnderSimpleNormalization() {
        var activeByKey: [String: [PSACompany]] = [:]
        var allByKey: [String: [PSACompany]] = [:]
        for company in defaultSet.companies {
            let key = EvaluationSet.honestyKey(company.name)
            allByKey[key, default: []].append(company)
            if company.isActive { activeByKey[key, default: []].append(company) }
        }
        for evaluationCase in defaultSet.cases {
            let key = EvaluationSet.honestyKey(evaluationCase.account.name)
            let active = activeByKey[key] ?? []
            let description = "\(evaluationCase.kind) \(evaluationCase.account.name.debugDescription)"
            if let expected = evaluationCase.expectedCompanyID {
                #expect(active.allSatisfy { $0.id == expected }, "another active company has the key: \(description)")
            }
            switch evaluationCase.kind {
            case .ambiguous:
                #expect(active.count >= 2, "\(description)")
            case .absent, .nearDistractorTie:
                #expect(allByKey[key] == nil, "\(description)")
            case .inactiveOnly:
                #expect(active.isEmpty && allByKey[key] != nil, "\(description)")
            default:
                break
            }
        }
    }

    @Test func kindsThatNeedNoProposalAreLabelledNilAndOthersAreLabelled() {
        let alwaysNil: Set<EvaluationCase.Kind> = [
            .nearDistractorTie, .absent, .ambiguous, .inactiveOnly, .emptyOrBlank, .oneLetter, .legalFormOnly,
            .veryLong,
        ]
        let mixed: Set<EvaluationCase.Kind> = [.rightToLeft, .cjk, .controlCharacters]
        for evaluationCase in defaultSet.cases where !mixed.contains(evaluationCase.kind) {
            #expect(
                (evaluationCase.expectedCompanyID == nil) == alwaysNil.contains(evaluationCase.kind),
                "\(evaluationCase.kind)")
        }
        for kind in mixed {
            let labels = defaultSet.cases.filter { $0.kind == kind }.map { $0.expectedCompanyID != nil }
            #expect(labels.contains(true) && labels.contains(false), "\(kind)")
        }
    }

    @Test func evidenceKindsCarryTheirEvidenceAndNameKindsDoNot() {
        let byID = Dictionary(uniqueKeysWithValues: defaultSet.companies.map { ($0.id, $0) })
        var companiesByTenant: [String: Int] = [:]
        var companiesByDomain: [String: Int] = [:]
        for company in defaultSet.companies {
            for tenant in company.tenantIDs { companiesByTenant[tenant, default: 0] += 1 }
            for domain in company.domains { companiesByDomain[domain, default: 0] += 1 }
        }
        for evaluationCase in defaultSet.cases {
            let account = evaluationCase.account
            switch evaluationCase.kind {
            case .tenantID:
                let company = byID[evaluationCase.expectedCompanyID ?? ""]
                #expect(company?.tenantIDs.contains(account.tenantID) == true)
                #expect(companiesByTenant[account.tenantID] == 1)
                #expect(
                    EvaluationSet.honestyKey(account.name) != EvaluationSet.honestyKey(company?.name ?? ""))
            case .domain:
                let company = byID[evaluationCase.expectedCompanyID ?? ""]
                #expect(account.domain.map { company?.domains.contains($0) == true } == true)
                #expect(account.domain.flatMap { companiesByDomain[$0] } == 1)
            default:
                #expect(companiesByTenant[account.tenantID] == nil, "\(evaluationCase.kind)")
                #expect(account.domain.flatMap { companiesByDomain[$0] } == nil, "\(evaluationCase.kind)")
            }
        }
    }

    @Test func namesDifferFromTheirCompanyInTheWayTheirKindSays() {
        let byID = Dictionary(uniqueKeysWithValues: defaultSet.companies.map { ($0.id, $0) })
        for evaluationCase in defaultSet.cases {
            guard let expected = evaluationCase.expectedCompanyID, let company = byID[expected] else { continue }
            let account = evaluationCase.account.name
            switch evaluationCase.kind {
            case .exact:
                #expect(account == company.name)
            case .caseAndAccents, .punctuationAndSpacing, .ampersandAnd, .leadingThe, .activeAndInactive:
                // Differences a simple normalization removes, except German transliteration ("Mueller").
                let transliterated = EvaluationSet.honestyKey(account) != EvaluationSet.honestyKey(company.name)
                #expect(
                    !transliterated || evaluationCase.kind == .caseAndAccents,
                    "\(evaluationCase.kind): \(account) / \(company.name)")
            case .typo, .droppedWord, .wordOrder, .regionOrDepartmentSuffix:
                #expect(account != company.name, "\(evaluationCase.kind)")
                #expect(
                    EvaluationSet.honestyKey(account) != EvaluationSet.honestyKey(company.name),
                    "\(evaluationCase.kind): \(account) / \(company.name)")
            case .legalForm, .abbreviation:
                // "Corp" / "Corporation" is both an abbreviation and a legal form, so keys may agree.
                #expect(account != company.name)
            default:
                break
            }
        }
    }

    @Test func badInputKindsHaveTheShapeTheirNameSays() {
        for evaluationCase in defaultSet.cases {
            let name = evaluationCase.account.name
            switch evaluationCase.kind {
            case .emptyOrBlank:
                #expect(name.allSatisfy { $0.isWhitespace || $0 == "\u{200B}" })
            case .oneLetter:
                #expect(name.count == 1)
            case .legalFormOnly:
                #expect(EvaluationSet.honestyKey(name).isEmpty)
            case .veryLong:
                #expect(name.count == 1_000)
            case .controlCharacters:
                #expect(name.unicodeScalars.contains { $0.properties.generalCategory == .control })
            case .rightToLeft:
                #expect(name.unicodeScalars.contains { (0x0590...0x06FF).contains($0.value) })
            case .cjk:
                #expect(
                    name.unicodeScalars.contains {
                        (0x3040...0x9FFF).contains($0.value) || (0xAC00...0xD7AF).contains($0.value)
                    })
            default:
                break
            }
        }
    }

    @Test func accountsCoverTheVocabularyTheIssueAsksFor() {
        let names = defaultSet.companies.map(\.name) + defaultSet.cases.map(\.account.name)
        for fragment in [
            "ü", "é", "ø", "Ł", "GmbH & Co. KG", "Sp. z o.o.", "Pty Ltd", "S.A. de C.V.", "A/S", "&", "The ",
        ] {
            #expect(names.contains { $0.contains(fragment) }, "\(fragment)")
        }
        let types = Set(defaultSet.companies.compactMap(\.type))
        #expect(types.isSuperset(of: ["Customer", "Prospect", "Vendor"]))
        #expect(defaultSet.companies.contains { !$0.isActive })
        #expect(defaultSet.companies.filter(\.isMSP).count == 1)
    }

    @Test func honestyKeyFoldsTheDifferencesItClaimsTo() {
        #expect(EvaluationSet.honestyKey("MÜLLER Bäckerei GmbH") == EvaluationSet.honestyKey("Muller Backerei"))
        #expect(EvaluationSet.honestyKey("A.B.C. Dental, Inc.") == EvaluationSet.honestyKey("ABC Dental"))
        #expect(
            EvaluationSet.honestyKey("The Smith & Jones Law Group")
                == EvaluationSet.honestyKey("Smith and Jones Law Group"))
        #expect(EvaluationSet.honestyKey("Łódź Transport Sp. z o.o.") == "lodztransport")
        #expect(EvaluationSet.honestyKey("Bjørnsen GmbH & Co. KG") == "bjornsen")
        #expect(EvaluationSet.honestyKey("Contoso Ltd (UK)") != EvaluationSet.honestyKey("Contoso Ltd"))
        #expect(EvaluationSet.honestyKey("Ltd") == "")
    }
}
