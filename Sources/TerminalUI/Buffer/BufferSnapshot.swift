/// A buffer as text a test can compare whole and a reader can see: each row's text, and
/// under it the row's roles, one letter per cell.
///
/// | letter | role | letter | role |
/// | --- | --- | --- | --- |
/// | `.` | normal | `O` | ok |
/// | `F` | focus | `W` | warning |
/// | `H` | hot | `T` | header |
/// | `D` | disabled | `S` | selection |
/// | `E` | error | | |
extension Role {
    public var letter: Character {
        switch self {
        case .normal: return "."
        case .focus: return "F"
        case .hot: return "H"
        case .disabled: return "D"
        case .error: return "E"
        case .ok: return "O"
        case .warning: return "W"
        case .header: return "T"
        case .selection: return "S"
        }
    }
}

extension ScreenBuffer {
    /// The text of each row of `area`, the right halves of wide glyphs left out, as in `lines`.
    public func lines(in area: Rect) -> [String] {
        let area = area.intersection(bounds)
        return (area.y..<area.maxY).map { y in
            var text = ""
            for x in area.x..<area.maxX { text += self[x, y].text }
            return text
        }
    }

    /// The roles of each row as `Role.letter`s, one per cell: a wide glyph has two, so that
    /// the letters stand under the columns they color.
    public var roleLines: [String] { roleLines(in: bounds) }

    /// `roleLines` of the rows of `area`.
    public func roleLines(in area: Rect) -> [String] {
        let area = area.intersection(bounds)
        return (area.y..<area.maxY).map { y in String((area.x..<area.maxX).map { self[$0, y].role.letter }) }
    }

    /// Each row of `area` as its text, then its role letters on the line below.
    public func snapshot(of area: Rect? = nil) -> String {
        let area = area ?? bounds
        return zip(lines(in: area), roleLines(in: area)).map { "\($0)\n\($1)" }.joined(separator: "\n")
    }

    /// nil when the rows of `area` (the whole buffer by default) show `lines`, in `roles` when
    /// given; otherwise what differs, row by row, then the whole area as drawn.
    ///
    /// An expected line shorter than the row stands for the same line padded with spaces, and
    /// a shorter role line for the same padded with "." (normal), so a test need not spell
    /// out the blank end of each row; the padding is compared like the rest.
    public func mismatch(lines expected: [String], roles expectedRoles: [String]? = nil, in area: Rect? = nil)
        -> String?
    {
        let area = (area ?? bounds).intersection(bounds)
        let actual = lines(in: area)
        let actualRoles = roleLines(in: area)
        var problems: [String] = []
        if expected.count != actual.count {
            problems.append("expected \(expected.count) lines, the area has \(actual.count) rows")
        }
        if let expectedRoles, expectedRoles.count != actual.count {
            problems.append("expected \(expectedRoles.count) role lines, the area has \(actual.count) rows")
        }
        for row in actual.indices {
            let wantedText = expected.indices.contains(row) ? Self.padded(expected[row], to: area.width) : nil
            let wantedRoles = expectedRoles.map { roles in
                roles.indices.contains(row) ? Self.paddedRoles(roles[row], to: area.width) : nil
            }
            let textDiffers = wantedText.map { $0 != actual[row] } ?? false
            let rolesDiffer = wantedRoles.map { $0.map { $0 != actualRoles[row] } ?? false } ?? false
            guard textDiffers || rolesDiffer else { continue }
            var lines = ["row \(row):"]
            lines.append("  expected  \(Self.quoted(wantedText ?? actual[row]))")
            if let wanted = wantedRoles ?? nil { lines.append("            \(Self.quoted(wanted))") }
            lines.append("  drawn     \(Self.quoted(actual[row]))")
            lines.append("            \(Self.quoted(actualRoles[row]))")
            problems.append(lines.joined(separator: "\n"))
        }
        guard !problems.isEmpty else { return nil }
        let picture = zip(actual, actualRoles).map { "  \(Self.quoted($0))\n  \(Self.quoted($1))" }
        return (problems + ["drawn, each row's text over its roles:"] + picture).joined(separator: "\n")
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.columns(of: text)))
    }

    private static func paddedRoles(_ letters: String, to width: Int) -> String {
        letters + String(repeating: Role.normal.letter, count: max(0, width - letters.count))
    }

    /// Between bars, so that trailing spaces show.
    private static func quoted(_ text: String) -> String { "|" + text + "|" }
}
