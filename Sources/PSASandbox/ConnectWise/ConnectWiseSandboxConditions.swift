import Foundation

/// ConnectWise's `conditions` language, as far as psalink and the documents need it
/// (psa-apis.md §1.5): `field op value` with `= != < <= > >=`, `contains`, `like` (`%` and `_`
/// wildcards), `in (...)`, their `not` forms and a leading `not`; `and` binding tighter than
/// `or`; parentheses; keywords in any case. Values: strings in double or single quotes with
/// backslash escapes, numbers, `true`/`false`, `null` and `[datetime]`. Fields are paths such as
/// `company/id`. Strings compare without regard to case, as ConnectWise's SQL Server does.
indirect enum ConnectWiseSandboxCondition {
    case and(ConnectWiseSandboxCondition, ConnectWiseSandboxCondition)
    case or(ConnectWiseSandboxCondition, ConnectWiseSandboxCondition)
    case not(ConnectWiseSandboxCondition)
    case compare(field: [String], op: Operator, value: Literal)
    case within(field: [String], values: [Literal])

    enum Operator: String {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case contains
        case like
    }

    enum Literal: Equatable {
        case string(String)
        case number(Double)
        case boolean(Bool)
        case dateTime(String)
        case null

        var kind: String {
            switch self {
            case .string: "string"
            case .number: "numeric"
            case .boolean: "boolean"
            case .dateTime: "datetime"
            case .null: "null"
            }
        }
    }

    /// A condition string ConnectWise would refuse. `message` is what the sandbox answers with.
    struct Failure: Error, Equatable {
        var message: String
    }

    /// The explanation ConnectWise appends to a value it cannot read, quoted in the
    /// connectwise-rest README [CW10].
    static let valueHelp =
        "String values should be enclosed with double or single quotes; DateTime values should be enclosed in square"
        + " brackets; numbers should consist of only digits, and optionally a decimal point and a negation sign;"
        + " boolean values should be indicated with the keywords true or false; null values should be indicated by"
        + " the keyword null."

    static func parse(_ text: String) throws(Failure) -> ConnectWiseSandboxCondition {
        var parser = Parser(tokens: try tokenize(text))
        let condition = try parser.orExpression()
        if let extra = parser.peek {
            throw Failure(message: "Unexpected \(extra.shown) after a complete condition.")
        }
        return condition
    }

    /// Whether `record` (a JSON object) satisfies the condition. Throws when a value's type does
    /// not fit the field's ("Expected a boolean value, not a numeric. ...").
    func matches(_ record: [String: Any]) throws(Failure) -> Bool {
        switch self {
        case .and(let left, let right):
            guard try left.matches(record) else { return false }
            return try right.matches(record)
        case .or(let left, let right):
            if try left.matches(record) { return true }
            return try right.matches(record)
        case .not(let inner): return try !inner.matches(record)
        case .within(let field, let values):
            for value in values {
                if try Self.compare(record, field, .equal, value) { return true }
            }
            return false
        case .compare(let field, let op, let value):
            return try Self.compare(record, field, op, value)
        }
    }

    /// Every field path the condition names.
    var fields: [[String]] {
        switch self {
        case .and(let left, let right), .or(let left, let right): left.fields + right.fields
        case .not(let inner): inner.fields
        case .compare(let field, _, _), .within(let field, _): [field]
        }
    }

    // MARK: Evaluation

    private static func compare(_ record: [String: Any], _ field: [String], _ op: Operator, _ literal: Literal)
        throws(Failure) -> Bool
    {
        // A field inside an array matches when any element does; != when none equals.
        let negate = op == .notEqual
        for value in ConnectWiseSandboxJSON.values(at: field, in: record) {
            if try compare(value, negate ? .equal : op, literal) { return !negate }
        }
        return negate
    }

    private static func compare(_ value: Any?, _ op: Operator, _ literal: Literal) throws(Failure) -> Bool {
        if case .null = literal {
            guard op == .equal else { throw Failure(message: "null can only be compared with = or !=.") }
            return value == nil || value is NSNull
        }
        guard let value, !(value is NSNull) else { return false }
        switch value {
        case let flag as Bool:
            guard case .boolean(let wanted) = literal else { throw mismatch("boolean", literal) }
            guard op == .equal else { throw Failure(message: "Boolean fields can only be compared with = or !=.") }
            return flag == wanted
        case let number as Int:
            return try compareNumber(Double(number), op, literal)
        case let number as Double:
            return try compareNumber(number, op, literal)
        case let text as String:
            let wanted: String
            switch literal {
            case .string(let string): wanted = string
            case .dateTime(let date): wanted = date
            default: throw mismatch("string", literal)
            }
            return compareText(text, op, wanted)
        default:
            throw Failure(message: "This field cannot be used in conditions; use childConditions.")
        }
    }

    private static func compareNumber(_ number: Double, _ op: Operator, _ literal: Literal) throws(Failure) -> Bool {
        guard case .number(let wanted) = literal else { throw mismatch("numeric", literal) }
        switch op {
        case .equal: return number == wanted
        case .notEqual: return number != wanted
        case .less: return number < wanted
        case .lessOrEqual: return number <= wanted
        case .greater: return number > wanted
        case .greaterOrEqual: return number >= wanted
        case .contains, .like: throw Failure(message: "\(op.rawValue) can only be used with string fields.")
        }
    }

    private static func compareText(_ text: String, _ op: Operator, _ wanted: String) -> Bool {
        let order = text.compare(wanted, options: [.caseInsensitive])
        switch op {
        case .equal: return order == .orderedSame
        case .notEqual: return order != .orderedSame
        case .less: return order == .orderedAscending
        case .lessOrEqual: return order != .orderedDescending
        case .greater: return order == .orderedDescending
        case .greaterOrEqual: return order != .orderedAscending
        case .contains: return wanted.isEmpty || text.range(of: wanted, options: [.caseInsensitive]) != nil
        case .like: return like(Array(text.lowercased()), Array(wanted.lowercased()))
        }
    }

    /// SQL LIKE: `%` any run of characters, `_` exactly one.
    private static func like(_ text: [Character], _ pattern: [Character]) -> Bool {
        var matches = Array(repeating: false, count: text.count + 1)
        matches[0] = true
        for symbol in pattern {
            var next = Array(repeating: false, count: text.count + 1)
            if symbol == "%" {
                var seen = false
                for index in 0...text.count {
                    seen = seen || matches[index]
                    next[index] = seen
                }
            } else {
                for index in 0..<text.count where matches[index] && (symbol == "_" || text[index] == symbol) {
                    next[index + 1] = true
                }
            }
            matches = next
        }
        return matches[text.count]
    }

    private static func mismatch(_ expected: String, _ literal: Literal) -> Failure {
        Failure(message: "Expected a \(expected) value, not a \(literal.kind). \(valueHelp)")
    }

    // MARK: Tokens

    enum Token: Equatable {
        case word(String)
        case string(String)
        case number(String)
        case dateTime(String)
        case symbol(String)

        var shown: String {
            switch self {
            case .word(let word): "'\(word)'"
            case .string(let text): "the string \"\(text)\""
            case .number(let number): "the number \(number)"
            case .dateTime(let date): "[\(date)]"
            case .symbol(let symbol): "'\(symbol)'"
            }
        }

        func isKeyword(_ keyword: String) -> Bool {
            if case .word(let word) = self { return word.lowercased() == keyword }
            return false
        }
    }

    static func tokenize(_ text: String) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        func isWordCharacter(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_" || character == "/" || character == "."
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "\"" || character == "'" {
                let start = index
                var value = ""
                index += 1
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    if next == "\\", index + 1 < characters.count {
                        value.append(characters[index + 1])
                        index += 2
                    } else if next == character {
                        closed = true
                        index += 1
                        break
                    } else {
                        value.append(next)
                        index += 1
                    }
                }
                guard closed else {
                    throw Failure(
                        message: "The string value starting at position \(start + 1) is not closed. \(valueHelp)")
                }
                tokens.append(.string(value))
            } else if character == "[" {
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw Failure(
                        message: "The DateTime value starting at position \(index + 1) is not closed. \(valueHelp)")
                }
                tokens.append(.dateTime(String(characters[(index + 1)..<close])))
                index = close + 1
            } else if character.isNumber
                || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber)
            {
                var end = index + 1
                while end < characters.count, characters[end].isNumber || characters[end] == "." { end += 1 }
                let number = String(characters[index..<end])
                if end < characters.count, isWordCharacter(characters[end]) || Double(number) == nil {
                    throw Failure(message: "The value at position \(index + 1) is not a number. \(valueHelp)")
                }
                tokens.append(.number(number))
                index = end
            } else if isWordCharacter(character) {
                var end = index + 1
                while end < characters.count, isWordCharacter(characters[end]) { end += 1 }
                tokens.append(.word(String(characters[index..<end])))
                index = end
            } else if "()<>=!,".contains(character) {
                let pair = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                if ["<=", ">=", "!=", "<>"].contains(pair) {
                    tokens.append(.symbol(pair == "<>" ? "!=" : pair))
                    index += 2
                } else if character == "!" {
                    throw Failure(message: "Unexpected '!' at position \(index + 1).")
                } else {
                    tokens.append(.symbol(String(character)))
                    index += 1
                }
            } else {
                throw Failure(message: "Unexpected '\(character)' at position \(index + 1). \(valueHelp)")
            }
        }
        return tokens
    }

    // MARK: Grammar

    private struct Parser {
        var tokens: [Token]
        var position = 0

        var peek: Token? { position < tokens.count ? tokens[position] : nil }

        mutating func take() -> Token? {
            defer { position += 1 }
            return peek
        }

        mutating func orExpression() throws(Failure) -> ConnectWiseSandboxCondition {
            var condition = try andExpression()
            while peek?.isKeyword("or") == true {
                position += 1
                condition = .or(condition, try andExpression())
            }
            return condition
        }

        mutating func andExpression() throws(Failure) -> ConnectWiseSandboxCondition {
            var condition = try unary()
            while peek?.isKeyword("and") == true {
                position += 1
                condition = .and(condition, try unary())
            }
            return condition
        }

        mutating func unary() throws(Failure) -> ConnectWiseSandboxCondition {
            if peek?.isKeyword("not") == true {
                position += 1
                return .not(try unary())
            }
            if peek == .symbol("(") {
                position += 1
                let inner = try orExpression()
                guard take() == .symbol(")") else { throw Failure(message: "A '(' is not closed.") }
                return inner
            }
            return try comparison()
        }

        mutating func comparison() throws(Failure) -> ConnectWiseSandboxCondition {
            guard case .word(let name)? = take(), !Self.keywords.contains(name.lowercased()),
                name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty })
            else {
                throw Failure(message: "Expected a field name at the start of a condition.")
            }
            let field = name.split(separator: "/").map(String.init)
            var negated = false
            if peek?.isKeyword("not") == true {
                negated = true
                position += 1
            }
            let condition: ConnectWiseSandboxCondition
            switch take() {
            case .symbol(let symbol) where !negated && ["=", "!=", "<", "<=", ">", ">="].contains(symbol):
                condition = .compare(field: field, op: Operator(rawValue: symbol)!, value: try literal(after: symbol))
            case let word? where word.isKeyword("contains") || word.isKeyword("like"):
                let op: Operator = word.isKeyword("contains") ? .contains : .like
                let value = try literal(after: op.rawValue)
                guard case .string = value else {
                    throw Failure(message: "Expected a string value, not a \(value.kind). \(valueHelp)")
                }
                condition = .compare(field: field, op: op, value: value)
            case let word? where word.isKeyword("in"):
                condition = .within(field: field, values: try list())
            default:
                throw Failure(message: "Expected an operator (=, !=, <, <=, >, >=, contains, like, in) after \(name).")
            }
            return negated ? .not(condition) : condition
        }

        mutating func list() throws(Failure) -> [Literal] {
            guard take() == .symbol("(") else { throw Failure(message: "Expected '(' after in.") }
            var values = [try literal(after: "in")]
            while peek == .symbol(",") {
                position += 1
                values.append(try literal(after: ","))
            }
            guard take() == .symbol(")") else { throw Failure(message: "Expected ')' to close the in list.") }
            return values
        }

        mutating func literal(after op: String) throws(Failure) -> Literal {
            switch take() {
            case .string(let text)?: return .string(text)
            case .number(let number)?: return .number(Double(number) ?? 0)
            case .dateTime(let date)?: return .dateTime(date)
            case .word(let word)? where word.lowercased() == "true": return .boolean(true)
            case .word(let word)? where word.lowercased() == "false": return .boolean(false)
            case .word(let word)? where word.lowercased() == "null": return .null
            case let token?:
                throw Failure(message: "Expected a value after \(op), not \(token.shown). \(valueHelp)")
            case nil:
                throw Failure(message: "Expected a value after \(op). \(valueHelp)")
            }
        }

        static let keywords: Set<String> = ["and", "or", "not", "contains", "like", "in", "true", "false", "null"]
    }
}

/// Reading JSON objects built with `[String: Any]`, by ConnectWise field paths.
enum ConnectWiseSandboxJSON {
    /// The values at `path` (`company/id`); an array on the way gives one value per element.
    /// Names match without regard to case. A missing field gives `[nil]`.
    static func values(at path: [String], in object: Any?) -> [Any?] {
        guard let name = path.first else { return [object] }
        if let array = object as? [Any] {
            let found = array.flatMap { values(at: path, in: $0) }
            return found.isEmpty ? [nil] : found
        }
        guard let dictionary = object as? [String: Any] else { return [nil] }
        let value = dictionary[name] ?? dictionary.first { $0.key.lowercased() == name.lowercased() }?.value
        return values(at: Array(path.dropFirst()), in: value)
    }

    /// Whether `keys` holds the field `name`, in any case.
    static func hasField(_ name: String, in keys: Set<String>) -> Bool {
        keys.contains(name) || keys.contains { $0.lowercased() == name.lowercased() }
    }
}
