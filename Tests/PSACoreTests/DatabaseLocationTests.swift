import Testing

@testable import PSACore

@Suite struct DatabaseLocationTests {
    let everything = [
        "PSALINK_DB": "/env/psalink.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/admin",
    ]

    @Test func argumentWinsOverEverything() throws {
        #expect(try DatabaseLocation.resolve(argument: "/arg.sqlite", environment: everything) == "/arg.sqlite")
    }

    @Test func environmentVariableWinsOverXDGAndHome() throws {
        #expect(try DatabaseLocation.resolve(argument: nil, environment: everything) == "/env/psalink.sqlite")
    }

    @Test func xdgDataHomeWinsOverHome() throws {
        let environment = ["XDG_DATA_HOME": "/xdg/", "HOME": "/home/admin"]
        #expect(try DatabaseLocation.resolve(argument: nil, environment: environment) == "/xdg/psalink/psalink.sqlite")
    }

    @Test func homeIsTheLastResort() throws {
        #expect(
            try DatabaseLocation.resolve(argument: nil, environment: ["HOME": "/home/admin"])
                == "/home/admin/.local/share/psalink/psalink.sqlite")
    }

    @Test func emptyAndRelativeVariablesCountAsUnset() throws {
        let environment = ["PSALINK_DB": "", "XDG_DATA_HOME": "relative/data", "HOME": "/home/admin"]
        #expect(
            try DatabaseLocation.resolve(argument: nil, environment: environment)
                == "/home/admin/.local/share/psalink/psalink.sqlite")
    }

    @Test func emptyArgumentIsAnErrorNotTheDefault() {
        #expect(throws: StoreError.emptyPath) {
            try DatabaseLocation.resolve(argument: "", environment: everything)
        }
    }

    @Test func noHomeAndNothingElseIsAnError() {
        #expect {
            try DatabaseLocation.resolve(argument: nil, environment: [:])
        } throws: { error in
            guard case .noLocation = error as? StoreError else { return false }
            return "\(error)".contains(DatabaseLocation.environmentVariable)
        }
    }
}
