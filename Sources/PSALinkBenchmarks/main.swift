import Foundation
import PSACore
import PSASandbox
import TerminalUI
import Wizard

// Figures for psalink's speed and memory targets. Build in release mode:
//   swift build -c release && .build/release/psalink-benchmarks [ui|refresh|mapping|automatch|automatch-quality|automatch-timing|events|budget|noise|serve]
// Run `mapping` and `events` on their own for their peak-memory figures.
// Every figure is the median of repeated runs; nothing here is a pass/fail test.

let sections = Set(CommandLine.arguments.dropFirst())
let runsUI = sections.isEmpty || sections.contains("ui")
let runsRefresh = sections.isEmpty || sections.contains("refresh")
let runsMapping = sections.isEmpty || sections.contains("mapping")
let runsAutoMatch = sections.isEmpty || sections.contains("automatch")
// Auto Match's precision and recall without the timing runs (quick enough for a debug build), or
// the timing runs alone (for a profiler).
let runsAutoMatchQuality = sections.contains("automatch-quality")
let runsAutoMatchTiming = sections.contains("automatch-timing")
let runsEvents = sections.isEmpty || sections.contains("events")
let runsBudget = sections.isEmpty || sections.contains("budget")
let runsNoise = sections.isEmpty || sections.contains("noise")
let runsServe = sections.isEmpty || sections.contains("serve")

let workFolder = FileManager.default.temporaryDirectory
    .appendingPathComponent("psalink-bench-\(getpid())").path
try? FileManager.default.removeItem(atPath: workFolder)
defer { try? FileManager.default.removeItem(atPath: workFolder) }

print("psalink benchmarks (medians; wall clock on this machine)")
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("psalink").path

// `psalink companies refresh` of 50,000 companies per vendor, first, while this process is small.
if runsRefresh {
    if FileManager.default.isExecutableFile(atPath: binary) {
        try await CompanyRefreshBenchmark.run(binary: binary, workFolder: workFolder)
    } else {
        print("companies refresh: skipped, no psalink binary beside this program (\(binary))")
    }
}

if runsEvents {
    if FileManager.default.isExecutableFile(atPath: binary) {
        try await EventDeliveryBenchmark.run(binary: binary, workFolder: workFolder)
    } else {
        print("events: skipped, no psalink binary beside this program (\(binary))")
    }
}

if runsBudget {
    if FileManager.default.isExecutableFile(atPath: binary) {
        try await RateBudgetBenchmark.run(binary: binary, workFolder: workFolder)
    } else {
        print("budget: skipped, no psalink binary beside this program (\(binary))")
    }
}

if runsNoise {
    if FileManager.default.isExecutableFile(atPath: binary) {
        try await NoiseBenchmark.run(binary: binary, workFolder: workFolder)
    } else {
        print("noise: skipped, no psalink binary beside this program (\(binary))")
    }
}

if runsServe {
    if FileManager.default.isExecutableFile(atPath: binary) {
        try await ServeThroughputBenchmark.run(binary: binary, workFolder: workFolder)
    } else {
        print("serve: skipped, no psalink binary beside this program (\(binary))")
    }
}

if runsAutoMatch || runsAutoMatchQuality {
    AutoMatchBenchmark.run(timing: runsAutoMatch)
} else if runsAutoMatchTiming {
    AutoMatchBenchmark.timeAtScale()
}

if runsMapping {
    try MappingTabBenchmark.run(workFolder: workFolder)
}

