/// A horizontal run of changed cells that share a role.
public struct CellRun: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var role: Role
    /// The graphemes of the run, continuation cells left out.
    public var text: String
    public var columns: Int
}

extension ScreenBuffer {
    /// The runs that differ from `previous`; everything when `previous` is nil or of
    /// another size. A run never starts on the right half of a wide glyph.
    public func changedRuns(since previous: ScreenBuffer?) -> [CellRun] {
        let comparable = previous.map { $0.width == width && $0.height == height } ?? false
        var runs: [CellRun] = []
        for y in 0..<height {
            let rowStart = y * width
            var x = 0
            while x < width {
                let index = rowStart + x
                if comparable, let previous, previous.cells[index] == cells[index] {
                    x += 1
                    continue
                }
                var start = x
                if cells[index].isContinuation, start > 0 { start -= 1 }
                let role = cells[rowStart + start].role
                var text = ""
                var end = start
                while end < width {
                    let cell = cells[rowStart + end]
                    if cell.role != role && !cell.isContinuation { break }
                    if comparable, let previous, previous.cells[rowStart + end] == cell, end > x,
                        !cell.isContinuation
                    {
                        break
                    }
                    text += cell.text
                    end += 1
                }
                runs.append(CellRun(x: start, y: y, role: role, text: text, columns: end - start))
                x = end
            }
        }
        return runs
    }
}
