/// A failure the admin can fix: printed as one line, exit status 1 (DESIGN §4).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
