import Foundation
import PSACore
import TerminalUI

/// The add form of a maintenance window: what it covers (everything, one integration, one
/// account), once or weekly, the times, and the reason. Each problem is shown under its
/// field and nothing is saved until every field reads.
struct MaintenanceForm {
    enum Field: Hashable, Sendable {
        case scope, integration, account, kind, from, until, weekly, timeZone, reason
    }

    enum Effect: Equatable {
        case none
        case cancel
        case save(MaintenanceSave)
    }

    static let scopeOptions = ["All integrations and accounts", "One integration", "One account"]
    static let kindOptions = ["Once, between two times", "Every week"]

    static let keyMap = KeyMap.form(
        submit: "Add the window; each problem is shown under its field", submitHint: "Add",
        leave: "Leave without adding")

    let integrations: [Integration]
    let accounts: [NerdioAccount]
    private(set) var rows: FormState<Field, Never>

    init(integrations: [Integration], accounts: [NerdioAccount]) {
        self.integrations = integrations
        self.accounts = accounts
        rows = FormState(
            fields: [], style: FormStyle(labelWidth: 14, maxFieldWidth: 60, hintHeight: 2, marksFocus: true))
        rows.setFields(fields(scope: 0, kind: 0))
        rows.choose(0, for: .scope)
        rows.choose(0, for: .kind)
        rows.focusFirst()
    }

    var scopeIndex: Int { rows.chosen(.scope) ?? 0 }
    var kindIndex: Int { rows.chosen(.kind) ?? 0 }

    /// The fields for a choice of scope and schedule.
    private func fields(scope: Int, kind: Int) -> [FormField<Field>] {
        var fields = [FormField<Field>(.scope, label: "Covers", input: .picker(Self.scopeOptions))]
        if scope == 1 {
            fields.append(
                FormField(
                    .integration, label: "Integration",
                    input: .picker(integrations.map { TerminalSafeText.escaped($0.displayName) })))
        } else if scope == 2 {
            fields.append(
                FormField(
                    .account, label: "Account",
                    input: .picker(accounts.map { TerminalSafeText.escaped("\($0.name) (\($0.id))") }),
                    hint: "Type to search the accounts."))
        }
        fields.append(FormField(.kind, label: "When", input: .picker(Self.kindOptions), spaceAfter: 1))
        if kind == 0 {
            let hint = "ISO 8601 with a UTC offset, e.g. 2026-12-12T22:00:00+01:00 or …Z."
            fields.append(
                FormField(.from, label: "From", input: .text(placeholder: "e.g. 2026-12-12T22:00:00+01:00"), hint: hint)
            )
            fields.append(
                FormField(.until, label: "Until", input: .text(placeholder: "e.g. 2026-12-13T04:00:00Z"), hint: hint))
        } else {
            fields.append(
                FormField(
                    .weekly, label: "Weekly", input: .text(placeholder: "e.g. Sat 22:00-Sun 04:00"),
                    hint: "Day HH:MM-day HH:MM, 24-hour; may wrap past Sunday, e.g. Sun 22:00-Mon 02:00."))
            fields.append(
                FormField(
                    .timeZone, label: "Time zone", input: .text(placeholder: "UTC, or e.g. Europe/London"),
                    hint: "An IANA zone; daylight saving is followed (a time in a gap moves forward)."))
        }
        fields.append(
            FormField(.reason, label: "Reason", input: .text(placeholder: "e.g. patch night"), spaceAfter: 0))
        return fields
    }

    mutating func handle(_ event: InputEvent, layout: FormLayout<Field>) -> Effect {
        switch rows.handle(event, commands: Self.keyMap.command(for:), layout: layout) {
        case .chosen(.scope, _), .chosen(.kind, _):
            rows.setFields(fields(scope: scopeIndex, kind: kindIndex))
        case .submit: return submit()
        case .leave: return .cancel
        case .none, .typed, .chosen, .pressed, .exited: break
        }
        return .none
    }

    /// Checks every field; shows each problem under its field, or asks to save.
    mutating func submit() -> Effect {
        rows.errors = [:]
        rows.message = nil
        func text(_ field: Field) -> String { rows.text(field).text }
        var scope: MaintenanceWindow.Scope = .all
        switch scopeIndex {
        case 1:
            if let index = rows.chosen(.integration) {
                scope = .integration(integrations[index].id)
            } else {
                rows.errors[.integration] =
                    integrations.isEmpty ? "No integrations yet; add one first." : "Choose the integration."
            }
        case 2:
            if let index = rows.chosen(.account) {
                scope = .account(accounts[index].id)
            } else {
                rows.errors[.account] =
                    accounts.isEmpty ? "No accounts yet; import or sync them first." : "Choose the account."
            }
        default:
            break
        }
        var schedule: MaintenanceWindow.Schedule?
        do throws(MaintenanceInputError) {
            if kindIndex == 0 {
                schedule = try MaintenanceInput.once(from: text(.from), until: text(.until))
            } else {
                let zone = text(.timeZone).trimmingCharacters(in: .whitespaces)
                // The zone on its own first, so that both fields show their problems at once.
                do throws(MaintenanceInputError) {
                    _ = try MaintenanceInput.zone(zone.isEmpty ? "UTC" : zone)
                } catch {
                    rows.errors[.timeZone] = error.message
                }
                schedule = try MaintenanceInput.weekly(text(.weekly), timeZone: zone.isEmpty ? "UTC" : zone)
            }
        } catch {
            rows.errors[Self.field(error.field)] = error.message
        }
        var reason: String?
        do throws(MaintenanceInputError) {
            reason = try MaintenanceInput.reason(text(.reason))
        } catch {
            rows.errors[.reason] = error.message
        }
        guard rows.errors.isEmpty, let schedule, let reason else {
            _ = rows.focusFirstError()
            return .none
        }
        return .save(MaintenanceSave(scope: scope, schedule: schedule, reason: reason))
    }

    /// The store refused the window (the integration or account went meanwhile).
    mutating func saveFailed(_ failure: WizardFailure) {
        rows.message = "Not added: " + TerminalSafeText.escaped(failure.description)
    }

    private static func field(_ field: MaintenanceField) -> Field {
        switch field {
        case .from: return .from
        case .until: return .until
        case .weekly: return .weekly
        case .timeZone: return .timeZone
        case .reason: return .reason
        }
    }
}
