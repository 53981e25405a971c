import ArgumentParser

/// Options every psalink command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite database to use (env: PSALINK_DB).", valueName: "path"))
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A theme name from the themes folder, or the path of a theme file (env: PSALINK_THEME).",
            valueName: "name|path"))
    var theme: String?
}
