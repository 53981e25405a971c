import Foundation

/// The form of a user-chosen name under which uniqueness is decided: "Störungen", "STÖRUNGEN"
/// and "Sto\u{308}rungen" are one name.
///
/// It is computed here and stored in a `*_key` column, rather than left to SQLite's `NOCASE`,
/// because `NOCASE` folds ASCII letters only.
func nameKey(_ name: String) -> String {
    name.folding(options: [.caseInsensitive], locale: nil).precomposedStringWithCanonicalMapping
}
