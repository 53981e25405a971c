import Testing

@testable import TerminalUI

/// A small form of every kind of field, drawn 40 columns wide.
private enum Field: Hashable, Sendable {
    case name, secret, region, note, kind
}

private enum Action: Hashable, Sendable {
    case save, cancel
}

private typealias Sample = FormState<Field, Action>

private let keys = KeyMap<FormCommand>.form(submit: "Save", submitHint: "Save", leave: "Cancel")

private func sample(
    regions: [String] = ["Europe", "Americas"], style: FormStyle = FormStyle(labelWidth: 12, maxFieldWidth: 20),
    texts: [Field: String] = [:]
) -> Sample {
    Sample(
        fields: [
            FormField(.name, label: "Name", input: .text(placeholder: "as shown"), hint: "What to call it."),
            FormField(.secret, label: "Secret", input: .text(isSecret: true)),
            FormField(.region, label: "Region", input: .picker(regions), maxWidth: 12, spaceAfter: 1),
            FormField(.note, label: "Note", hint: "Anything.", isOptional: true),
        ],
        buttons: [FormButton(.save, title: "Save", hint: "Saves it."), FormButton(.cancel, title: "Cancel")],
        style: style, texts: texts)
}

private func draw(_ form: Sample, width: Int = 40, height: Int = 12, busy: String? = nil, focused: Bool = true)
    -> ScreenBuffer
{
    var buffer = ScreenBuffer(width: width, height: height)
    let layout = FormLayout(area: buffer.bounds, form: form)
    Form(form, layout: layout, isFocused: focused, busy: busy).render(in: buffer.bounds, into: &buffer)
    return buffer
}

private func press(_ form: inout Sample, _ pressed: Key...) -> [FormEvent<Field, Action>] {
    pressed.map { form.handle(.key($0), commands: keys.command(for:), layout: layout(form)) }
}

private func layout(_ form: Sample, width: Int = 40, height: Int = 12) -> FormLayout<Field> {
    FormLayout(area: Rect(x: 0, y: 0, width: width, height: height), form: form)
}

@Suite struct FormTests {
    @Test func drawsLabelsInputsHintAndButtons() {
        let form = sample(texts: [.name: "Contoso"])
        let expected = [
            "  Name        Contoso             ",
            "  Secret      ____________________",
            "  Region      Choose…    ▾",
            "",
            "  Note (opti… ____________________",
            "",
            "  What to call it.",
            "",
            "  [ Save ]  [ Cancel ]",
            "",
            "",
            "",
        ]
        let roles = [
            "  HHHHHHHHHHH SSSSSSSFSSSSSSSSSSSS",
            "  ..........  DDDDDDDDDDDDDDDDDDDD",
            "  ..........  DDDDDDDDDDDD",
            "",
            "  ..........  DDDDDDDDDDDDDDDDDDDD",
            "",
            "  DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
            "",
            "  ....................",
            "",
            "",
            "",
        ].map { $0.replacingOccurrences(of: " ", with: ".") }
        #expect(draw(form).mismatch(lines: expected, roles: roles) == nil)
    }

