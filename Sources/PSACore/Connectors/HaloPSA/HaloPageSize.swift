/// Page sizes for Halo's lists.
public enum HaloPageSize {
    /// `/Client`: the spec declares no maximum (its "Maximum size: 100" is on `/Tickets`,
    /// `/Projects` and `/Opportunities` only); 999 is what CIPP pages clients with in production.
    public static let clients = 999
    /// `/Tickets`: "Maximum size: 100".
    public static let tickets = 100
}
