import Foundation
import PSACore
import TerminalUI

/// Why acknowledging or ending an acknowledgement did nothing, and which field it concerns
/// (the ticket itself when it is no longer open).
struct AckFailure: Error, Equatable {
    enum Field: Equatable {
        case until, reason, ticket
    }

    var field: Field
    var message: String
}

/// `k` on an open ticket: until when (a duration or an ISO time with its offset) and why.
/// Nothing is saved until the store takes both; each problem is shown under its field.
struct AckPrompt {
    enum Field: Hashable, Sendable {
        case until, reason
    }

    enum Outcome: Equatable {
        case none
        case cancel
        case save(until: String, reason: String)
    }

    static let defaultUntil = "4h"

    /// Enter saves from the reason; from the until field it goes on to an empty reason first.
    static let keyMap = KeyMap.form(
        submit: "Acknowledge the ticket (also Enter)", submitHint: "Save", leave: "Leave without acknowledging")

    let ticketRow: Int64
    /// The ticket as the title names it, made safe.
    let label: String
    private(set) var rows: FormState<Field, Never>

    init(ticket: TrackedTicket) {
        ticketRow = ticket.row
        label = "#" + TerminalSafeText.escaped(ticket.reference ?? "\(ticket.row)")
        rows = FormState(
            fields: [
                FormField(.until, label: "Until", input: .text(placeholder: "4h, 2d or 2026-12-07T18:00:00Z")),
                FormField(.reason, label: "Reason", input: .text(placeholder: "who is on it, or why")),
            ],
            style: FormStyle(labelWidth: 9, maxFieldWidth: 60, leftMargin: 2, rightMargin: 1, hintHeight: 0),
            texts: [.until: Self.defaultUntil])
        rows.focusFirst()
    }

    mutating func handle(_ event: InputEvent, layout: FormLayout<Field>) -> Outcome {
        if case .key(.enter) = event {
            if rows.focus.focused == .field(.until), rows.text(.reason).text.isEmpty {
                rows.focus(.field(.reason))
                return .none
            }
            return submit()
        }
        switch rows.handle(event, commands: Self.keyMap.command(for:), layout: layout) {
        case .submit: return submit()
        case .leave: return .cancel
        case .none, .typed, .chosen, .pressed, .exited: return .none
        }
    }

    private mutating func submit() -> Outcome {
        rows.errors = [:]
        rows.message = nil
        return .save(until: rows.text(.until).text, reason: rows.text(.reason).text)
    }

    /// The store refused: the problem goes under its field (or below both, for the ticket).
    mutating func failed(_ failure: AckFailure) {
        switch failure.field {
        case .until: rows.showError(failure.message, at: .until)
        case .reason: rows.showError(failure.message, at: .reason)
        case .ticket: rows.message = failure.message
        }
    }

    static let intro = "Repeats of this alert add no notes until then; they are counted and summed in one note."

    /// The box, centered in `content`.
    static func box(in content: Rect) -> Rect {
        let width = min(content.width, 70)
        let height = min(content.height, 12)
        return Rect(
            x: content.x + (content.width - width) / 2, y: content.y + max(0, (content.height - height) / 2),
            width: width, height: height)
    }

    /// Where the fields go inside the box: under the two intro lines.
    static func formArea(in content: Rect) -> Rect {
        box(in: content).inset(top: 4, left: 1, bottom: 2, right: 1)
    }

    func layout(in content: Rect) -> FormLayout<Field> { FormLayout(area: Self.formArea(in: content), form: rows) }

    var hints: [KeyHint] {
        [
            KeyHint(key: "Enter", label: "Save"), KeyHint(key: "Tab", label: "Next"),
            KeyHint(key: "Esc", label: "Cancel"),
        ]
    }
}

/// Draws the prompt over the list or the detail.
struct AckPromptView: Widget {
    var prompt: AckPrompt
    var content: Rect

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let box = AckPrompt.box(in: content)
        guard box.width > 10, box.height > 6 else { return }
        buffer.fill(box)
        Frame(title: "Acknowledge \(prompt.label)").render(in: box, into: &buffer)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        Paragraph(AckPrompt.intro, role: .disabled)
            .render(in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 2), into: &buffer)
        Form(prompt.rows, layout: prompt.layout(in: content)).render(in: box, into: &buffer)
        Label("Enter saves · Tab next field · Esc cancels", role: .disabled)
            .render(in: inner.row(inner.height - 1), into: &buffer)
    }
}

/// The acknowledgement as the list and the detail say it.
enum AckText {
    /// "ack until 14:30" within a day, else "ack until 12-09" (UTC), for the State column.
    static func short(_ ack: TicketAcknowledgement, now: Date) -> String {
        if ack.until.timeIntervalSince(now) < 86_400 { return "ack until \(Timestamp.clock(ack.until))" }
        return "ack until \(String(Timestamp.text(ack.until).dropFirst(5).prefix(5)))"
    }

    /// The detail's lines: until when, who and the repeats counted, then why (a line of its
    /// own, so that a long reason does not hide the rest); once ended, the repeats still to be
    /// summed.
    static func lines(_ ack: TicketAcknowledgement, now: Date) -> [String] {
        let repeats = "\(ack.repeats) repeat\(ack.repeats == 1 ? "" : "s")"
        let first = ack.firstRepeat.map { ", first \(Timestamp.clock($0))" } ?? ""
        guard ack.isActive(at: now) else {
            return ["Acknowledgement ended \(Timestamp.text(ack.until)); \(repeats) to be summed in one note"]
        }
        return [
            "Acknowledged until \(Timestamp.text(ack.until)) by \(TerminalSafeText.escaped(ack.by)) · "
                + "\(repeats) counted\(first)",
            "Why: \(TerminalSafeText.escaped(ack.reason))",
        ]
    }
}
