import Foundation

/// Where the database lives when the user has not said otherwise (DESIGN §2).
public enum DatabaseLocation {
    public static let environmentVariable = "PSALINK_DB"

    /// The database path: `--db PATH`, else `PSALINK_DB`, else `$XDG_DATA_HOME/psalink/`, else
    /// `$HOME/.local/share/psalink/`.
    ///
    /// An empty `PSALINK_DB` or `XDG_DATA_HOME` counts as unset, as shells make it easy to export
    /// an empty variable by accident; a relative `XDG_DATA_HOME` is ignored, as the XDG Base
    /// Directory specification requires. An empty `--db` is an error rather than "use the
    /// default": `--db "$UNSET_VARIABLE"` in a script must not quietly reach the real database.
    public static func resolve(argument: String?, environment: [String: String]) throws(StoreError)
        -> String
    {
        if let argument {
            guard !argument.isEmpty else { throw .emptyPath }
            return argument
        }
        if let path = environment[environmentVariable], !path.isEmpty {
            return path
        }
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return join(dataHome, "psalink/psalink.sqlite")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return join(home, ".local/share/psalink/psalink.sqlite")
        }
        throw .noLocation(reason: "neither \(environmentVariable), XDG_DATA_HOME nor HOME is set")
    }

    private static func join(_ folder: String, _ relativePath: String) -> String {
        folder.hasSuffix("/") ? folder + relativePath : folder + "/" + relativePath
    }
}