    @Test func problemsTakeARowUnderTheirFieldAndTheMessageGoesUnderTheButtons() {
        var form = sample()
        form.errors[.secret] = "is empty"
        form.message = "The server said no."
        form.focus(.button(.save))
        let buffer = draw(form)
        let expected = [
            "  Name        as shown____________",
            "  Secret      ____________________",
            "              ✗ is empty",
            "  Region      Choose…    ▾",
            "",
            "  Note (opti… ____________________",
            "",
            "  Saves it.",
            "",
            "  [ Save ]  [ Cancel ]",
            "",
            "  ✗ The server said no.",
        ]
        #expect(buffer.mismatch(lines: expected) == nil)
        let errorRow = Rect(x: 0, y: 2, width: 40, height: 1)
        #expect(
            buffer.mismatch(lines: [expected[2]], roles: ["..............EEEEEEEEEEEEEEEEEEEEEEEEE."], in: errorRow)
                == nil)
        let buttons = Rect(x: 0, y: 9, width: 24, height: 1)
        #expect(buffer.mismatch(lines: [expected[9]], roles: ["..FFFFFFFF.............."], in: buttons) == nil)
    }

    @Test func tabAndArrowsMoveTheFocusAroundAndPassFixedFields() {
        var form = Sample(
            fields: [
                FormField(.kind, label: "Kind", input: .fixed("HaloPSA")), FormField(.name, label: "Name"),
                FormField(.note, label: "Note"),
            ],
            buttons: [FormButton(.save, title: "Save")])
        #expect(form.focus.focused == .field(.name))
        #expect(press(&form, .tab, .down) == [.none, .none])
        #expect(form.focus.focused == .button(.save))
        #expect(press(&form, .tab) == [.none])
        #expect(form.focus.focused == .field(.name))
        #expect(press(&form, .backTab, .up) == [.none, .none])
        #expect(form.focus.focused == .field(.note))
        // Enter goes to the next field, and presses a button.
        #expect(press(&form, .enter, .enter, .character(" ")) == [.none, .pressed(.save), .pressed(.save)])
        #expect(press(&form, .control("s"), .escape) == [.submit, .leave])
    }

    @Test func aFormThatDoesNotWrapSaysWhenTheFocusLeavesIt() {
        var form = sample(style: FormStyle(labelWidth: 12, maxFieldWidth: 20, wrapsFocus: false))
        #expect(press(&form, .up) == [.exited(forward: false)])
        #expect(form.focus.focused == .field(.name))
        form.focusLast()
        #expect(press(&form, .tab) == [.exited(forward: true)])
        #expect(form.focus.focused == .button(.cancel))
    }

    @Test func typingEditsTheFocusedFieldAndClearsItsProblem() {
        var form = sample(texts: [.name: "Contoso"])
        form.errors[.name] = "is taken"
        #expect(!form.isDirty)
        #expect(press(&form, .backspace, .character("a")) == [.typed(.name), .typed(.name)])
        #expect(form.text(.name).text == "Contosa")
        #expect(form.errors[.name] == nil)
        #expect(form.isDirty)
        // A paste goes in whole; keys typed faster than a frame with an Enter move on after it.
        #expect(form.handle(.text(" Ltd\r"), commands: keys.command(for:)) == .typed(.name))
        #expect(form.focus.focused == .field(.secret))
        #expect(form.handle(.text("s3 cret"), commands: keys.command(for:)) == .typed(.secret))
        #expect(form.text(.name).text == "Contosa Ltd")
        #expect(form.text(.secret).text == "s3 cret")
        #expect(form.text(.secret).isSecret)
    }

    @Test func theSecretIsDrawnAsAMask() {
        var form = sample()
        _ = press(&form, .tab)
        _ = form.handle(.text("hunter2"), commands: keys.command(for:))
        let row = Rect(x: 0, y: 1, width: 40, height: 1)
        #expect(
            draw(form).mismatch(
                lines: ["  Secret      ••••••••"], roles: ["..HHHHHHHHHHH.SSSSSSSSFSSSSSSSSSSS"], in: row) == nil)
    }

    @Test func aDropdownOpensOverTheRowsBelowAndTellsTheChoice() {
        var form = sample()
        _ = press(&form, .tab, .tab)
        #expect(press(&form, .enter) == [.none])
        #expect(form.pickers[.region]?.isOpen == true)
        let popup = Rect(x: 14, y: 3, width: 24, height: 5)
        let lines = [
            "┌──────────────────────┐",
            "│›   type to search 1/2│",
            "│  Europe              │",
            "│  Americas            │",
            "└──────────────────────┘",
        ]
        let roles = ["", "...F.DDDDDDDDDDDDDD.DDD", ".FFFFFFFFFFFFFFFFFFFFFF", "", ""]
        #expect(draw(form).mismatch(lines: lines, roles: roles, in: popup) == nil)
        #expect(press(&form, .down, .enter) == [.none, .chosen(.region, 1)])
        #expect(form.chosen(.region) == 1)
        // Ctrl-S at an open dropdown closes it and saves; Tab closes it and moves on.
        _ = press(&form, .enter)
        #expect(press(&form, .control("s")) == [.submit])
        #expect(form.pickers[.region]?.isOpen == false)
        _ = press(&form, .enter)
        #expect(press(&form, .tab) == [.none])
        #expect(form.focus.focused == .field(.note))
        #expect(form.pickers[.region]?.isOpen == false)
    }

    @Test func whileBusyNothingLooksEditableAndTheSpinnerSaysWhy() {
        var form = sample()
        form.focus(.button(.save))
        let buffer = draw(form, busy: "Checking…")
        let buttons = Rect(x: 0, y: 8, width: 40, height: 1)
        #expect(
            buffer.mismatch(
                lines: ["  [ Save ]  [ Cancel ]  ⠋ Checking…"], roles: ["..DDDDDDDD..DDDDDDDDDD..H"], in: buttons)
                == nil)
    }

    @Test func anUnfocusedFormMarksNothing() {
        var form = sample(style: FormStyle(labelWidth: 12, maxFieldWidth: 20, marksFocus: true))
        let focused = draw(form)
        #expect(
            focused.mismatch(lines: ["› Name"], roles: ["H.HHHH"], in: Rect(x: 0, y: 0, width: 6, height: 1)) == nil)
        let unfocused = draw(form, focused: false)
        #expect(
            unfocused.mismatch(lines: ["  Name"], roles: ["......"], in: Rect(x: 0, y: 0, width: 6, height: 1)) == nil)
        #expect(!unfocused.lines.joined().contains("What to call it."))
        form.focus(.button(.save))
        #expect(draw(form, focused: false).roleLines[8].allSatisfy { $0 == "." })
    }

    @Test func aFormTallerThanItsAreaScrollsToTheFocus() {
        var form = sample()
        #expect(!layout(form, height: 6).hiddenAbove)
        #expect(layout(form, height: 6).hiddenBelow)
        form.focus(.button(.cancel))
        let scrolled = layout(form, height: 6)
        #expect(scrolled.hiddenAbove && !scrolled.hiddenBelow)
        #expect(scrolled.rows[.name] == nil)
        #expect(scrolled.buttons.y == 5)
        var buffer = ScreenBuffer(width: 40, height: 6)
        Form(form, layout: scrolled).render(in: buffer.bounds, into: &buffer)
        let expected = [
            " ▲",
            "  Note (opti… ____________________",
            "",
            "",
            "",
            "  [ Save ]  [ Cancel ]",
        ]
        #expect(buffer.mismatch(lines: expected) == nil)
        // Going back up moves the rows no more than it must.
        _ = form.handle(.key(.backTab), commands: keys.command(for:), layout: scrolled)
        _ = form.handle(.key(.backTab), commands: keys.command(for:), layout: layout(form, height: 6))
        #expect(form.focus.focused == .field(.note))
        #expect(layout(form, height: 6).scroll == scrolled.scroll)
    }

    @Test func newFieldsKeepTheValuesOfThoseThatStay() {
        var form = sample(texts: [.name: "Contoso", .note: "old"])
        form.choose(1, for: .region)
        form.setFields([
            FormField(.name, label: "Name"),
            FormField(.region, label: "Region", input: .picker(["Europe", "Americas"])),
        ])
        #expect(form.text(.name).text == "Contoso")
        #expect(form.text(.note).text.isEmpty)
        #expect(form.chosen(.region) == 1)
        #expect(form.focusOrder == [.field(.name), .field(.region), .button(.save), .button(.cancel)])
    }
}
