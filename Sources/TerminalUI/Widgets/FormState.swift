/// One row of a form: a label, and the text field, dropdown or fixed text beside it.
public struct FormField<ID: Hashable & Sendable>: Sendable {
    public enum Input: Sendable {
        /// A one-line text field; a secret one is drawn as a mask, never as its value.
        case text(placeholder: String = "", isSecret: Bool = false)
        /// A dropdown of `options`; `placeholder` shows while nothing is chosen.
        case picker([String], placeholder: String = "Choose…")
        /// A value that cannot be changed here (it was chosen for good); focus passes it by.
        case fixed(String, role: Role = .normal)
    }

    public var id: ID
    public var label: String
    public var input: Input
    /// What the field is for and where its value is found, shown while it has the focus.
    public var hint: String?
    /// Drawn as "(optional)" after the label.
    public var isOptional: Bool
    /// At most this many columns for the input, when the form's field column is wider.
    public var maxWidth: Int?
    /// Blank rows after the field, between groups of fields.
    public var spaceAfter: Int

    public init(
        _ id: ID, label: String, input: Input = .text(), hint: String? = nil, isOptional: Bool = false,
        maxWidth: Int? = nil, spaceAfter: Int = 0
    ) {
        self.id = id
        self.label = label
        self.input = input
        self.hint = hint
        self.isOptional = isOptional
        self.maxWidth = maxWidth
        self.spaceAfter = spaceAfter
    }

    public var isFocusable: Bool {
        if case .fixed = input { return false }
        return true
    }

    public var isSecret: Bool {
        if case .text(_, let isSecret) = input { return isSecret }
        return false
    }
}

/// A button in the row under a form's fields.
public struct FormButton<Action: Hashable & Sendable>: Sendable {
    public var action: Action
    public var title: String
    /// Shown while the button has the focus.
    public var hint: String?

    public init(_ action: Action, title: String, hint: String? = nil) {
        self.action = action
        self.title = title
        self.hint = hint
    }
}

/// What a form's keys mean; the screen's key map says which keys they are.
public enum FormCommand: Hashable, Sendable {
    case next, previous
    /// Enter: the next field, or press the focused button.
    case activate
    /// Ctrl-S: what the form is for (save, sync), from any field.
    case submit
    /// Esc.
    case leave
}

extension KeyMap where Command == FormCommand {
    /// The keys every form shares, with the screen's own words for Ctrl-S and Esc.
    public static func form(submit: String, submitHint: String, leave: String, leaveHint: String = "Cancel")
        -> KeyMap<FormCommand>
    {
        KeyMap([
            KeyBinding([.tab, .down], .next, "Next field", hint: "Next"),
            KeyBinding([.backTab, .up], .previous, "Previous field"),
            KeyBinding([.enter], .activate, "Next field, or press the focused button"),
            KeyBinding([.control("s")], .submit, submit, hint: submitHint),
            KeyBinding([.escape], .leave, leave, hint: leaveHint),
        ])
    }
}

/// How a form is laid out; the same for every form of a screen.
public struct FormStyle: Sendable {
    /// Columns of the label column, the gap before the input included; never more than a third
    /// of the form's width.
    public var labelWidth: Int
    public var maxFieldWidth: Int
    public var leftMargin: Int
    public var rightMargin: Int
    /// Rows under the fields for the focused field's hint; 0 for none.
    public var hintHeight: Int
    /// A "›" in the left margin beside the focused field, so that focus survives a monochrome theme.
    public var marksFocus: Bool
    /// Whether Tab on the last item goes to the first. A form that shares the screen with more
    /// fields of its owner does not wrap: leaving its ends is the owner's to handle.
    public var wrapsFocus: Bool

    public init(
        labelWidth: Int = 18, maxFieldWidth: Int = 56, leftMargin: Int = 2, rightMargin: Int = 2,
        hintHeight: Int = 2, marksFocus: Bool = false, wrapsFocus: Bool = true
    ) {
        self.labelWidth = labelWidth
        self.maxFieldWidth = maxFieldWidth
        self.leftMargin = leftMargin
        self.rightMargin = rightMargin
        self.hintHeight = hintHeight
        self.marksFocus = marksFocus
        self.wrapsFocus = wrapsFocus
    }
}

