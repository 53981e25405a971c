import Foundation
import PSACore
import TerminalUI

/// Draws the home screen's content area.
struct HomeView: Widget {
    var state: HomeState
    var layout: HomeLayout

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        if let loadError = state.loadError {
            Paragraph("Could not read the integrations: " + loadError, role: .error)
                .render(in: layout.content, into: &buffer)
        } else if state.integrations.isEmpty {
            EmptyHomeView().render(in: layout.content, into: &buffer)
        } else {
            Table(state: state.table, isFocused: true).render(in: layout.table, into: &buffer)
            if let selected = state.table.selectedItem {
                IntegrationDetails(integration: selected.integration, throttledUntil: selected.throttledUntil)
                    .render(in: layout.details, into: &buffer)
            }
        }
    }
}

/// What a new admin sees before any integration exists: what psalink does and what to
/// gather from the PSA before linking it.
struct EmptyHomeView: Widget {
    static let text = """
        No PSA integration yet.

        psalink links your Nerdio Manager accounts to your PSA, so that alerts about a \
        customer open, update and close tickets on that customer's record.

        To link a PSA, first create API credentials for psalink in it:
        • HaloPSA: an API application with client credentials; you need the server URL \
        (without /api), its Client ID and Client Secret.
        • ConnectWise PSA: an API member's public and private keys, your site and company \
        ID, and a clientId from developer.connectwise.com.
        • Datto Autotask PSA: an API user's user name and secret, and its API tracking \
        identifier (integration code).

        Then press a to add it here: the credentials are checked with the PSA before they \
        are saved. To try psalink without a PSA, run psalink --demo.
        """

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let lines = Paragraph.wrap(EmptyHomeView.text, width: min(area.width, 76))
        let box = area.centered(width: min(area.width, 76), height: lines.count)
        for (index, line) in lines.prefix(box.height).enumerated() {
            Label(line, role: index == 0 ? .header : .normal).render(in: box.row(index), into: &buffer)
        }
    }
}

/// The selected integration's health in full, below the list.
struct IntegrationDetails: Widget {
    var integration: Integration
    var throttledUntil: Date?

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let title =
            integration.displayName + " · " + integration.system.displayName
            + (integration.isDefault ? " · default PSA system" : "")
            + (integration.isPaused ? " · paused: events wait in the outbox" : "")
        Label(title, role: .header).render(in: area.row(0), into: &buffer)
        var rest = area.inset(top: 1)
        for line in integration.attentionLines {
            Label(line.text, role: line.role).render(in: rest.row(0), into: &buffer)
            rest = rest.inset(top: 1)
        }
        if let failed = integration.failedForGoodText {
            Label(failed, role: .error).render(in: rest.row(0), into: &buffer)
            rest = rest.inset(top: 1)
        }
        if let throttledUntil {
            Label(
                "The PSA is throttling psalink until \(Timestamp.clock(throttledUntil)) UTC; events wait in the outbox.",
                role: .warning
            ).render(in: rest.row(0), into: &buffer)
            rest = rest.inset(top: 1)
        }
        let health: String
        switch integration.health {
        case .unchecked: health = "Credentials not validated yet."
        case .healthy(let checkedAt): health = "Credentials valid (checked \(Timestamp.text(checkedAt)))."
        case .failing(let reason, let checkedAt):
            health = "Validation failed (\(Timestamp.text(checkedAt))): \(reason)"
        }
        Paragraph(health, role: integration.health.role).render(in: rest, into: &buffer)
    }
}
