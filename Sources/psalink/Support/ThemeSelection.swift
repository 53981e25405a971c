import Foundation
import TerminalUI

/// Which theme the wizard draws with, and what went wrong choosing it.
struct ThemeSelection {
    var theme: Theme
    /// Set when the requested theme could not be used and the default took its place.
    var problem: ThemeError?
    var usesColor: Bool

    /// `--theme` wins over `PSALINK_THEME`; `NO_COLOR` (set and not empty) forces the
    /// monochrome theme, whose attributes still show focus and selection.
    static func resolve(option: String?, environment: [String: String], folders: [String]) -> ThemeSelection {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return ThemeSelection(theme: .monochrome, problem: nil, usesColor: false)
        }
        let requested = option ?? environment["PSALINK_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        do {
            return ThemeSelection(
                theme: try ThemeLoader.load(requested, folders: folders), problem: nil, usesColor: true)
        } catch {
            return ThemeSelection(theme: .builtInDefault, problem: error, usesColor: true)
        }
    }

    /// Where theme files are looked for: the admin's own folder first, then the themes
    /// that ship with psalink (beside an installed binary, or in the source tree for a
    /// development build).
    static func folders(environment: [String: String], executablePath: String) -> [String] {
        var folders: [String] = []
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            folders.append(config + "/psalink/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            folders.append(home + "/.config/psalink/themes")
        }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(directory.appendingPathComponent("../share/psalink/themes").standardized.path)
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("Themes").path
            if FileManager.default.fileExists(atPath: candidate + "/default.json") {
                folders.append(candidate)
                break
            }
            directory.deleteLastPathComponent()
        }
        return folders
    }
}