/// What an event did to a form that its owner may act on.
public enum FormEvent<Field: Hashable & Sendable, Action: Hashable & Sendable>: Hashable, Sendable {
    /// Nothing for the owner to do (the form used the event, or had no use for it).
    case none
    /// The focused text field used a key (typing, moving its cursor); its error is cleared.
    case typed(Field)
    /// An option of a dropdown was chosen, the same as before or not.
    case chosen(Field, Int)
    /// Enter or Space on a button.
    case pressed(Action)
    case submit
    case leave
    /// Focus moved past the last item (`forward`) or before the first, of a form that does
    /// not wrap; the form's own focus did not move.
    case exited(forward: Bool)
}

/// A form's fields, what was typed and chosen, the problems shown under the fields, and where
/// the focus is. The owner decides what the fields are, what its buttons and Ctrl-S do, and
/// checks the values; the form does the rest.
public struct FormState<Field: Hashable & Sendable, Action: Hashable & Sendable>: Sendable {
    public enum Focus: Hashable, Sendable {
        case field(Field)
        case button(Action)
    }

    public private(set) var fields: [FormField<Field>]
    public let buttons: [FormButton<Action>]
    public let style: FormStyle
    public private(set) var focus: FocusRing<Focus>
    private var texts: [Field: TextFieldState] = [:]
    public private(set) var pickers: [Field: PickerState] = [:]
    /// The text each field started with, to tell whether anything changed.
    private var initialTexts: [Field: String]
    /// Problems shown under the field they concern.
    public var errors: [Field: String] = [:]
    /// A problem that belongs to no single field, shown under the buttons.
    public var message: String?
    /// Rows scrolled off the top when the form is taller than its area, as last drawn.
    private(set) var scrollHint = 0

    /// `texts` are the fields' starting values; the focus starts on the first field that takes it.
    public init(
        fields: [FormField<Field>], buttons: [FormButton<Action>] = [], style: FormStyle = FormStyle(),
        texts: [Field: String] = [:]
    ) {
        self.fields = fields
        self.buttons = buttons
        self.style = style
        initialTexts = texts
        focus = FocusRing([])
        setFields(fields)
        for (id, text) in texts {
            guard let field = field(id) else { continue }
            self.texts[id] = TextFieldState(text: text, isSecret: field.isSecret)
        }
    }

    public func field(_ id: Field) -> FormField<Field>? { fields.first { $0.id == id } }

    /// The fields and buttons that take the focus, in order.
    public var focusOrder: [Focus] {
        fields.filter(\.isFocusable).map { .field($0.id) } + buttons.map { .button($0.action) }
    }

    /// Replaces the fields (a choice changed which are asked for). Fields that stay keep their
    /// value and their dropdown's choice; the focus stays where it can.
    public mutating func setFields(_ newFields: [FormField<Field>]) {
        fields = newFields
        let ids = Set(newFields.map(\.id))
        texts = texts.filter { ids.contains($0.key) }
        errors = errors.filter { ids.contains($0.key) }
        var newPickers: [Field: PickerState] = [:]
        for field in newFields {
            guard case .picker(let options, _) = field.input else { continue }
            let kept = pickers[field.id].flatMap { $0.options == options ? $0 : nil }
            newPickers[field.id] = kept ?? PickerState(options: options)
        }
        pickers = newPickers
        focus.reorder(focusOrder)
    }

    public func text(_ id: Field) -> TextFieldState {
        texts[id] ?? TextFieldState(isSecret: field(id)?.isSecret ?? false)
    }

    /// Whether any field differs from what it started with.
    public var isDirty: Bool { fields.contains { text($0.id).text != (initialTexts[$0.id] ?? "") } }

    public func chosen(_ id: Field) -> Int? { pickers[id]?.chosen }

    public mutating func choose(_ index: Int?, for id: Field) {
        pickers[id]?.choose(index)
    }

    public mutating func focus(_ target: Focus) { focus.focus(target) }

    public mutating func focusFirst() {
        if let first = focusOrder.first { focus.focus(first) }
    }

    public mutating func focusLast() {
        if let last = focusOrder.last { focus.focus(last) }
    }

    /// Shows `problem` under `id` and puts the focus there.
    public mutating func showError(_ problem: String, at id: Field) {
        errors[id] = problem
        focus.focus(.field(id))
    }

