import CNcursesw
import Testing

@testable import TerminalUI

/// Layer 2: the real curses backend draws into ncurses' virtual screen with no terminal
/// behind it, and the rows are read back. ncurses state is process-wide, hence serialized.
@Suite(.serialized) struct CursesBackendTests {
    init() {
        setlocale(LC_ALL, "C.UTF-8")
    }

    func frame(width: Int, height: Int, _ draw: (inout ScreenBuffer) -> Void) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        draw(&buffer)
        return buffer
    }

    @Test func rowsReadBackEqualTheBufferLines() throws {
        let terminal = try CursesTerminal(
            headlessSize: Size(width: 40, height: 6), theme: .builtInDefault, colors: true)
        defer { terminal.stop() }
        let buffer = frame(width: 40, height: 6) { buffer in
            Frame(title: "設定 Setup ✓").render(in: Rect(x: 0, y: 0, width: 30, height: 4), into: &buffer)
            buffer.put("Café Müller & Söhne GmbH", x: 2, y: 1)
            buffer.put("Evil\u{1B}[31m", x: 2, y: 4, role: .error)
        }
        terminal.draw(buffer)
        for y in 0..<6 { #expect(terminal.readBackRow(y) == buffer.line(y)) }
        #expect(terminal.readBackRow(4).contains("Evil\\e[31m"))
    }

    @Test func diffedFramesEndUpEqualToTheLastBuffer() throws {
        let terminal = try CursesTerminal(
            headlessSize: Size(width: 20, height: 3), theme: .builtInDefault, colors: true)
        defer { terminal.stop() }
        let first = frame(width: 20, height: 3) { $0.put("東京 Tokyo office", x: 0, y: 1) }
        let second = frame(width: 20, height: 3) { $0.put("Oslo 設定", x: 0, y: 1, role: .hot) }
        terminal.draw(first)
        terminal.draw(second)
        for y in 0..<3 { #expect(terminal.readBackRow(y) == second.line(y)) }
    }

    @Test func monochromeFocusIsReverseVideo() throws {
        let terminal = try CursesTerminal(headlessSize: Size(width: 10, height: 1), theme: .monochrome, colors: false)
        defer { terminal.stop() }
        terminal.draw(frame(width: 10, height: 1) { $0.put("[ OK ]", x: 0, y: 0, role: .focus) })
        let reverse = UInt32(psl_a_reverse())
        #expect(terminal.readBackAttributes(x: 1, y: 0) & reverse == reverse)
        #expect(terminal.readBackAttributes(x: 8, y: 0) & reverse == 0)
    }

    @Test func colorThemesUseOnePairPerRole() throws {
        let terminal = try CursesTerminal(
            headlessSize: Size(width: 10, height: 1), theme: .builtInDefault, colors: true)
        defer { terminal.stop() }
        #expect(terminal.attributes(for: .focus) != terminal.attributes(for: .normal))
        #expect(terminal.attributes(for: .error) != terminal.attributes(for: .ok))
    }
}

@Suite struct CursesKeysTests {
    @Test func controlCharactersBecomeKeys() {
        #expect(CursesKeys.key(forCharacter: 3) == .control("c"))
        #expect(CursesKeys.key(forCharacter: 9) == .tab)
        #expect(CursesKeys.key(forCharacter: 13) == .enter)
        #expect(CursesKeys.key(forCharacter: 27) == .escape)
        #expect(CursesKeys.key(forCharacter: 127) == .backspace)
        #expect(CursesKeys.key(forCharacter: 0xE9) == .character("é"))
    }

    @Test func functionKeysBecomeKeys() {
        #expect(CursesKeys.key(forKeyCode: KEY_BTAB) == .backTab)
        #expect(CursesKeys.key(forKeyCode: KEY_NPAGE) == .pageDown)
        #expect(CursesKeys.key(forKeyCode: KEY_F0 + 5) == .function(5))
        #expect(CursesKeys.key(forKeyCode: KEY_RESIZE) == nil)
    }
}

@Suite struct DisplayWidthTests {
    @Test func widths() {
        #expect(DisplayWidth.columns(of: "abc") == 3)
        #expect(DisplayWidth.columns(of: "設定") == 4)
        #expect(DisplayWidth.columns(of: "é") == 1)
        #expect(DisplayWidth.columns(of: "e\u{301}") == 1)
        #expect(DisplayWidth.columns(of: "🙂") == 2)
        #expect(DisplayWidth.columns(of: "한국") == 4)
        #expect(DisplayWidth.columns(of: "ｶ") == 1)
    }
}
