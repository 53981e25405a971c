import GRDB

extension Store {
    /// `PRAGMA integrity_check`: "ok" alone, or up to 100 lines describing the damage. It reads
    /// the whole file, which is why only `doctor` runs it and never `Store.open`.
    public func integrityCheck() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(100)") }
    }
}