    /// Puts the focus on the first field with a problem; false when none has one.
    public mutating func focusFirstError() -> Bool {
        guard let first = fields.first(where: { errors[$0.id] != nil }) else { return false }
        focus.focus(.field(first.id))
        return true
    }

    /// The hint of the focused field or button.
    public var focusedHint: String? {
        switch focus.focused {
        case .field(let id): return field(id)?.hint
        case .button(let action): return buttons.first { $0.action == action }?.hint
        case nil: return nil
        }
    }

    // MARK: Input

    /// Handles a key, a paste or a click. `commands` names the form commands of the screen's
    /// keys. `layout` is where the form was drawn: dropdowns open from it and text fields
    /// scroll to its widths; without it, a form of text fields still works.
    ///
    /// A paste goes into the focused text field whole; anywhere else, or when it holds line
    /// breaks (keys typed faster than a frame), it counts as keys typed one by one.
    public mutating func handle(
        _ event: InputEvent, commands: (Key) -> FormCommand?, layout: FormLayout<Field>? = nil
    ) -> FormEvent<Field, Action> {
        let result: FormEvent<Field, Action>
        if case .text(let text) = event, !focusIsOnText || text.contains(where: \.isNewline) {
            result = handleTyped(text, commands: commands, layout: layout)
        } else {
            result = dispatch(event, commands: commands, layout: layout)
        }
        if let layout { scrollHint = FormLayout(area: layout.area, popupBounds: layout.popupBounds, form: self).scroll }
        return result
    }

    private var focusIsOnText: Bool {
        guard case .field(let id) = focus.focused, case .text = field(id)?.input else { return false }
        return true
    }

    /// The keys of `text`, until one asks the owner for more than an edit.
    private mutating func handleTyped(_ text: String, commands: (Key) -> FormCommand?, layout: FormLayout<Field>?)
        -> FormEvent<Field, Action>
    {
        var result = FormEvent<Field, Action>.none
        for press in InputEvent.text(text).keyPresses {
            let effect = dispatch(press, commands: commands, layout: layout)
            switch effect {
            case .none: break
            case .typed: result = effect
            default: return effect
            }
        }
        return result
    }

    private mutating func dispatch(_ event: InputEvent, commands: (Key) -> FormCommand?, layout: FormLayout<Field>?)
        -> FormEvent<Field, Action>
    {
        if case .resize = event { return .none }
        let command: FormCommand?
        if case .key(let key) = event { command = commands(key) } else { command = nil }
        if case .field(let id) = focus.focused, var picker = pickers[id] {
            let wasOpen = picker.isOpen
            let anchor = layout?.rows[id]?.input ?? Rect(x: 0, y: 0, width: 0, height: 0)
            var result = picker.handle(event, anchor: anchor, bounds: layout?.popupBounds ?? anchor)
            // An open dropdown takes every key; one it has no use for acts only if it is a
            // command of the form (Tab, Ctrl-S), and closes the dropdown first.
            if result == .ignored, wasOpen {
                if command != nil { picker.close() } else { result = .consumed }
            }
            pickers[id] = picker
            switch result {
            case .chosen(let index): return .chosen(id, index)
            case .cancelled, .consumed: return .none
            case .ignored: break
            }
        }
        if let command {
            switch command {
            case .next: return move(forward: true)
            case .previous: return move(forward: false)
            case .submit: return .submit
            case .leave: return .leave
            case .activate:
                if case .button(let action) = focus.focused { return .pressed(action) }
                return move(forward: true)
            }
        }
        if event == .key(.character(" ")), case .button(let action) = focus.focused { return .pressed(action) }
        guard case .field(let id) = focus.focused, case .text = field(id)?.input else { return .none }
        var state = text(id)
        guard state.handle(event) else { return .none }
        if let columns = layout?.rows[id]?.input.width { state.scrollToCursor(columns: columns) }
        texts[id] = state
        errors[id] = nil
        return .typed(id)
    }

    private mutating func move(forward: Bool) -> FormEvent<Field, Action> {
        let order = focusOrder
        if !style.wrapsFocus, let current = focus.focused {
            if forward, current == order.last { return .exited(forward: true) }
            if !forward, current == order.first { return .exited(forward: false) }
        }
        if forward { focus.next() } else { focus.previous() }
        return .none
    }
}
