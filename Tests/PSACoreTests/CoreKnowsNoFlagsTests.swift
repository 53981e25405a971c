import Foundation
import Testing

/// PSACore knows no command line (DESIGN §2): its errors carry typed fields, and each front end
/// words them. No string literal in its sources may name a flag such as `--db`.
@Suite struct CoreKnowsNoFlagsTests {
    @Test func noStringLiteralInPSACoreNamesAFlag() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/PSACore").standardizedFileURL
        let files = try swiftFiles(under: sources)
        #expect(files.count > 50, "PSACore's sources were not found under \(sources.path)")
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for literal in StringLiterals.scan(text) where Self.namesFlag(literal.text) {
                let path = file.path.replacingOccurrences(of: sources.path + "/", with: "")
                offenders.append("\(path):\(literal.line): \(String(reflecting: literal.text))")
            }
        }
        #expect(
            offenders.isEmpty,
            "PSACore names flags; give the error a typed field instead:\n\(offenders.joined(separator: "\n"))")
    }

    @Test func theScanFindsFlagsInLiteralsAndIgnoresComments() {
        let source = #"""
            // "--db" in a comment is fine
            /* and "--db" in /* a nested */ block comment */
            let a = "pass --db PATH"
            let b = "\(count) items"
            let c = "x \(f("--inner")) y"
            let d = #"raw --raw-flag"#
            let e = """
                many
                lines --multi
                """
            let f = "https://x" // "--after-code"
            let g = "a minus sign: -- 1"
            """#
        let flagged = StringLiterals.scan(source).filter { Self.namesFlag($0.text) }
        #expect(flagged.map(\.line) == [3, 5, 6, 7])
        #expect(flagged.map(\.text).contains("--inner"))
    }

    static func namesFlag(_ text: String) -> Bool {
        text.range(of: #"--[A-Za-z]"#, options: .regularExpression) != nil
    }

    private func swiftFiles(under folder: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }
}

/// The string literals of Swift source: their text (interpolations left out, a literal inside an
/// interpolation reported on its own) and the line each starts on. Comments are skipped.
enum StringLiterals {
    struct Literal: Equatable {
        var line: Int
        var text: String
    }

    static func scan(_ source: String) -> [Literal] {
        var scanner = Scanner(characters: Array(source))
        scanner.code(untilClosingParenthesis: false)
        return scanner.literals
    }

    private struct Scanner {
        let characters: [Character]
        var index = 0
        var line = 1
        var literals: [Literal] = []

        init(characters: [Character]) { self.characters = characters }

        func peek(_ offset: Int = 0) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        func starts(with text: String) -> Bool {
            for (offset, character) in text.enumerated() where peek(offset) != character { return false }
            return true
        }

        mutating func advance(_ count: Int = 1) {
            for _ in 0..<count where index < characters.count {
                if characters[index].isNewline { line += 1 }
                index += 1
            }
        }

        /// Code up to the end, or up to the `)` that closes an interpolation.
        mutating func code(untilClosingParenthesis: Bool) {
            var depth = 0
            while let character = peek() {
                if starts(with: "//") {
                    while let next = peek(), !next.isNewline { advance() }
                } else if starts(with: "/*") {
                    blockComment()
                } else if character == "#" || character == "\"" {
                    var hashes = 0
                    while peek(hashes) == "#" { hashes += 1 }
                    if peek(hashes) == "\"" {
                        advance(hashes)
                        literal(hashes: hashes)
                    } else {
                        advance(max(hashes, 1))
                    }
                } else if character == "(" {
                    depth += 1
                    advance()
                } else if character == ")" {
                    advance()
                    if depth == 0 && untilClosingParenthesis { return }
                    depth -= 1
                } else {
                    advance()
                }
            }
        }

        mutating func blockComment() {
            var depth = 0
            while peek() != nil {
                if starts(with: "/*") {
                    depth += 1
                    advance(2)
                } else if starts(with: "*/") {
                    depth -= 1
                    advance(2)
                    if depth == 0 { return }
                } else {
                    advance()
                }
            }
        }

        /// From the opening quote(s) of a literal with `hashes` raw delimiters already passed.
        mutating func literal(hashes: Int) {
            let delimiter = String(repeating: "#", count: hashes)
            let isMultiline = starts(with: "\"\"\"")
            let quote = isMultiline ? "\"\"\"" : "\""
            advance(quote.count)
            let start = line
            var text = ""
            while let character = peek() {
                if starts(with: quote + delimiter) {
                    advance(quote.count + hashes)
                    break
                }
                if starts(with: "\\" + delimiter) {
                    advance(1 + hashes)
                    if peek() == "(" {
                        advance()
                        code(untilClosingParenthesis: true)
                    } else if let escaped = peek() {
                        text.append("\\")
                        text.append(escaped)
                        advance()
                    }
                    continue
                }
                if character.isNewline && !isMultiline { break }
                text.append(character)
                advance()
            }
            literals.append(Literal(line: start, text: text))
        }
    }
}