if runsUI {
    // 1. Process start to first full frame, through a pseudo-terminal.
    if FileManager.default.isExecutableFile(atPath: binary) {
        let database = workFolder + "/first-frame.sqlite"
        let starts = (0..<21).compactMap { _ in FirstFrame.measure(binary: binary, database: database) }
        Measure.report("start to first full frame (80x24, psalink binary)", Array(starts.dropFirst()), target: 100)
    } else {
        print("start to first full frame: skipped, no psalink binary beside this program (\(binary))")
    }

    // 2. Render and diff a full 200x60 home frame.
    let store = try Store.open(at: workFolder + "/frame.sqlite")
    for (index, name) in SandboxCompanies.generate(count: 40, seed: 42).map(\.name).enumerated() {
        let system = PSASystem.allCases[index % PSASystem.allCases.count]
        try store.insert(NewIntegration(system: system, displayName: name), credentials: [:])
    }
    var app = WizardApp(services: WizardServices(store: store))
    let frameSize = Size(width: 200, height: 60)
    _ = app.update(.input(.resize(frameSize)))
    var previous = ScreenBuffer(size: frameSize)
    app.render(into: &previous)
    var moved = true
    let frameTimes = Measure.samples(count: 400) {
        // Alternate the highlight so every frame really differs from the one before.
        _ = app.update(.input(.key(moved ? .down : .up)))
        moved.toggle()
        var frame = ScreenBuffer(size: frameSize)
        app.render(into: &frame)
        let runs = frame.changedRuns(since: previous)
        precondition(!runs.isEmpty)
        previous = frame
    }
    Measure.report("render + diff a full 200x60 frame", frameTimes, target: 2)

    let terminal = try CursesTerminal(headlessSize: frameSize, theme: .builtInDefault, colors: true)
    let blitTimes = Measure.samples(count: 400) {
        _ = app.update(.input(.key(moved ? .down : .up)))
        moved.toggle()
        var frame = ScreenBuffer(size: frameSize)
        app.render(into: &frame)
        terminal.draw(frame)
    }
    terminal.stop()
    Measure.report("render + diff + curses write, 200x60 (headless)", blitTimes, target: 2)

    // 3. One more filter keystroke on a 50,000-row table, then render a 40-row viewport.
    let columns = [
        TableColumn<String>("Company", width: .fill(3)) { $0 },
        TableColumn<String>("Type", width: .fixed(12)) { $0.hasSuffix("0") ? "Prospect" : "Customer" },
    ]
    let viewport = Rect(x: 0, y: 0, width: 120, height: 41)
    func filterKeystroke(rows: Int, from query: String, to next: String) -> [Double] {
        var table = TableState(
            columns: columns, rows: SandboxCompanies.generate(count: rows, seed: 42).map(\.name), searchText: { $0 })
        var buffer = ScreenBuffer(width: 120, height: 41)
        return Measure.samples(
            count: 60, prepare: { table.setFilter(query) },
            {
                table.setFilter(next)
                buffer = ScreenBuffer(width: 120, height: 41)
                Table(state: table, isFocused: true).render(in: viewport, into: &buffer)
            })
    }
    Measure.report(
        "filter keystroke \"co\"→\"con\" + render, 50,000 rows", filterKeystroke(rows: 50_000, from: "co", to: "con"),
        target: 16)
    Measure.report(
        "filter keystroke \"\"→\"c\" + render, 50,000 rows", filterKeystroke(rows: 50_000, from: "", to: "c"),
        target: 16)
    Measure.report(
        "filter keystroke \"sons\"→\"son\" (backspace), 50,000 rows",
        filterKeystroke(rows: 50_000, from: "sons", to: "son"), target: 16)

    // 4. Render cost against row count: virtualization keeps it flat.
    for rows in [1_000, 10_000, 50_000, 100_000] {
        var table = TableState(
            columns: columns, rows: SandboxCompanies.generate(count: rows, seed: 42).map(\.name), searchText: { $0 })
        table.sort(by: 0, direction: .ascending)
        var step = 0
        let times = Measure.samples(count: 200) {
            step += 1
            _ = table.handle(.key(step % 2 == 0 ? .pageDown : .down), in: viewport)
            var buffer = ScreenBuffer(width: 120, height: 41)
            Table(state: table, isFocused: true).render(in: viewport, into: &buffer)
        }
        Measure.report("render a 40-row viewport of \(rows) rows", times)
    }
}
