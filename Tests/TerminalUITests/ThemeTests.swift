import Foundation
import Testing

@testable import TerminalUI

@Suite struct ThemeTests {
    static let themesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    func parse(_ json: String) throws(ThemeError) -> Theme {
        try ThemeLoader.parse(Data(json.utf8), path: "/themes/test.json")
    }

    @Test(arguments: ["default", "high-contrast", "monochrome"])
    func shippedThemesLoad(name: String) throws {
        let theme = try ThemeLoader.load(name, folders: [Self.themesFolder])
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(Role.allCases))
    }

    @Test func shippedFilesMatchTheBuiltInFallbacks() throws {
        #expect(try ThemeLoader.load("default", folders: [Self.themesFolder]) == .builtInDefault)
        #expect(try ThemeLoader.load("monochrome", folders: [Self.themesFolder]) == .monochrome)
    }

    @Test func everyRoleIsDistinguishableInMonochrome() {
        let focus = Theme.monochrome.style(for: .focus)
        #expect(focus.attributes.contains(.reverse))
        #expect(focus.foreground == .default && focus.background == .default)
        #expect(Theme.monochrome.style(for: .selection) != Theme.monochrome.style(for: .normal))
    }

    @Test func missingRolesTakeTheNormalStyle() throws {
        let theme = try parse(#"{"roles": {"normal": {"fg": "white", "bg": "blue"}, "focus": {"style": "reverse"}}}"#)
        #expect(theme.style(for: .error) == Style(foreground: .white, background: .blue))
        #expect(theme.style(for: .focus) == Style(attributes: [.reverse]))
        #expect(theme.name == "test")
    }

    @Test func colorNamesAndIndexes() {
        #expect(TerminalColor(name: "bright-red") == .indexed(9))
        #expect(TerminalColor(name: "244") == .indexed(244))
        #expect(TerminalColor(name: "DEFAULT") == .default)
        #expect(TerminalColor(name: "256") == nil)
        #expect(TerminalColor(name: "purple") == nil)
    }

    @Test func badColorNamesFileLineAndField() {
        let json = """
            {
              "roles": {
                "normal": { "fg": "default" },
                "focus": { "fg": "purple" }
              }
            }
            """
        #expect(throws: ThemeError.self) { try parse(json) }
        do {
            _ = try parse(json)
        } catch {
            guard case .malformed(let path, let line, let field, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == "/themes/test.json")
            #expect(line == 4)
            #expect(field == "roles.focus.fg")
            #expect(error.description.hasPrefix("theme /themes/test.json:4, field roles.focus.fg: unknown color"))
        }
    }

    @Test func unknownRoleAndStyleAreNamed() {
        #expect(throws: ThemeError.self) { try parse(#"{"roles": {"sparkle": {}}}"#) }
        do {
            _ = try parse("{\n\"roles\": {\n\"hot\": {\"style\": [\"blink\"]}}}")
        } catch {
            guard case .malformed(_, let line, let field, let reason) = error else { return }
            #expect(line == 3)
            #expect(field == "roles.hot.style")
            #expect(reason.contains("blink"))
        }
    }

    @Test func syntaxErrorNamesTheLine() {
        do {
            _ = try parse("{\n  \"roles\": {\n    \"hot\": { \"fg\": red }\n  }\n}")
            Issue.record("expected an error")
        } catch {
            guard case .malformed(_, let line, let field, _) = error else { return }
            #expect(line == 3)
            #expect(field == nil)
        }
    }

    @Test func unknownThemeListsAvailableOnes() {
        #expect(throws: ThemeError.unknownTheme(name: "neon", available: ["default", "high-contrast", "monochrome"])) {
            try ThemeLoader.load("neon", folders: [Self.themesFolder])
        }
    }
}
