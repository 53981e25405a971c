import Foundation

/// Finds and reads theme files.
///
/// A theme is chosen by name (a file `NAME.json` in a themes folder) or by path. Roles a
/// file leaves out take the `normal` style, so a theme only has to say what it changes.
public enum ThemeLoader {
    /// Loads `nameOrPath`: a path when it contains "/" or ends in ".json", else a name
    /// looked up in `folders` in order.
    public static func load(_ nameOrPath: String, folders: [String]) throws(ThemeError) -> Theme {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
        if isPath { return try load(path: nameOrPath) }
        for folder in folders {
            let path = folder + "/" + nameOrPath + ".json"
            if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        }
        if nameOrPath == Theme.builtInDefault.name { return .builtInDefault }
        if nameOrPath == Theme.monochrome.name { return .monochrome }
        let known = availableNames(in: folders)
        throw .unknownTheme(name: nameOrPath, available: known)
    }

    public static func load(path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path)
        }
        return try parse(data, path: path)
    }

    /// Theme names (file names without ".json") found in `folders`, sorted.
    public static func availableNames(in folders: [String]) -> [String] {
        let names = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".json") }
                .map { String($0.dropLast(5)) }
        }
        return Array(Set(names)).sorted()
    }

    public static func parse(_ data: Data, path: String) throws(ThemeError) -> Theme {
        let source = String(decoding: data, as: UTF8.self)
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "not valid JSON"
            throw .malformed(
                path: path, line: JSONSourceLocator.line(forErrorDetail: detail, in: source),
                field: nil, reason: detail)
        }
        let locate = { (path: [String]) in JSONSourceLocator.line(ofKeyPath: path, in: source) }
        func fail(_ field: [String], _ reason: String) -> ThemeError {
            .malformed(path: path, line: locate(field), field: field.joined(separator: "."), reason: reason)
        }

        guard let object = root as? [String: Any] else { throw fail([], "the top level must be an object") }
        let name = (object["name"] as? String) ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard let roles = object["roles"] as? [String: Any] else {
            throw fail(object["roles"] == nil ? [] : ["roles"], "expected \"roles\": an object mapping roles to styles")
        }
        var styles: [Role: Style] = [:]
        for (roleName, value) in roles {
            guard let role = Role(rawValue: roleName) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(["roles", roleName], "unknown role; roles are \(known)")
            }
            guard let fields = value as? [String: Any] else {
                throw fail(["roles", roleName], "expected an object with fg, bg and style")
            }
            styles[role] = try style(from: fields) { field, reason in fail(["roles", roleName, field], reason) }
        }
        let normal = styles[.normal] ?? Style()
        for role in Role.allCases where styles[role] == nil { styles[role] = normal }
        return Theme(name: name, styles: styles)
    }

    private static func style(from fields: [String: Any], fail: (String, String) -> ThemeError) throws(ThemeError)
        -> Style
    {
        var style = Style()
        for (key, value) in fields {
            switch key {
            case "fg", "bg":
                let text = (value as? String) ?? (value as? NSNumber).map { "\($0)" }
                guard let text, let color = TerminalColor(name: text) else {
                    throw fail(
                        key,
                        "unknown color \(String(describing: value)) (use default, a name such as red or bright-red, or 0-255)"
                    )
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "style":
                let names = (value as? [String]) ?? (value as? String).map { [$0] }
                guard let names else { throw fail(key, "expected a list such as [\"bold\", \"reverse\"]") }
                for name in names {
                    guard let attribute = TextAttribute(rawValue: name) else {
                        let known = TextAttribute.allCases.map(\.rawValue).joined(separator: ", ")
                        throw fail(key, "unknown style \"\(name)\"; styles are \(known)")
                    }
                    style.attributes.insert(attribute)
                }
            default:
                throw fail(key, "unknown field; a role has fg, bg and style")
            }
        }
        return style
    }
}

/// Why a theme could not be used. The description is one line that names the file,
/// the line and the field.
public enum ThemeError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case unknownTheme(name: String, available: [String])
    case malformed(path: String, line: Int, field: String?, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            return "theme \(path): cannot read the file"
        case .unknownTheme(let name, let available):
            let list = available.isEmpty ? "none found" : available.joined(separator: ", ")
            return "theme \"\(name)\" not found (available: \(list))"
        case .malformed(let path, let line, let field, let reason):
            let place = field.map { ", field \($0)" } ?? ""
            return "theme \(path):\(line)\(place): \(reason)"
        }
    }
}
