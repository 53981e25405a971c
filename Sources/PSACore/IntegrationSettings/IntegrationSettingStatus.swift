/// Where one integration setting stands: the value set, the default it otherwise falls back to,
/// and what psalink keeps to now. `settings show`, `settings set` and the wizard read it here.
public struct IntegrationSettingStatus: Sendable, Equatable {
    public var key: IntegrationSettingKey
    /// The integration's own value; nil when it keeps the default.
    public var value: String?
    public var defaultValue: IntegrationSettingDefault
    /// What holds now. For `rate-limit`, the tightest limit of the integrations that reach the
    /// same PSA tenant, which may be another integration's.
    public var effective: String

    public init(key: IntegrationSettingKey, value: String?, defaultValue: IntegrationSettingDefault, effective: String)
    {
        self.key = key
        self.value = value
        self.defaultValue = defaultValue
        self.effective = effective
    }

    /// The value when set, else the default's.
    public var own: String { value ?? defaultValue.value }

    /// Every integration setting of `integration`, in key order. Reads the store only: no
    /// request goes to the PSA.
    public static func all(of integration: Integration, in store: Store) throws(StoreError)
        -> [IntegrationSettingStatus]
    {
        let stored = try store.integrationSettings(forIntegration: integration.id)
        return IntegrationSettingKey.allCases.map { key in
            let value = stored[key.rawValue]
            let defaultValue = key.defaultValue(for: integration.system)
            var effective = value ?? defaultValue.value
            // Unusable credentials reach no PSA tenant, so only the integration's own value holds.
            if key == .rateLimit, let credentials = try? UsableCredentials.of(integration, in: store) {
                effective =
                    RateBudgets(store: store).limit(of: BudgetKey(credentials), system: integration.system).description
            }
            return IntegrationSettingStatus(key: key, value: value, defaultValue: defaultValue, effective: effective)
        }
    }
}
