import PSACore

/// Which accounts the mapping table lists, by their mapping status.
enum MappingShow: CaseIterable, Equatable {
    case all, mapped, unmapped, skipped, needsReview

    var title: String {
        switch self {
        case .all: return "All"
        case .mapped: return "Mapped"
        case .unmapped: return "Unmapped"
        case .skipped: return "Skipped"
        case .needsReview: return "Needs review"
        }
    }

    func admits(_ mapping: AccountMapping) -> Bool {
        switch self {
        case .all: return true
        case .mapped: return mapping.status == .mapped
        case .unmapped: return mapping.status == .unmapped
        case .skipped: return mapping.status == .skipped
        case .needsReview: return mapping.status == .needsReview
        }
    }

    var next: MappingShow {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// What a bulk action does to every account shown.
enum BulkAction: CaseIterable, Equatable {
    case skipShown, enableShown, clearShown

    var title: String {
        switch self {
        case .skipShown: return "Skip all shown"
        case .enableShown: return "Enable all shown"
        case .clearShown: return "Clear the customers of all shown"
        }
    }

    func apply(to mapping: inout AccountMapping) {
        switch self {
        case .skipShown: mapping.enabled = false
        case .enableShown: mapping.enabled = true
        case .clearShown:
            mapping.companyID = nil
            mapping.companyName = nil
            mapping.companyIsActive = nil
            mapping.method = nil
            mapping.confidence = nil
            mapping.appliedBy = nil
        }
    }
}
