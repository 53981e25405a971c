import Foundation
import GRDB
import Testing

@testable import PSACore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SecretsAtRestTests {
    private let secrets = [
        "privateKey": "cw-private-Q7xZr2Lm9Vb4", "publicKey": "cw-public-Hn5Tk8Wd",
        "clientId": "cw-client-3Pq",
    ]
    private let nerdioSecret = "nerdio-secret-Jy6Rf1Xa0Oe"
    // The values of `Credentials.secretFieldNames`; a public key or client id is not one.
    private var everySecret: [String] { [secrets["privateKey"]!, nerdioSecret] }

    private func database(in folder: String) -> String { folder + "/data/psalink.sqlite" }

    private func addSecrets(to store: Store) throws {
        try store.insert(NewIntegration(system: .connectwise, displayName: "CW"), credentials: secrets)
        try store.saveNerdioSync(
            NerdioSyncSettings(
                url: "https://nerdio.example", tenant: "t", clientID: "c", clientSecret: Secret(nerdioSecret),
                scope: "api://x/.default"), result: "ok")
    }

    /// The bytes of the database file and whatever write-ahead log it has.
    private func filesOf(_ path: String) throws -> [Data] {
        try [path, path + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }.map { try contents(of: $0) }
    }

    private func expectNoSecret(in path: String, _ values: [String]) throws {
        for data in try filesOf(path) {
            for value in values {
                #expect(data.range(of: Data(value.utf8)) == nil, "a secret is readable in the database files")
            }
        }
    }

    private func writeKey(_ bytes: Data, to path: String, mode: mode_t = 0o600) throws {
        try Data((bytes.base64EncodedString() + "\n").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
    }

    @Test func secretsAreSealedWithAKeyCreatedBesideTheDatabase() throws {
        try withTemporaryFolder { folder in
            let path = database(in: folder)
            let store = try Store.open(at: path, environment: [:])
            try addSecrets(to: store)

            let keyPath = folder + "/data/psalink.key"
            #expect(store.secretKeyLocation == SecretKeyLocation(path: keyPath, origin: .besideDatabase))
            #expect(try permissions(of: keyPath) == 0o600)
            #expect(try store.credentials(forIntegration: 1) == secrets)
            #expect(try store.nerdioSync()?.settings?.clientSecret.reveal() == nerdioSecret)
            #expect(try store.secretsKeyID() == (try SecretKey.load(from: keyPath)).id)
            try expectNoSecret(in: path, everySecret)
        }
    }

    @Test func aStoreWithoutSecretsCreatesNoKey() throws {
        try withTemporaryFolder { folder in
            let store = try Store.open(at: database(in: folder), environment: [:])
            _ = try store.integrations()
            #expect(!FileManager.default.fileExists(atPath: folder + "/data/psalink.key"))
        }
    }

    @Test func clearSecretsOfAnOlderDatabaseAreSealedOnOpenLeavingNoCopy() throws {
        try withTemporaryFolder { folder in
            let path = database(in: folder)
            do {
                let store = try Store.open(at: path, environment: [:])
                try addSecrets(to: store)
            }
            // As an older psalink kept them: in clear, rewritten once so that the file's free
            // space and the log hold older copies too.
            let keyPath = folder + "/data/psalink.key"
            try FileManager.default.removeItem(atPath: keyPath)
            do {
                // SQLite builds differ in whether they zero deleted content (Debian's does).
                var configuration = Configuration()
                configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = OFF") }
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                let clear = try JSONEncoder().encode(secrets)
                let nerdio = try JSONEncoder().encode([
                    "url": "https://n", "tenant": "t", "clientId": "c",
                    "clientSecret": nerdioSecret, "scope": "s",
                ])
                for _ in 0..<2 {
                    try queue.write { db in
                        try db.execute(sql: "UPDATE integration SET credentials = ?", arguments: [clear])
                        try db.execute(sql: "UPDATE nerdio_sync SET fields = ?", arguments: [nerdio])
                    }
                }
                // A table rebuild by an older migration leaves the old copy in free pages.
                try queue.write { db in
                    try db.execute(sql: "CREATE TABLE integration_old AS SELECT * FROM integration")
                    try db.execute(sql: "DROP TABLE integration_old")
                }
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            }
            #expect(try filesOf(path).contains { $0.range(of: Data(secrets["privateKey"]!.utf8)) != nil })

            let store = try Store.open(at: path, environment: [:])
            #expect(try store.credentials(forIntegration: 1) == secrets)
            #expect(try store.nerdioSync()?.settings?.clientSecret.reveal() == nerdioSecret)
            #expect(FileManager.default.fileExists(atPath: keyPath))
            try expectNoSecret(in: path, everySecret)
        }
    }

    @Test func aDatabaseSealedWithAnotherKeyIsRefusedAndLeftUnchanged() throws {
        try withTemporaryFolder { folder in
            let path = database(in: folder)
            try addSecrets(to: try Store.open(at: path, environment: [:]))
            let other = folder + "/other.key"
            try writeKey(Data(repeating: 7, count: 32), to: other)
            let before = try filesOf(path)

            #expect {
                try Store.open(at: path, environment: ["PSALINK_KEY_FILE": other])
            } throws: { error in
                guard case .secretsKey(.wrongKey(let keyPath, _, _)) = error as? StoreError else { return false }
                return keyPath == other && (error as! StoreError).description.contains("another key")
            }
            #expect(try filesOf(path) == before)
        }
    }

    @Test func aMissingKeyIsNamedAndNoNewKeyIsMade() throws {
        try withTemporaryFolder { folder in
            let path = database(in: folder)
            try addSecrets(to: try Store.open(at: path, environment: [:]))
            let keyPath = folder + "/data/psalink.key"
            try FileManager.default.moveItem(atPath: keyPath, toPath: folder + "/kept.key")
            let before = try filesOf(path)

            #expect(throws: StoreError.self) { try Store.open(at: path, environment: [:]) }
            do {
                _ = try Store.open(at: path, environment: [:])
            } catch let error as StoreError {
                guard case .secretsKey(.sealedWithoutKey(let named, _)) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(named == keyPath)
            }
            #expect(!FileManager.default.fileExists(atPath: keyPath))
            #expect(try filesOf(path) == before)

            // The key kept elsewhere and named by PSALINK_KEY_FILE opens it.
            let store = try Store.open(at: path, environment: ["PSALINK_KEY_FILE": folder + "/kept.key"])
            #expect(try store.credentials(forIntegration: 1) == secrets)
        }
    }

    @Test(arguments: [("too open", 0o644), ("malformed", 0o600)])
    func anUnusableKeyFileIsRefused(problem: String, mode: Int) throws {
        try withTemporaryFolder { folder in
            let path = database(in: folder)
            try addSecrets(to: try Store.open(at: path, environment: [:]))
            let keyPath = folder + "/data/psalink.key"
            if problem == "malformed" {
                try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: keyPath))
            }
            chmod(keyPath, mode_t(mode))
            let before = try filesOf(path)

            do {
                _ = try Store.open(at: path, environment: [:])
                Issue.record("a \(problem) key file was accepted")
            } catch let error as StoreError {
                switch error {
                case .secretsKey(.tooOpen(let named, _)) where problem == "too open": #expect(named == keyPath)
                case .secretsKey(.malformed(let named)) where problem == "malformed": #expect(named == keyPath)
                default: Issue.record("unexpected \(error)")
                }
            }
            #expect(try filesOf(path) == before)
        }
    }

    @Test func theKeyIsLookedForInTheEnvironmentThenSystemdThenBesideTheDatabase() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/psalink.sqlite"
            let credentials = folder + "/credentials"
            try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: false)

            let beside = SecretKeyLocation.resolve(
                databasePath: path, environment: ["CREDENTIALS_DIRECTORY": credentials])
            #expect(beside == SecretKeyLocation(path: folder + "/psalink.key", origin: .besideDatabase))

            // systemd's credential, given to the service user by an ACL: stat shows 0440.
            try writeKey(Data(repeating: 1, count: 32), to: credentials + "/key", mode: 0o440)
            let systemd = SecretKeyLocation.resolve(
                databasePath: path, environment: ["CREDENTIALS_DIRECTORY": credentials])
            #expect(systemd == SecretKeyLocation(path: credentials + "/key", origin: .systemdCredential))
            #expect(!systemd.mayCreate)

            let named = SecretKeyLocation.resolve(
                databasePath: path, environment: ["CREDENTIALS_DIRECTORY": credentials, "PSALINK_KEY_FILE": "/k/x.key"])
            #expect(named == SecretKeyLocation(path: "/k/x.key", origin: .environment))

            let store = try Store.open(at: path, environment: ["CREDENTIALS_DIRECTORY": credentials])
            try addSecrets(to: store)
            #expect(try store.secretsKeyID() == SecretKey(bytes: Data(repeating: 1, count: 32)).id)
            #expect(!FileManager.default.fileExists(atPath: folder + "/psalink.key"))
        }
    }

    @Test func aSealedValueOpensOnlyWithItsKeyAndInItsColumn() throws {
        let key = SecretKey(bytes: Data(repeating: 3, count: 32))
        let sealed = try SealedSecret.seal(Data("s3cret".utf8), with: key, context: "integration.credentials")
        #expect(SealedSecret.keyID(of: sealed) == key.id)
        #expect(try SealedSecret.open(sealed, with: key, context: "integration.credentials") == Data("s3cret".utf8))
        #expect(throws: (any Error).self) { try SealedSecret.open(sealed, with: key, context: "nerdio_sync.fields") }
        let other = SecretKey(bytes: Data(repeating: 4, count: 32))
        #expect(throws: (any Error).self) {
            try SealedSecret.open(sealed, with: other, context: "integration.credentials")
        }
        #expect(sealed.range(of: Data("s3cret".utf8)) == nil)
    }
}
