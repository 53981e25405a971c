/// The one screen that fills the terminal. The home list's own state lives beside it, as
/// every screen returns there; the help overlay can cover any of them.
enum WizardScreen {
    case home
    /// The remove dialog over the home list.
    case removing(RemoveIntegrationDialog)
    /// One integration open in the three tabs.
    case editor(IntegrationEditor)
    case tickets(TicketsBrowser)
    case queues(QueuesScreen)
    case audit(AuditScreen)
    case nerdioSync(NerdioSyncForm)
    case maintenance(MaintenanceScreen)
}
